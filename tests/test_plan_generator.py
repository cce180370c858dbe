"""The plan rules, on plain data: priorities and ties, pacing, level-4 items, due dates."""
from datetime import date
from itertools import product

import pytest

from assessment.capability.rubric import rubric
from assessment.capability.scoring import score_cycle
from assessment.planning.generator import (
    ASK,
    BLIND_SPOT,
    BUCKETS,
    HELD_BACK,
    LOW_AGREEMENT,
    LOWEST_LEVEL,
    NOT_RATED,
    SAME_LEVEL,
    SUSTAIN,
    VERIFY_BLIND_SPOT,
    VERIFY_LOW_AGREEMENT,
    add_months,
    due_after_edit,
    due_date,
    generate_plan,
)
from assessment.planning.library import Activity, Library, PracticeActivities
from assessment.questionnaires import Text

RUBRIC = rubric()
IDS = RUBRIC.practice_ids  # accountability, process, development, mapping, budget, technology, evaluation
MADE_ON = date(2026, 11, 23)


def _library() -> Library:
    """A library with one activity per step, named after it, so tests can tell them apart."""
    def step(pid, level, funds):
        return (Activity(Text(f"{pid} from {level}", f"{pid} desde {level}"), funds),)
    return Library(version=99, practices={
        pid: PracticeActivities(pid, roles={}, steps={level: step(pid, level, funds) for level, funds
                                                      in ((1, "existing"), (2, "new"),
                                                          (3, "existing"), (4, "existing"))})
        for pid in IDS})


LIBRARY = _library()


def plan_for(levels: dict, staff=None):
    """levels: practice id -> the raters' answers (default: everyone says 4)."""
    answers = {pid: levels.get(pid, [4]) for pid in IDS}
    return generate_plan(score_cycle(IDS, answers), RUBRIC, LIBRARY, MADE_ON, staff)


def buckets_of(plan, practice_id):
    return [(i.from_level, i.bucket) for i in plan if i.practice_id == practice_id]


def test_every_practice_below_4_climbs_one_item_per_level_with_the_level_4_goal():
    plan = plan_for({"budget": [1], "technology": [3]})
    climbs = [(i.practice_id, i.from_level) for i in plan if i.from_level < 4]
    assert climbs == [("budget", 1), ("budget", 2), ("budget", 3), ("technology", 3)]
    assert all(i.target == RUBRIC.practice(i.practice_id).best_practice for i in plan)
    step = next(i for i in plan if i.key == ("budget", 2))
    assert step.activities == (Activity(Text("budget from 2", "budget desde 2"), "new"),)


def test_items_come_in_the_tools_order_then_by_step():
    plan = plan_for({"evaluation": [1], "accountability": [2], "mapping": [3]})
    assert [i.key for i in plan] == [
        ("accountability", 2), ("accountability", 3), ("process", 4), ("development", 4),
        ("mapping", 3), ("budget", 4), ("technology", 4),
        ("evaluation", 1), ("evaluation", 2), ("evaluation", 3)]


@pytest.mark.parametrize("start", [1, 2, 3])
@pytest.mark.parametrize("priority", [True, False])
def test_a_practice_never_climbs_more_than_one_level_per_period(start, priority):
    levels = {"budget": [start], "technology": [3]}
    if not priority:
        levels = {"budget": [start], "technology": [start], "evaluation": [start],
                  "mapping": [start]}  # budget is fourth in the tool's order among four ties
    periods = [BUCKETS.index(bucket) for _level, bucket in buckets_of(plan_for(levels), "budget")]
    assert periods == sorted(set(periods)), periods


def test_a_climb_from_level_1_to_4_reaches_into_more_than_1_year_even_as_a_priority():
    first = plan_for({"budget": [1]})  # the only practice below 4: a priority
    assert buckets_of(first, "budget") == [(1, "3_months"), (2, "6_months"), (3, "over_1_year")]
    later = plan_for({"accountability": [1], "process": [1], "development": [1], "budget": [1]})
    assert buckets_of(later, "budget") == [(1, "6_months"), (2, "12_months"),
                                           (3, "over_1_year")]
    from_2 = plan_for({"budget": [2]})
    assert buckets_of(from_2, "budget") == [(2, "3_months"), (3, "12_months")]
    assert buckets_of(plan_for({"budget": [3]}), "budget") == [(3, "3_months")]


def test_when_all_practices_tie_three_start_first_in_the_tools_order_and_say_so():
    plan = plan_for({pid: [2] for pid in IDS})
    first = {i.practice_id: i for i in plan if i.from_level == 2}
    starting = [pid for pid, item in first.items() if item.bucket == "3_months"]
    assert starting == ["accountability", "process", "development"]
    assert all(first[pid].reasons == (SAME_LEVEL,) for pid in starting)
    assert first["mapping"].bucket == "6_months"
    assert first["mapping"].reasons == (SAME_LEVEL, HELD_BACK)
    assert not any(LOWEST_LEVEL in item.reasons for item in plan)  # nothing is "lowest"


def test_low_agreement_then_blind_spot_go_first_when_more_than_three_are_priorities():
    plan = plan_for({"accountability": [1], "process": [1], "development": [1],
                     "mapping": [1], "budget": [2, 4], "technology": [3]},
                    staff={"technology": 0.3})
    first = {pid: next(i for i in plan if i.practice_id == pid) for pid in IDS}
    assert first["budget"].reasons == (LOW_AGREEMENT,) and first["budget"].bucket == "3_months"
    assert first["technology"].reasons == (BLIND_SPOT,)
    assert first["technology"].bucket == "3_months"
    assert first["accountability"].reasons == (LOWEST_LEVEL,)
    assert first["accountability"].bucket == "3_months"
    for held in ("process", "development", "mapping"):
        assert first[held].reasons == (LOWEST_LEVEL, HELD_BACK)
        assert first[held].bucket == "6_months"


def test_at_most_three_practices_start_within_3_months_whatever_the_ratings():
    for levels in product([1, 2, 3], repeat=4):
        answers = dict(zip(["accountability", "process", "budget", "evaluation"],
                           ([level] for level in levels)))
        plan = plan_for(answers)
        starting = {i.practice_id for i in plan if i.bucket == "3_months" and i.from_level < 4}
        assert len(starting) <= 3, levels
        assert all(i.reasons for i in plan if i.bucket == "3_months"), levels


def test_a_practice_nobody_could_rate_starts_from_level_1_as_a_priority():
    plan = plan_for({"budget": [None, None], "technology": [2]})
    assert buckets_of(plan, "budget")[0] == (1, "3_months")
    assert next(i for i in plan if i.practice_id == "budget").reasons == (NOT_RATED,)


def test_a_level_4_practice_with_low_agreement_or_a_blind_spot_is_verified_first():
    plan = plan_for({"budget": [2, 4, 4], "evaluation": [4, 4, 4], "technology": [1]},
                    staff={"evaluation": 0.2})
    by_practice = {i.practice_id: i for i in plan if i.from_level == 4}
    assert by_practice["budget"].reasons == (VERIFY_LOW_AGREEMENT,)
    assert by_practice["budget"].bucket == "3_months"
    assert by_practice["evaluation"].reasons == (VERIFY_BLIND_SPOT,)
    assert by_practice["evaluation"].bucket == "3_months"
    assert by_practice["process"].reasons == (SUSTAIN,)
    assert by_practice["process"].bucket == "12_months"
    assert by_practice["budget"].activities[0].text == Text("budget from 4", "budget desde 4")


def test_due_dates_are_the_end_of_each_period_counted_from_the_day_the_plan_is_made():
    plan = plan_for({"budget": [1]})
    assert [i.due_on for i in plan if i.practice_id == "budget"] == [
        date(2027, 2, 23), date(2027, 5, 23), date(2028, 11, 23)]
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert due_date(date(2026, 8, 31), "6_months") == date(2027, 2, 28)


def test_the_same_results_always_make_the_same_plan():
    levels = {"budget": [1, 3], "technology": [2], "mapping": [3]}
    assert plan_for(levels, {"mapping": 0.1}) == plan_for(levels, {"mapping": 0.1})


class TestDueDateAfterAnEdit:
    MADE = date(2026, 1, 10)
    AUTO = due_date(MADE, "3_months")

    def test_an_untouched_date_follows_a_timeline_change(self):
        assert due_after_edit(self.MADE, "3_months", self.AUTO, False, "over_1_year", self.AUTO,
                              None) == (date(2028, 1, 10), False)

    def test_a_typed_date_is_set_by_hand(self):
        assert due_after_edit(self.MADE, "3_months", self.AUTO, False, "3_months",
                              date(2026, 3, 1), None) == (date(2026, 3, 1), True)

    def test_an_empty_date_follows_the_timeline_again(self):
        assert due_after_edit(self.MADE, "3_months", date(2026, 3, 1), True, "6_months", None,
                              None) == (date(2026, 7, 10), False)

    def test_a_timeline_change_asks_before_moving_a_date_set_by_hand(self):
        hand = date(2026, 3, 1)
        assert due_after_edit(self.MADE, "3_months", hand, True, "12_months", hand, None) == ASK
        assert due_after_edit(self.MADE, "3_months", hand, True, "12_months", hand,
                              True) == (date(2027, 1, 10), False)
        assert due_after_edit(self.MADE, "3_months", hand, True, "12_months", hand,
                              False) == (hand, True)
        assert due_after_edit(self.MADE, "3_months", hand, True, "3_months", hand,
                              None) == (hand, True)

"""The plan generator's ordering and bucket rules, on plain data."""
from datetime import date

from assessment.capability.rubric import rubric
from assessment.capability.scoring import score_cycle
from assessment.planning.generator import (
    BLIND_SPOT,
    LOW_AGREEMENT,
    LOWEST_LEVEL,
    NOT_RATED,
    add_months,
    generate_plan,
)
from assessment.planning.library import library

RUBRIC = rubric()
IDS = RUBRIC.practice_ids  # accountability, process, development, mapping, budget, technology, evaluation
START = date(2026, 1, 31)


def plan_for(levels: dict, staff=None):
    answers = {pid: levels.get(pid, [4]) for pid in IDS}
    return generate_plan(score_cycle(IDS, answers), RUBRIC, library(), START, staff)


def test_practices_at_level_4_get_no_item_and_each_other_one_item_per_level_to_climb():
    plan = plan_for({"budget": [1], "technology": [3]})
    steps = [(i.practice_id, i.from_level) for i in plan]
    assert sorted(steps) == [("budget", 1), ("budget", 2), ("budget", 3), ("technology", 3)]
    assert all(i.target == RUBRIC.practice(i.practice_id).best_practice for i in plan)
    budget_step_2 = next(i for i in plan if i.practice_id == "budget" and i.from_level == 2)
    assert budget_step_2.activities == library().practices["budget"].steps[2]


def test_lowest_practices_start_within_3_months_and_climb_one_bucket_per_step():
    plan = plan_for({"budget": [1], "technology": [2]})
    buckets = {(i.practice_id, i.from_level): i.bucket for i in plan}
    assert buckets[("budget", 1)] == "3_months"
    assert buckets[("budget", 2)] == "6_months"
    assert buckets[("budget", 3)] == "12_months"
    assert buckets[("technology", 2)] == "6_months"   # not a priority: starts one bucket later
    assert buckets[("technology", 3)] == "12_months"


def test_steps_beyond_a_year_land_in_more_than_1_year():
    plan = plan_for({"budget": [1], "technology": [1, 1], "mapping": [2, 1, 1]})
    mapping = [i for i in plan if i.practice_id == "mapping"]
    assert [i.bucket for i in mapping] == ["3_months", "6_months", "12_months"]
    plan = plan_for({"budget": [1], "evaluation": [2]})
    assert [i.bucket for i in plan if i.practice_id == "evaluation"] == ["6_months", "12_months"]
    plan = plan_for({"budget": [1, 1], "evaluation": [1, 4]})  # evaluation: level 1, low agreement
    assert [i.bucket for i in plan if i.practice_id == "evaluation"] == [
        "3_months", "6_months", "12_months"]


def test_low_agreement_and_blind_spots_make_a_practice_a_priority():
    plan = plan_for({"budget": [1], "process": [2, 4], "mapping": [3]},
                    staff={"mapping": 0.4, "process": 0.9})
    first = {i.practice_id: i for i in plan if i.step == 1}
    assert first["process"].reasons == (LOW_AGREEMENT,) and first["process"].bucket == "3_months"
    assert first["mapping"].reasons == (BLIND_SPOT,) and first["mapping"].bucket == "3_months"
    assert first["budget"].reasons == (LOWEST_LEVEL,)


def test_a_practice_nobody_could_rate_starts_from_the_foundations():
    plan = plan_for({"budget": [None, None], "technology": [3]})
    budget = [i for i in plan if i.practice_id == "budget"]
    assert [i.from_level for i in budget] == [1, 2, 3]
    assert budget[0].reasons == (NOT_RATED,) and budget[0].bucket == "3_months"


def test_items_are_ordered_by_bucket_then_priority_then_level_then_practice_number():
    plan = plan_for({"accountability": [3], "budget": [2], "process": [2], "mapping": [3]},
                    staff={"mapping": 0.2})
    order = [(i.bucket, i.practice_id, i.from_level) for i in plan]
    assert order == [
        ("3_months", "process", 2), ("3_months", "budget", 2), ("3_months", "mapping", 3),
        ("6_months", "process", 3), ("6_months", "budget", 3),  # second steps of priorities
        ("6_months", "accountability", 3),                       # then the rest
    ]


def test_the_same_profile_always_gives_the_same_plan():
    levels = {"budget": [1, 3], "technology": [2], "process": [None, 3]}
    assert plan_for(levels) == plan_for(levels)


def test_due_dates_count_months_from_the_cycle_start():
    plan = plan_for({"budget": [1]})
    assert [i.due_on for i in plan] == [date(2026, 4, 30), date(2026, 7, 31), date(2027, 1, 31)]
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 11, 15), 24) == date(2028, 11, 15)

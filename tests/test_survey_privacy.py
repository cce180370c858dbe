"""The small-group rule, on plain numbers."""
import pytest

from assessment.survey.privacy import can_show, can_show_open_answers, shown_groups


def test_fewer_than_five_respondents_show_nothing():
    assert not can_show(4) and can_show(5)


def test_open_answers_need_ten_responses():
    assert not can_show_open_answers(9) and can_show_open_answers(10)


def test_groups_of_five_or_more_are_shown():
    assert shown_groups({"en": 12, "es": 5}) == {"en": True, "es": True}


def test_one_small_group_takes_the_next_smallest_with_it():
    shown = shown_groups({"peer": 20, "supervisor": 7, "family": 3})
    assert shown == {"peer": True, "supervisor": False, "family": False}


def test_a_small_language_group_cannot_be_found_by_subtraction():
    # 30 answered in English, 2 in Spanish: hiding only Spanish would leave total - English.
    shown = shown_groups({"en": 30, "es": 2})
    assert shown == {"en": False, "es": False}


def test_two_small_groups_hide_each_other():
    shown = shown_groups({"a": 40, "b": 3, "c": 4})
    assert shown == {"a": True, "b": False, "c": False}


def test_empty_groups_look_like_small_ones():
    # "0" beside "fewer than 5" would tell who is in the small group.
    assert shown_groups({"a": 12, "b": 0, "c": 9}) == {"a": True, "b": False, "c": True}
    assert shown_groups({"black": 1, "white": 0, "asian": 0, "no_answer": 10}) == {
        "black": False, "white": False, "asian": False, "no_answer": False}


def test_hidden_groups_keep_being_joined_until_they_hold_five_people():
    # 1 + 1 + 1 hidden is 3 people: the next-smallest (tenure 7) joins them.
    assert shown_groups({"woman": 1, "man": 1, "other": 1, "no_answer": 8, "x": 7}) == {
        "woman": False, "man": False, "other": False, "no_answer": True, "x": False}
    assert shown_groups({"a": 9, "b": 2, "c": 2, "d": 20}) == {
        "a": False, "b": False, "c": False, "d": True}


@pytest.mark.parametrize("sizes", [
    {"a": 5, "b": 5, "c": 1}, {"x": 6, "y": 1, "z": 6, "w": 100}, {"only": 3},
])
def test_no_hidden_group_can_be_recovered_from_the_shown_ones(sizes):
    shown = shown_groups(sizes)
    hidden_total = sum(n for g, n in sizes.items() if not shown[g])
    assert hidden_total == 0 or hidden_total >= 5 or all(not ok for ok in shown.values())


# ---------------------------------------------------------------- across splits

import random  # noqa: E402
from collections import Counter  # noqa: E402
from itertools import combinations, product  # noqa: E402

from assessment.survey.privacy import shown_across_splits  # noqa: E402


def shown_sets(people, shown):
    """Every shown group as (split, group, the set of its people)."""
    return [(split, group, frozenset(n for n, person in enumerate(people)
                                     if person.get(split) == group))
            for split, groups in shown.items() for group, ok in groups.items() if ok]


def isolating_combinations(people, shown, most=4):
    """Checked independently of the rule's own arithmetic, person by person: every single
    group, pair, triple and set of four shown groups, each added or subtracted, with the
    total added, subtracted or left out. Returns those whose nonzero people are 1 to 4."""
    groups = shown_sets(people, shown)
    found = []
    for k in range(1, most + 1):
        for combo in combinations(groups, k):
            for signs in product((1, -1), repeat=k):
                for total in (-1, 0, 1):
                    weight = Counter({n: total for n in range(len(people))})
                    for (_split, _group, members), sign in zip(combo, signs):
                        for n in members:
                            weight[n] += sign
                    involved = sum(1 for w in weight.values() if w)
                    if 0 < involved < 5:
                        found.append(([(s, g) for s, g, _m in combo], signs, total, involved))
    return found


def generated_people(rng):
    """A staff of 5 to 30 with 3 demographic questions; some answers follow others, as
    real ones do (most supervisors have been there long), so groups nearly coincide."""
    size = rng.randint(5, 30)
    people = []
    for _ in range(size):
        role = rng.choice(["peer", "peer", "peer", "supervisor", "family", None])
        tenure = (rng.choice(["long", "long", "long", "short"]) if role == "supervisor"
                  else rng.choice(["long", "short", "short", None]))
        lived = "no" if role == "supervisor" and rng.random() < 0.8 else rng.choice(
            ["yes", "yes", "no", None])
        people.append({"role": role, "tenure": tenure, "lived": lived,
                       "language": rng.choice(["en", "en", "es"])})
    return people


SPLITS = {"role": ["peer", "supervisor", "family", None], "tenure": ["long", "short", None],
          "lived": ["yes", "no", None], "language": ["en", "es"]}


def test_the_reports_f3_case_hides_one_of_the_two_splits():
    # 5 supervisors with lived experience, 1 peer with lived experience (the target),
    # 5 peers without: "Peer" and "No" differ by the target alone.
    people = ([{"role": "supervisor", "lived": "yes"}] * 5 + [{"role": "peer", "lived": "yes"}]
              + [{"role": "peer", "lived": "no"}] * 5)
    splits = {"role": ["peer", "supervisor", None], "lived": ["yes", "no", None]}
    assert shown_groups({"peer": 6, "supervisor": 5, None: 0}) == {
        "peer": True, "supervisor": True, None: False}  # each split alone would show
    shown = shown_across_splits(people, splits)
    fully_hidden = [split for split, groups in shown.items() if not any(groups.values())]
    assert len(fully_hidden) == 1
    assert isolating_combinations(people, shown) == []


def test_the_f3_case_fails_the_independent_check_without_the_rule():
    people = ([{"role": "supervisor", "lived": "yes"}] * 5 + [{"role": "peer", "lived": "yes"}]
              + [{"role": "peer", "lived": "no"}] * 5)
    each_alone = {"role": shown_groups({"peer": 6, "supervisor": 5}),
                  "lived": shown_groups({"yes": 6, "no": 5})}
    assert isolating_combinations(people, each_alone)  # the checker catches the attack


def test_four_groups_added_and_subtracted_cannot_single_out_one_person():
    # The re-test's N1 case: four yes/no questions, 5 people of each of six kinds, and one
    # target of a seventh kind whom A - B - C + D isolates when all four are shown.
    kinds = ["0000", "1111", "1100", "1010", "0101", "0011"]
    people = [dict(zip("ABCD", kind)) for kind in kinds for _ in range(5)]
    people.append(dict(zip("ABCD", "1000")))
    splits = {split: ["1", "0", None] for split in "ABCD"}
    every_one_alone = {split: shown_groups(Counter(p[split] for p in people))
                       for split in "ABCD"}
    assert isolating_combinations(people, every_one_alone)  # the attack, without the rule
    shown = shown_across_splits(people, splits)
    assert isolating_combinations(people, shown) == []
    assert sum(any(groups.values()) for groups in shown.values()) >= 1


@pytest.mark.parametrize("seed", range(120))
def test_no_set_of_up_to_four_shown_groups_with_the_total_isolates_1_to_4_people(seed):
    people = generated_people(random.Random(seed))
    shown = shown_across_splits(people, SPLITS, strict={"language"})
    assert isolating_combinations(people, shown) == []
    for split, groups in shown.items():  # and within each split, the rule as before
        sizes = Counter(person.get(split) for person in people)
        assert all(sizes[group] >= 5 for group, ok in groups.items() if ok)


def test_splits_that_single_nobody_out_stay_shown():
    # Two independent questions, every cell of the cross-table holding 5 people.
    people = [{"a": a, "b": b} for a in ("x", "y") for b in ("u", "v") for _ in range(5)]
    shown = shown_across_splits(people, {"a": ["x", "y", None], "b": ["u", "v", None]})
    assert shown == {"a": {"x": True, "y": True, None: False},
                     "b": {"u": True, "v": True, None: False}}
    assert isolating_combinations(people, shown) == []


def test_every_language_is_listed_and_an_absent_one_looks_like_a_small_one():
    def languages(english, spanish):
        people = [{"language": "en"}] * english + [{"language": "es"}] * spanish
        return shown_across_splits(people, {"language": ["en", "es"]}, strict={"language"})
    hidden = {"language": {"en": False, "es": False}}
    # nobody, or one person, in Spanish: the same page, so it tells nothing
    assert languages(7, 0) == languages(6, 1) == languages(30, 4) == hidden
    assert languages(30, 5) == {"language": {"en": True, "es": True}}


def test_a_strict_split_hides_until_even_subtraction_says_nothing():
    assert shown_groups({"en": 7, "es": 0}) == {"en": True, "es": False}
    assert shown_groups({"en": 7, "es": 0}, strict=True) == {"en": False, "es": False}
    assert shown_groups({"a": 9, "b": 6, "c": 0}, strict=True) == {
        "a": True, "b": False, "c": False}

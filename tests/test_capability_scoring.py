"""The scoring rules, checked directly on plain data."""
import pytest

from assessment.capability.scoring import (
    change_since,
    lower_median,
    score_cycle,
    score_practice,
)

PRACTICES = ["a", "b", "c", "d", "e", "f", "g"]


@pytest.mark.parametrize("levels, expected", [
    ([3], 3), ([1, 4, 2], 2), ([2, 3], 2), ([4, 1, 3, 2], 2), ([4, 4, 3, 3], 3), ([], None),
])
def test_the_practice_level_is_the_median_taking_the_lower_middle_of_an_even_count(
        levels, expected):
    assert lower_median(levels) == expected


def test_not_sure_answers_are_left_out_of_the_level_but_counted():
    score = score_practice("a", [None, 4, None, 2, 3])
    assert (score.level, score.lowest, score.highest) == (3, 2, 4)
    assert (score.rater_count, score.not_sure_count) == (3, 2)


def test_all_not_sure_gives_no_level_and_no_flag():
    score = score_practice("a", [None, None])
    assert score.level is None and score.lowest is None
    assert score.rater_count == 0 and score.not_sure_count == 2
    assert not score.low_agreement


@pytest.mark.parametrize("answers, flagged", [
    ([1, 3], True), ([2, 4, 3], True), ([1, 4], True), ([2, 3], False), ([3, 3, 3], False),
    ([4], False),
])
def test_raters_two_or_more_levels_apart_are_flagged_as_low_agreement(answers, flagged):
    assert score_practice("a", answers).low_agreement is flagged


def test_the_overall_level_is_the_highest_level_every_practice_reaches():
    answers = {"a": [4], "b": [3, 4], "c": [2, 4, 4], "d": [4], "e": [3], "f": [4], "g": [4]}
    profile = score_cycle(PRACTICES, answers)
    assert profile.overall_level == 3  # "c": median of 2, 4, 4 is 4; "b" lower median 3; "e" 3
    assert profile.mean_index == round((4 + 3 + 4 + 4 + 3 + 4 + 4) / 7, 2)


def test_one_weak_practice_holds_the_overall_level_down():
    answers = {pid: [4] for pid in PRACTICES} | {"g": [1, 1]}
    profile = score_cycle(PRACTICES, answers)
    assert profile.overall_level == 1
    assert profile.mean_index == round((6 * 4 + 1) / 7, 2)


def test_no_overall_level_until_every_practice_has_a_level():
    answers = {pid: [3] for pid in PRACTICES} | {"d": [None]}
    profile = score_cycle(PRACTICES, answers)
    assert not profile.complete
    assert profile.overall_level is None and profile.mean_index is None


def test_change_since_the_baseline_per_practice():
    baseline = score_cycle(PRACTICES, {pid: [2] for pid in PRACTICES} | {"c": [None]})
    latest = score_cycle(PRACTICES, {pid: [3] for pid in PRACTICES} | {"a": [1]})
    changes = change_since(baseline, latest)
    assert changes["a"] == -1 and changes["b"] == 1 and changes["c"] is None

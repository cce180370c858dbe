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

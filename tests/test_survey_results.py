"""Survey figures from counts: the people-based agreement rule, distributions, breakdowns."""
import pytest

from assessment.survey.agreement import (
    agrees_from,
    overall_verdict,
    person_agrees,
    practice_key,
    practice_verdicts,
    scores,
)
from assessment.survey.questionnaire import survey
from assessment.survey.results import (
    NO_ANSWER,
    Person,
    breakdowns,
    distribution,
    practice_agreement,
)

SURVEY = survey(1)  # these promises were written against version 1; v2 has its own tests


def test_the_scale_scores_one_to_five_and_agree_starts_at_four():
    assert scores(SURVEY) == {"strongly_disagree": 1, "disagree": 2, "neutral": 3,
                              "agree": 4, "strongly_agree": 5}
    assert agrees_from(SURVEY) == 4


@pytest.mark.parametrize("answers, verdict", [
    (["agree"], True), (["strongly_agree", "neutral"], True),       # average 4
    (["agree", "disagree"], False),                                 # average 3
    (["strongly_agree", "strongly_agree", "disagree"], True),       # average 4
    (["strongly_agree", "agree", "strongly_disagree"], False),      # average 3.33
    (["agree", "not_applicable", None], True),                      # left out
    (["not_applicable"], None), ([None, None], None), ([], None),   # not counted
])
def test_a_person_agrees_when_the_average_of_their_counted_answers_is_four_or_more(
        answers, verdict):
    assert person_agrees(answers, SURVEY) is verdict


def test_a_person_is_counted_only_for_the_practices_they_answered():
    # "process": role_clear, explained_at_hire, supervisor_goals; "mapping": paths_defined
    verdicts = practice_verdicts({"role_clear": "strongly_agree", "explained_at_hire": "neutral",
                                  "supervisor_goals": "not_applicable",
                                  "paths_defined": "not_applicable", "coworkers_value": "agree",
                                  "barriers": ["burnout"]}, SURVEY)
    assert verdicts == {"process": True, "accountability": True}
    assert overall_verdict({"role_clear": "agree", "mentor": "disagree"}, SURVEY) is False


def test_staff_agreement_is_the_share_of_people_with_how_many_were_counted():
    counts = {practice_key("process"): {"agree": 4, "not_agree": 2},
              practice_key("mapping"): {"agree": 3, "not_agree": 1}}
    figures = practice_agreement(counts, True, ["process", "mapping", "budget"])
    assert (figures["process"].share, figures["process"].respondents) == (4 / 6, 6)
    # 4 people counted: fewer than 5, hidden; nobody counted: hidden too
    assert (figures["mapping"].share, figures["mapping"].respondents) == (None, None)
    assert figures["budget"].share is None
    assert practice_agreement(counts, False, ["process"])["process"].share is None


def test_distribution_of_a_multiple_choice_counts_people_not_answers():
    barriers = SURVEY.item("barriers")
    figures = distribution(barriers, {"low_salary": 6, "burnout": 2}, 6)
    low = next(f for f in figures if f.choice_id == "low_salary")
    assert (low.count, low.share) == (6, 1.0)
    assert distribution(barriers, {"low_salary": 4}, 4) is None


def test_people_who_skipped_a_question_form_their_own_group_with_its_share():
    people = ([Person({"role": "peer_specialist"}, True)] * 6
              + [Person({"role": None}, True)] * 2 + [Person({"role": None}, False)] * 4)
    groups = breakdowns(people, {"role": [*SURVEY.item("role").choice_ids(), None]}, True)
    by_id = {g.group_id: g for g in groups["role"]}
    assert (by_id[NO_ANSWER].size, by_id[NO_ANSWER].share_agreeing) == (6, 2 / 6)
    assert (by_id["peer_specialist"].size, by_id["peer_specialist"].share_agreeing) == (6, 1.0)
    assert by_id["supervisor"].size is None  # nobody: looks like a small group


def test_no_breakdown_before_the_figures_are_released():
    people = [Person({"role": "peer_specialist"}, True)] * 12
    assert breakdowns(people, {"role": ["peer_specialist", None]}, False) == {"role": None}

"""Survey figures from counts: shares, distributions and breakdowns."""
from assessment.survey.questionnaire import survey
from assessment.survey.results import (
    NO_ANSWER,
    breakdown,
    distribution,
    perception_by_practice,
    share_agreeing,
)

SURVEY = survey()


def test_share_agreeing_leaves_out_does_not_apply():
    assert share_agreeing({"agree": 2, "strongly_agree": 1, "disagree": 1,
                           "not_applicable": 6}, SURVEY) == 0.75
    assert share_agreeing({"not_applicable": 3}, SURVEY) is None


def test_perception_pools_the_items_tagged_to_each_practice():
    counts = {"role_clear": {"agree": 5}, "explained_at_hire": {"disagree": 5},
              "supervisor_goals": {"agree": 5, "not_applicable": 2}}
    shares = perception_by_practice(counts, SURVEY, 5, ["process", "mapping"])
    assert shares["process"] == 10 / 15 and shares["mapping"] is None
    assert perception_by_practice(counts, SURVEY, 4, ["process"]) == {"process": None}


def test_distribution_of_a_multiple_choice_counts_people_not_answers():
    barriers = SURVEY.item("barriers")
    figures = distribution(barriers, {"low_salary": 6, "burnout": 2}, 6)
    low = next(f for f in figures if f.choice_id == "low_salary")
    assert (low.count, low.share) == (6, 1.0)
    assert distribution(barriers, {"low_salary": 4}, 4) is None


def test_people_who_skipped_a_question_form_their_own_group_with_its_share():
    role = SURVEY.item("role")
    groups = breakdown(role, {"peer_specialist": 6}, {"peer_specialist": {"agree": 30}},
                       respondents=12, survey=SURVEY,
                       all_agreement={"agree": 40, "disagree": 20})
    skipped = next(g for g in groups if g.group_id == NO_ANSWER)
    assert skipped.size == 6 and skipped.share_agreeing == 10 / 30
    peer = next(g for g in groups if g.group_id == "peer_specialist")
    assert peer.size == 6 and peer.share_agreeing == 1.0

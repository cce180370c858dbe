"""Staff survey v2 as data and as rules (no requests): what it asks, that every practice
rests on two questions or more, that skips are counted as skips and never as answers, that
agreement per practice counts only the people who answered it, and that a v1 and a v2
wave compare on the items they share (domain review section 3; issue 11)."""
from assessment.capability.rubric import rubric
from assessment.survey.agreement import (
    AGREES,
    DOES_NOT_AGREE,
    practice_key,
    practice_verdicts,
)
from assessment.survey.compare import BOTH, ONLY_AFTER, ONLY_BEFORE, WaveFigures, compare
from assessment.survey.operations import counted_keys
from assessment.survey.questionnaire import (
    PREFER_NOT_TO_SAY,
    SKIPPED,
    practices_resting_on_one_item,
    survey,
)
from assessment.survey.results import (
    Person,
    answered,
    choice_breakdowns,
    distribution,
    practice_agreement,
)

V1, V2 = survey(1), survey(2)


def test_new_waves_use_v2_and_v1_still_loads():
    assert survey().version == 2 and V1.version == 1


def test_full_scope_asks_about_being_allowed_and_advancement_asks_one_thing():
    assert "allowed" in V2.item("full_scope_allowed").text.en
    assert "permiten" in V2.item("full_scope_allowed").text.es
    assert V2.item("full_scope") is None and V2.item("can_advance") is None  # meaning changed
    move_up = V2.item("can_move_up").text
    assert " or " not in move_up.en and " o " not in move_up.es


def test_every_practice_rests_on_at_least_two_items_that_measure_it():
    assert practices_resting_on_one_item(V2) == []
    assert sorted(practices_resting_on_one_item(V1)) == ["evaluation", "mapping", "technology"]
    for practice_id in rubric().practice_ids:
        assert len(V2.items_for(practice_id)) >= 2, practice_id
    # the review's mis-tags: these no longer score a practice they do not measure
    assert V2.item("role_clear").practice is None
    assert V2.item("coworkers_value").practice is None


def test_the_seed_topics_are_asked():
    for item_id in ("leaders_value", "peer_mentor_early", "pay_enough", "wellbeing",
                    "certification_support", "included_in_decisions", "no_stigma",
                    "lived_experience_valued", "onboarding"):
        assert V2.item(item_id) is not None and V2.item(item_id).type == "agreement", item_id
    needs = V2.item("training_needs")
    assert needs.type == "multiple"
    assert {"trauma_informed", "cultural_humility", "professionalism",
            "technology_skills"} <= set(needs.choice_ids())
    barriers = set(V2.item("barriers").choice_ids())
    assert {"degree_required", "certification_cost", "caseload", "leadership_not_valuing",
            "stigma"} <= barriers
    assert set(V1.item("barriers").choice_ids()) <= barriers  # old choices kept, same ids
    assert "leadership" in V2.item("role").choice_ids()
    for item_id in ("certification", "hours", "lgbtqia"):
        assert V2.item(item_id).type == "demographic"


def test_demographics_and_sensitive_items_offer_prefer_not_to_answer():
    for item in V2.items("demographic"):
        assert item.choice_ids()[-1] == PREFER_NOT_TO_SAY, item.id
    for item_id in ("no_stigma", "pay_enough", "wellbeing", "intent_to_stay"):
        item = V2.item(item_id)
        assert item.sensitive and item.choices[-1].id == PREFER_NOT_TO_SAY
        assert item.choices[-1].text.en == "Prefer not to answer"
        assert item.choices[-1].text.es == "Prefiero no contestar"
    assert not any(item.required for item in V2.items())  # every question may be skipped


def test_the_spanish_fixes_of_the_review_are_applied():
    assert V2.item("gender").text.es == "¿Cuál es su género?"
    assert V2.section(V2.item_section("barriers").number).title.es == "Lo que le dificulta crecer"
    assert V2.item("lived_experience").text.es == (
        "¿Tiene usted experiencia vivida de recuperación de problemas de salud mental o de "
        "consumo de sustancias, ya sea propia o como familiar?")
    assert V2.consent is not None and "Acepto participar" in V2.consent.es


def test_v2_sections_are_short_enough_for_a_phone():
    assert all(len(section.items) <= 3 for section in V2.sections)


# ------------------------------------------------------------------ skips and agreement

def test_a_skipped_question_is_counted_as_skipped_never_as_an_answer():
    keys = counted_keys(V2, {"role_clear": "agree", "barriers": ["burnout"],
                             "training_needs": [], "intent_to_stay": "nonsense"})
    assert ("role_clear", "agree") in keys and ("barriers", "burnout") in keys
    assert ("training_needs", SKIPPED) in keys and ("coworkers_value", SKIPPED) in keys
    assert ("intent_to_stay", SKIPPED) in keys  # a made-up value is no answer either
    assert not any(item == "role_clear" and value == SKIPPED for item, value in keys)
    assert not any(item == "one_change" for item, _ in keys)  # written answers not tallied


def test_a_person_who_skipped_all_of_a_practice_is_not_counted_for_it():
    # mapping: paths_defined, next_step_known; technology: technology, flexible_training
    verdicts = practice_verdicts({"paths_defined": "agree", "technology": "not_applicable",
                                  "flexible_training": PREFER_NOT_TO_SAY}, V2)
    assert verdicts == {"mapping": True}
    # one answered item of two is enough to be counted, on that item alone
    assert practice_verdicts({"next_step_known": "disagree"}, V2) == {"mapping": False}
    # items that inform no practice never make a practice verdict
    assert practice_verdicts({"pay_enough": "agree", "role_clear": "agree"}, V2) == {}


def test_practice_agreement_uses_the_people_who_answered_it():
    people = ([{"paths_defined": "agree", "next_step_known": "agree"}] * 4
              + [{"paths_defined": "disagree"}] * 2
              + [{"role_clear": "agree"}] * 5)   # skipped both mapping items
    counts = {practice_key("mapping"): {AGREES: 0, DOES_NOT_AGREE: 0}}
    for answers in people:
        for practice_id, agrees in practice_verdicts(answers, V2).items():
            key = practice_key(practice_id)
            counts.setdefault(key, {AGREES: 0, DOES_NOT_AGREE: 0})
            counts[key][AGREES if agrees else DOES_NOT_AGREE] += 1
    mapping = practice_agreement(counts, True, ["mapping"])["mapping"]
    assert (mapping.share, mapping.respondents) == (4 / 6, 6)  # 11 sent, 6 counted
    few = practice_agreement({practice_key("mapping"): {AGREES: 3, DOES_NOT_AGREE: 1}},
                             True, ["mapping"])["mapping"]
    assert few.share is None  # fewer than 5 answered: hidden, whatever the 11 sent


def test_shares_leave_skips_out():
    intent = V2.item("intent_to_stay")
    counts = {"likely": 3, "very_likely": 3, SKIPPED: 4}
    assert answered(intent, counts, 10) == 6
    likely = next(f for f in distribution(intent, counts, 10) if f.choice_id == "likely")
    assert (likely.count, likely.share) == (3, 0.5)
    needs = V2.item("training_needs")
    assert answered(needs, {"trauma_informed": 5, "cultural_humility": 2, SKIPPED: 2}, 8) == 6


# ------------------------------------------------------------------ breakdowns

def test_intent_and_barriers_by_role_show_only_groups_the_small_group_rule_allows():
    people = ([Person({"role": "peer_specialist", "tenure": "over_3"}, True,
                      {"intent_to_stay": frozenset({"likely"})})] * 6
              + [Person({"role": "supervisor", "tenure": "over_3"}, False,
                        {"intent_to_stay": frozenset({"unlikely"})})] * 5
              + [Person({"role": "other_role", "tenure": "over_3"}, False, {})] * 2)
    splits = {"role": ["peer_specialist", "supervisor", "other_role", None],
              "tenure": ["under_1", "1_to_3", "over_3", None]}
    figures = choice_breakdowns(people, splits, ["role", "tenure"], [V2.item("intent_to_stay")],
                                True)
    by_role = figures[("role", "intent_to_stay")]
    # other_role (2) is hidden, and with it the next-smallest, supervisor (5)
    assert [g.group_id for g in by_role] == ["peer_specialist"]
    assert by_role[0].size == 6 and by_role[0].skipped == 0
    assert next(f for f in by_role[0].figures if f.choice_id == "likely").share == 1.0
    by_tenure = figures[("tenure", "intent_to_stay")]
    assert [(g.group_id, g.size, g.skipped) for g in by_tenure] == [("over_3", 13, 2)]
    assert choice_breakdowns(people, splits, ["role"], [V2.item("intent_to_stay")],
                             False) == {("role", "intent_to_stay"): None}


# ------------------------------------------------------------------ v1 against v2

def test_a_v1_and_a_v2_wave_compare_on_shared_items_and_mark_the_others():
    before = WaveFigures(V1, {"role_clear": {"agree": 6, "disagree": 2, "not_applicable": 2},
                              "full_scope": {"agree": 10},
                              "barriers": {"low_salary": 5, "burnout": 1}}, 10)
    after = WaveFigures(V2, {"role_clear": {"agree": 3, "disagree": 3, SKIPPED: 2},
                             "can_move_up": {"agree": 4, "disagree": 4},
                             "barriers": {"low_salary": 2, "caseload": 4, SKIPPED: 4}}, 8)
    rows = {(r.item_id, r.choice_id): r for r in compare(before, after)}
    role_clear = rows[("role_clear", None)]
    assert role_clear.status == BOTH and (role_clear.before, role_clear.after) == (0.75, 0.5)
    assert rows[("full_scope", None)].status == ONLY_BEFORE
    assert rows[("full_scope", None)].after is None
    assert rows[("can_move_up", None)].status == ONLY_AFTER
    assert rows[("can_move_up", None)].before is None
    low = rows[("barriers", "low_salary")]
    assert low.status == BOTH and (low.before, low.after) == (0.5, 0.5)  # of 10; of 8 - 4
    assert rows[("barriers", "caseload")].status == ONLY_AFTER
    assert not any(r.item_id == "role" for r in rows.values())  # groups are not opinions


def test_a_comparison_gives_no_figure_for_a_wave_whose_figures_are_not_out():
    hidden = WaveFigures(V1, {"role_clear": {"agree": 4}}, 0)
    shown = WaveFigures(V2, {"role_clear": {"agree": 5}}, 5)
    row = next(r for r in compare(hidden, shown) if r.item_id == "role_clear")
    assert row.before is None and row.after == 1.0


def test_a_split_whose_cells_with_the_role_split_would_single_out_people_is_hidden_whole():
    def person(role, tenure):
        return Person({"role": role, "tenure": tenure}, True,
                      {"intent_to_stay": frozenset({"likely"})})
    people = ([person("peer_specialist", "under_1")] * 4 + [person("peer_specialist", "over_3")]
              + [person("supervisor", "under_1")] + [person("supervisor", "over_3")] * 4)
    splits = {"role": ["peer_specialist", "supervisor", None],
              "tenure": ["under_1", "over_3", None]}
    figures = choice_breakdowns(people, splits, ["role", "tenure"],
                                [V2.item("intent_to_stay")], True)
    assert [g.size for g in figures[("role", "intent_to_stay")]] == [5, 5]
    # each tenure group holds 5, but beside the roles a cell holds 4 (peer, under 1 year)
    assert figures[("tenure", "intent_to_stay")] is None

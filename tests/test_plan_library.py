"""The activity library: every version loads, version 2 is complete in both languages with
a level-4 "verify and sustain" step and a funds tag on every activity, and a faulty file
gets a message naming the file, practice, step and activity."""
import re
from datetime import date

import pytest
from sqlalchemy import select

from assessment.capability import operations as capability
from assessment.capability.rubric import rubric
from assessment.extensions import db
from assessment.organizations.models import Organization
from assessment.planning import operations as planning
from assessment.planning.library import (
    CURRENT_VERSION,
    FUNDS,
    ROLE_KINDS,
    SUSTAIN_LEVEL,
    Activity,
    library,
    load_library,
)
from assessment.planning.models import Plan, PlanItem
from assessment.questionnaires import QUESTIONNAIRES_DIR, QuestionnaireError

V1 = (QUESTIONNAIRES_DIR / "activities-v1.toml").read_text()
V2 = (QUESTIONNAIRES_DIR / "activities-v2.toml").read_text()


def activities(version):
    """(practice id, step, activity) for every activity of that version."""
    return [(p.practice_id, level, a) for p in library(version).practices.values()
            for level, acts in p.steps.items() for a in acts]


def texts(version, language, practice_id=None, step=None):
    return [a.text.in_language(language) for pid, level, a in activities(version)
            if practice_id in (None, pid) and step in (None, level)]


def test_new_plans_use_version_2_and_version_1_still_loads():
    assert CURRENT_VERSION == 2 and library().version == 2
    old = library(1)
    assert old.version == 1 and list(old.practices) == rubric().practice_ids
    for practice in old.practices.values():
        assert sorted(practice.steps) == [1, 2, 3]
        assert all(a.funds is None and a.text.en and a.text.es
                   for acts in practice.steps.values() for a in acts)


def test_version_2_has_every_step_from_1_to_4_with_two_to_four_tagged_activities():
    current = library(2)
    assert list(current.practices) == rubric().practice_ids
    for practice in current.practices.values():
        assert sorted(practice.steps) == [1, 2, 3, SUSTAIN_LEVEL]
        assert all(practice.roles[kind].en and practice.roles[kind].es for kind in ROLE_KINDS)
        for level, acts in practice.steps.items():
            assert 2 <= len(acts) <= 4, (practice.practice_id, level)
            for activity in acts:
                assert isinstance(activity, Activity) and activity.funds in FUNDS
                assert activity.text.en.strip() and activity.text.es.strip()
    tags = {a.funds for _, _, a in activities(2)}
    assert tags == set(FUNDS)


def test_each_activity_is_one_short_sentence_a_lead_can_act_on():
    for pid, level, activity in activities(2):
        for text in (activity.text.en, activity.text.es):
            assert text.endswith(".") and ". " not in text[:-1], (pid, level, text)
            assert len(text) <= 200, (pid, level, text)
        assert len(activity.text.en) <= 140, (pid, level, activity.text.en)


def test_no_activity_repeats_within_a_version():
    for language in ("en", "es"):
        all_texts = texts(2, language)
        assert len(all_texts) == len(set(all_texts))


def test_version_2_offers_the_peer_specific_levers():
    english = " ".join(texts(2, "en")).lower()
    for lever in ("peer support specialist i and ii",      # tiered peer positions
                  "peer leadership role",
                  "living wage", "pay raise for each tier",
                  "burnout", "trauma-informed supervision",
                  "what peer staff do and the full scope of their role",
                  "peer mentor for their first three months",
                  "medi-cal peer support specialist certification", "continuing-education",
                  "lived experience counts",
                  "part-time", "encore",
                  "who is eligible",
                  "community college",
                  "stay interviews", "exit survey"):
        assert lever in english, lever


def test_the_level_4_hallmark_and_publishing_the_maps_come_in_the_right_step():
    for level in (1, 2):
        assert not any("job description" in t for t in texts(2, "en", "accountability", level))
    assert any("job description" in t for t in texts(2, "en", "accountability", 3))
    without_asking = [(pid, level) for pid, level, a in activities(2)
                      if "without asking" in a.text.en]
    assert without_asking == [("mapping", 3)]


def test_no_telementoring_and_the_spanish_uses_the_agreed_terms():
    english, spanish = " ".join(texts(2, "en")), " ".join(texts(2, "es"))
    assert "ECHO" not in english and "telementoring" not in english.lower()
    assert "personal de pares" not in spanish
    assert not re.search(r"\bplan(es)? de carrera\b|\blos planes\b", spanish)
    assert "mapas de trayectorias" in spanish
    assert "Estandarice el proceso" in spanish
    assert "Haga el proceso estándar" not in spanish
    for practice in library(2).practices.values():
        for text in practice.roles.values():
            assert "personal de pares" not in text.es


def broken(tmp_path, text, version=2):
    path = tmp_path / f"activities-v{version}.toml"
    path.write_text(text)
    return path


def test_an_activity_without_funds_names_the_file_practice_step_and_activity(tmp_path):
    text = V2.replace('{ funds = "existing", en = "Write accountability',
                      '{ en = "Write accountability')
    with pytest.raises(QuestionnaireError, match=(
            r"activities-v2.toml: practice 'accountability' step from level 3 activity 1 "
            r'needs funds = "new" or "existing"')):
        load_library(broken(tmp_path, text), rubric())


def test_a_bad_funds_value_is_named(tmp_path):
    text = V2.replace('{ funds = "new", en = "Set aside', '{ funds = "maybe", en = "Set aside')
    with pytest.raises(QuestionnaireError, match=(
            r"practice 'accountability' step from level 3 activity 2 has funds = 'maybe'")):
        load_library(broken(tmp_path, text), rubric())


def test_a_misspelt_key_is_named(tmp_path):
    text = V2.replace('{ funds = "new", en = "Set aside', '{ fund = "new", en = "Set aside')
    with pytest.raises(QuestionnaireError, match=r"activity 2 has unknown keys \['fund'\]"):
        load_library(broken(tmp_path, text), rubric())


def test_version_2_needs_the_level_4_step(tmp_path):
    start = V2.index("[[practices.steps]]\nfrom = 4")
    end = V2.index("# ----", start)
    with pytest.raises(QuestionnaireError,
                       match=r"practice 'accountability' has no step from level 4"):
        load_library(broken(tmp_path, V2[:start] + V2[end:]), rubric())


def test_a_step_from_a_wrong_level_or_twice_is_refused(tmp_path):
    step_4 = "[[practices.steps]]\nfrom = 4"
    with pytest.raises(QuestionnaireError,
                       match=r"practice 'accountability' has a step from level 5"):
        load_library(broken(tmp_path, V2.replace(step_4, step_4[:-1] + "5", 1)), rubric())
    with pytest.raises(QuestionnaireError,
                       match=r"practice 'accountability' has two steps from level 3"):
        load_library(broken(tmp_path, V2.replace(step_4, step_4[:-1] + "3", 1)), rubric())


def test_version_1_files_have_no_level_4_step_and_no_funds(tmp_path):
    with pytest.raises(QuestionnaireError, match=r"activities-v1.toml: practice 'accountability' "
                                                 r"has a step from level 4; version 1 allows"):
        load_library(broken(tmp_path, V1.replace("from = 3", "from = 4", 1), 1), rubric())
    tagged = V1.replace('{ en = "Name one person', '{ funds = "new", en = "Name one person')
    with pytest.raises(QuestionnaireError, match=r"step from level 1 activity 1 has funds"):
        load_library(broken(tmp_path, tagged, 1), rubric())


@pytest.fixture
def plan_id(app, make_organization):
    organization = make_organization()
    with app.app_context():
        cycle = capability.start_cycle(db.session.get(Organization, organization.id),
                                       "2026 baseline", date(2026, 1, 15))
        rater = capability.add_rater(cycle, "Team")
        for practice_id in rubric().practice_ids:
            capability.save_rating(rater, practice_id, 2, "")
        return planning.create_plan(cycle, None, None, date.today())[0].id


def test_a_new_plan_records_version_2_and_takes_its_activities_and_roles(app, plan_id):
    with app.app_context():
        plan = db.session.get(Plan, plan_id)
        assert plan.library_version == 2
        item = next(i for i in plan.items if i.practice_id == "budget" and i.from_level == 2)
        assert item.text("activities", "en").split("\n") == texts(2, "en", "budget", 2)
        assert item.text("activities", "es").split("\n") == texts(2, "es", "budget", 2)
        stakeholders = planning.suggested_roles(item)["stakeholders"].es
        assert stakeholders == "Junta directiva; financiadores; personal de apoyo entre pares"


def test_a_plan_made_from_version_1_keeps_version_1_suggested_roles(app, plan_id):
    with app.app_context():
        plan = db.session.get(Plan, plan_id)
        plan.library_version = 1   # as plans made before version 2 are stored
        db.session.commit()
        item = db.session.scalar(select(PlanItem).where(PlanItem.practice_id == "accountability"))
        assert planning.suggested_roles(item)["stakeholders"].es == (
            "Junta directiva; personal de pares")
        assert planning.people(item, "en")["contributors"] == "HR lead; peer services manager"

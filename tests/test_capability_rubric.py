"""Loading the rubric file: complete in both languages, or a message naming the fault.
Every version stays readable: a cycle rated on version 1 keeps showing version 1's text,
while new cycles use the current version, and profiles compare versions by practice id."""
import io
import re
from datetime import date

import pytest
from pypdf import PdfReader

from assessment.capability import operations as capability
from assessment.capability.models import AssessmentCycle
from assessment.capability.rubric import CURRENT_VERSION, LEVELS, load_rubric, rubric
from assessment.extensions import db
from assessment.organizations.models import Organization
from assessment.questionnaires import QUESTIONNAIRES_DIR, QuestionnaireError
from tests.conftest import log_in, post_form

SOURCE = (QUESTIONNAIRES_DIR / f"capability-v{CURRENT_VERSION}.toml").read_text()


@pytest.mark.parametrize("version", [1, 2])
def test_every_version_has_seven_practices_with_four_levels_in_both_languages(version):
    loaded = rubric(version)
    assert (loaded.id, loaded.version) == ("capability", version)
    assert len(loaded.practices) == 7
    assert loaded.levels[1].en == "Initially Developed"
    assert loaded.levels[4].es == "Desarrollo completo"
    for practice in loaded.practices:
        assert sorted(practice.descriptors) == list(LEVELS)
        assert practice.title.en and practice.title.es
        for text in practice.descriptors.values():
            assert text.en and text.es
    assert "yearly budget" in loaded.practice("budget").best_practice.en


def test_new_cycles_use_version_2_with_the_same_practices_as_version_1():
    assert CURRENT_VERSION == 2 and rubric().version == 2
    assert rubric(2).practice_ids == rubric(1).practice_ids
    assert rubric(2).levels == rubric(1).levels


def descriptor(version, practice_id, level, language="en"):
    return rubric(version).practice(practice_id).descriptors[level].in_language(language)


def test_version_2_carries_the_wording_fixes_of_the_domain_review():
    assert descriptor(2, "development", 2).startswith("Career pathways usually come up")
    assert descriptor(2, "development", 2, "es").startswith(
        "Las trayectorias profesionales suelen mencionarse")
    assert "standardized" in descriptor(2, "process", 4)
    assert "está estandarizado" in descriptor(2, "process", 4, "es")
    assert "career pathways program" in descriptor(2, "accountability", 1)
    assert "inician un programa de trayectorias" in descriptor(2, "accountability", 1, "es")
    assert descriptor(2, "accountability", 3, "es") == (
        "El programa es una responsabilidad compartida; se diseña y se lleva a cabo "
        "con el apoyo de la dirección.")
    assert rubric(2).practice("mapping").title.es.startswith("Trayectorias definidas, trazadas")
    for level in LEVELS:
        assert "definidas y trazadas" in descriptor(2, "mapping", level, "es")
    for level in (3, 4):
        assert "accessible" in descriptor(2, "technology", level)
        assert "accesible" in descriptor(2, "technology", level, "es")
        assert "fácil de usar" not in descriptor(2, "technology", level, "es")
        assert "movilidad lateral y diagonal" in descriptor(2, "development", level, "es")
        assert "vertical y lateral" not in descriptor(2, "development", level, "es")
    assert descriptor(2, "technology", 4).startswith("The program integrates")
    assert descriptor(2, "technology", 4, "es").startswith("El programa integra")
    assert descriptor(2, "evaluation", 2, "es").startswith("Parte del personal")


def test_version_1_keeps_its_own_wording():
    assert descriptor(1, "development", 2).startswith("Career pathways come up")
    assert "es estándar" in descriptor(1, "process", 4, "es")
    assert "easy to reach" in descriptor(1, "technology", 3)
    assert descriptor(1, "evaluation", 2, "es").startswith("Algunas personas del personal")
    assert rubric(1).practice("mapping").title.es == (
        "Trayectorias definidas y compartidas con el personal")


def broken(tmp_path, text):
    path = tmp_path / "capability-v9.toml"
    path.write_text(text)
    return path


def test_a_missing_translation_names_the_file_and_item(tmp_path):
    text = SOURCE.replace('es = "El programa tiene poco o ningún presupuesto formal."', "")
    with pytest.raises(QuestionnaireError,
                       match=r"capability-v9.toml: practice 'budget' descriptors level 1 has no es text"):
        load_rubric(broken(tmp_path, text))


def test_a_missing_level_names_the_file_and_practice(tmp_path):
    start = SOURCE.index("[practices.descriptors.4]\nen = \"The program has a yearly")
    end = SOURCE.index("[[practices]]", start)
    with pytest.raises(QuestionnaireError, match=r"practice 'budget' descriptors have no level 4"):
        load_rubric(broken(tmp_path, SOURCE[:start] + SOURCE[end:]))


def test_a_missing_id_names_the_practice_number(tmp_path):
    with pytest.raises(QuestionnaireError, match=r"practice 5 needs 'id'"):
        load_rubric(broken(tmp_path, SOURCE.replace('id = "budget"\n', "")))


def test_repeated_ids_and_bad_toml_are_refused(tmp_path):
    with pytest.raises(QuestionnaireError, match="ids repeat"):
        load_rubric(broken(tmp_path, SOURCE.replace('id = "budget"', 'id = "mapping"')))
    with pytest.raises(QuestionnaireError, match="not valid TOML"):
        load_rubric(broken(tmp_path, SOURCE + "\n[[["))


# ---------------------------------------------------------------- versions in use

@pytest.fixture
def org(app, make_organization, make_user):
    organization = make_organization("Harbor Peer Collective")
    return {"organization": organization, "lead": make_user("lead", organization)}


def start(app, org, name, starts_on, version=None, levels=None) -> int:
    """A cycle; version=1 makes it as it was before version 2 became current."""
    with app.app_context():
        cycle = capability.start_cycle(db.session.get(Organization, org["organization"].id),
                                       name, starts_on)
        if version is not None:
            cycle.questionnaire_version = version
            db.session.commit()
        if levels:
            rater = capability.add_rater(cycle, "Team")
            for practice_id, level in levels.items():
                capability.save_rating(rater, practice_id, level, "")
        return cycle.id


def rating_page(app, cycle_id, number) -> str:
    with app.app_context():
        token = capability.add_rater(db.session.get(AssessmentCycle, cycle_id), "Rater").token
    client = app.test_client()
    client.get(f"/rate/{token}")
    return client.get(f"/rate/practices/{number}").get_data(as_text=True)


def test_a_cycle_started_on_version_1_still_shows_version_1_on_the_rating_page(app, org):
    old = start(app, org, "2025 baseline", date(2025, 1, 15), version=1)
    new = start(app, org, "2026 follow-up", date(2026, 1, 15))
    old_page, new_page = rating_page(app, old, 3), rating_page(app, new, 3)
    assert descriptor(1, "development", 2) in old_page
    assert descriptor(2, "development", 2) not in old_page
    assert descriptor(2, "development", 2) in new_page
    assert descriptor(1, "development", 2) not in new_page
    assert "easy to reach" in rating_page(app, old, 6)
    assert "easy to reach" not in rating_page(app, new, 6)


def profile_page(client, org, cycle_id, language="en") -> str:
    if language == "es":
        post_form(client, "/language", {"lang": "es", "next": "/"})
    url = f"/organizations/{org['organization'].id}/cycles/{cycle_id}/profile"
    return client.get(url).get_data(as_text=True)


LEVELS_2025 = {"accountability": 1, "process": 2, "development": 2, "mapping": 1,
               "budget": 1, "technology": 2, "evaluation": 3}
LEVELS_2026 = {"accountability": 2, "process": 2, "development": 3, "mapping": 3,
               "budget": 1, "technology": 1, "evaluation": 3}


def test_the_profile_shows_each_cycle_in_its_own_version(app, client, org):
    old = start(app, org, "2025 baseline", date(2025, 1, 15), version=1, levels=LEVELS_2025)
    new = start(app, org, "2026 follow-up", date(2026, 1, 15), levels=LEVELS_2026)
    log_in(client, org["lead"])
    old_page, new_page = profile_page(client, org, old, "es"), profile_page(client, org, new, "es")
    assert "Trayectorias definidas y compartidas con el personal" in old_page
    assert "trazadas" not in old_page
    assert "Trayectorias definidas, trazadas y compartidas con el personal" in new_page


def test_a_version_2_follow_up_is_compared_with_a_version_1_baseline_practice_by_practice(
        app, client, org):
    start(app, org, "2025 baseline", date(2025, 1, 15), version=1, levels=LEVELS_2025)
    new = start(app, org, "2026 follow-up", date(2026, 1, 15), levels=LEVELS_2026)
    log_in(client, org["lead"])
    page = profile_page(client, org, new)
    assert "Change is counted from the first cycle, “2025 baseline”." in page
    rows = {}
    for practice in rubric(2).practices:
        row = re.search(re.escape(f"{practice.number}. {practice.title.en}") + r"</th>(.*?)</tr>",
                        page, re.S).group(1)
        rows[practice.id] = " ".join(re.sub(r"<[^>]+>", " ", row).split())
    assert rows["accountability"].endswith("Up 1")
    assert rows["development"].endswith("Up 1")
    assert rows["mapping"].endswith("Up 2")
    assert rows["budget"].endswith("Same")
    assert rows["technology"].endswith("Down 1")


def test_a_plan_made_from_a_version_1_cycle_targets_version_1_best_practices(app, client, org):
    old = start(app, org, "2025 baseline", date(2025, 1, 15), version=1, levels=LEVELS_2025)
    log_in(client, org["lead"])
    base = f"/organizations/{org['organization'].id}/cycles/{old}/plan"
    assert post_form(client, f"{base}/generate").status_code == 302
    page = client.get(base).get_data(as_text=True)
    assert descriptor(1, "process", 4) in page
    assert descriptor(2, "process", 4) not in page
    reader = PdfReader(io.BytesIO(client.get(f"{base}/pdf?lang=es").data))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert "es estándar" in text and "estandarizado" not in text

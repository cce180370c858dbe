"""A cycle with several staff surveys keeps using the main one: a small check-in survey
never replaces its figures on the profile, the plan or the PDF."""
from datetime import date, timedelta

from assessment.capability import operations as capability
from assessment.extensions import db
from assessment.organizations.models import Organization
from assessment.survey import operations as surveys
from assessment.survey.models import SurveyWave
from assessment.survey.report import survey_for_cycle
from tests.conftest import log_in
from tests.survey_helpers import answer_all

TODAY = date.today()


def test_a_small_or_open_later_survey_never_replaces_the_cycles_main_survey(
        app, client, make_organization, make_user):
    organization = make_organization("Harbor")
    lead = make_user("lead", organization)
    with app.app_context():
        cycle = capability.start_cycle(db.session.get(Organization, organization.id), "2026",
                                       TODAY - timedelta(days=30))
        rater = capability.add_rater(cycle, "Team")
        for practice_id in capability.cycle_rubric(cycle).practice_ids:
            capability.save_rating(rater, practice_id, 3, "")
        codes = {}
        for name in ("Staff survey 2026", "Pulse check"):
            wave = surveys.open_wave(cycle.organization, name, TODAY - timedelta(days=5),
                                     TODAY + timedelta(days=5), cycle)
            codes[name] = (wave.id, wave.code)
        cycle_id = cycle.id
    for _ in range(6):
        answer_all(app, codes["Staff survey 2026"][1])
    for _ in range(2):
        answer_all(app, codes["Pulse check"][1])
    with app.app_context():
        for wave_id, _code in codes.values():
            surveys.close_wave(db.session.get(SurveyWave, wave_id), TODAY)
        later = surveys.open_wave(db.session.get(Organization, organization.id), "Exit check",
                                  TODAY, TODAY + timedelta(days=9),
                                  capability.cycles_of(db.session.get(
                                      Organization, organization.id))[0])
        assert survey_for_cycle(later.cycle, TODAY).name == "Staff survey 2026"
    log_in(client, lead)
    profile = client.get(f"/organizations/{organization.id}/cycles/{cycle_id}/profile"
                         ).get_data(as_text=True)
    assert "Staff survey 2026" in profile and "Pulse check" not in profile
    assert "of 6 people" in profile
    pulse = client.get(f"/organizations/{organization.id}/surveys/{codes['Pulse check'][0]}"
                       ).get_data(as_text=True)
    assert "That cycle's results and plan use the survey “Staff survey 2026”" in pulse

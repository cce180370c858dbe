"""The survey migration repairs databases that double taps already corrupted: each answer
kept once, tallies rebuilt from them (with each practice's count of people who agree),
random keys, drafts for responses in progress, written answers kept apart."""
import json
import re
from datetime import date

from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from assessment import MIGRATIONS
from assessment.extensions import db
from assessment.survey import operations
from assessment.survey.questionnaire import SKIPPED, survey

BEFORE = "446b200f2cc8"   # the schema the security review tested
AGREEMENT = [item.id for item in survey(1).items("agreement")]  # the old waves were v1


def old_rows(organization_id: int) -> None:
    """Three sent responses and one in progress, as the old code stored them after double
    taps: answers repeated, tallies counted twice."""
    run = db.session.execute
    run(text("INSERT INTO survey_wave (id, organization_id, name, code, opens_on, closes_on, "
             "questionnaire_id, questionnaire_version, created_at) VALUES (1, :org, 'Old', "
             "'OLDWAVE2', :opens, :closes, 'staff-survey', 1, :opens)"),
        {"org": organization_id, "opens": date(2026, 3, 1), "closes": date(2026, 3, 20)})
    for n, sent in ((1, True), (2, True), (3, True), (4, False)):
        run(text("INSERT INTO survey_response (id, wave_id, public_id, resume_digest, "
                 "language, started_on, submitted_on) VALUES (:id, 1, :public, :digest, "
                 "'en', :day, :sent)"),
            {"id": n, "public": f"public-{n}", "digest": f"digest-{n}", "day": date(2026, 3, 2),
             "sent": date(2026, 3, 2) if sent else None})
    answers = []
    for n, choice in ((1, "agree"), (2, "strongly_agree"), (3, "disagree")):
        answers += [(n, item, choice) for item in AGREEMENT]
        answers += [(n, "barriers", "low_salary"), (n, "intent_to_stay", "likely"),
                    (n, "role", "peer_specialist"), (n, "one_change", f"Idea {n}")]
    answers += [(1, item, "agree") for item in AGREEMENT]            # a double tap, twice
    answers += [(1, "barriers", "low_salary"), (1, "one_change", "Idea 1")]
    answers += [(4, "role_clear", "neutral"), (4, "barriers", "burnout"),
                (4, "barriers", "schedule")]                            # still in progress
    run(text("INSERT INTO survey_answer (response_id, item_id, value) VALUES (:r, :i, :v)"),
        [{"r": r, "i": i, "v": v} for r, i, v in answers])
    run(text("INSERT INTO survey_tally (wave_id, item_id, value, count) VALUES "
             "(1, 'role_clear', 'agree', 2), (1, 'barriers', 'low_salary', 4)"))
    db.session.commit()


def rows(sql: str) -> list:
    return db.session.execute(text(sql)).all()


def test_the_migration_keeps_each_answer_once_and_rebuilds_the_tallies(app, make_organization):
    organization = make_organization("Harbor")
    with app.app_context():
        db.session.commit()
        downgrade(directory=str(MIGRATIONS), revision=BEFORE)
        old_rows(organization.id)
        upgrade(directory=str(MIGRATIONS))
        counted = dict(((i, v), n) for i, v, n in rows(
            "SELECT item_id, value, count FROM survey_tally WHERE wave_id = 1"))
        answers = rows("SELECT response_id, item_id, value FROM survey_answer")
        responses = rows("SELECT id, public_id, resume_digest, submitted_on, draft "
                         "FROM survey_response")
        written = sorted(v for (v,) in rows("SELECT value FROM survey_open_answer"))
        closed_on = db.session.execute(
            text("SELECT closed_on FROM survey_wave WHERE id = 1")).scalar()
    assert len(answers) == len(set(answers)) == 3 * (len(AGREEMENT) + 3)
    assert counted[("role_clear", "agree")] == 1 and counted[("barriers", "low_salary")] == 3
    assert counted[("role_clear", "disagree")] == 1 and counted[("barriers", "burnout")] == 0
    # people: two agree on every practice, one disagrees; each counted once
    assert counted[("practice:process", "agree")] == 2
    assert counted[("practice:process", "not_agree")] == 1
    # every count, zeros included (skips were counted only from version 2 on)
    assert sorted(counted) == [key for key in operations.tally_keys(survey(1))
                               if key[1] != SKIPPED]
    assert written == ["Idea 1", "Idea 2", "Idea 3"]
    assert all(re.fullmatch(r"[0-9a-f]{32}", r.id) for r in responses)
    sent = [r for r in responses if r.submitted_on is not None]
    assert len(sent) == 3 and all(r.public_id is None and r.resume_digest is None and
                                  r.draft is None for r in sent)
    (in_progress,) = [r for r in responses if r.submitted_on is None]
    assert (in_progress.public_id, in_progress.resume_digest) == ("public-4", "digest-4")
    assert json.loads(in_progress.draft) == {"role_clear": "neutral",
                                             "barriers": ["burnout", "schedule"]}
    assert closed_on is None  # a wave closed before keeps its days as they were


def test_the_migration_runs_down_and_up_again_with_survey_data_in_place(app, make_organization):
    organization = make_organization("Harbor")
    with app.app_context():
        db.session.commit()
        downgrade(directory=str(MIGRATIONS), revision=BEFORE)
        old_rows(organization.id)
        upgrade(directory=str(MIGRATIONS))
        db.session.execute(text("UPDATE survey_wave SET closed_on = :day"),
                           {"day": date(2026, 3, 10)})
        db.session.commit()
        downgrade(directory=str(MIGRATIONS), revision=BEFORE)
        back = rows("SELECT id, public_id, submitted_on FROM survey_response ORDER BY id")
        closes_on = db.session.execute(text("SELECT closes_on FROM survey_wave")).scalar()
        drafts = rows("SELECT value FROM survey_answer a JOIN survey_response r "
                      "ON r.id = a.response_id WHERE r.submitted_on IS NULL")
        db.session.commit()
        upgrade(directory=str(MIGRATIONS))
        again = rows("SELECT item_id, value, count FROM survey_tally "
                     "WHERE item_id = 'role_clear' AND count > 0")
    assert [r.id for r in back] == [1, 2, 3, 4] and all(r.public_id for r in back)
    assert str(closes_on) == "2026-03-09"  # closed early, the old way: the day before
    assert sorted(v for (v,) in drafts) == ["burnout", "neutral", "schedule"]
    assert sorted(again) == [("role_clear", "agree", 1), ("role_clear", "disagree", 1),
                             ("role_clear", "strongly_agree", 1)]

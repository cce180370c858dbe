"""A coach with a large cohort: 500 organizations, 5,000 cycles, 100,000 survey responses.
Prints the median time of the dashboard, the cohort view and each export.

    .venv/bin/python bench/coach_bench.py [runs]

Throwaway SQLite database, or DATABASE_URL when set (its tables are emptied first: use a
database kept for this). Target on the 2-core reference machine: each under 300 ms.
"""
from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import insert, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assessment import create_app  # noqa: E402
from assessment.auth.models import User  # noqa: E402
from assessment.auth.passwords import hash_password  # noqa: E402
from assessment.capability.models import AssessmentCycle, PracticeScore  # noqa: E402
from assessment.capability.rubric import rubric  # noqa: E402
from assessment.extensions import db  # noqa: E402
from assessment.organizations.models import Organization, coach_assignments  # noqa: E402
from assessment.planning.models import Plan, PlanItem  # noqa: E402
from assessment.survey.models import (  # noqa: E402
    SurveyAnswer,
    SurveyResponse,
    SurveyTally,
    SurveyWave,
)
from assessment.survey.agreement import practice_key, practice_verdicts  # noqa: E402
from assessment.survey.operations import tally_keys  # noqa: E402
from assessment.survey.questionnaire import survey  # noqa: E402

ORGANIZATIONS, CYCLES_EACH, RESPONSES_EACH = 500, 10, 200
PASSWORD = "bench coach password"


def seed() -> None:
    rng = random.Random(7)
    practices = rubric().practice_ids
    agreement = [item.id for item in survey().items("agreement")]
    choices = ["strongly_disagree", "disagree", "neutral", "agree", "strongly_agree"]
    today = date.today()
    coach = User(email="coach@bench.example", name="Bench Coach", role="coach",
                 password_hash=hash_password(PASSWORD, "pbkdf2:sha256:1000"))
    db.session.add(coach)
    db.session.flush()
    db.session.execute(insert(Organization), [
        {"id": n, "name": f"Organization {n:03}", "is_demo": False,
         "created_at": today} for n in range(1, ORGANIZATIONS + 1)])
    db.session.execute(insert(coach_assignments), [
        {"coach_id": coach.id, "organization_id": n} for n in range(1, ORGANIZATIONS + 1)])
    cycles, scores, plans, items = [], [], [], []
    cycle_id = 0
    for org in range(1, ORGANIZATIONS + 1):
        for year in range(CYCLES_EACH):
            cycle_id += 1
            cycles.append({"id": cycle_id, "organization_id": org, "name": f"{2017 + year}",
                           "starts_on": date(2017 + year, 1, 15), "questionnaire_id": "capability",
                           "questionnaire_version": 1, "created_at": today})
            for practice in practices:
                level = rng.randint(1, 4)
                scores.append({"cycle_id": cycle_id, "practice_id": practice, "level": level,
                               "lowest": level, "highest": min(4, level + rng.randint(0, 2)),
                               "rater_count": 3, "not_sure_count": 0})
        plans.append({"id": org, "cycle_id": cycle_id, "library_version": 1, "created_at": today,
                      "made_on": today})
        for position in range(1, 11):
            items.append({"plan_id": org, "position": position, "practice_id": practices[position % 7],
                          "from_level": 1 + position % 3, "reasons": "", "target_en": "Goal",
                          "target_es": "Meta", "activity_lines": [{"en": "Do it", "es": "Hacerlo"}],
                          "bucket": "6_months", "due_on": today + timedelta(days=rng.randint(-60, 200)),
                          "status": rng.choice(["not_started", "in_progress", "done"]),
                          "version": 1, "updated_at": today})
    db.session.execute(insert(AssessmentCycle), cycles)
    db.session.execute(insert(PracticeScore), scores)
    db.session.execute(insert(Plan), plans)
    db.session.execute(insert(PlanItem), items)
    db.session.execute(insert(SurveyWave), [
        {"id": org, "organization_id": org, "cycle_id": None, "name": "Survey", "code": f"B{org:07}",
         "opens_on": today - timedelta(days=40), "closes_on": today - timedelta(days=10),
         "questionnaire_id": "staff-survey", "questionnaire_version": 1, "created_at": today}
        for org in range(1, ORGANIZATIONS + 1)])
    response_id = 0
    questionnaire = survey()
    for org in range(1, ORGANIZATIONS + 1):
        responses, answers = [], []
        tallies: dict = {key: 0 for key in tally_keys(questionnaire)}
        for _ in range(RESPONSES_EACH):
            response_id += 1
            key = f"{response_id:032x}"
            responses.append({"id": key, "wave_id": org, "public_id": None,
                              "resume_digest": None, "language": rng.choice(["en", "es"]),
                              "started_on": today - timedelta(days=20),
                              "submitted_on": today - timedelta(days=20)})
            mine = {item: rng.choice(choices) for item in agreement}
            answers += [{"id": f"{response_id:016x}{n:016x}", "response_id": key,
                         "item_id": item, "value": value}
                        for n, (item, value) in enumerate(mine.items())]
            for item, value in mine.items():
                tallies[(item, value)] += 1
            for practice_id, agrees in practice_verdicts(mine, questionnaire).items():
                tallies[(practice_key(practice_id), "agree" if agrees else "not_agree")] += 1
        db.session.execute(insert(SurveyResponse), responses)
        db.session.execute(insert(SurveyAnswer), answers)
        db.session.execute(insert(SurveyTally), [
            {"wave_id": org, "item_id": item, "value": value, "count": n}
            for (item, value), n in sorted(tallies.items())])
    db.session.commit()


def timed(client, path: str, runs: int) -> float:
    client.get(path)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    return statistics.median(times)


def main(runs: int = 5) -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = os.environ.get("DATABASE_URL") or f"sqlite:///{folder}/bench.sqlite3"
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "c" * 40,
                          "AUTO_MIGRATE": True, "WTF_CSRF_ENABLED": False},
                         instance_path=str(Path(folder) / "instance"))
        with app.app_context():
            if not url.startswith("sqlite"):
                tables = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
                db.session.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
                db.session.commit()
            started = time.perf_counter()
            seed()
            if not url.startswith("sqlite"):
                db.session.execute(text("ANALYZE"))
                db.session.commit()
            print(f"seeded {ORGANIZATIONS} organizations, {ORGANIZATIONS * CYCLES_EACH} cycles, "
                  f"{ORGANIZATIONS * RESPONSES_EACH} survey responses in "
                  f"{time.perf_counter() - started:.0f} s on {url.split(':')[0]}")
        client = app.test_client()
        client.post("/login", data={"email": "coach@bench.example", "password": PASSWORD})
        for name, path in (("dashboard", "/coach/"), ("cohort", "/coach/cohort"),
                           ("export: one row per organization", "/coach/export/summary.csv"),
                           ("export: self-assessment results", "/coach/export/cycle-results.csv"),
                           ("export: plan items", "/coach/export/plan-items.csv"),
                           ("export: staff survey", "/coach/export/survey.csv")):
            median = timed(client, path, runs)
            print(f"{name:34} median {median:7.1f} ms  {'ok' if median < 300 else 'OVER 300 ms'}")
        with app.app_context():
            db.engine.dispose()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)

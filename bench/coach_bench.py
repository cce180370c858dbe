"""A coach with a large cohort, at two sizes with the same data per organization: 50 and 500
organizations, each with 10 cycles, 200 survey responses, a plan, 4 quarters of workforce
figures and a published career lattice (500 organizations: 5,000 cycles, 100,000 responses).

Prints each coach page's median time at both sizes and their ratio, and for each export
the time to its first byte, its total time and its peak memory (tracemalloc), with met /
NOT met for each target:
  - every page and export at most 200 ms at 500 organizations (exports: first byte);
  - a page that shows a fixed amount of data (the dashboard, 50 a page, and the cohort)
    at most 2x the time for 10x the organizations;
  - exports in flat memory: peak at 500 at most 2x the peak at 50.

    .venv/bin/python bench/coach_bench.py [runs]

Throwaway SQLite database, or DATABASE_URL when set (its tables are emptied first: use a
database kept for this). Run it on a quiet machine; other processes make it slower.
"""
from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
import tracemalloc
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert, text

ROOT = Path(os.environ.get("COACH_BENCH_ROOT") or Path(__file__).resolve().parent.parent)
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

SIZES, CYCLES_EACH, RESPONSES_EACH, QUARTERS_EACH = (50, 500), 10, 200, 4
PASSWORD = "bench coach password"
PAGE_TARGET_MS, SCALE_TARGET, MEMORY_TARGET = 200, 2.0, 2.0

# (name, address, shows a fixed amount of data whatever the number of organizations)
PAGES = (
    ("dashboard", "/coach/", True),
    ("dashboard, page 2 by last activity", "/coach/?sort=activity&dir=desc&page=2", True),
    ("dashboard, by responses, filtered", "/coach/?sort=responses&dir=desc&level=1", True),
    ("dashboard, needs: plan items overdue", "/coach/?need=overdue&sort=mean", True),
    ("cohort", "/coach/cohort", True),
    ("cohort, page 2", "/coach/cohort?page=2", True),
    ("workforce (every organization)", "/coach/workforce", False),
    ("lattice pay table", "/coach/lattices/", True),
    ("lattice pay table, page 2", "/coach/lattices/?page=2", True),
)
EXPORTS = ("summary", "cycle-results", "plan-items", "survey", "lattice-positions",
           "lattice-offerings", "workforce")


def seed(organizations: int) -> None:
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
         "created_at": today} for n in range(1, organizations + 1)])
    db.session.execute(insert(coach_assignments), [
        {"coach_id": coach.id, "organization_id": n} for n in range(1, organizations + 1)])
    cycles, scores, plans, items = [], [], [], []
    cycle_id = 0
    for org in range(1, organizations + 1):
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
        for org in range(1, organizations + 1)])
    response_id = 0
    questionnaire = survey()
    for org in range(1, organizations + 1):
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
    _seed_workforce(organizations, rng)
    _seed_lattices(organizations)
    db.session.commit()


def _seed_workforce(organizations: int, rng: random.Random) -> None:
    from assessment.workforce.models import WorkforcePeriod
    rows = []
    for org in range(1, organizations + 1):
        for quarter in range(1, QUARTERS_EACH + 1):
            start = rng.randint(20, 60)
            leavers = rng.randint(0, 8)
            rows.append({"organization_id": org, "year": 2025, "quarter": quarter,
                         "source": "entered", "headcount_start": start,
                         "headcount_end": start - leavers + rng.randint(0, 8),
                         "hires": rng.randint(0, 8), "promotions": rng.randint(0, 4),
                         "internal_fills": rng.randint(0, 3),
                         "separations_voluntary": leavers, "separations_involuntary": 0,
                         "separations_other": 0, "retained": start - leavers,
                         "details": {}, "updated_at": datetime.now()})
    db.session.execute(insert(WorkforcePeriod), rows)


def _seed_lattices(organizations: int) -> None:
    """Each organization publishes the four starter tracks."""
    from assessment.lattice.document import Lattice, to_data
    from assessment.lattice.models import CareerLattice, LatticeVersion
    from assessment.lattice.starters import add_starter, library
    document = Lattice()
    for starter in library().starters.values():
        document = add_starter(document, starter)
    data = to_data(document)
    now = datetime.now()
    db.session.execute(insert(CareerLattice), [
        {"id": org, "organization_id": org, "code": f"BENCH{org:07}", "draft": data,
         "version": 1, "updated_at": now} for org in range(1, organizations + 1)])
    db.session.execute(insert(LatticeVersion), [
        {"lattice_id": org, "number": 1, "published_at": now, "published_by": None,
         "data": data} for org in range(1, organizations + 1)])


def timed(client, path: str, runs: int) -> float:
    client.get(path)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    return statistics.median(times)


def export_figures(client, kind: str, runs: int) -> tuple[float, float, float]:
    """Median milliseconds to the first byte and to the last, and the peak memory (MB)
    Python allocated while sending it."""
    path = f"/coach/export/{kind}.csv"
    firsts, totals = [], []
    for _ in range(runs + 1):
        start = time.perf_counter()
        response = client.get(path, buffered=False)
        chunks = iter(response.response)
        next(chunks)
        firsts.append((time.perf_counter() - start) * 1000)
        for _chunk in chunks:
            pass
        totals.append((time.perf_counter() - start) * 1000)
        response.close()
        assert response.status_code == 200, (path, response.status_code)
    tracemalloc.start()
    response = client.get(path, buffered=False)
    for _chunk in response.response:
        pass
    response.close()
    peak = tracemalloc.get_traced_memory()[1] / 1024 / 1024
    tracemalloc.stop()
    return statistics.median(firsts[1:]), statistics.median(totals[1:]), peak


def measure(url: str, folder: str, organizations: int, runs: int) -> dict:
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "c" * 40,
                      "AUTO_MIGRATE": True, "WTF_CSRF_ENABLED": False},
                     instance_path=str(Path(folder) / "instance"))
    with app.app_context():
        if not url.startswith("sqlite"):
            tables = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
            db.session.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
            db.session.commit()
        started = time.perf_counter()
        seed(organizations)
        db.session.execute(text("ANALYZE"))
        db.session.commit()
        print(f"seeded {organizations} organizations, {organizations * CYCLES_EACH} cycles, "
              f"{organizations * RESPONSES_EACH} survey responses in "
              f"{time.perf_counter() - started:.0f} s on {url.split(':')[0]}", flush=True)
    client = app.test_client()
    client.post("/login", data={"email": "coach@bench.example", "password": PASSWORD})
    figures = {name: timed(client, path, runs) for name, path, _fixed in PAGES}
    figures.update({kind: export_figures(client, kind, runs) for kind in EXPORTS})
    with app.app_context():
        db.engine.dispose()
    return figures


def verdict(met: bool) -> str:
    return "met" if met else "NOT met"


def main(runs: int = 5) -> None:
    url = os.environ.get("DATABASE_URL")
    results = {}
    for organizations in SIZES:
        with tempfile.TemporaryDirectory() as folder:
            results[organizations] = measure(url or f"sqlite:///{folder}/bench.sqlite3",
                                             folder, organizations, runs)
    small, large = (results[size] for size in SIZES)
    print(f"\npages (median of {runs}, ms)      {SIZES[0]:>5} orgs {SIZES[1]:>5} orgs  ratio  "
          f"<= {PAGE_TARGET_MS} ms   fixed data: <= {SCALE_TARGET:.0f}x")
    for name, _path, fixed in PAGES:
        ratio = large[name] / small[name]
        print(f"  {name:38} {small[name]:8.1f} {large[name]:10.1f} {ratio:6.2f}x  "
              f"{verdict(large[name] <= PAGE_TARGET_MS):8}  "
              f"{verdict(ratio <= SCALE_TARGET) if fixed else '(shows every organization)'}")
    print(f"\nexports (ms, MB)        first byte {SIZES[0]}/{SIZES[1]}    total {SIZES[0]}/{SIZES[1]}"
          f"      peak memory {SIZES[0]}/{SIZES[1]}   first byte <= {PAGE_TARGET_MS} ms, "
          f"memory <= {MEMORY_TARGET:.0f}x")
    for kind in EXPORTS:
        (first_s, total_s, peak_s), (first_l, total_l, peak_l) = small[kind], large[kind]
        print(f"  {kind:20} {first_s:7.1f} /{first_l:7.1f} {total_s:8.1f} /{total_l:7.1f} "
              f"{peak_s:8.2f} /{peak_l:6.2f}   {verdict(first_l <= PAGE_TARGET_MS):8} "
              f"{verdict(peak_l <= MEMORY_TARGET * peak_s)}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)

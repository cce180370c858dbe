"""Staff survey figures: the weight of each survey page, and 200 workers sending their
answers at once to the app under gunicorn on 127.0.0.1.

    .venv/bin/python bench/survey_bench.py [workers]

Uses a throwaway SQLite database, or DATABASE_URL when set (its tables are emptied
first: use a database kept for this). Targets: each survey page at most 30 KB (HTML and
CSS, gzipped); every submission stored exactly once, no errors.
"""
from __future__ import annotations

import gzip
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import func, select

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assessment import create_app  # noqa: E402
from assessment.extensions import db  # noqa: E402
from assessment.organizations.models import Organization  # noqa: E402
from assessment.survey import operations  # noqa: E402
from assessment.survey.models import SurveyResponse  # noqa: E402
from assessment.survey.questionnaire import survey  # noqa: E402
from bench.survey_load import answers_for, run  # noqa: E402

SECRET = "bench-secret-key-0123456789-0123456789-0123456789"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def page_weights(app, code: str) -> list[tuple[str, int, int]]:
    """(page, raw bytes, gzipped bytes) of HTML plus stylesheet, for each survey page."""
    client = app.test_client()
    css = client.get("/static/app.css").data
    client.get(f"/s/{code}")
    rows = []

    def weigh(name: str, html: bytes) -> None:
        rows.append((name, len(html) + len(css), len(gzip.compress(html)) + len(gzip.compress(css))))

    start = client.get("/survey/").data
    weigh("start", start)
    token = re.search(rb'name="csrf_token" type="hidden" value="([^"]+)"', start).group(1)
    response_id = re.search(rb'name="response_id" type="hidden" value="([^"]+)"', start).group(1)
    client.post("/survey/start", data={"response_id": response_id, "csrf_token": token})
    for section in range(1, 6):
        page = client.get(f"/survey/section/{section}").data
        weigh(f"section {section}", page)
        token = re.search(rb'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        client.post(f"/survey/section/{section}", data={
            "response_id": response_id, "csrf_token": token, **answers_for(section)})
    weigh("thank you", client.get("/survey/thanks").data)
    return rows


def main(workers: int = 200) -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = os.environ.get("DATABASE_URL") or f"sqlite:///{folder}/bench.sqlite3"
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": SECRET,
                          "AUTO_MIGRATE": True}, instance_path=str(Path(folder) / "instance"))
        with app.app_context():
            organization = Organization(name=f"Bench {time.time()}")
            db.session.add(organization)
            db.session.commit()
            # survey_load answers staff-survey v1, so the bench opens a v1 wave.
            wave = operations.open_wave(organization, "Bench survey", date.today(),
                                        date.today() + timedelta(days=7), None, survey(1))
            wave_id, code = wave.id, wave.code

        print("survey page weights (HTML + CSS): raw / gzipped")
        for name, raw, zipped in page_weights(app, code):
            flag = "ok" if zipped <= 30 * 1024 else "OVER 30 KB"
            print(f"  {name:10} {raw / 1024:5.1f} KB / {zipped / 1024:4.1f} KB  {flag}")

        with app.app_context():
            before = db.session.scalar(select(func.count()).select_from(SurveyResponse)
                                       .where(SurveyResponse.wave_id == wave_id))
        port = _free_port()
        # Every simulated phone comes from 127.0.0.1: lift the per-address start limit.
        env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": SECRET,
               "ASSESSMENT_AUTO_MIGRATE": "false",
               "ASSESSMENT_SURVEY_STARTS_PER_CLIENT_HOUR": str(workers + 1)}
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-w", "4", "--threads", "4", "-b",
             f"127.0.0.1:{port}", "--log-level", "warning", "assessment:create_app()"],
            cwd=ROOT, env=env)
        try:
            base = f"http://127.0.0.1:{port}"
            for _ in range(100):
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                    break
                except OSError:
                    time.sleep(0.1)
            result = run(base, code, workers=workers, concurrency=workers)
        finally:
            server.terminate()
            server.wait(timeout=20)
        with app.app_context():
            stored = db.session.scalar(select(func.count()).select_from(SurveyResponse).where(
                SurveyResponse.wave_id == wave_id, SurveyResponse.submitted_on.is_not(None)))
            db.engine.dispose()
        stored -= before
        print(f"{workers} workers at once under gunicorn (4 workers x 4 threads): "
              f"{result['requests']} requests in {result['seconds']:.1f} s, "
              f"{result['requests_per_second']:.0f} requests/s, {len(result['errors'])} errors")
        for error in result["errors"][:5]:
            print("  error:", error)
        print(f"responses stored: {stored} (expected {workers}) -> "
              f"{'ok' if stored == workers and not result['errors'] else 'FAILED'}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)

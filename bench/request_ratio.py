"""Requests per second of the app's pages as a ratio of a bare Flask "hello", both under
the same gunicorn settings (one sync worker) on 127.0.0.1, measured in alternation.

    .venv/bin/python bench/request_ratio.py [--rounds 3] [--seconds 3] [--connections 8]

Uses a throwaway SQLite database, or DATABASE_URL when set (its tables are emptied first:
use a database kept for this). Prints each page's ratio per round and the median, against
the targets of issue 15, then the worker's resident memory after the survey load.
"""
from __future__ import annotations

import argparse
import gzip
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from datetime import date, timedelta
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assessment import create_app, demo  # noqa: E402
from assessment.auth.models import User  # noqa: E402
from assessment.capability import operations as capability  # noqa: E402
from assessment.capability.models import AssessmentCycle  # noqa: E402
from assessment.extensions import db  # noqa: E402
from assessment.organizations.models import Organization  # noqa: E402
from assessment.survey import operations as surveys  # noqa: E402
from assessment.survey.instruments import of_wave  # noqa: E402
from bench.survey_load import Phone, run as survey_load  # noqa: E402
from tests.live_gunicorn import _free_port, token_of  # noqa: E402

SECRET = "bench-secret-key-0123456789-0123456789-0123456789"
GUNICORN = [sys.executable, "-m", "gunicorn", "-w", "1", "-k", "sync", "--log-level", "warning"]


class Form(HTMLParser):
    """The fields a browser would send from a page's POST forms: hidden values kept, the
    first choice of each radio group and of each box list ticked (consent among them),
    text left empty."""

    def __init__(self, page: str):
        super().__init__()
        self.fields: dict[str, str] = {}
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag != "input" or not name:
            return
        if attrs.get("type") == "hidden" or (attrs.get("type") in ("radio", "checkbox")
                                             and name not in self.fields):
            self.fields[name] = attrs.get("value", "")


def start_server(target: str, env: dict) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    server = subprocess.Popen([*GUNICORN, "-b", f"127.0.0.1:{port}", target],
                              cwd=ROOT, env={**os.environ, **env})
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            urllib.request.urlopen(base + "/", timeout=1).close()
            return server, base
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{target} did not start")


def requests_per_second(phones: list[Phone], request, seconds: float) -> float:
    """Each phone sends request(phone) back to back for the given seconds; a request
    counts when it answers with the status the page should give."""
    done = [0] * len(phones)
    stop = time.perf_counter() + seconds

    def hammer(i: int) -> None:
        while time.perf_counter() < stop:
            if request(phones[i]):
                done[i] += 1

    threads = [threading.Thread(target=hammer, args=(i,)) for i in range(len(phones))]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(done) / (time.perf_counter() - started)


def prepare(app) -> dict:
    """Demo data, an open survey and an open cycle with a rater; returns what the pages need."""
    with app.app_context():
        demo.load(hash_method="pbkdf2:sha256:1000")
        harbor = db.session.scalar(db.select(Organization).order_by(Organization.id))
        today = date.today()
        wave = surveys.open_wave(harbor, "Bench survey", today, today + timedelta(days=7), None)
        cycle = capability.start_cycle(harbor, "Bench cycle", today)
        rater = capability.add_rater(cycle, "Bench rater")
        lead = db.session.scalar(db.select(User).where(User.role == "lead"))
        coach = db.session.scalar(db.select(User).where(User.role == "coach"))
        rated = db.session.scalar(db.select(AssessmentCycle).where(
            AssessmentCycle.organization == harbor, AssessmentCycle.name == "2026 follow-up"))
        with app.test_request_context():
            profile = app.url_for("capability.profile", org_id=harbor.id, cycle_id=rated.id)
        return {"wave_code": wave.code, "rater_token": rater.token, "lead": lead.email,
                "coach": coach.email, "profile": profile,
                "sections": len(of_wave(wave).sections),
                "practices": len(capability.cycle_rubric(cycle).practices)}


def survey_phone(base: str, code: str) -> Phone:
    phone = Phone(base)
    phone.get(f"/s/{code}")
    page = phone.get("/survey/")[1]
    phone.post("/survey/start", Form(page).fields)
    return phone


def logged_in_phone(base: str, email: str) -> Phone:
    phone = Phone(base)
    status, _ = phone.post("/login", {"email": email, "password": demo.DEMO_PASSWORD,
                                      "csrf_token": token_of(phone.get("/login")[1])})
    assert status == 302, status
    return phone


def rater_phone(base: str, token: str) -> Phone:
    phone = Phone(base)
    phone.get(f"/rate/{token}")
    return phone


def pages(base: str, facts: dict, connections: int) -> dict:
    """name -> (phones, request, target ratio)."""
    survey = [survey_phone(base, facts["wave_code"]) for _ in range(connections)]
    raters = [rater_phone(base, facts["rater_token"]) for _ in range(connections)]
    leads = [logged_in_phone(base, facts["lead"]) for _ in range(connections)]
    coaches = [logged_in_phone(base, facts["coach"]) for _ in range(connections)]
    anonymous = [Phone(base) for _ in range(connections)]

    # Each phone answers its own page (its own token and response); a save is the POST
    # (the browser then follows the redirect: that is the section GET measured above).
    answered = {id(phone): Form(phone.get("/survey/section/1")[1]).fields for phone in survey}

    def save(phone: Phone) -> bool:
        return phone.post("/survey/section/1", answered[id(phone)])[0] == 302

    return {
        "home page": (anonymous, lambda p: p.get("/")[0] == 200, 0.10),
        "survey section GET": (survey, lambda p: p.get("/survey/section/1")[0] == 200, 0.25),
        "survey section save (POST)": (survey, save, 0.15),
        "rater practice page": (raters, lambda p: p.get("/rate/practices/1")[0] == 200, 0.25),
        "lead profile page": (leads, lambda p: p.get(facts["profile"])[0] == 200, 0.10),
        "coach dashboard": (coaches, lambda p: p.get("/coach/")[0] == 200, 0.10),
    }


def transferred(phone: Phone, path: str) -> tuple[int, str]:
    """Bytes of a page's body as a phone's browser receives it (compressed), and the page."""
    request = urllib.request.Request(phone.base + path,
                                     headers={"Accept-Encoding": "gzip, deflate, br"})
    with phone.opener.open(request, timeout=60) as response:
        body = response.read()
        encoding = response.headers.get("Content-Encoding", "")
    if encoding == "gzip":
        page = gzip.decompress(body)
    elif encoding == "br":
        import brotli
        page = brotli.decompress(body)
    else:
        page = body
    return len(body), page.decode()


def page_weights(base: str, facts: dict, sections: int, practices: int) -> None:
    """Every survey section and every rater page, in both languages, with the stylesheet
    each loads: what a phone downloads the first time (target: 15 KB or less)."""
    heaviest: dict[str, tuple[int, str]] = {}
    for language in ("en", "es"):
        worker = survey_phone(base, facts["wave_code"])
        rater = rater_phone(base, facts["rater_token"])
        for phone in (worker, rater):
            phone.post("/language", {"lang": language, "next": "/",
                                     "csrf_token": token_of(phone.get("/")[1])})
        pages = [(worker, "survey", f"/survey/section/{n}") for n in range(1, sections + 1)]
        pages += [(rater, "rater", f"/rate/practices/{n}") for n in range(1, practices + 1)]
        for phone, kind, path in pages:
            size, page = transferred(phone, path)
            assert f'<html lang="{language}">' in page, path
            stylesheet = re.search(r'<link rel="stylesheet" href="([^"]+)"', page).group(1)
            total = size + transferred(phone, stylesheet)[0]
            if total > heaviest.get(kind, (0, ""))[0]:
                heaviest[kind] = (total, f"{path} ({language})")
    print()
    for kind, (total, where) in heaviest.items():
        verdict = "met" if total <= 15 * 1024 else "NOT met"
        print(f"heaviest {kind} page with its stylesheet, compressed: {total / 1024:.1f} KB, "
              f"{where} (target: 15 KB or less)  {verdict}")


def worker_rss_mb(server: subprocess.Popen) -> float:
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    status = Path(f"/proc/{children[0]}/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--only", default="", help="measure only the pages whose name has this")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = os.environ.get("DATABASE_URL") or f"sqlite:///{folder}/bench.sqlite3"
        instance = Path(folder) / "instance"
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": SECRET,
                          "AUTO_MIGRATE": True}, instance_path=str(instance))
        if os.environ.get("DATABASE_URL"):
            with app.app_context():
                db.drop_all()
            app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": SECRET,
                              "AUTO_MIGRATE": True}, instance_path=str(instance))
        facts = prepare(app)
        env = {"DATABASE_URL": url, "SECRET_KEY": SECRET, "ASSESSMENT_AUTO_MIGRATE": "false",
               "ASSESSMENT_PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
               "ASSESSMENT_LOGIN_FAILURE_LIMIT_CLIENT": "1000",
               "ASSESSMENT_SURVEY_STARTS_PER_CLIENT_HOUR": "100000",
               "ASSESSMENT_SURVEY_STARTS_PER_WAVE_HOUR": "100000"}
        bare, bare_base = start_server("bench.bare_hello:app", {})
        app_server, base = start_server(f"assessment:create_app(instance_path={str(instance)!r})",
                                        env)
        try:
            targets = {name: page for name, page in pages(base, facts, args.connections).items()
                       if args.only in name}
            measure(targets, bare, bare_base, app_server, args)
            page_weights(base, facts, facts["sections"], facts["practices"])
            survey_load(base, facts["wave_code"], workers=200, concurrency=args.connections)
            print(f"\ngunicorn worker resident memory after 200 survey submissions: "
                  f"{worker_rss_mb(app_server):.0f} MB (target: under 100 MB)")
        finally:
            for server in (bare, app_server):
                server.terminate()
                server.wait(timeout=30)


def worker_cpu_seconds(server: subprocess.Popen) -> float:
    """CPU time the app's worker has used: busy near 100 % means the page, not the load
    generator, set the pace."""
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    fields = Path(f"/proc/{children[0]}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure(targets: dict, bare_server: subprocess.Popen, bare_base: str,
            app_server: subprocess.Popen, args) -> None:
    bare_phones = [Phone(bare_base) for _ in range(args.connections)]
    ratios: dict[str, list[float]] = {name: [] for name in targets}
    print(f"{args.connections} connections, {args.seconds:.0f} s per measurement, "
          f"one gunicorn sync worker each\n")
    for round_number in range(1, args.rounds + 1):
        for name, (phones, request, _target) in targets.items():
            cpu_before = worker_cpu_seconds(bare_server)
            bare = requests_per_second(bare_phones, lambda p: p.get("/")[0] == 200,
                                       args.seconds)
            bare_cpu = (worker_cpu_seconds(bare_server) - cpu_before) / args.seconds
            cpu_before = worker_cpu_seconds(app_server)
            page = requests_per_second(phones, request, args.seconds)
            busy = (worker_cpu_seconds(app_server) - cpu_before) / args.seconds
            ratios[name].append(page / bare)
            print(f"round {round_number}  {name:32} {page:7.1f} req/s   bare hello "
                  f"{bare:7.1f} req/s   ratio {page / bare:.3f}   app worker busy "
                  f"{busy:4.0%}, {busy * 1000 / page:.2f} ms CPU per request (bare "
                  f"{bare_cpu * 1000 / bare:.2f})")
    print(f"\n{'page':32} {'median ratio':>12} {'target':>8}")
    for name, (_phones, _request, target) in targets.items():
        median = statistics.median(ratios[name])
        verdict = "met" if median >= target else "NOT met"
        print(f"{name:32} {median:12.3f} {target:>7.2f}x  {verdict}")


if __name__ == "__main__":
    main()

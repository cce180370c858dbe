"""Many workers answering the staff survey at once, over HTTP, as a phone would.

Used by bench/survey_bench.py (200 at once under gunicorn) and by the test suite (a
smaller number against the test server). Standard library only; loopback only.
"""
from __future__ import annotations

import http.cookiejar
import re
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

HIDDEN = r'name="{name}" type="hidden" value="([^"]+)"'
SECTIONS = 5


class Phone:
    """One worker's browser: its own cookies, no redirects followed."""

    def __init__(self, base: str):
        self.base = base
        jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar),
                                                  _NoRedirect())
        self.requests = 0

    def get(self, path: str) -> tuple[int, str]:
        return self._open(urllib.request.Request(self.base + path))

    def post(self, path: str, data: dict) -> tuple[int, str]:
        body = urllib.parse.urlencode(data, doseq=True).encode()
        return self._open(urllib.request.Request(self.base + path, data=body))

    def _open(self, request) -> tuple[int, str]:
        self.requests += 1
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _hidden(page: str, name: str) -> str:
    return re.search(HIDDEN.format(name=name), page).group(1)


def answers_for(section: int) -> dict:
    """Valid answers to the questions of one section of staff-survey v1 (open a v1 wave)."""
    return {
        1: {"q_role_clear": "agree", "q_full_scope": "agree", "q_coworkers_value": "neutral"},
        2: {"q_paths_defined": "disagree", "q_can_advance": "agree",
            "q_explained_at_hire": "strongly_agree", "q_supervisor_goals": "agree",
            "q_mentor": "not_applicable"},
        3: {"q_training_available": "agree", "q_training_advances": "disagree",
            "q_education_support": "neutral", "q_technology": "agree",
            "q_someone_accountable": "agree", "q_asked_each_year": "disagree"},
        4: {"q_barriers": ["low_salary", "burnout"], "q_intent_to_stay": "likely"},
        5: {"q_role": "peer_specialist", "q_preferred_language": "spanish"},
    }[section]


def complete_submission(base: str, code: str) -> int:
    """One worker from the link to the thank-you page; returns the requests made."""
    phone = Phone(base)
    status, _ = phone.get(f"/s/{code}")
    assert status == 302, status
    status, page = phone.get("/survey/")
    assert status == 200, status
    status, _ = phone.post("/survey/start", {"response_id": _hidden(page, "response_id"),
                                             "csrf_token": _hidden(page, "csrf_token")})
    assert status == 302, status
    for section in range(1, SECTIONS + 1):
        status, page = phone.get(f"/survey/section/{section}")
        assert status == 200, status
        status, _ = phone.post(f"/survey/section/{section}", {
            "response_id": _hidden(page, "response_id"),
            "csrf_token": _hidden(page, "csrf_token"), **answers_for(section)})
        assert status == 302, (section, status)
    return phone.requests


def run(base: str, code: str, workers: int, concurrency: int) -> dict:
    """workers complete submissions, concurrency of them at a time."""
    started = time.perf_counter()
    errors, requests = [], 0
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        for future in [pool.submit(complete_submission, base, code) for _ in range(workers)]:
            try:
                requests += future.result()
            except Exception as error:  # noqa: BLE001 - counted and reported, not hidden
                errors.append(repr(error))
    seconds = time.perf_counter() - started
    return {"workers": workers, "requests": requests, "seconds": seconds,
            "requests_per_second": requests / seconds, "errors": errors}

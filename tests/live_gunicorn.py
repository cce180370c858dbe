"""Races tested for real: the app under gunicorn with several worker processes on
127.0.0.1, on the test's own database (its SQLite file, or the PostgreSQL database when
DATABASE_URL is set), and a way to send many requests at the same moment.

    def test_double_tap(app, gunicorn_server):
        base = gunicorn_server()               # http://127.0.0.1:<port>
        results = at_once(10, lambda i: phone.post(...))

Rows are then counted through `app`, as the test's own code reads the database.
"""
from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from typing import Callable, TypeVar

import pytest

from bench.survey_load import Phone
from tests.conftest import PASSWORD, TEST_CONFIG

ROOT = Path(__file__).resolve().parent.parent
T = TypeVar("T")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_until_up(base: str, server: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.returncode}")
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("gunicorn did not answer /healthz in time")


@pytest.fixture
def gunicorn_server(app, shared_instance):
    """gunicorn_server(workers=4, threads=1) -> base URL of the app under gunicorn,
    serving the same database as `app`. Stopped at the end of the test."""
    servers: list[subprocess.Popen] = []

    def start(workers: int = 4, threads: int = 1) -> str:
        port = _free_port()
        env = {
            **os.environ,
            "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
            "SECRET_KEY": TEST_CONFIG["SECRET_KEY"],
            "ASSESSMENT_AUTO_MIGRATE": "false",
            "ASSESSMENT_PASSWORD_HASH_METHOD": TEST_CONFIG["PASSWORD_HASH_METHOD"],
            "ASSESSMENT_LOGIN_FAILURE_LIMIT_CLIENT": "1000",
        }
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-w", str(workers), "--threads", str(threads),
             "-b", f"127.0.0.1:{port}", "--log-level", "warning",
             f"assessment:create_app(instance_path={str(shared_instance)!r})"],
            cwd=ROOT, env=env)
        servers.append(server)
        base = f"http://127.0.0.1:{port}"
        _wait_until_up(base, server)
        return base

    yield start
    for server in servers:
        server.terminate()
    for server in servers:
        server.wait(timeout=30)


def at_once(count: int, action: Callable[[int], T]) -> list[T]:
    """Run action(0) ... action(count - 1) in threads released at the same moment, as a
    double tap or a crowd would; returns their results in order (exceptions re-raised)."""
    barrier = threading.Barrier(count)
    results: list = [None] * count
    errors: list = [None] * count

    def run(i: int) -> None:
        barrier.wait()
        try:
            results[i] = action(i)
        except BaseException as error:  # noqa: BLE001 - handed back to the test
            errors[i] = error

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for error in errors:
        if error is not None:
            raise error
    return results


TOKEN = r'name="csrf_token"[^>]*value="([^"]+)"'


def token_of(page: str) -> str:
    """The CSRF token a page carries."""
    return re.search(TOKEN, page).group(1)


def logged_in_phone(base: str, user) -> Phone:
    """A browser (cookies kept, redirects not followed) logged in as user."""
    phone = Phone(base)
    status, _ = phone.post("/login", {"email": user.email, "password": PASSWORD,
                                      "csrf_token": token_of(phone.get("/login")[1])})
    assert status == 302
    return phone

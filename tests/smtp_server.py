"""A real SMTP server on 127.0.0.1 for the test run (aiosmtpd), and an app that sends
to it. Import the fixtures into a test module: `from tests.smtp_server import ...`."""
from __future__ import annotations

import re
import socket
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest

from tests.conftest import database_url_for_test, make_app


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Inbox:
    """What reached the server, parsed."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd handler hook
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        self.messages.append(message_from_bytes(envelope.original_content or envelope.content,
                                                policy=policy.default))
        return "250 OK"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if address in m["To"]]

    @staticmethod
    def text(message: EmailMessage) -> str:
        return message.get_body(("plain",)).get_content()

    @staticmethod
    def html(message: EmailMessage) -> str:
        return message.get_body(("html",)).get_content()

    @classmethod
    def link(cls, message: EmailMessage) -> str:
        """The path of the first link of this site in the plain text."""
        return re.search(r"https?://[^/\s]+(/\S+)", cls.text(message)).group(1)


class SmtpServer:
    def __init__(self) -> None:
        self.port = free_port()
        self.inbox = Inbox()
        self.controller = None

    def start(self) -> None:
        from aiosmtpd.controller import Controller

        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp_server():
    server = SmtpServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def mail_app(migrated_database, shared_instance, tmp_path, smtp_server):
    """The app, set up to send through the test's SMTP server."""
    from assessment.extensions import db
    from tests.conftest import SERVER_DATABASE_URL, empty_server_database

    app = make_app(database_url_for_test(migrated_database, tmp_path), shared_instance,
                   MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp_server.port, MAIL_SECURITY="none",
                   MAIL_FROM="Career Pathways <cpa@example.org>", MAIL_TIMEOUT=5)
    yield app
    with app.app_context():
        if SERVER_DATABASE_URL:
            empty_server_database()
        db.engine.dispose()


def send_mail(app, *args: str):
    result = app.test_cli_runner().invoke(args=["send-mail", *args])
    return result

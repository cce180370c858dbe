"""Survey waves and their anonymous responses.

A response holds no account, address, browser, cookie or time finer than the day: only
the days it was started and sent, the language it was finished in, and, while it is in
progress, the worker's own keys to it (a random id and the digest of their resume code)
and their answers so far, kept as a draft. Sending writes the answers as rows and forgets
both keys, so nothing the worker's browser kept leads back to the sent answers.

Responses, answers and written answers have random keys, so no key tells in what order
people started or sent. On SQLite these tables are stored in key order (WITHOUT ROWID),
so the file's row order tells nothing either; on PostgreSQL rows sit in the order they
were written, so a closed wave's rows are written again, shuffled, under new keys.
"""
from __future__ import annotations

import secrets
from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..capability.models import AssessmentCycle
from ..clock import utcnow
from ..extensions import db
from ..organizations.models import Organization

KEY_LENGTH = 32
# SQLite keeps these tables in key order, not in the order rows were written.
IN_KEY_ORDER = {"sqlite_with_rowid": False}


def random_key() -> str:
    """A key that says nothing about when its row was written."""
    return secrets.token_hex(KEY_LENGTH // 2)


def is_closed_on(closes_on: date, closed_on: date | None, today: date) -> bool:
    """Closed after its last planned day, or from the day a lead closed it."""
    return closed_on is not None or today > closes_on


def is_open_on(opens_on: date, closes_on: date, closed_on: date | None, today: date) -> bool:
    return opens_on <= today and not is_closed_on(closes_on, closed_on, today)


class SurveyWave(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organization.id", ondelete="CASCADE"), index=True)
    cycle_id: Mapped[int | None] = mapped_column(
        ForeignKey("assessment_cycle.id", ondelete="SET NULL"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    code: Mapped[str] = mapped_column(String(16), unique=True)
    opens_on: Mapped[date]
    closes_on: Mapped[date]             # the last day planned when it was opened
    closed_on: Mapped[date | None]      # the day a lead closed it, when before that
    questionnaire_id: Mapped[str] = mapped_column(String(40))
    questionnaire_version: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Once closed, its sent rows are written again in random order (see operations.seal).
    sealed: Mapped[bool] = mapped_column(default=False)
    # A response needs one of the wave's single-use invitation codes (invitations.py).
    invitation_codes: Mapped[bool] = mapped_column(default=False)

    organization: Mapped[Organization] = relationship()
    cycle: Mapped[AssessmentCycle | None] = relationship()

    def is_open(self, today: date) -> bool:
        return is_open_on(self.opens_on, self.closes_on, self.closed_on, today)

    def is_closed(self, today: date) -> bool:
        return is_closed_on(self.closes_on, self.closed_on, today)

    @property
    def last_day(self) -> date:
        """The day it really closed, or the last day planned."""
        return self.closed_on if self.closed_on is not None else self.closes_on


class SurveyResponse(db.Model):
    # Sent responses counted per survey (the coach's pages) from the index alone.
    __table_args__ = (Index("ix_survey_response_wave_sent", "wave_id", "submitted_on"),
                      IN_KEY_ORDER)

    id: Mapped[str] = mapped_column(String(KEY_LENGTH), primary_key=True, default=random_key)
    wave_id: Mapped[int] = mapped_column(ForeignKey("survey_wave.id", ondelete="CASCADE"),
                                         index=True)
    # The worker's keys, both forgotten when the response is sent.
    public_id: Mapped[str | None] = mapped_column(String(36), unique=True)
    resume_digest: Mapped[str | None] = mapped_column(String(64), unique=True)
    language: Mapped[str] = mapped_column(String(2))
    started_on: Mapped[date]
    submitted_on: Mapped[date | None]
    # Answers so far (JSON: item id -> choice, choices or text) until the response is sent.
    draft: Mapped[str | None] = mapped_column(Text)

    wave: Mapped[SurveyWave] = relationship()
    answers: Mapped[list["SurveyAnswer"]] = relationship(
        back_populates="response", cascade="all, delete-orphan", passive_deletes=True)


class SurveyAnswer(db.Model):
    """One sent answer with choices: a choice id, one row per choice of a multiple choice.
    Written once, when the response is sent; the same answer can never be stored twice."""

    __table_args__ = (UniqueConstraint("response_id", "item_id", "value",
                                       name="uq_survey_answer_response_item_value"),
                      IN_KEY_ORDER)

    id: Mapped[str] = mapped_column(String(KEY_LENGTH), primary_key=True, default=random_key)
    response_id: Mapped[str] = mapped_column(
        ForeignKey("survey_response.id", ondelete="CASCADE"))
    item_id: Mapped[str] = mapped_column(String(40))
    value: Mapped[str] = mapped_column(String(40))

    response: Mapped[SurveyResponse] = relationship(back_populates="answers")


class SurveyOpenAnswer(db.Model):
    """A sent written answer. Kept apart from the response it came from: written answers
    are never broken down by anything, so nothing links them to the other answers."""

    __table_args__ = (IN_KEY_ORDER,)

    id: Mapped[str] = mapped_column(String(KEY_LENGTH), primary_key=True, default=random_key)
    wave_id: Mapped[int] = mapped_column(ForeignKey("survey_wave.id", ondelete="CASCADE"),
                                         index=True)
    item_id: Mapped[str] = mapped_column(String(40))
    value: Mapped[str] = mapped_column(Text)


class SurveyTally(db.Model):
    """How many sent responses of a wave gave each answer to each question, and how many
    people agree or not on each practice (item id "practice:<id>", see agreement.py).
    Kept as each response is sent (sent answers never change), so reports across hundreds
    of surveys read a few thousand counts instead of millions of answers. Every row of a
    wave is made, at 0, when the wave is opened, so row ids tell nothing about who sent
    what first."""

    __table_args__ = (UniqueConstraint("wave_id", "item_id", "value",
                                       name="uq_survey_tally_wave_item_value"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    wave_id: Mapped[int] = mapped_column(ForeignKey("survey_wave.id", ondelete="CASCADE"),
                                         index=True)
    item_id: Mapped[str] = mapped_column(String(40))
    value: Mapped[str] = mapped_column(String(40))
    count: Mapped[int] = mapped_column(default=0)


class SurveyStartCount(db.Model):
    """How many responses were started in one hour under one key: a keyed digest of a
    wave and a client's address, or of a wave alone. Nothing here names a response, and
    rows are deleted once their hour is over (see limits.py)."""

    key_digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    hour: Mapped[datetime] = mapped_column(primary_key=True, index=True)
    count: Mapped[int] = mapped_column(default=0)

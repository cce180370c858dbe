"""Survey waves and their anonymous responses.

A response holds no account, address, browser, cookie or time finer than the day: only a
random id (the respondent's own key to it), the digest of their resume code, the language
they answered in, and the days it was started and sent.
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..capability.models import AssessmentCycle
from ..clock import utcnow
from ..extensions import db
from ..organizations.models import Organization


class SurveyWave(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organization.id", ondelete="CASCADE"), index=True)
    cycle_id: Mapped[int | None] = mapped_column(
        ForeignKey("assessment_cycle.id", ondelete="SET NULL"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    code: Mapped[str] = mapped_column(String(16), unique=True)
    opens_on: Mapped[date]
    closes_on: Mapped[date]
    questionnaire_id: Mapped[str] = mapped_column(String(40))
    questionnaire_version: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    organization: Mapped[Organization] = relationship()
    cycle: Mapped[AssessmentCycle | None] = relationship()

    def is_open(self, today: date) -> bool:
        return self.opens_on <= today <= self.closes_on


class SurveyResponse(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    wave_id: Mapped[int] = mapped_column(ForeignKey("survey_wave.id", ondelete="CASCADE"),
                                         index=True)
    public_id: Mapped[str] = mapped_column(String(36), unique=True)
    resume_digest: Mapped[str] = mapped_column(String(64), unique=True)
    language: Mapped[str] = mapped_column(String(2))
    started_on: Mapped[date]
    submitted_on: Mapped[date | None]
    final_digest: Mapped[str | None] = mapped_column(String(64))

    wave: Mapped[SurveyWave] = relationship()
    answers: Mapped[list["SurveyAnswer"]] = relationship(
        back_populates="response", cascade="all, delete-orphan")


class SurveyAnswer(db.Model):
    """One answer: a choice id, one row per choice of a multiple choice, or free text."""

    __table_args__ = (Index("ix_survey_answer_item_value", "item_id", "value"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(
        ForeignKey("survey_response.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[str] = mapped_column(String(40))
    value: Mapped[str] = mapped_column(Text)

    response: Mapped[SurveyResponse] = relationship(back_populates="answers")


class SurveyTally(db.Model):
    """How many sent responses of a wave gave each answer to each question. Kept as each
    response is sent (sent answers never change), so reports across hundreds of surveys
    read a few thousand counts instead of millions of answers."""

    __table_args__ = (UniqueConstraint("wave_id", "item_id", "value",
                                       name="uq_survey_tally_wave_item_value"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    wave_id: Mapped[int] = mapped_column(ForeignKey("survey_wave.id", ondelete="CASCADE"),
                                         index=True)
    item_id: Mapped[str] = mapped_column(String(40))
    value: Mapped[str] = mapped_column(String(40))
    count: Mapped[int] = mapped_column(default=0)

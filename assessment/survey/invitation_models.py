"""Single-use invitation codes of a wave, and the record of the cards printed.

An invitation is only the keyed digest of its code and whether it was used: no id, no
time, nothing naming a response. The digest is the key, so on SQLite the table is stored
in digest order (random), and once the wave closes its rows are written again, shuffled,
with the wave's responses (invitations.reshuffle), so neither the row order nor the
transaction that wrote a row tells in what order codes were used.
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .models import IN_KEY_ORDER


class SurveyInvitation(db.Model):
    __table_args__ = (IN_KEY_ORDER,)

    digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    wave_id: Mapped[int] = mapped_column(ForeignKey("survey_wave.id", ondelete="CASCADE"),
                                         index=True)
    used: Mapped[bool] = mapped_column(default=False)


class SurveyCardBatch(db.Model):
    """How many cards were made on a day: the lead and the coach see every batch, so
    cards printed beyond the staff's number show."""

    id: Mapped[int] = mapped_column(primary_key=True)
    wave_id: Mapped[int] = mapped_column(ForeignKey("survey_wave.id", ondelete="CASCADE"),
                                         index=True)
    made_on: Mapped[date]
    count: Mapped[int]

"""Scoring rules for the capability self-assessment, as the "How scores work" page tells them.

Plain functions over plain data: the profile page, the PDF and the exports use them alike.
"""
from __future__ import annotations

from dataclasses import dataclass
from statistics import mean
from typing import Iterable, Mapping

# Raters this many levels apart on one practice do not agree.
LOW_AGREEMENT_GAP = 2
LOW_AGREEMENT, ONE_RATER, AGREED = "low_agreement", "one_rater", "agreed"
# The team says Well- or Fully Developed...
BLIND_SPOT_LEVEL = 3
# ...but fewer than this share of staff agree.
BLIND_SPOT_SHARE = 0.5


@dataclass(frozen=True)
class PracticeScore:
    practice_id: str
    level: int | None        # the median of the raters' levels; None when nobody chose one
    lowest: int | None
    highest: int | None
    rater_count: int         # raters who chose a level
    not_sure_count: int

    @property
    def low_agreement(self) -> bool:
        return self.level is not None and self.highest - self.lowest >= LOW_AGREEMENT_GAP

    @property
    def agreement(self) -> str | None:
        """LOW_AGREEMENT, ONE_RATER (no one to agree or disagree with), AGREED, or None
        when nobody chose a level."""
        if self.level is None:
            return None
        if self.low_agreement:
            return LOW_AGREEMENT
        return ONE_RATER if self.rater_count == 1 else AGREED


@dataclass(frozen=True)
class Profile:
    practices: tuple[PracticeScore, ...]

    @property
    def complete(self) -> bool:
        return all(p.level is not None for p in self.practices)

    @property
    def overall_level(self) -> int | None:
        """The highest level every practice reaches (a staged maturity level)."""
        return min(p.level for p in self.practices) if self.complete else None

    @property
    def mean_index(self) -> float | None:
        """The mean of the practice levels, 1.0 to 4.0."""
        return round(mean(p.level for p in self.practices), 2) if self.complete else None

    def practice(self, practice_id: str) -> PracticeScore:
        return next(p for p in self.practices if p.practice_id == practice_id)


def lower_median(values: Iterable[int]) -> int | None:
    """The middle value; of the two middle values of an even count, the lower."""
    ordered = sorted(values)
    if not ordered:
        return None
    return ordered[(len(ordered) - 1) // 2]


def score_practice(practice_id: str, answers: Iterable[int | None]) -> PracticeScore:
    """answers: one per rater, a level 1-4 or None for "not sure" (left out of the level)."""
    answers = list(answers)
    levels = [a for a in answers if a is not None]
    return PracticeScore(
        practice_id=practice_id,
        level=lower_median(levels),
        lowest=min(levels, default=None),
        highest=max(levels, default=None),
        rater_count=len(levels),
        not_sure_count=len(answers) - len(levels),
    )


def score_cycle(practice_ids: Iterable[str],
                answers: Mapping[str, Iterable[int | None]]) -> Profile:
    """answers: practice id -> the raters' answers to it."""
    return Profile(tuple(score_practice(pid, answers.get(pid, ())) for pid in practice_ids))


def is_blind_spot(team_level: int | None, staff_share_agreeing: float | None) -> bool:
    """The team rates a practice highly but fewer than half of staff agree."""
    return (team_level is not None and staff_share_agreeing is not None
            and team_level >= BLIND_SPOT_LEVEL and staff_share_agreeing < BLIND_SPOT_SHARE)


def change_since(baseline: Profile, latest: Profile) -> dict[str, int | None]:
    """Level change per practice; None where either cycle has no level for it."""
    changes = {}
    for score in latest.practices:
        before = baseline.practice(score.practice_id).level
        changes[score.practice_id] = (
            None if before is None or score.level is None else score.level - before)
    return changes

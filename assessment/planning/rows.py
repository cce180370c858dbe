"""The plan as the Implementation Tool lays it out: one row per practice, 01 to 07, in the
tool's order, each with its steps; then the organization's own items. The page and the PDF
both read these rows."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from ..capability.rubric import Practice, Rubric
from ..capability.scoring import Profile
from .models import PlanItem


@dataclass(frozen=True)
class PracticeRow:
    number: str                 # "01" to "07"; "" for the organization's own items
    practice: Practice | None   # None: the organization's own items
    level: int | None           # the practice's level in this cycle
    items: tuple[PlanItem, ...]  # its steps, lowest level first


def practice_rows(items: Iterable[PlanItem], rubric: Rubric, profile: Profile) -> list[PracticeRow]:
    items = list(items)
    rows = [PracticeRow(f"{practice.number:02d}", practice,
                        profile.practice(practice.id).level,
                        tuple(sorted((i for i in items if i.practice_id == practice.id),
                                     key=lambda i: (i.from_level or 0, i.position))))
            for practice in rubric.practices]
    own = tuple(i for i in items if rubric.practice(i.practice_id or "") is None)
    if own:
        rows.append(PracticeRow("", None, None, own))
    return rows

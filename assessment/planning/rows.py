"""The plan as the Implementation Tool lays it out: one row per practice, 01 to 07, in the
tool's order, each with its steps; then the organization's own items. The page and the PDF
both read these rows."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from ..capability.rubric import Practice, Rubric
from ..capability.scoring import Profile
from .generator import BUCKETS
from .models import PlanItem


@dataclass(frozen=True)
class PracticeRow:
    number: str                 # "01" to "07"; "" for the organization's own items
    practice: Practice | None   # None: the organization's own items
    level: int | None           # the practice's level in this cycle
    items: tuple[PlanItem, ...]  # its steps, lowest level first

    @property
    def reasons(self) -> tuple[str, ...]:
        """Why the plan put the practice where it is (the same for each of its steps)."""
        codes = self.items[0].reasons if self.items and self.practice else ""
        return tuple(code for code in codes.split(",") if code)

    @property
    def crowded(self) -> bool:
        """True when two of its climbing steps share a period, or a higher step comes
        before a lower one: the plan's one-level-per-period pacing was edited away."""
        periods = [BUCKETS.index(item.bucket) for item in self.items
                   if item.from_level and item.from_level < 4]
        return any(later <= earlier for earlier, later in zip(periods, periods[1:]))


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

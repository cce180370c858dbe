"""Sorting, filtering and flagging a coach's portfolio rows: plain functions."""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from ..capability.yearly import DUE, OVERDUE
from .queries import PortfolioRow

# What each sort orders by; None (nothing known yet) always goes last.
SORT_KEYS = {
    "name": lambda r: r.name.lower(),
    "level": lambda r: r.overall_level,
    "mean": lambda r: r.mean_index,
    "responses": lambda r: r.responses,
    "overdue": lambda r: r.overdue if r.has_plan else None,
    "activity": lambda r: r.last_activity,
}
ATTENTION = ("reply", "no_cycle", "reassess_overdue", "overdue", "blind_spot", "low_agreement",
             "level_1", "went_down", "reassess_due", "no_plan", "no_survey")


def needs_attention(row: PortfolioRow) -> list[str]:
    """What a coach should look at first, most pressing first."""
    needs = []
    if row.awaiting_reply:
        needs.append("reply")
    if row.cycle_id is None:
        needs.append("no_cycle")
    if row.reassess_state == OVERDUE:
        needs.append("reassess_overdue")
    if row.overdue:
        needs.append("overdue")
    if row.blind_spot_practices:
        needs.append("blind_spot")
    if row.low_agreement_practices:
        needs.append("low_agreement")
    if row.level_1_practices:
        needs.append("level_1")
    if row.went_down:
        needs.append("went_down")
    if row.reassess_state == DUE:
        needs.append("reassess_due")
    if row.cycle_id is not None and not row.has_plan:
        needs.append("no_plan")
    if row.responses == 0:
        needs.append("no_survey")
    return needs


def folded(text: str) -> str:
    """Lower case without accents, so "pena" finds "Peña"."""
    return "".join(ch for ch in unicodedata.normalize("NFKD", text.lower())
                   if not unicodedata.combining(ch))


def arrange(rows: list[PortfolioRow], sort: str = "name", descending: bool = False,
            search: str = "", level: int | None = None, need: str | None = None
            ) -> list[PortfolioRow]:
    """The rows that match, sorted. Flags (row.needs) are worked out when filtering by one
    needs them; a page works out those of the rows it shows."""
    if need is not None:
        for row in rows:
            row.needs = needs_attention(row)
    chosen = [r for r in rows
              if folded(search) in folded(r.name)
              and (level is None or r.overall_level == level)
              and (need is None or need in r.needs)]
    key = SORT_KEYS.get(sort, SORT_KEYS["name"])
    by_name = sorted(chosen, key=lambda r: r.name.lower())
    known = sorted((r for r in by_name if key(r) is not None), key=key, reverse=descending)
    return known + [r for r in by_name if key(r) is None]


# What each sort and filter reads, as parts of a row (queries.PARTS): a page computes these
# for every organization, and the other parts for the organizations it shows only.
SORT_PARTS = {"name": (), "level": ("cycles", "scores"), "mean": ("cycles", "scores"),
              "responses": ("cycles", "survey"), "overdue": ("plan",), "activity": ("activity",)}
LEVEL_PARTS = ("cycles", "scores")

PER_PAGE = 50


@dataclass(frozen=True)
class Page:
    """One page of a list: its number (from 1), how many pages, and which items it shows."""
    number: int
    count: int
    total: int      # items across all pages
    per_page: int = PER_PAGE

    @property
    def start(self) -> int:
        """Index of the first item shown (from 0)."""
        return (self.number - 1) * self.per_page

    @property
    def first(self) -> int:
        """Position of the first item shown, counted from 1 (0 when there is none)."""
        return self.start + 1 if self.total else 0

    @property
    def last(self) -> int:
        return min(self.total, self.start + self.per_page)

    def cut(self, items: list) -> list:
        return items[self.start:self.start + self.per_page]

    def numbers(self, around: int = 2) -> list[int | None]:
        """The page numbers to link: the first, the last and those near this one; None
        where some are left out."""
        shown = sorted({1, self.count, *range(max(1, self.number - around),
                                              min(self.count, self.number + around) + 1)})
        numbers: list[int | None] = []
        for n in shown:
            if numbers and n - numbers[-1] > 1:
                numbers.append(None)
            numbers.append(n)
        return numbers


def page_of(total: int, requested: int | None, per_page: int = PER_PAGE) -> Page:
    """The page asked for; past the end, the last page (a link kept after organizations
    were removed still shows something), before the start or unreadable, the first."""
    count = max(1, -(-total // per_page))
    return Page(min(max(requested or 1, 1), count), count, total, per_page)


def parts_for(sort: str, level: int | None, need: str | None) -> set[str]:
    """The parts of every organization's row a sort and filter read."""
    if need is not None:
        return {"cycles", "scores", "plan", "weak", "survey", "reassess", "activity", "reply"}
    return set(SORT_PARTS.get(sort, ())) | (set(LEVEL_PARTS) if level is not None else set())

"""Sorting, filtering and flagging a coach's portfolio rows: plain functions."""
from __future__ import annotations

from datetime import datetime

from .queries import PortfolioRow

SORT_KEYS = {
    "name": lambda r: r.name.lower(),
    "level": lambda r: (r.overall_level is None, r.overall_level or 0),
    "mean": lambda r: (r.mean_index is None, r.mean_index or 0),
    "responses": lambda r: r.responses,
    "overdue": lambda r: r.overdue,
    "activity": lambda r: r.last_activity or datetime.min,
}
ATTENTION = ("no_cycle", "overdue", "level_1", "no_survey")


def needs_attention(row: PortfolioRow) -> list[str]:
    """What a coach should look at first, most pressing first."""
    needs = []
    if row.cycle_id is None:
        needs.append("no_cycle")
    if row.overdue:
        needs.append("overdue")
    if row.overall_level == 1:
        needs.append("level_1")
    if row.responses == 0:
        needs.append("no_survey")
    return needs


def arrange(rows: list[PortfolioRow], sort: str = "name", descending: bool = False,
            search: str = "", level: int | None = None, need: str | None = None
            ) -> list[PortfolioRow]:
    for row in rows:
        row.needs = needs_attention(row)
    chosen = [r for r in rows
              if search.lower() in r.name.lower()
              and (level is None or r.overall_level == level)
              and (need is None or need in r.needs)]
    return sorted(chosen, key=SORT_KEYS.get(sort, SORT_KEYS["name"]), reverse=descending)

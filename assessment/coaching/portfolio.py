"""Sorting, filtering and flagging a coach's portfolio rows: plain functions."""
from __future__ import annotations

import unicodedata

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

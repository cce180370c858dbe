"""The coach's lists one page at a time: sort keys and filters are computed for every
organization, full rows only for the organizations a page shows."""
from __future__ import annotations

from typing import Iterator

from . import queries
from .portfolio import Page, arrange, folded, needs_attention, page_of, parts_for
from .queries import PARTS, Facts, PortfolioRow


def portfolio_page(org_ids: list[int], facts: Facts, sort: str = "name",
                   descending: bool = False, search: str = "", level: int | None = None,
                   need: str | None = None, page: int | None = None
                   ) -> tuple[list[PortfolioRow], Page]:
    """The rows of one page of the sorted, filtered portfolio, complete, and the page."""
    rows = queries.bare_rows(org_ids)
    if search:  # the cheapest filter first: fewer organizations for every part
        wanted = folded(search)
        rows = {org_id: row for org_id, row in rows.items() if wanted in folded(row.name)}
    early = parts_for(sort, level, need)
    queries.fill(rows, early, facts)
    chosen = arrange(list(rows.values()), sort, descending, "", level, need)
    shown_page = page_of(len(chosen), page)
    shown = shown_page.cut(chosen)
    queries.fill({row.organization_id: row for row in shown},
                 [part for part in PARTS if part not in early], facts)
    for row in shown:
        row.needs = needs_attention(row)
    return shown, shown_page


def ids_by_name(org_ids: list[int]) -> list[int]:
    """The organizations in name order, as arrange sorts them, read as ids and names only."""
    return [org_id for org_id, _name in sorted(queries.names(org_ids),
                                               key=lambda item: item[1].lower())]


def names_page(org_ids: list[int], page: int | None) -> tuple[list[PortfolioRow], Page]:
    """One page of organizations by name, with nothing but their names: rows are made for
    the page's organizations only."""
    ordered = ids_by_name(org_ids)
    shown_page = page_of(len(ordered), page)
    shown = shown_page.cut(ordered)
    rows = queries.bare_rows(shown)
    return [rows[org_id] for org_id in shown], shown_page


def every_row_by_name(org_ids: list[int], facts: Facts,
                      chunk: int = 50) -> Iterator[PortfolioRow]:
    """Every organization's full row by name (as arrange sorts them), computed a chunk at a
    time: an export sends the first rows before the last are read, and only a chunk's full
    rows are held at once."""
    ordered = ids_by_name(org_ids)
    for start in range(0, len(ordered), chunk):
        part = ordered[start:start + chunk]
        rows = queries.bare_rows(part)
        queries.fill(rows, PARTS, facts)
        yield from (rows[org_id] for org_id in part)

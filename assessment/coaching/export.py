"""CSV exports for a coach's cohort: spreadsheet-safe, UTF-8, no raw survey responses."""
from __future__ import annotations

import csv
import io
from typing import Iterable

# A cell starting with one of these is run as a formula by spreadsheet programs.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """Text that a spreadsheet would read as a formula is prefixed with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def to_csv(header: list[str], rows: Iterable[list]) -> bytes:
    """UTF-8 with a byte-order mark, so spreadsheet programs keep accents and ñ."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([neutralise(str(cell)) for cell in header])
    for row in rows:
        writer.writerow([neutralise("" if cell is None else cell) for cell in row])
    return buffer.getvalue().encode("utf-8-sig")

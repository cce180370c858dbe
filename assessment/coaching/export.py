"""CSV exports for a coach's cohort: spreadsheet-safe, UTF-8, no raw survey responses."""
from __future__ import annotations

import csv
import io
from typing import Iterable, Iterator

# A cell starting with one of these is run as a formula by spreadsheet programs.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """Text that a spreadsheet would read as a formula is prefixed with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def to_csv(header: list[str], rows: Iterable[list]) -> bytes:
    """The whole file at once (see csv_chunks)."""
    return b"".join(csv_chunks(header, rows))


def csv_chunks(header: list[str], rows: Iterable[list], rows_per_chunk: int = 200
               ) -> Iterator[bytes]:
    """A CSV file a few hundred rows at a time, the header first, so a download starts
    before the last row is read. UTF-8 with a byte-order mark, so spreadsheet programs
    keep accents and ñ."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([neutralise(str(cell)) for cell in header])
    yield buffer.getvalue().encode("utf-8-sig")
    chunk: list[list] = []
    for row in rows:
        chunk.append([neutralise("" if cell is None else cell) for cell in row])
        if len(chunk) == rows_per_chunk:
            yield _encoded(chunk)
            chunk = []
    if chunk:
        yield _encoded(chunk)


def _encoded(rows: list[list]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode("utf-8")

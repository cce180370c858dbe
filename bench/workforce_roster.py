"""Read and aggregate a 10,000-row staff roster, as an upload does (target: under 2 s).

    .venv/bin/python bench/workforce_roster.py

Times the CSV and the XLSX path separately: parsing the file, then the period's aggregates
with the small-group rule across five splits. No database, no server. The XLSX is written
by openpyxl, with inline strings, which openpyxl reads more slowly than the shared strings
Excel writes: the XLSX figure is the pessimistic one. CPU time is printed beside the wall
time, since other work on the machine inflates the latter.
"""
from __future__ import annotations

import io
import random
import time

from openpyxl import Workbook

from assessment.workforce import aggregate
from assessment.workforce.metrics import Period
from assessment.workforce.roster import COLUMNS, read_file

ROWS = 10_000
TARGET = 2.0
ROLES = ["Peer specialist", "Senior peer specialist", "Peer supervisor", "Program manager",
         "Community health worker", "Parent partner"]


def roster_rows(rng: random.Random) -> list[list[str]]:
    rows = [[english for english, _spanish in COLUMNS.values()]]
    for _ in range(ROWS):
        start = f"{rng.randint(1, 12)}/{rng.randint(1, 28)}/{rng.randint(2012, 2025)}"
        left = rng.random() < 0.2
        rows.append([
            rng.choice(ROLES), rng.choice(["Clinical", "Community", "Leadership"]), start,
            f"{rng.randint(1, 12)}/{rng.randint(1, 28)}/26" if left else "",
            rng.choice(["voluntary", "involuntary", ""]) if left else "",
            f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}" if rng.random() < 0.1 else "",
            rng.choice(["full time", "part time"]), f"{rng.uniform(16, 40):.2f}",
            rng.choice(["F", "M", "F", "Nonbinary"]),
            rng.choice(["Latino", "Black", "White", "Asian", "Native American", ""]),
            str(rng.randint(5, 30)),
        ])
    return rows


def as_csv(rows) -> bytes:
    return "\n".join(",".join(row) for row in rows).encode()


def as_xlsx(rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def timed(name: str, filename: str, data: bytes) -> float:
    began, began_cpu = time.perf_counter(), time.process_time()
    roster = read_file(filename, data)
    read = time.perf_counter() - began
    summary = aggregate.summarize(roster.people, Period(2026))
    total = time.perf_counter() - began
    cpu = time.process_time() - began_cpu  # what a busy machine does not inflate
    assert len(roster.people) + len(roster.problems) >= ROWS - 1
    print(f"{name}: {len(data) / 1e6:.1f} MB, {roster.rows} rows, read {read:.2f} s, "
          f"read and aggregated {total:.2f} s (CPU {cpu:.2f} s) "
          f"({summary['counts']['headcount_end']} people at the end) "
          f"{'OK' if total < TARGET else 'OVER TARGET'} (target {TARGET:.0f} s)")
    return total


def main() -> None:
    rows = roster_rows(random.Random(14))
    timed("CSV ", "roster.csv", as_csv(rows))
    timed("XLSX", "roster.xlsx", as_xlsx(rows))


if __name__ == "__main__":
    main()

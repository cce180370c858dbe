"""Reading a de-identified staff roster (CSV or XLSX): one row per person, no names.

Plain functions, no Flask. Problems are RosterProblem codes with the row and column they
concern; workforce/messages.py words them in the reader's language. The roster is read in
memory and never written anywhere: only the aggregates (aggregate.py) are kept.
"""
from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import lru_cache

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 50_000
MAX_LISTED_PROBLEMS = 50

# Column key -> (English header, Spanish header). Both are accepted, in any order.
COLUMNS: dict[str, tuple[str, str]] = {
    "role": ("Role", "Puesto"),
    "track": ("Track", "Trayectoria"),
    "start_date": ("Start date", "Fecha de inicio"),
    "end_date": ("End date", "Fecha de salida"),
    "reason": ("Reason for leaving", "Motivo de salida"),
    "promotion_dates": ("Promotion dates", "Fechas de ascenso"),
    "hours": ("Full or part time", "Tiempo completo o parcial"),
    "hourly_pay": ("Hourly pay", "Pago por hora"),
    "gender": ("Gender", "Género"),
    "race_ethnicity": ("Race or ethnicity", "Raza u origen étnico"),
    "caseload": ("Caseload", "Número de casos asignados"),
}
REQUIRED = ("role", "start_date")
EARLIEST, LATEST = date(1950, 1, 1), date(2100, 12, 31)


@lru_cache(maxsize=4096)  # the same few words (reasons, genders, hours) fill every row
def _plain(text: str) -> str:
    """Header or value as compared: no accents, case, or repeated spaces."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[\s_]+", " ", text).strip().casefold()


HEADERS = {_plain(name): key for key, names in COLUMNS.items() for name in names}
VOLUNTARY = {_plain(v) for v in ("voluntary", "voluntario", "voluntaria", "quit", "resigned",
                                 "resignation", "renuncia", "renuncio", "renuncio/a",
                                 "renunciada", "v")}
INVOLUNTARY = {_plain(v) for v in ("involuntary", "involuntario", "involuntaria", "dismissed",
                                   "terminated", "termination", "fired", "laid off",
                                   "despido", "despedido", "despedida", "despedido/a", "i")}
FULL_TIME = {_plain(v) for v in ("full", "full time", "full-time", "ft", "tiempo completo",
                                 "completo")}
PART_TIME = {_plain(v) for v in ("part", "part time", "part-time", "pt", "tiempo parcial",
                                 "medio tiempo", "parcial")}
WOMEN = {_plain(v) for v in ("female", "f", "woman", "women", "mujer", "femenino")}
MEN = {_plain(v) for v in ("male", "m", "man", "men", "hombre", "masculino")}


@dataclass(frozen=True)
class RosterProblem:
    code: str
    row: int | None = None          # as numbered in a spreadsheet program: the header is 1
    column: str | None = None       # a column key, or a header as written
    value: str = ""


class RosterError(Exception):
    """The whole file cannot be read (empty, too large, formulas, several sheets...)."""

    def __init__(self, problem: RosterProblem):
        super().__init__(problem.code)
        self.problem = problem


@dataclass(frozen=True)
class Person:
    row: int
    role: str
    start: date
    track: str | None = None
    end: date | None = None
    reason: str | None = None          # "voluntary", "involuntary" or None
    promotions: tuple[date, ...] = ()
    part_time: bool | None = None
    hourly_pay: Decimal | None = None
    gender: str | None = None          # "female", "male" or the words given
    race_ethnicity: str | None = None
    caseload: Decimal | None = None


@dataclass
class Roster:
    columns: list[str]                          # keys read, in the file's order
    people: list[Person] = field(default_factory=list)
    problems: list[RosterProblem] = field(default_factory=list)
    rows: int = 0


# ---------------------------------------------------------------- files to rows

def read_file(filename: str, data: bytes) -> Roster:
    """The roster in a CSV or XLSX file's bytes; RosterError when the file as a whole is wrong."""
    if len(data) > MAX_BYTES:
        raise RosterError(RosterProblem("too_large"))
    if not data.strip():
        raise RosterError(RosterProblem("empty"))
    if filename.lower().endswith(".xlsx") or data[:2] == b"PK":
        rows = _xlsx_rows(data)
    elif filename.lower().endswith((".csv", ".txt")):
        rows = _csv_rows(data)
    else:
        raise RosterError(RosterProblem("file_type"))
    return read_rows(rows)


def _csv_rows(data: bytes) -> list[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")  # Excel's "CSV" on Windows
    first = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count)  # Spanish Excel separates with ";"
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


def _xlsx_rows(data: bytes) -> list[list[object]]:
    # Imported here: only uploads need it, and it is the slowest import of the app.
    from openpyxl import load_workbook

    try:
        # data_only=False: formulas must be seen to be refused; their cached results may
        # be stale or missing, so a file with them is not read at all.
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # noqa: BLE001 - any damaged workbook, whatever openpyxl raises
        raise RosterError(RosterProblem("not_spreadsheet")) from None
    try:
        return _sheet_rows(book)
    except RosterError:
        raise
    except Exception:  # noqa: BLE001 - a sheet damaged past its header
        raise RosterError(RosterProblem("not_spreadsheet")) from None
    finally:
        book.close()


def _sheet_rows(book) -> list[list[object]]:
    if len(book.sheetnames) != 1:
        raise RosterError(RosterProblem("several_sheets", value=str(len(book.sheetnames))))
    rows = []
    for number, row in enumerate(book.worksheets[0].iter_rows(values_only=True), 1):
        if any(isinstance(v, str) and v.startswith("=") for v in row):
            raise RosterError(RosterProblem("formula", row=number))
        rows.append(list(row))
        if number > MAX_ROWS + 1:
            raise RosterError(RosterProblem("too_many_rows", value=str(MAX_ROWS)))
    return rows


# ---------------------------------------------------------------- rows to people

def read_rows(rows: list[list[object]]) -> Roster:
    rows = [row for row in rows if any(_text(v) for v in row)]
    if not rows:
        raise RosterError(RosterProblem("empty"))
    if len(rows) > MAX_ROWS + 1:
        raise RosterError(RosterProblem("too_many_rows", value=str(MAX_ROWS)))
    columns = _columns(rows[0])
    roster = Roster(columns=[key for key in columns if key])
    if len(rows) == 1:
        raise RosterError(RosterProblem("no_rows"))
    for number, row in enumerate(rows[1:], 2):
        roster.rows += 1
        values = {key: row[i] if i < len(row) else None
                  for i, key in enumerate(columns) if key}
        person, row_problems = read_person(number, values)
        roster.problems += row_problems
        if person:
            roster.people.append(person)
    return roster


def _columns(header: list[object]) -> list[str | None]:
    keys, unknown, seen = [], [], set()
    for cell in header:
        name = _text(cell)
        key = HEADERS.get(_plain(name)) if name else None
        if name and key is None:
            unknown.append(name)
        if key in seen:
            raise RosterError(RosterProblem("repeated_column", column=key))
        seen.add(key)
        keys.append(key)
    if unknown:
        # Unknown columns are refused, not skipped: a column of names must never be read.
        raise RosterError(RosterProblem("unknown_columns", value="; ".join(unknown)))
    missing = [key for key in REQUIRED if key not in seen]
    if missing:
        raise RosterError(RosterProblem("missing_columns", value="; ".join(missing)))
    return keys


def read_person(row: int, values: dict[str, object]) -> tuple[Person | None, list[RosterProblem]]:
    problems: list[RosterProblem] = []

    def problem(code: str, column: str) -> None:
        problems.append(RosterProblem(code, row, column, _text(values.get(column))[:40]))

    role = _name(values.get("role")) or ""
    if not role:
        problem("blank", "role")
    start = _date(values.get("start_date"))
    if start is None:
        problem("blank" if not _text(values.get("start_date")) else "bad_date", "start_date")
    end = None
    if _text(values.get("end_date")):
        end = _date(values.get("end_date"))
        if end is None:
            problem("bad_date", "end_date")
        elif start and end < start:
            problem("end_before_start", "end_date")
    promotions = []
    for part in re.split(r"[;,|\s]+", _text(values.get("promotion_dates"))):
        if part:
            when = _date(part)
            if when is None:
                problem("bad_date", "promotion_dates")
            elif start and when < start:
                problem("promotion_before_start", "promotion_dates")
            else:
                promotions.append(when)
    reason = _choice(values.get("reason"), VOLUNTARY, INVOLUNTARY, "voluntary", "involuntary")
    if reason is None and _text(values.get("reason")):  # never counted as neither, unseen
        problem("bad_reason", "reason")
    part_time = _choice(values.get("hours"), PART_TIME, FULL_TIME, True, False)
    if part_time is None and _text(values.get("hours")):
        problem("bad_hours", "hours")
    pay = _amount(values.get("hourly_pay"))
    if pay == "bad":
        problem("bad_number", "hourly_pay")
    elif pay is not None and not Decimal(0) < pay <= Decimal(1000):
        problem("bad_pay", "hourly_pay")
    caseload = _amount(values.get("caseload"))
    if caseload == "bad":
        problem("bad_number", "caseload")
    elif caseload is not None and caseload < 0:
        problem("negative", "caseload")
    if problems:
        return None, problems
    gender = _name(values.get("gender")) or ""
    return Person(
        row=row, role=role, start=start, track=_name(values.get("track")), end=end,
        reason=reason, promotions=tuple(sorted(promotions)), part_time=part_time,
        hourly_pay=pay, caseload=caseload,
        gender=("female" if _plain(gender) in WOMEN else "male" if _plain(gender) in MEN
                else gender or None),
        race_ethnicity=_name(values.get("race_ethnicity")),
    ), []


# Control characters (a NUL cannot be stored by PostgreSQL) are dropped from every value.
_CONTROL = dict.fromkeys(c for c in range(0x20) if chr(c) not in "\t")
_CONTROL.update(dict.fromkeys(range(0x7F, 0xA0)))
TEXT_MAX = 120   # a role, track or group name longer than this is cut


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).translate(_CONTROL).strip()


def _name(value: object) -> str | None:
    return _text(value)[:TEXT_MAX] or None


def _date(value: object) -> date | None:
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value if EARLIEST <= value <= LATEST else None
    return _date_text(_text(value))


US_DATE = re.compile(r"(\d{1,2})[/-](\d{1,2})[/-](\d{4}|\d{2})")   # M/D/YY(YY), M-D-YYYY
ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


@lru_cache(maxsize=16384)
def _date_text(text: str) -> date | None:
    """MM/DD/YYYY, M/D/YY, MM-DD-YYYY or YYYY-MM-DD (a regular expression rather than
    strptime: ten times faster on a 10,000-row roster). Two-digit years as strptime reads
    them: 00-68 are 2000-2068, 69-99 are 1969-1999."""
    if match := ISO_DATE.fullmatch(text):
        year, month, day = (int(g) for g in match.groups())
    elif match := US_DATE.fullmatch(text):
        month, day, year = (int(g) for g in match.groups())
        if len(match.group(3)) == 2:
            year += 2000 if year < 69 else 1900
    else:
        return None
    try:
        parsed = date(year, month, day)
    except ValueError:
        return None
    return parsed if EARLIEST <= parsed <= LATEST else None


def _choice(value: object, first: set, second: set, first_is, second_is):
    plain = _plain(_text(value))
    return first_is if plain in first else second_is if plain in second else None


def _amount(value: object) -> Decimal | None | str:
    text = _text(value).replace("$", "").replace(",", "").strip()
    if not text:
        return None
    try:
        amount = Decimal(text)
    except InvalidOperation:
        return "bad"
    return amount if amount.is_finite() else "bad"


def template_csv(language: str) -> bytes:
    """The header row in one language, with a byte-order mark so Excel reads the accents."""
    index = 1 if language == "es" else 0
    out = io.StringIO()
    csv.writer(out).writerow(names[index] for names in COLUMNS.values())
    return out.getvalue().encode("utf-8-sig")

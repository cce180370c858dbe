"""Form fields and input helpers shared by several forms."""
from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms import DateField

# Ids are PostgreSQL integers; a larger number names nothing and must not reach a query.
ID_MAX = 2**31 - 1

# Plans and surveys are about the near past and future; a year like 9999 is a typo, and
# date arithmetic past it (a due date a year later) would fail.
EARLIEST_DATE = date(2000, 1, 1)
LATEST_DATE = date(2100, 12, 31)


class FriendlyDateField(DateField):
    """A date field whose errors tell people what to type, in their language; only dates
    from 2000 to 2100 are taken."""

    def process_formdata(self, valuelist) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(str(_l("Enter a real date: month, day and year."))) from None
        if self.data is not None and not EARLIEST_DATE <= self.data <= LATEST_DATE:
            self.data = None
            raise ValueError(str(_l("Enter a date between the years %(first)s and %(last)s.",
                                    first=EARLIEST_DATE.year, last=LATEST_DATE.year)))


def strip(value: str | None) -> str | None:
    """Form filter: leading and trailing spaces are never part of what people meant."""
    return value.strip() if value else value


def whole_number(value: str | None, maximum: int = ID_MAX) -> int | None:
    """value as a number from 0 to maximum written in ASCII digits, else None.
    (str.isdigit() is true for "²", which int() refuses.)"""
    if not value or not value.isascii() or not value.isdigit() or len(value) > 10:
        return None
    number = int(value)
    return number if number <= maximum else None

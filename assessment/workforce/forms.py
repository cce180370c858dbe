from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import DecimalField, IntegerField, SelectField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, NumberRange, Optional, ValidationError

from .metrics import Counts, Period

YEARS = (2000, 2100)
NOT_NEGATIVE = _l("Enter a whole number, 0 or more.")


def _count(label, required: bool = False, description=None):
    return IntegerField(
        label, description=description,
        validators=[InputRequired(_l("Enter a number, 0 if none.")) if required else Optional(),
                    NumberRange(min=0, max=1_000_000, message=NOT_NEGATIVE)])


class PeriodFields(FlaskForm):
    year = IntegerField(_l("Year"), validators=[
        InputRequired(_l("Enter the year, such as 2025.")),
        NumberRange(min=YEARS[0], max=YEARS[1],
                    message=_l("Enter a year from 2000 to 2100."))])
    quarter = SelectField(_l("Period"), choices=[
        SelectChoice("0", _l("The whole year")), SelectChoice("1", _l("January to March")),
        SelectChoice("2", _l("April to June")), SelectChoice("3", _l("July to September")),
        SelectChoice("4", _l("October to December"))], default="0")

    @property
    def period(self) -> Period:
        return Period(self.year.data, int(self.quarter.data) or None)


class EntryForm(PeriodFields):
    headcount_start = _count(_l("Staff at the start of the period"), required=True)
    headcount_end = _count(_l("Staff at the end of the period"), required=True)
    hires = _count(_l("Positions filled from outside (hires)"))
    internal_fills = _count(_l("Positions filled by current staff (internal fills)"))
    promotions = _count(_l("Promotions"))
    separations_voluntary = _count(_l("People who chose to leave (voluntary)"))
    separations_involuntary = _count(_l("People let go (involuntary)"))
    retained = _count(_l("Of the staff at the start, how many still work here at the end"),
                      description=_l("Leave blank if you do not know: retention then shows "
                                     "“no figure”."))
    budgeted_positions = _count(_l("Budgeted positions"))
    vacant_positions = _count(_l("Budgeted positions vacant at the end"))
    average_tenure = DecimalField(
        _l("Average time with the organization, in years (optional)"), places=1,
        validators=[Optional(), NumberRange(min=0, max=80, message=_l(
            "Enter years from 0 to 80, such as 3.5."))])
    median_pay_female = DecimalField(_l("Median hourly pay of women, in dollars (optional)"),
                                     places=2, validators=[Optional(), NumberRange(
                                         min=0, max=1000, message=_l(
                                             "Enter dollars from 0 to 1,000, such as 18.50."))])
    median_pay_male = DecimalField(_l("Median hourly pay of men, in dollars (optional)"),
                                   places=2, validators=[Optional(), NumberRange(
                                       min=0, max=1000, message=_l(
                                           "Enter dollars from 0 to 1,000, such as 18.50."))])
    caseload = TextAreaField(
        _l("Caseload per role (optional)"),
        description=_l("One role a line: role, average clients per worker, best practice. "
                       "For example: Peer specialist, 18, 15"))
    submit = SubmitField(_l("Save these figures"))

    def counts(self) -> Counts:
        def value(name: str) -> int:
            return getattr(self, name).data or 0
        return Counts(
            headcount_start=value("headcount_start"), headcount_end=value("headcount_end"),
            hires=value("hires"), promotions=value("promotions"),
            internal_fills=value("internal_fills"),
            separations_voluntary=value("separations_voluntary"),
            separations_involuntary=value("separations_involuntary"),
            retained=self.retained.data, budgeted_positions=self.budgeted_positions.data,
            vacant_positions=self.vacant_positions.data)

    def validate_caseload(self, field) -> None:
        caseload_lines(field.data or "")


class UploadForm(PeriodFields):
    roster = FileField(_l("Roster file (CSV or Excel .xlsx, at most 10 MB)"))
    budgeted_positions = _count(_l("Budgeted positions (optional)"))
    vacant_positions = _count(_l("Budgeted positions vacant at the end (optional)"))
    best_practice = TextAreaField(
        _l("Best-practice caseload per role (optional)"),
        description=_l("One role a line, as written in the roster: role, clients per worker. "
                       "For example: Peer specialist, 15"))
    submit = SubmitField(_l("Read the file and show the preview"))

    def validate_best_practice(self, field) -> None:
        best_practice(field.data or "")


def _numbers_line(line: str, count: int) -> tuple[str, list[Decimal]]:
    parts = [part.strip() for part in re.split(r"[,;\t]", line)]
    if len(parts) != count + 1 or not parts[0]:
        raise ValidationError(_l("Write each line as shown in the example: “%(line)s”.",
                                 line=line[:60]))
    try:
        numbers = [Decimal(part) for part in parts[1:]]
    except InvalidOperation:
        raise ValidationError(_l("“%(line)s” needs numbers after the role.",
                                 line=line[:60])) from None
    if any(not n.is_finite() or n < 0 or n > 10_000 for n in numbers):
        raise ValidationError(_l("Caseloads are numbers from 0 to 10,000 (“%(line)s”).",
                                 line=line[:60]))
    return parts[0][:120], numbers


def caseload_lines(text: str) -> list[dict]:
    lines = []
    for line in filter(None, (line.strip() for line in text.splitlines())):
        role, (actual, best) = _numbers_line(line, 2)
        lines.append({"role": role, "staff": None, "actual": str(actual), "best": str(best)})
    return lines[:50]


def best_practice(text: str) -> dict[str, Decimal]:
    found = {}
    for line in filter(None, (line.strip() for line in text.splitlines())):
        role, (best,) = _numbers_line(line, 1)
        found[role] = best
    return found


class TargetForm(FlaskForm):
    metric = SelectField(_l("Figure"), validators=[InputRequired(_l("Choose a figure."))])
    value = DecimalField(_l("Target, in percent"), places=1, validators=[
        InputRequired(_l("Enter the target, such as 40.")),
        NumberRange(min=0, max=100, message=_l("A rate is from 0 to 100 %%. Enter a number "
                                               "in that range, such as 40."))])
    within_months = SelectField(_l("Within"), default="12")
    submit = SubmitField(_l("Save the target"))


def target_form(labels: dict, months: tuple[int, ...], **kwargs) -> TargetForm:
    form = TargetForm(**kwargs)
    form.metric.choices = [SelectChoice(key, label) for key, label in labels.items()]
    form.within_months.choices = [
        SelectChoice(str(n), _l("%(num)s months", num=n)) for n in months]
    return form

"""Forms of the lattice editor. Texts a worker reads come in English and Spanish side by
side; one left empty is shown from the other language, marked "not yet translated"."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DecimalField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from ..fields import strip
from .document import MOVE_KINDS, OFFERING_KINDS, SCHEDULES

TEXT_MAX = 300
LONG = [Length(max=TEXT_MAX, message=_l("Use at most 300 characters."))]

MOVE_KIND_NAMES = {"vertical": _l("Vertical: a step up (promotion)"),
                   "lateral": _l("Lateral: across, at the same step"),
                   "diagonal": _l("Diagonal: across and up")}
SCHEDULE_NAMES = {"full": _l("Full-time"), "part": _l("Part-time"), "flexible": _l("Flexible hours")}
OFFERING_KIND_NAMES = {"training": _l("Training"), "tuition": _l("Tuition help"),
                       "study_time": _l("Paid study time"), "mentoring": _l("Mentoring"),
                       "rotation": _l("Job rotation"), "micro_credential": _l("Micro-credential"),
                       "apprenticeship": _l("Apprenticeship")}
LANGUAGE_NAMES = {"en": _l("English"), "es": _l("Spanish")}
PAY_UNIT_NAMES = {"": _l("Not set yet"), "hour": _l("Per hour"), "year": _l("Per year")}


def choices(pairs) -> list[SelectChoice]:
    """(value, label) pairs as the choices WTForms wants."""
    return [SelectChoice(value, label) for value, label in pairs]


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _text(label, **kwargs):
    return StringField(label, filters=[strip], validators=[Optional(), *LONG], **kwargs)


class EditorForm(FlaskForm):
    # The draft's version the form was made from: a save over a newer save is refused.
    read_version = HiddenField()
    # (field name without _en/_es, message) of the text needed in at least one language.
    needed_text: tuple[str, object] | None = None

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.needed_text:
            name, message = self.needed_text
            if not self[f"{name}_en"].data and not self[f"{name}_es"].data:
                self[f"{name}_en"].errors = [*self[f"{name}_en"].errors, message]
                return False
        return valid


class StarterForm(FlaskForm):
    starter = SelectField(_l("Starter lattice"), validators=[InputRequired()])
    submit = SubmitField(_l("Add this track"))


class TrackForm(EditorForm):
    name_en = _text(_l("Track name in English"))
    name_es = _text(_l("Track name in Spanish"))
    needed_text = ("name", _l("Write the track's name in English or Spanish."))
    submit = SubmitField(_l("Save the track"))



class PositionForm(EditorForm):
    title_en = _text(_l("Title in English"))
    title_es = _text(_l("Title in Spanish"))
    needed_text = ("title", _l("Write the title in English or Spanish (or both)."))
    track = SelectField(_l("Track"), validators=[InputRequired(_l("Choose a track."))])
    step = IntegerField(_l("Step in the track"), default=1,
                        description=_l("1 is the first job of the track; higher is further up."),
                        validators=[InputRequired(_l("Enter the step, a number from 1 to 20.")),
                                    NumberRange(1, 20, _l("Enter the step, a number from 1 to 20."))])
    pay_unit = RadioField(_l("Pay"), default="", choices=choices(PAY_UNIT_NAMES.items()))
    pay_low = DecimalField(_l("Pay from (dollars)"), places=2, validators=[
        Optional(), NumberRange(0, 1_000_000, _l("Enter an amount in dollars, such as 21.50."))])
    pay_high = DecimalField(_l("Pay to (dollars)"), places=2, validators=[
        Optional(), NumberRange(0, 1_000_000, _l("Enter an amount in dollars, such as 24.00."))])
    schedule = RadioField(_l("Hours"), default="full", choices=choices(SCHEDULE_NAMES.items()))
    education_en = _text(_l("Education needed, in English"))
    education_es = _text(_l("Education needed, in Spanish"))
    certification_en = _text(_l("Certification needed, in English"))
    certification_es = _text(_l("Certification needed, in Spanish"))
    lived_experience = BooleanField(_l("Lived experience of recovery is required"))
    months_experience = IntegerField(_l("Months of experience needed"), validators=[
        Optional(), NumberRange(0, 600, _l("Enter a number of months from 0 to 600."))])
    competencies = CheckboxesField(_l("Knowledge, skills and abilities from the list"),
                                   validate_choice=False)
    own_ksas_en = TextAreaField(_l("Other knowledge, skills and abilities in English, one per line"),
                                filters=[strip], validators=[Length(max=3000)])
    own_ksas_es = TextAreaField(_l("Other knowledge, skills and abilities in Spanish, one per line"),
                                filters=[strip], validators=[Length(max=3000)])
    submit = SubmitField(_l("Save the position"))


    def validate_pay_unit(self, field) -> None:
        if field.data not in PAY_UNIT_NAMES:
            raise ValidationError(_l("Choose per hour, per year, or not set yet."))
        given = (self.pay_low.data is not None, self.pay_high.data is not None)
        if field.data and not all(given):
            raise ValidationError(_l("Enter both ends of the pay range, or choose “Not set yet”."))
        if not field.data and any(given):
            raise ValidationError(_l("Choose whether the pay is per hour or per year."))

    def validate_pay_high(self, field) -> None:
        if field.data is not None and self.pay_low.data is not None and field.data < self.pay_low.data:
            raise ValidationError(_l("The end of the pay range is below its start. Enter the "
                                     "lowest pay first, then the highest."))

    def validate_schedule(self, field) -> None:
        if field.data not in SCHEDULES:
            raise ValidationError(_l("Choose full-time, part-time or flexible hours."))

    def validate_competencies(self, field) -> None:
        known = {choice.value for choice in field.choices}
        if not set(field.data or ()) <= known:
            raise ValidationError(_l("Choose from the list shown."))


class MoveForm(EditorForm):
    source = SelectField(_l("From position"), validators=[InputRequired(_l("Choose a position."))])
    target = SelectField(_l("To position"), validators=[InputRequired(_l("Choose a position."))])
    kind = RadioField(_l("Kind of move"), default="vertical", choices=choices(MOVE_KIND_NAMES.items()))
    training_en = _text(_l("Training it takes, in English"))
    training_es = _text(_l("Training it takes, in Spanish"))
    certification_en = _text(_l("Certification it takes, in English"))
    certification_es = _text(_l("Certification it takes, in Spanish"))
    months_in_role = IntegerField(_l("Months in the first position before the move"), validators=[
        Optional(), NumberRange(0, 600, _l("Enter a number of months from 0 to 600."))])
    offerings = CheckboxesField(_l("Offerings that prepare for it"), validate_choice=False)
    submit = SubmitField(_l("Save the move"))

    def validate_target(self, field) -> None:
        if field.data and field.data == self.source.data:
            raise ValidationError(_l("A move goes from one position to another: choose a "
                                     "different position to move to."))

    def validate_kind(self, field) -> None:
        if field.data not in MOVE_KINDS:
            raise ValidationError(_l("Choose vertical, lateral or diagonal."))

    def validate_offerings(self, field) -> None:
        known = {choice.value for choice in field.choices}
        if not set(field.data or ()) <= known:
            raise ValidationError(_l("Choose from the list shown."))


class OfferingForm(EditorForm):
    kind = SelectField(_l("Kind"), choices=choices(OFFERING_KIND_NAMES.items()))
    name_en = _text(_l("Name in English"))
    name_es = _text(_l("Name in Spanish"))
    needed_text = ("name", _l("Write the offering's name in English or Spanish."))
    eligibility_en = _text(_l("Who can take part, in English"))
    eligibility_es = _text(_l("Who can take part, in Spanish"))
    cost = DecimalField(_l("Cost to the worker (dollars; 0 if free)"), places=2, validators=[
        Optional(), NumberRange(0, 1_000_000, _l("Enter an amount in dollars, 0 if free."))])
    paid_time = BooleanField(_l("Given on paid work time"))
    languages = CheckboxesField(_l("Given in"), choices=choices(LANGUAGE_NAMES.items()),
                                default=["en"])
    submit = SubmitField(_l("Save the offering"))


    def validate_kind(self, field) -> None:
        if field.data not in OFFERING_KINDS:
            raise ValidationError(_l("Choose a kind from the list."))

    def validate_languages(self, field) -> None:
        if not field.data or not set(field.data) <= set(LANGUAGE_NAMES):
            raise ValidationError(_l("Choose English, Spanish or both."))


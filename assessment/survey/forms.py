"""Survey forms made from the questionnaire data: one form class per section, with a
field named q_<item id> for each question, so posted names match stored answers."""
from __future__ import annotations

from datetime import date, timedelta
from functools import cache

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    Optional,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, ListWidget

from ..fields import FriendlyDateField, strip
from .questionnaire import TEXT_MAX, Item, Section
from .wave_options import WaveOptions


def _one_of_the_choices(form, field) -> None:
    if field.data and field.data not in {choice.value for choice in field.choices}:
        raise ValidationError(_l("Choose one of the answers shown."))


def _each_of_the_choices(form, field) -> None:
    allowed = {choice.value for choice in field.choices}
    if any(value not in allowed for value in field.data or []):
        raise ValidationError(_l("Choose only from the answers shown."))


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class SectionForm(FlaskForm):
    response_id = HiddenField(label="")  # never shown; no label to translate per request


def field_name(item: Item) -> str:
    return f"q_{item.id}"


def _field(item: Item, language: str):
    choices = [SelectChoice(c.id, c.text.in_language(language)) for c in item.choices]
    label = item.text.in_language(language)
    if item.type == "multiple":
        return CheckboxesField(label, choices=choices, validate_choice=False,
                               validators=[_each_of_the_choices])
    if item.type == "text":
        return TextAreaField(label, filters=[strip], validators=[
            Optional(), Length(max=TEXT_MAX, message=_l("Use at most 1,000 characters."))])
    required = [InputRequired(_l("Please answer this question."))] if item.required else [Optional()]
    return RadioField(label, choices=choices, validate_choice=False,
                      validators=required + [_one_of_the_choices])


def section_form(section: Section, language: str, **kwargs) -> SectionForm:
    return _section_form_class(section, language)(**kwargs)


@cache
def _section_form_class(section: Section, language: str) -> type[SectionForm]:
    """One form class per section and language, so labels come from the data; made once
    per process, as questionnaires never change while it runs."""
    fields = {field_name(item): _field(item, language) for item in section.items}
    return type(f"Section_{section.id}", (SectionForm,), fields)


def answers_from(form: SectionForm, section: Section) -> dict:
    return {item.id: getattr(form, field_name(item)).data for item in section.items}


class StartForm(FlaskForm):
    response_id = HiddenField()
    # Shown, with the questionnaire's own consent text, when the questionnaire asks for it.
    consent = BooleanField()


class CodeStartForm(StartForm):
    """The start form of a wave with invitation codes."""

    invitation = StringField(
        _l("The code on your card"), filters=[strip],
        description=_l("10 letters and numbers, for example ABCDE-FGHJK."),
        validators=[InputRequired(_l("Enter the code on your card.")),
                    Length(max=40, message=_l("Enter the code on your card."))])


class ResumeForm(FlaskForm):
    code = StringField(_l("Your code"), filters=[strip],
                       description=_l("The 6 letters and numbers shown at the top of each page "
                                      "of the survey."),
                       validators=[DataRequired(_l("Enter your code.")),
                                   Length(max=20, message=_l("Enter your code."))])
    submit = SubmitField(_l("Continue"))


class WaveForm(WaveOptions, FlaskForm):
    name = StringField(
        _l("Name of this survey"), filters=[strip],
        description=_l("For example: Staff survey 2026."),
        validators=[DataRequired(_l("Give the survey a name.")),
                    Length(max=120, message=_l("Use at most 120 characters."))])
    opens_on = FriendlyDateField(_l("Opens on"), default=date.today,
                                 validators=[InputRequired(_l("Enter the first day."))])
    closes_on = FriendlyDateField(_l("Closes after"),
                                  default=lambda: date.today() + timedelta(days=21),
                                  validators=[InputRequired(_l("Enter the last day."))])
    cycle_id = SelectField(
        _l("Compare with the team's ratings of"), coerce=int, validators=[Optional()],
        description=_l("A cycle with several surveys uses the one with the most responses "
                       "once its results are out, so a small check-in survey never "
                       "replaces the main one."))
    submit = SubmitField(_l("Open the survey"))

    def validate_closes_on(self, field) -> None:
        if self.opens_on.data and field.data and field.data < self.opens_on.data:
            raise ValidationError(_l("The last day must be on or after the first day."))

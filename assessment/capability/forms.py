from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    EmailField,
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
    Email,
    InputRequired,
    Length,
    Optional,
    ValidationError,
)

from ..auth.forms import LANGUAGE_CHOICES, normalise_email

from ..fields import FriendlyDateField, strip, whole_number
from ..i18n import current_language
from .rubric import LEVELS, Practice

NOT_SURE = "not_sure"
EVIDENCE_MAX = 2000


NOT_ON_TEAM = _l("Some of the people chosen are not on your last cycle's team. Tick only "
                 "people from the list below.")


class CycleForm(FlaskForm):
    name = StringField(
        _l("Name of this assessment cycle"), filters=[strip],
        description=_l("For example: 2026 baseline."),
        validators=[DataRequired(_l("Give the cycle a name, such as “2026 baseline”.")),
                    Length(max=120, message=_l("Use at most 120 characters."))],
    )
    starts_on = FriendlyDateField(
        _l("Start date"), default=date.today,
        validators=[InputRequired(_l("Enter the start date."))],
    )
    # The last cycle's raters to bring along; the view lists them as choices (id, name).
    raters = SelectMultipleField(_l("Bring these raters from the last cycle"),
                                 validate_choice=False, default=[])
    submit = SubmitField(_l("Start the cycle"))

    def validate_raters(self, field) -> None:
        offered = {str(value) for value, _label in field.choices or []}
        if any(value not in offered for value in field.data or []):
            raise ValidationError(NOT_ON_TEAM)

    def chosen_raters(self) -> list[int]:
        return [number for number in map(whole_number, self.raters.data or [])
                if number is not None]


class RaterForm(FlaskForm):
    name = StringField(
        _l("Rater's name or role"), filters=[strip],
        description=_l("Only you and your coach see it. For example: Maria, peer supervisor."),
        validators=[DataRequired(_l("Enter a name or role for this rater.")),
                    Length(max=120, message=_l("Use at most 120 characters."))],
    )
    email = EmailField(
        _l("Email (optional)"), filters=[normalise_email],
        description=_l("We email them their link. Leave it empty to copy the link and send "
                       "it yourself."),
        validators=[Optional(), Email(_l("Enter an email address like name@example.org.")),
                    Length(max=254, message=_l("Use at most 254 characters."))],
    )
    language = SelectField(_l("Language of the email"), choices=LANGUAGE_CHOICES,
                           default=current_language, validators=[Optional()])
    submit = SubmitField(_l("Add rater and make a link"))


class InviteForm(FlaskForm):
    """Send an existing rater's link by email."""

    email = EmailField(
        _l("Email"), filters=[normalise_email],
        validators=[InputRequired(_l("Enter the rater's email address.")),
                    Email(_l("Enter an email address like name@example.org.")),
                    Length(max=254, message=_l("Use at most 254 characters."))],
    )
    language = SelectField(_l("Language of the email"), choices=LANGUAGE_CHOICES,
                           validators=[Optional()])
    submit = SubmitField(_l("Send by email"))


LEVEL_QUESTION = _l("Which description fits your organization today?")
EVIDENCE_LABEL = _l("Evidence or notes (optional)")
EVIDENCE_HINT = _l("What makes you say so? For example: a policy, a budget line, what staff "
                   "tell you.")


class RatingForm(FlaskForm):
    """Reads a rater's post. The page itself is written by templates/rating/practice.html
    (tests/test_survey_markup.py holds it to what this form's widgets would write)."""
    level = RadioField(
        LEVEL_QUESTION, validate_choice=False,
        validators=[InputRequired(_l("Choose the description that fits best, or “Not sure”."))],
    )
    evidence = TextAreaField(
        EVIDENCE_LABEL, description=EVIDENCE_HINT, filters=[strip],
        validators=[Length(max=EVIDENCE_MAX,
                           message=_l("Use at most 2,000 characters."))],
    )
    submit = SubmitField(_l("Save and continue"))

    def validate_level(self, field) -> None:
        if field.data not in {choice.value for choice in field.choices}:
            raise ValidationError(_l("Choose one of the descriptions shown, or “Not sure”."))


def level_choices(practice: Practice, language: str) -> list[SelectChoice]:
    """The practice's four descriptors and "not sure", as a rater chooses among them."""
    return [SelectChoice(str(level), practice.descriptors[level].in_language(language))
            for level in LEVELS] + [SelectChoice(NOT_SURE, _l("Not sure"))]


def rating_form(practice: Practice, language: str, **kwargs) -> RatingForm:
    """A rating form whose choices are this practice's four descriptors and "not sure"."""
    form = RatingForm(**kwargs)
    form.level.choices = level_choices(practice, language)
    return form


def chosen_level(value: str) -> int | None:
    return None if value == NOT_SURE else int(value)

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional
from wtforms.widgets import HiddenInput

from ..fields import ID_MAX, FriendlyDateField, strip
from .generator import BUCKETS
from .labels import BUCKET_LABELS, STATUS_LABELS
from .models import STATUSES

MOVE, KEEP = "move", "keep"


def _choices(labels: dict, keys) -> list[SelectChoice]:
    return [SelectChoice(key, labels[key]) for key in keys]


class StatusForm(FlaskForm):
    status = SelectField(_l("Status"), choices=_choices(STATUS_LABELS, STATUSES),
                         validators=[InputRequired(_l("Choose a status."))])
    version = IntegerField(widget=HiddenInput(),
                           validators=[InputRequired(), NumberRange(min=1, max=ID_MAX)])
    submit = SubmitField(_l("Save status"))


def one_newline_kind(value: str | None) -> str | None:
    """Browsers send a textarea's line breaks as CR LF: compare texts as they were stored."""
    return value.replace("\r\n", "\n").replace("\r", "\n") if value else value


def _text(label, limit: int, too_long, description=None) -> TextAreaField:
    return TextAreaField(label, filters=[one_newline_kind, strip], description=description,
                         validators=[Optional(), Length(max=limit, message=too_long)])


def _name(label) -> StringField:
    return StringField(label, filters=[strip], validators=[
        Optional(), Length(max=300, message=_l("Use at most 300 characters."))])


class PlanItemForm(FlaskForm):
    """One item, with its goal and activities in both languages side by side. A language
    left as it was is marked "not yet translated" when the other one changes."""

    target_en = _text(_l("Goal, in English"), 2000, _l("Use at most 2,000 characters."))
    target_es = _text(_l("Goal, in Spanish"), 2000, _l("Use at most 2,000 characters."))
    activities_en = _text(_l("Key activities, in English"), 5000,
                          _l("Use at most 5,000 characters."), _l("One activity per line."))
    activities_es = _text(_l("Key activities, in Spanish"), 5000,
                          _l("Use at most 5,000 characters."), _l("One activity per line."))
    lead = _name(_l("Lead (person responsible)"))
    contributors = _name(_l("Contributors"))
    stakeholders = _name(_l("Stakeholders"))
    bucket = SelectField(_l("Timeline"), choices=_choices(BUCKET_LABELS, BUCKETS),
                         validators=[InputRequired(_l("Choose a timeline."))])
    due_on = FriendlyDateField(
        _l("Due date"), validators=[Optional()],
        description=_l("Leave it empty to follow the timeline. A date you type is kept as "
                       "you set it."))
    move_due = RadioField(_l("Due date"), validators=[Optional()], choices=[
        SelectChoice(MOVE, _l("Move it")), SelectChoice(KEEP, _l("Keep it"))])
    status = SelectField(_l("Status"), choices=_choices(STATUS_LABELS, STATUSES),
                         validators=[InputRequired(_l("Choose a status."))])
    version = IntegerField(widget=HiddenInput(),
                           validators=[Optional(), NumberRange(min=1, max=ID_MAX)])
    submit = SubmitField(_l("Save"))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        # Each text is needed in one language at least; either will do.
        if not (self.target_en.data or self.target_es.data):
            self.target_en.errors.append(
                _l("Write the goal of this item, in English or Spanish."))
            valid = False
        if not (self.activities_en.data or self.activities_es.data):
            self.activities_en.errors.append(
                _l("Write at least one key activity, in English or Spanish."))
            valid = False
        return valid

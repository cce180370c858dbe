from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional
from wtforms.widgets import HiddenInput

from ..fields import FriendlyDateField, strip
from .generator import BUCKETS
from .labels import BUCKET_LABELS, STATUS_LABELS
from .models import STATUSES


def _choices(labels: dict, keys) -> list[SelectChoice]:
    return [SelectChoice(key, labels[key]) for key in keys]


class StatusForm(FlaskForm):
    status = SelectField(_l("Status"), choices=_choices(STATUS_LABELS, STATUSES),
                         validators=[InputRequired(_l("Choose a status."))])
    version = IntegerField(widget=HiddenInput(), validators=[InputRequired()])
    submit = SubmitField(_l("Save status"))


class PlanItemForm(FlaskForm):
    """Edits one item; target and activities in the page's language only."""

    target = TextAreaField(
        _l("Best practice: Level 4 (the goal)"), filters=[strip],
        validators=[DataRequired(_l("Write the goal of this item.")),
                    Length(max=2000, message=_l("Use at most 2,000 characters."))])
    activities = TextAreaField(
        _l("Key activities"), filters=[strip],
        description=_l("One activity per line."),
        validators=[DataRequired(_l("Write at least one key activity.")),
                    Length(max=5000, message=_l("Use at most 5,000 characters."))])
    lead = StringField(
        _l("Lead (person responsible)"), filters=[strip],
        validators=[Optional(), Length(max=300, message=_l("Use at most 300 characters."))])
    contributors = StringField(
        _l("Contributors"), filters=[strip],
        validators=[Optional(), Length(max=300, message=_l("Use at most 300 characters."))])
    stakeholders = StringField(
        _l("Stakeholders"), filters=[strip],
        validators=[Optional(), Length(max=300, message=_l("Use at most 300 characters."))])
    bucket = SelectField(_l("Timeline"), choices=_choices(BUCKET_LABELS, BUCKETS),
                         validators=[InputRequired(_l("Choose a timeline."))])
    due_on = FriendlyDateField(_l("Due date"), validators=[InputRequired(_l("Enter a due date."))])
    status = SelectField(_l("Status"), choices=_choices(STATUS_LABELS, STATUSES),
                         validators=[InputRequired(_l("Choose a status."))])
    version = IntegerField(widget=HiddenInput(), validators=[Optional()])
    submit = SubmitField(_l("Save"))

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import EmailField, PasswordField, SelectField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    Optional,
    ValidationError,
)

from ..auth.forms import acceptable_password, normalise_email
from ..auth.models import User
from ..auth.roles import ROLE_LABELS
from ..extensions import db
from ..fields import strip


class OrganizationForm(FlaskForm):
    name = StringField(
        _l("Organization name"), filters=[strip],
        validators=[DataRequired(_l("Enter the organization's name.")),
                    Length(max=200, message=_l("Use at most 200 characters."))],
    )
    submit = SubmitField(_l("Create organization"))


class UserForm(FlaskForm):
    name = StringField(
        _l("Full name"), filters=[strip],
        validators=[DataRequired(_l("Enter the person's name.")),
                    Length(max=120, message=_l("Use at most 120 characters."))],
    )
    email = EmailField(
        _l("Email"), filters=[normalise_email],
        validators=[InputRequired(_l("Enter an email address.")),
                    Email(_l("Enter an email address like name@example.org.")),
                    Length(max=254, message=_l("Use at most 254 characters."))],
    )
    role = SelectField(
        _l("Role"),
        choices=[SelectChoice(role, ROLE_LABELS[role]) for role in ("coach", "lead", "admin")],
        validators=[InputRequired(_l("Choose a role."))],
    )
    organization_id = SelectField(
        _l("Organization (organization leads only)"), coerce=int, validators=[Optional()],
    )
    password = PasswordField(
        _l("Starting password"),
        description=_l("Give it to the person in a safe way. They can change it after logging in."),
        validators=[InputRequired(_l("Enter a starting password.")), acceptable_password],
    )
    submit = SubmitField(_l("Create account"))

    def validate_email(self, field) -> None:
        if db.session.scalar(select(User.id).where(User.email == field.data)):
            raise ValidationError(_l("An account with this email already exists."))

    def validate_organization_id(self, field) -> None:
        if self.role.data == "lead" and not field.data:
            raise ValidationError(_l("Choose the organization this lead belongs to."))


class AssignmentForm(FlaskForm):
    coach_id = SelectField(_l("TA coach"), coerce=int,
                           validators=[InputRequired(_l("Choose a coach."))])
    organization_id = SelectField(_l("Organization"), coerce=int,
                                  validators=[InputRequired(_l("Choose an organization."))])
    submit = SubmitField(_l("Assign coach"))

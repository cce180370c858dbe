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

from ..auth.forms import LANGUAGE_CHOICES, acceptable_password, normalise_email
from ..auth.models import User
from ..auth.roles import ROLE_LABELS
from ..extensions import db
from ..fields import strip
from ..peer_pay import HHS_REGIONS, peer_pay


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
    language = SelectField(_l("Language of their emails and pages"),
                           choices=LANGUAGE_CHOICES, validators=[Optional()])
    password = PasswordField(
        _l("Starting password"),
        description=_l("Give it to the person in a safe way. They must change it when they "
                       "first log in."),
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


def region_choices() -> list[SelectChoice]:
    """HHS regions with their states, so the administrator need not know the numbers."""
    regions = peer_pay().regions
    return [SelectChoice(0, _l("Not set"))] + [
        SelectChoice(number, _l("Region %(n)s: %(states)s", n=number,
                                states=", ".join(regions[number].states)))
        for number in HHS_REGIONS]


class OrganizationEditForm(FlaskForm):
    name = OrganizationForm.name
    hhs_region = SelectField(
        _l("HHS region"), coerce=int, validators=[Optional()],
        description=_l("The region of the state the organization works in. Its peer pay "
                       "is shown beside the region's."),
    )
    submit = SubmitField(_l("Save"))


class UserEditForm(FlaskForm):
    name = UserForm.name
    email = UserForm.email
    role = UserForm.role
    organization_id = UserForm.organization_id
    language = SelectField(_l("Language of their emails and pages"),
                           choices=LANGUAGE_CHOICES, validators=[Optional()])
    submit = SubmitField(_l("Save"))

    def __init__(self, user_id: int, **kwargs) -> None:
        super().__init__(**kwargs)
        self.user_id = user_id

    def validate_email(self, field) -> None:
        if db.session.scalar(select(User.id).where(User.email == field.data,
                                                   User.id != self.user_id)):
            raise ValidationError(_l("An account with this email already exists."))

    validate_organization_id = UserForm.validate_organization_id


class StartingPasswordForm(FlaskForm):
    password = UserForm.password
    submit = SubmitField(_l("Set starting password"))

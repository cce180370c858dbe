from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, RadioField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import EqualTo, InputRequired, Length, ValidationError

from ..i18n import LANGUAGE_NAMES
from ..mail.messages import OPTIONAL
from .passwords import MAX_LENGTH, PasswordProblem, problem_with

PASSWORD_MESSAGES = {
    PasswordProblem.TOO_SHORT: _l("Use at least 8 characters. A short sentence is easy to remember."),
    PasswordProblem.TOO_LONG: _l("Use at most 128 characters."),
    PasswordProblem.COMMON: _l("This password is on a list of common passwords. Choose another one."),
}


def acceptable_password(form, field) -> None:
    problem = problem_with(field.data or "")
    if problem is not None:
        raise ValidationError(PASSWORD_MESSAGES[problem])


def normalise_email(value: str | None) -> str | None:
    return value.strip().lower() if value else value


class LoginForm(FlaskForm):
    email = EmailField(
        _l("Email"), filters=[normalise_email],
        validators=[InputRequired(_l("Enter your email address.")),
                    Length(max=254, message=_l("Use at most 254 characters."))],
    )
    password = PasswordField(
        _l("Password"),
        validators=[InputRequired(_l("Enter your password.")),
                    Length(max=MAX_LENGTH, message=PASSWORD_MESSAGES[PasswordProblem.TOO_LONG])],
    )
    submit = SubmitField(_l("Log in"))


class ForgotPasswordForm(FlaskForm):
    email = EmailField(
        _l("Email"), filters=[normalise_email],
        validators=[InputRequired(_l("Enter your email address.")),
                    Length(max=254, message=_l("Use at most 254 characters."))],
    )
    submit = SubmitField(_l("Send me a link"))


class NewPasswordForm(FlaskForm):
    new_password = PasswordField(
        _l("New password"),
        description=_l("At least 8 characters. No special characters needed."),
        validators=[InputRequired(_l("Enter a new password.")), acceptable_password],
    )
    confirm = PasswordField(
        _l("New password again"),
        validators=[
            InputRequired(_l("Enter the new password a second time.")),
            EqualTo("new_password", _l("The two new passwords are not the same.")),
        ],
    )
    submit = SubmitField(_l("Set the new password"))


class PasswordChangeForm(NewPasswordForm):
    current_password = PasswordField(
        _l("Current password"), validators=[InputRequired(_l("Enter your current password."))]
    )
    submit = SubmitField(_l("Change password"))


LANGUAGE_CHOICES = [SelectChoice(code, name) for code, name in LANGUAGE_NAMES.items()]


class AccountForm(FlaskForm):
    language = RadioField(
        _l("Language of my emails and pages"), choices=LANGUAGE_CHOICES,
        validators=[InputRequired(_l("Choose English or Spanish."))],
    )
    mail_comment_digest = BooleanField(OPTIONAL["mail_comment_digest"])
    mail_plan_digest = BooleanField(OPTIONAL["mail_plan_digest"])
    mail_survey_closed = BooleanField(OPTIONAL["mail_survey_closed"])
    submit = SubmitField(_l("Save my choices"))

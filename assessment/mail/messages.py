"""Each kind of message, written in its recipient's language and added to the outbox.

A person turns off the kinds named in OPTIONAL on their account page; account messages
(a reset link, a changed email address) always go out.
"""
from __future__ import annotations

from contextlib import contextmanager

from flask import current_app, render_template, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..i18n import DEFAULT_LANGUAGE, LANGUAGES
from .outbox import Draft, queue

# User column -> what the account page calls it.
OPTIONAL = {
    "mail_comment_digest": _l("A daily email with new comments on my organizations"),
    "mail_plan_digest": _l("A weekly email with plan items coming due or overdue"),
    "mail_survey_closed": _l("An email when a staff survey closes, with how many answered"),
}


def language_of(person) -> str:
    return person.language if person.language in LANGUAGES else DEFAULT_LANGUAGE


@contextmanager
def in_language(language: str):
    with force_locale(LANGUAGES[language]):
        yield


def link(endpoint: str, **values) -> str:
    """A full link for a message: from PUBLIC_URL when set, else from this request."""
    base = current_app.config.get("PUBLIC_URL")
    if base:
        return base.rstrip("/") + url_for(endpoint, **values)
    return url_for(endpoint, _external=True, **values)


def _draft(kind: str, template: str, to_address: str, to_name: str, language: str,
           subject, once_key: str | None = None, **context) -> Draft:
    """subject: a callable giving the subject in the language in force."""
    with in_language(language):
        return Draft(
            kind=kind, to_address=to_address, to_name=to_name, subject=subject(),
            text=render_template(f"mail/{template}.txt", language=language, **context),
            html=render_template(f"mail/{template}.html", language=language, **context),
            once_key=once_key)


def password_reset(user, token: str, minutes: int):
    return queue(_draft(
        "password_reset", "password_reset", user.email, user.name, language_of(user),
        lambda: _("Set a new password for the Career Pathways Assessment"),
        user=user, minutes=minutes, url=link("auth.reset_password", token=token)))


def email_changed(user, old_address: str):
    return queue(_draft(
        "email_changed", "email_changed", old_address, user.name, language_of(user),
        lambda: _("Your email address for the Career Pathways Assessment was changed"),
        user=user, old_address=old_address, new_address=user.email))


def rater_invitation(rater, sender_name: str):
    cycle = rater.cycle
    return queue(_draft(
        "rater_invitation", "rater_invitation", rater.email, rater.name,
        language_of(rater),
        lambda: _("%(organization)s asks you to rate its career pathways",
                  organization=cycle.organization.name),
        rater=rater, organization=cycle.organization, sender_name=sender_name,
        url=link("rating.open_link", token=rater.token)))


def rater_reminder(rater, sender_name: str):
    cycle = rater.cycle
    return queue(_draft(
        "rater_reminder", "rater_reminder", rater.email, rater.name, language_of(rater),
        lambda: _("Reminder: %(organization)s is waiting for your ratings",
                  organization=cycle.organization.name),
        rater=rater, organization=cycle.organization, sender_name=sender_name,
        url=link("rating.open_link", token=rater.token)))


def comment_digest(user, groups, once_key: str):
    """groups: [(organization, [(comment, subject, url)])]"""
    count = sum(len(comments) for _organization, comments in groups)
    return queue(_draft(
        "comment_digest", "comment_digest", user.email, user.name, language_of(user),
        lambda: _("New comments: %(n)s", n=count), once_key=once_key,
        user=user, groups=groups, settings=link("auth.account")))


def plan_digest(user, groups, today, once_key: str):
    """groups: [(organization, [(item, name, url)])]"""
    return queue(_draft(
        "plan_digest", "plan_digest", user.email, user.name, language_of(user),
        lambda: _("Plan items coming due or overdue"), once_key=once_key,
        user=user, groups=groups, today=today, settings=link("auth.account")))


def survey_closed(user, wave, responses: int, once_key: str):
    return queue(_draft(
        "survey_closed", "survey_closed", user.email, user.name, language_of(user),
        lambda: _("The staff survey “%(name)s” has closed", name=wave.name),
        once_key=once_key, user=user, wave=wave, responses=responses,
        url=link("survey.show", org_id=wave.organization_id, wave_id=wave.id),
        settings=link("auth.account")))

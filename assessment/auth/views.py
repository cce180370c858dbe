from __future__ import annotations

import logging
from datetime import timedelta
from functools import cache

from flask import (
    Blueprint,
    current_app,
    flash,
    g,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import select

from ..clock import utcnow
from ..extensions import db, login_manager
from ..form_tokens import keeps_input, token_refused
from ..i18n import LANGUAGES
from ..mail import messages
from ..mail.outbox import mail_is_set_up
from ..navigation import local_path
from . import devices, resets, sessions, throttle, unsent
from .forms import AccountForm, ForgotPasswordForm, LoginForm, NewPasswordForm, PasswordChangeForm
from .models import User
from .passwords import hash_password, password_matches

bp = Blueprint("auth", __name__)
log = logging.getLogger("assessment.security")

# Kept across login and logout: the visitor's language is not part of a login.
KEPT_SESSION_KEYS = ("lang",)


@login_manager.user_loader
def load_user(token: str) -> User | None:
    config = current_app.config
    return sessions.resume(token, utcnow(), config["SESSION_IDLE_TIMEOUT"],
                           config["SESSION_ABSOLUTE_LIFETIME"])


@login_manager.unauthorized_handler
def ask_to_log_in():
    ended = bool(session.get("_user_id"))
    if ended:  # a login that ended on the server: drop what is left of it
        _clear_session()
    next_page = request.full_path.rstrip("?")
    kept = (unsent.keep(current_app.config["SECRET_KEY"], request.path, request.form)
            if request.method == "POST" else None)
    if kept:  # a form sent after the login ended: keep what was typed through the login
        flash(_("Your session had ended, so nothing was saved yet. Log in again: what you "
                "typed is kept, and you can send it right after."), "info")
        return render_template("auth/login.html", form=LoginForm(formdata=None),
                               unsent=kept, action=url_for("auth.login", next=next_page)), 401
    if ended:
        flash(_("Your session has ended. Please log in again."), "info")
    else:
        flash(_("Please log in to see this page."), "info")
    return redirect(url_for("auth.login", next=next_page))


def home_for(user: User) -> str:
    if user.role == "admin":
        return url_for("admin.index")
    if user.role == "lead" and user.organization_id:
        return url_for("organizations.show", org_id=user.organization_id)
    if user.role == "coach":
        return url_for("coach.dashboard")
    return url_for("organizations.index")


def _clear_session() -> None:
    kept = {key: session[key] for key in KEPT_SESSION_KEYS if key in session}
    session.clear()
    session.update(kept)
    g.pop("csrf_token", None)  # this request's form token belonged to the old session


@cache
def _unused_hash() -> str:
    return hash_password("an unused password to spend the same time")


def _begin_login(user: User) -> None:
    _clear_session()
    sessions.start(user, utcnow())
    login_user(user)
    if user.language in LANGUAGES:  # their own choice; the switch on each page still works
        session["lang"] = user.language


# Pages a person with a starting password may see before choosing their own.
BEFORE_OWN_PASSWORD = {"auth.change_password", "auth.logout", "main.choose_language",
                       "static", "main.healthz"}


@bp.before_app_request
def starting_password_changed_first():
    if (request.endpoint not in BEFORE_OWN_PASSWORD and current_user.is_authenticated
            and current_user.must_change_password):
        flash(_("Choose your own password before you go on. Your current password is the "
                "starting password you were given."), "info")
        return redirect(url_for("auth.change_password"))
    return None


def _guess_keys(email: str) -> throttle.Keys:
    return throttle.Keys.of(current_app.config["SECRET_KEY"], request.remote_addr or "", email)


def _guessing_refused(keys: throttle.Keys, known_device: bool) -> bool:
    return throttle.password_guess_refused(
        keys, utcnow(), throttle.Limits.from_config(current_app.config), known_device)


def _wrong_password(keys: throttle.Keys) -> None:
    throttle.record_failure(keys, utcnow(), current_app.config["LOGIN_FAILURE_WINDOW"])


@bp.route("/login", methods=["GET", "POST"])
@keeps_input
def login():
    if current_user.is_authenticated:
        return redirect(home_for(current_user))
    form = LoginForm()
    if not form.validate_on_submit():
        return render_template("auth/login.html", form=form)

    keys = _guess_keys(form.email.data)
    if _guessing_refused(keys, devices.is_known(keys.account)):
        log.warning("login refused after repeated failures")
        return render_template("auth/login.html", form=form, refused=True), 429

    user = db.session.scalar(select(User).where(User.email == form.email.data))
    if user is None:
        password_matches(_unused_hash(), form.password.data)  # same time as a real check
    if user is None or not password_matches(user.password_hash, form.password.data):
        _wrong_password(keys)
        log.info("login failed user=%s", user.id if user else "unknown")
        return render_template("auth/login.html", form=form, failed=True), 200
    if not user.active:
        log.info("login refused, account deactivated user=%s", user.id)
        return render_template("auth/login.html", form=form, inactive=True), 403

    throttle.forget(keys.pair)
    _begin_login(user)
    log.info("login user=%s", user.id)
    kept = unsent.read(current_app.config["SECRET_KEY"], request.form.get("unsent"))
    if kept:
        path, fields = kept
        response = make_response(render_template(
            "auth/unsent.html", path=path, fields=fields,
            shown=[value for name, value in fields
                   if value.strip() and name not in unsent.NOT_SHOWN]))
    else:
        response = redirect(local_path(request.args.get("next")) or home_for(user))
    return devices.remember(response, keys.account)


@bp.post("/logout")
@login_required
def logout():
    log.info("logout user=%s", current_user.id)
    sessions.end(current_user.session_token)
    logout_user()
    _clear_session()
    flash(_("You have logged out."), "info")
    return redirect(url_for("main.home"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
@keeps_input
def change_password():
    """Asks for the current password, and counts wrong ones as failed logins: whoever
    finds a computer left logged in cannot guess it at leisure."""
    user = current_user._get_current_object()
    form = PasswordChangeForm()
    if not form.is_submitted() or token_refused():
        form.validate_on_submit()  # an expired token: the form comes back with its note
        return render_template("auth/change_password.html", form=form)
    keys = _guess_keys(user.email)
    if _guessing_refused(keys, known_device=True):
        return _logged_out_after_guessing()
    form_valid = form.validate()
    if form.current_password.data and not password_matches(
            user.password_hash, form.current_password.data):
        _wrong_password(keys)
        log.warning("wrong current password user=%s", user.id)
        if _guessing_refused(keys, known_device=True):
            return _logged_out_after_guessing()
        form.current_password.errors.append(_("This is not your current password."))
    elif form_valid:
        user.password_hash = hash_password(form.new_password.data,
                                           current_app.config["PASSWORD_HASH_METHOD"])
        user.must_change_password = False
        sessions.end_all(user)
        throttle.forget(keys.pair)
        _begin_login(user)
        log.info("password changed user=%s", user.id)
        flash(_("Your password was changed. Any other device you used is logged out."),
              "success")
        return redirect(home_for(user))
    return render_template("auth/change_password.html", form=form)


def _logged_out_after_guessing():
    """Too many wrong current passwords: end this login; logging in again from here is
    paused like after failed logins."""
    log.warning("logged out after wrong current passwords user=%s", current_user.id)
    sessions.end(current_user.session_token)
    logout_user()
    _clear_session()
    flash(_("Too many wrong passwords. For your safety you were logged out, and logging in "
            "is paused for 15 minutes."), "error")
    return redirect(url_for("auth.login"), code=303)


RESEND_AFTER = timedelta(minutes=5)


def _reset_lifetime() -> timedelta:
    return timedelta(minutes=current_app.config["PASSWORD_RESET_MINUTES"])


def send_reset_link(user: User) -> None:
    """Queue a one-time link to set a new password (also used by the administrator)."""
    token = resets.issue(user, utcnow(), _reset_lifetime())
    messages.password_reset(user, token, current_app.config["PASSWORD_RESET_MINUTES"])
    log.info("password reset link queued user=%s", user.id)


@bp.route("/forgot-password", methods=["GET", "POST"])
@keeps_input
def forgot_password():
    """The answer is the same whether or not the address has an account. Requests are
    counted like failed logins (separately), so the form cannot flood an inbox."""
    if not mail_is_set_up():
        return render_template("auth/forgot_password.html", form=None)
    form = ForgotPasswordForm()
    if not form.validate_on_submit():
        return render_template("auth/forgot_password.html", form=form)
    keys = throttle.Keys.of(current_app.config["SECRET_KEY"],
                            "reset:" + (request.remote_addr or ""), form.email.data)
    if _guessing_refused(keys, known_device=False):
        log.warning("password reset request refused after repeated requests")
        return render_template("auth/forgot_password.html", form=form, refused=True), 429
    throttle.record_failure(keys, utcnow(), current_app.config["LOGIN_FAILURE_WINDOW"])
    user = db.session.scalar(select(User).where(User.email == form.email.data))
    # One email per account every few minutes, whoever asks: the last link still works.
    if (user is not None and user.active
            and not resets.issued_since(user, utcnow() - RESEND_AFTER)):
        send_reset_link(user)
    return render_template("auth/forgot_password.html", form=None, sent=True)


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
@keeps_input
def reset_password(token: str):
    user = resets.usable(token, utcnow())
    if user is None:
        return render_template("auth/reset_password.html", form=None,
                               mail=mail_is_set_up()), 410
    form = NewPasswordForm()
    if not form.validate_on_submit():
        return render_template("auth/reset_password.html", form=form, user=user)
    user = resets.redeem(token, utcnow())
    if user is None:  # used a moment ago, in another tab
        return render_template("auth/reset_password.html", form=None,
                               mail=mail_is_set_up()), 410
    user.password_hash = hash_password(form.new_password.data,
                                       current_app.config["PASSWORD_HASH_METHOD"])
    user.must_change_password = False
    sessions.end_all(user)  # commits the new password and the used link together
    log.info("password reset user=%s", user.id)
    if current_user.is_authenticated:
        logout_user()
    _begin_login(user)
    flash(_("Your new password is set, and you are logged in. Any other device you used "
            "is logged out."), "success")
    return redirect(home_for(user), code=303)


@bp.route("/account", methods=["GET", "POST"])
@login_required
@keeps_input
def account():
    user = current_user._get_current_object()
    form = AccountForm(obj=user)
    if request.method == "GET" and user.language not in LANGUAGES:
        form.language.data = session.get("lang") or messages.language_of(user)
    if form.validate_on_submit():
        user.language = form.language.data
        for kind in messages.OPTIONAL:
            setattr(user, kind, getattr(form, kind).data)
        db.session.commit()
        session["lang"] = user.language
        flash(_("Your choices are saved."), "success")
        return redirect(url_for("auth.account"), code=303)
    return render_template("auth/account.html", form=form,
                           mail_set_up=mail_is_set_up()), 400 if form.errors else 200

from __future__ import annotations

import logging
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
from ..navigation import local_path
from . import devices, sessions, throttle, unsent
from .forms import LoginForm, PasswordChangeForm
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

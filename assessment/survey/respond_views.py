"""The staff survey as a worker meets it: no account, one section per page, on a phone.

The wave's link is exchanged for a session and the address bar cleaned. Each response is
named by a random id set on the first page and posted with every page, so a double tap,
a resend or a lost cookie never makes a second response or loses one. Once it is sent,
the session keeps only that this browser sent answers to the wave (one response per
browser), never which response; every later post for it gets the same page whatever it
holds. These pages check their own CSRF token, going back included: a form that comes
back after the token expired is shown again with what the worker entered.
"""
from __future__ import annotations

import uuid
from datetime import date

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _

from ..auth import throttle
from ..clock import utcnow
from ..i18n import current_language
from . import invitations, limits, operations
from .forms import (
    CodeStartForm,
    ResumeForm,
    StartForm,
    answers_from,
    field_name,
    section_form,
)
from .invitation_start import INVITATION_KEY, start_with_code
from .instruments import is_exit, of_wave
from .models import SurveyWave
from .questions import question_markup

bp = Blueprint("respond", __name__)
WAVE_KEY, RESPONSE_KEY, CODE_KEY = "survey_wave", "survey_response", "survey_code"
SENT_KEY = "survey_sent"    # codes of the waves this browser sent answers to


bp.add_app_template_global(question_markup, "survey_question")


@bp.app_template_test("exit_survey")
def _is_exit_survey(wave) -> bool:
    """{% if wave is exit_survey %}: the worker's pages name the survey they answer."""
    return wave is not None and is_exit(wave)


def _wave() -> SurveyWave | None:
    code = session.get(WAVE_KEY)
    return operations.wave_by_code(code) if code else None


def _response_here():
    """The response in progress in this browser, read with its wave in one statement (the
    page a whole staff asks for at once); None when the browser has none in its survey."""
    public_id = session.get(RESPONSE_KEY)
    response = operations.response_in_progress(public_id) if public_id else None
    if response is None or response.wave.code != session.get(WAVE_KEY):
        return None
    return response


def _no_wave():
    return render_template("survey/no_wave.html"), 404


def _closed(wave: SurveyWave, status: int = 200):
    return render_template("survey/closed.html", wave=wave, refused=status == 409,
                           not_yet=not wave.is_closed(date.today())), status


def _valid_id(value: str | None) -> str | None:
    try:
        return str(uuid.UUID(value, version=4)) if value else None
    except ValueError:
        return None


def _sent_here(wave: SurveyWave) -> bool:
    return wave.code in session.get(SENT_KEY, [])


def _forget_response(wave: SurveyWave) -> None:
    """Keep only that this browser sent answers to the wave, nothing that finds them."""
    session.pop(RESPONSE_KEY, None)
    session.pop(CODE_KEY, None)
    if not _sent_here(wave):
        session[SENT_KEY] = [*session.get(SENT_KEY, []), wave.code]


def _nothing_saved():
    """The one answer to any post for a response that is not in progress (sent, or never
    known), whatever the post holds: it tells nothing about the answers sent."""
    return render_template("survey/already_sent.html"), 409


@bp.get("/s/<code>")
def open_link(code: str):
    wave = operations.wave_by_code(code)
    if wave is None:
        return _no_wave()
    if session.get(WAVE_KEY) != wave.code:
        session.pop(RESPONSE_KEY, None)
        session.pop(CODE_KEY, None)
    session[WAVE_KEY] = wave.code
    return redirect(url_for(".start"))


@bp.get("/s/<code>/<invitation>")
def open_card(code: str, invitation: str):
    """A card's QR code: the wave's link and the card's code, filled in on the start page
    (the code is spent only when the worker agrees to take part)."""
    response = open_link(code)
    wave = _wave()
    if wave is not None and wave.code == code.upper() and wave.invitation_codes:
        session[INVITATION_KEY] = invitation[:40]
    return response


def _start_page(wave: SurveyWave, start_form=None, resume_form=None, status: int = 200):
    questionnaire = of_wave(wave)
    start_form = start_form or _new_start_form(wave)
    response = operations.in_progress(wave, session.get(RESPONSE_KEY) or "")
    return render_template(
        "survey/start.html", wave=wave, questionnaire=questionnaire, start_form=start_form,
        resume_form=resume_form or ResumeForm(), language=current_language(),
        resume_at=operations.first_unanswered(response) if response is not None else None,
        sent=_sent_here(wave)), status


def _new_start_form(wave: SurveyWave):
    if wave.invitation_codes:  # filled in when the worker came from a card's QR code
        return CodeStartForm(formdata=None, response_id=str(uuid.uuid4()),
                             invitation=session.get(INVITATION_KEY))
    return StartForm(response_id=str(uuid.uuid4()))


def _begin_with_code(wave: SurveyWave, form: CodeStartForm, public_id: str):
    """Spend the card's code and start, or say why not (used, unknown, too many tries)."""
    response, code, error, status = start_with_code(wave, form.invitation.data, public_id)
    if response is None:
        form.invitation.errors = [error]
        return _start_page(wave, start_form=form, status=status)
    session.pop(INVITATION_KEY, None)  # the browser keeps nothing of the card
    session[RESPONSE_KEY] = response.public_id
    if code:
        session[CODE_KEY] = code
    return redirect(url_for(".section", number=1))


@bp.get("/survey/")
def start():
    wave = _wave()
    if wave is None:
        return _no_wave()
    if not wave.is_open(date.today()):
        return _closed(wave)
    return _start_page(wave)


def _start_limits(wave: SurveyWave) -> tuple[limits.StartKeys, bool]:
    config = current_app.config
    keys = limits.StartKeys.of(config["SECRET_KEY"], wave.code, request.remote_addr or "")
    refused = limits.is_refused(
        keys, utcnow(),
        config.get("SURVEY_STARTS_PER_CLIENT_HOUR", limits.STARTS_PER_CLIENT_HOUR),
        config.get("SURVEY_STARTS_PER_WAVE_HOUR", limits.STARTS_PER_WAVE_HOUR))
    return keys, refused


@bp.post("/survey/start")
def begin():
    wave = _wave()
    if wave is None:
        return _no_wave()
    if not wave.is_open(date.today()):
        return _closed(wave, 409)
    if _sent_here(wave):
        return _start_page(wave, status=409)
    form = CodeStartForm() if wave.invitation_codes else StartForm()
    public_id = _valid_id(form.response_id.data)
    if not form.validate_on_submit() or public_id is None:
        if wave.invitation_codes and public_id and not form.csrf_token.errors:
            return _start_page(wave, start_form=form, status=400)
        flash(_("Please press the button again."), "info")
        return _start_page(wave, status=400)
    new_start = operations.in_progress(wave, public_id) is None  # not a double tap
    if new_start and not _consented(wave, form):
        return _start_page(wave, start_form=form, status=400)
    if wave.invitation_codes:
        return _begin_with_code(wave, form, public_id)
    if new_start:
        keys, refused = _start_limits(wave)
        if refused:
            return render_template("survey/too_many.html", wave=wave), 429
        limits.count_start(keys, utcnow())
    response, code = operations.start_response(wave, public_id, current_language(),
                                                date.today())
    if response is None:
        return _nothing_saved()
    session[RESPONSE_KEY] = response.public_id
    if code:
        session[CODE_KEY] = code
    return redirect(url_for(".section", number=1))


def _consented(wave: SurveyWave, form: StartForm) -> bool:
    """A questionnaire that asks for consent starts only once the box is ticked."""
    if of_wave(wave).consent is None or form.consent.data:
        return True
    form.consent.errors = [_("To take part, tick the box to say you agree. If you do not "
                             "want to take part, you can close this page.")]
    return False


@bp.post("/survey/resume")
def resume():
    wave = _wave()
    if wave is None:
        return _no_wave()
    if _sent_here(wave):
        return _start_page(wave, status=409)
    form = ResumeForm()
    if not form.validate_on_submit():
        return _start_page(wave, resume_form=form, status=400)
    if wave.invitation_codes and invitations.is_well_formed(form.code.data):
        form.code.errors.append(_("This looks like the code on your card. Type it in the box "
                                  "“The code on your card” above, then start the survey."))
        return _start_page(wave, resume_form=form, status=400)
    config, now = current_app.config, utcnow()
    client = request.remote_addr or ""
    # Both keys name the client: a stranger's wrong codes must not lock anyone else out.
    keys = throttle.Keys.of(config["SECRET_KEY"], client, f"resume:{client}")
    if throttle.is_refused(keys, now, config["LOGIN_FAILURE_LIMIT_CLIENT"],
                           config["LOGIN_FAILURE_LIMIT_CLIENT"], config["LOGIN_FAILURE_WINDOW"]):
        form.code.errors.append(_("Too many tries. Wait 15 minutes, then try again."))
        return _start_page(wave, resume_form=form, status=429)
    response, state = operations.resume(wave, form.code.data, date.today())
    if response is None:
        throttle.record_failure(keys, now, config["LOGIN_FAILURE_WINDOW"])
        form.code.errors.append(
            _("This code has expired. You can start the survey again.")
            if state == operations.EXPIRED else
            _("We could not find this code. Check it and try again. If you already sent "
              "your answers, there is nothing more to do: thank you."))
        return _start_page(wave, resume_form=form, status=400)
    session[RESPONSE_KEY] = response.public_id
    session[CODE_KEY] = operations.normalise_code(form.code.data)
    return redirect(url_for(".section", number=operations.first_unanswered(response)))


def _section_page(wave, section, response_id: str, answers: dict, problems: dict | None = None,
                  status: int = 200):
    """A page of the survey with these answers ticked and these problems (item id ->
    messages) shown. A page shown afresh needs no form object: its inputs are written by
    the template, and the form class only reads what comes back."""
    questionnaire = of_wave(wave)
    return render_template(
        "survey/section.html", wave=wave, questionnaire=questionnaire, section=section,
        response_id=response_id, answers=answers, problems=problems or {},
        language=current_language(), resume_code=session.get(CODE_KEY),
        last=section.number == len(questionnaire.sections)), status


def _posted_page(wave, section, form, response_id: str):
    """The page as it was posted, with what is wrong with it."""
    problems = {item.id: errors for item in section.items
                if (errors := getattr(form, field_name(item)).errors)}
    return _section_page(wave, section, response_id, answers_from(form, section), problems,
                         400)


def _posted_response():
    """The response in progress the posted page belongs to, read with its wave; None when
    there is none (sent, or never known)."""
    public_id = _valid_id(request.form.get("response_id"))
    return operations.response_in_progress(public_id) if public_id else None


@bp.route("/survey/section/<int:number>", methods=["GET", "POST"])
def section(number: int):
    # This browser's survey is the session's wave; the response read first usually
    # brings it along, which saves reading it on its own.
    response = _response_here() if request.method == "GET" else _posted_response()
    here = response is not None and response.wave.code == session.get(WAVE_KEY)
    wave = response.wave if here else _wave()
    if wave is None:
        return _no_wave()
    questionnaire = of_wave(wave)
    section = questionnaire.section(number)
    if section is None:
        return render_template("survey/no_section.html",
                               count=len(questionnaire.sections)), 404
    if request.method == "POST":
        return _save_posted_section(wave, number, response)
    if _sent_here(wave):
        return redirect(url_for(".thanks"))
    if response is None:
        flash(_("Start the survey, or enter your code to continue."), "info")
        return redirect(url_for(".start"))
    return _section_page(wave, section, response.public_id,
                         operations.stored_answers(response, section))


def _save_posted_section(wave: SurveyWave, number: int, response):
    """response: the one in progress the page was posted for. A page of another survey,
    still open in another tab of this browser (its link opened since), is saved to that
    survey, which becomes this browser's survey again: the answers are kept where they
    belong, never mixed into this one."""
    other = response.wave if response is not None else None
    if other is not None and other.id != wave.id and other.code not in session.get(SENT_KEY, []):
        section = of_wave(other).section(number)
        if section is not None:
            session[WAVE_KEY] = other.code
            session.pop(CODE_KEY, None)
            flash(_("This page belongs to the survey “%(name)s”: your answers were saved "
                    "there, and you can go on with it.", name=other.name), "info")
            return _save_section(other, section, response)
    mine = response if other is not None and other.id == wave.id else None
    return _save_section(wave, of_wave(wave).section(number), mine)


def _save_section(wave: SurveyWave, section, response):
    """Save the posted page to response, the one in progress under the posted id (None
    when there is none in this wave: sent, or never known)."""
    form = section_form(section, current_language())
    if response is None or _sent_here(wave):
        return _nothing_saved()
    if session.get(RESPONSE_KEY) != response.public_id:  # a page of another tab's response
        session[RESPONSE_KEY] = response.public_id       # (unchanged: no new cookie to sign)
    if not wave.is_open(date.today()):
        return _closed(wave, 409)
    valid = form.validate_on_submit()
    if form.csrf_token.errors:  # the page was open too long: keep what they entered
        form.csrf_token.errors = []
        flash(_("Your answers are still here. Please press the button again to save them."),
              "info")
        return _posted_page(wave, section, form, response.public_id)
    if request.form.get("later"):
        return _save_for_later(wave, section, form, response)
    if request.form.get("back") and section.number > 1:
        if not operations.save_section(response, section, _valid_answers(form, section),
                                       done=False):
            return _sent_meanwhile(wave)
        return redirect(url_for(".section", number=section.number - 1))
    if _foreign_answers(section) and valid:
        return _not_on_this_page(wave, section, form, response)
    if not valid:
        return _posted_page(wave, section, form, response.public_id)
    answers = answers_from(form, section)
    if section.number < len(of_wave(wave).sections):
        if not operations.save_section(response, section, answers):
            return _sent_meanwhile(wave)
        return redirect(url_for(".section", number=section.number + 1))
    outcome = operations.submit(response, section, answers, date.today(), current_language())
    if outcome == operations.CLOSED:
        return _closed(wave, 409)
    if outcome == operations.ALREADY_SENT:
        return _sent_meanwhile(wave)
    _forget_response(wave)
    return redirect(url_for(".thanks"))


def _save_for_later(wave: SurveyWave, section, form, response):
    """Save and finish later: keep what is answered (blank and tampered answers left
    out) and show the resume code with what to do with it."""
    if not operations.save_section(response, section, _valid_answers(form, section),
                                   done=False):
        return _sent_meanwhile(wave)
    return render_template("survey/saved.html", wave=wave, resume_code=session.get(CODE_KEY),
                           section=section, questionnaire=of_wave(wave))


def _foreign_answers(section) -> list[str]:
    """Names of answers posted that are no question of this page: a page of another
    survey or another version of it (kept open in another tab), or a made-up post."""
    mine = {f"q_{item.id}" for item in section.items}
    return sorted(name for name in request.form if name.startswith("q_") and name not in mine)


def _not_on_this_page(wave: SurveyWave, section, form, response):
    """Keep this page's own answers, drop the others, and say so; nothing moves on."""
    if not operations.save_section(response, section, _valid_answers(form, section),
                                   done=False):
        return _sent_meanwhile(wave)
    flash(_("Some answers you sent belong to another survey or another version of this "
            "one, so they could not be kept. Your answers to the questions below are "
            "saved. Please check them and press the button again."), "info")
    return _posted_page(wave, section, form, response.public_id)


def _sent_meanwhile(wave: SurveyWave):
    """Another post (a double tap) sent the response first: this one changes nothing."""
    _forget_response(wave)
    return _nothing_saved()


def _valid_answers(form, section) -> dict:
    """The answers on the page that are allowed choices; blanks and tampered values are
    left out, so going back never stores a wrong value nor asks for what is missing."""
    answers = {}
    for item in section.items:
        value = getattr(form, f"q_{item.id}").data
        allowed = set(item.choice_ids())
        if item.type == "multiple":
            answers[item.id] = [v for v in value or [] if v in allowed]
        elif item.type == "text":
            answers[item.id] = (value or "")[:1000]
        else:
            answers[item.id] = value if value in allowed else None
    return answers


@bp.get("/survey/anonymity")
def anonymity():
    """What the survey keeps and who sees what, in plain words, for any worker."""
    return render_template("survey/anonymity.html", wave=_wave())


@bp.get("/survey/thanks")
def thanks():
    wave = _wave()
    if wave is None:
        return _no_wave()
    if not _sent_here(wave):
        return redirect(url_for(".start"))
    return render_template("survey/thanks.html", wave=wave)

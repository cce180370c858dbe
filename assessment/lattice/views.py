"""The lattice editor, for an organization's lead and coach.

Items are named by their key in the query string (?key=p3): a page without a key makes a
new item. Every change saves the private draft; staff see only what is published."""
from __future__ import annotations

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..access import organization_required
from ..confirm import confirm_page
from ..i18n import current_language
from ..organizations.models import Organization
from ..peer_pay import peer_pay
from ..planning.labels import NOT_YET_TRANSLATED
from . import operations, rules
from .document import Move, Offering, Pay, Position, Track, form_value, lines_input, text_input
from .forms import (
    MOVE_KIND_NAMES,
    OFFERING_KIND_NAMES,
    SCHEDULE_NAMES,
    MoveForm,
    OfferingForm,
    PositionForm,
    StarterForm,
    TrackForm,
    choices,
)
from .evidence import EVIDENCE_FOR, lattice_evidence
from .starters import add_starter, library

bp = Blueprint("lattice", __name__, url_prefix="/organizations/<int:org_id>/lattice")


def _to_editor(organization: Organization):
    return redirect(url_for(".edit", org_id=organization.id))


def _key() -> str:
    return (request.args.get("key") or "")[:20]


def _starter_form() -> StarterForm:
    form = StarterForm(prefix="starter")
    language = current_language()
    form.starter.choices = choices((s.id, s.name.in_language(language))
                                   for s in library().starters.values())
    return form


@bp.get("")
@organization_required
def edit(organization: Organization):
    lattice = operations.lattice_for(organization)
    document = lattice.document
    return render_template(
        "lattice/edit.html", organization=organization, lattice=lattice, document=document,
        checks=rules.checks(document), starter_form=_starter_form(),
        language=current_language(), schedules=SCHEDULE_NAMES, move_kinds=MOVE_KIND_NAMES,
        offering_kinds=OFFERING_KIND_NAMES,
        public_url=url_for("lattice_public.show", code=lattice.code, _external=True))


@bp.post("/starter")
@organization_required
def add_starter_track(organization: Organization):
    lattice = operations.lattice_for(organization)
    form = _starter_form()
    starter = library().starters.get(form.starter.data or "")
    if not form.validate_on_submit() or starter is None:
        flash(_("Choose one of the starter lattices shown."), "error")
        return _to_editor(organization)
    operations.save_draft(lattice, add_starter(lattice.document, starter))
    flash(_("“%(name)s” was added to your draft. Fill in pay and change anything you need.",
            name=starter.name.in_language(current_language())), "success")
    return _to_editor(organization)


def _save(organization: Organization, lattice, document, form, message: str):
    """Save the draft unless someone saved it since the form was made; then back to the editor."""
    read = str(form.read_version.data or "")
    try:
        operations.save_draft(lattice, document,
                              int(read) if read and read.isdigit() else None)
    except operations.ChangedMeanwhile:
        flash(_("Someone else changed the lattice while you were editing, so your change "
                "was not saved. Here is the lattice as it is now; make your change again."),
              "error")
        return _to_editor(organization)
    flash(message, "success")
    return _to_editor(organization)


def _texts(form, old, fields: tuple[str, ...]) -> dict:
    """Each bilingual field of the form as a Text, edited from the item's old one."""
    return {field: text_input(getattr(old, field) if old else None,
                              getattr(form, f"{field}_en").data,
                              getattr(form, f"{field}_es").data) for field in fields}


def _form_page(template: str, organization: Organization, form, status: int = 200, **extra):
    return render_template(f"lattice/{template}", organization=organization, form=form,
                           key=_key(), **extra), status


# Tracks ---------------------------------------------------------------------------------

@bp.route("/track", methods=["GET", "POST"])
@organization_required
def track(organization: Organization):
    lattice = operations.lattice_for(organization)
    document = lattice.document
    old = document.track(_key())
    form = TrackForm(read_version=lattice.version)
    if request.method == "GET" and old:
        form.name_en.data, form.name_es.data = (form_value(old.name, "en"),
                                                form_value(old.name, "es"))
    if not form.validate_on_submit():
        return _form_page("track_form.html", organization, form, 400 if form.errors else 200,
                          old=old)
    name = text_input(old.name if old else None, form.name_en.data, form.name_es.data)
    key = old.key if old else None
    if key is None:
        key, document = document.new_key("t")
    _warn_untranslated(name)
    return _save(organization, lattice, document.with_track(Track(key, name)), form,
                 _("Track saved in your draft."))


@bp.route("/track/delete", methods=["GET", "POST"])
@organization_required
def delete_track(organization: Organization):
    lattice = operations.lattice_for(organization)
    document = lattice.document
    old = document.track(_key())
    if old is None:
        flash(_("That track is no longer in the draft."), "error")
        return _to_editor(organization)
    name = old.name.in_language(current_language())
    if request.method == "GET":
        count = len(document.positions_in(old.key))
        return confirm_page(
            _("Remove the track “%(name)s”?", name=name),
            [_("The track leaves your draft with its %(n)s position(s) and every move to or "
               "from them.", n=count),
             _("The published lattice does not change until you publish again.")],
            _("Remove the track"), url_for(".edit", org_id=organization.id))
    operations.save_draft(lattice, document.without_track(old.key))
    flash(_("“%(title)s” was removed from your draft.", title=name), "success")
    return _to_editor(organization)


def _warn_untranslated(*texts) -> None:
    """Say plainly that a text is shown from the other language until someone writes it."""
    for language in ("en", "es"):
        if any(text is not None and not text.is_translated(language) for text in texts):
            flash(_("Some text is still missing in %(language)s: readers of %(language)s see "
                    "the other language, marked “not yet translated”, until you write it.",
                    language=_("English") if language == "en" else _("Spanish")), "warning")


# Positions ------------------------------------------------------------------------------

def _position_form(document, old: Position | None, version: int) -> PositionForm:
    language = current_language()
    form = PositionForm(read_version=version)
    form.track.choices = choices((t.key, t.name.in_language(language)) for t in document.tracks)
    form.competencies.choices = choices((cid, text.in_language(language))
                                        for cid, text in library().competencies.items())
    if request.method == "GET" and old:
        for field in ("title", "education", "certification"):
            getattr(form, f"{field}_en").data = form_value(getattr(old, field), "en")
            getattr(form, f"{field}_es").data = form_value(getattr(old, field), "es")
        form.track.data, form.step.data, form.schedule.data = old.track, old.step, old.schedule
        if old.pay:
            form.pay_unit.data = old.pay.unit
            form.pay_low.data, form.pay_high.data = old.pay.low, old.pay.high
        form.lived_experience.data = old.lived_experience
        form.months_experience.data = old.months_experience
        form.competencies.data = list(old.competencies)
        form.own_ksas_en.data = "\n".join(form_value(k, "en") for k in old.own_ksas)
        form.own_ksas_es.data = "\n".join(form_value(k, "es") for k in old.own_ksas)
    elif request.method == "GET" and request.args.get("track"):
        form.track.data = request.args["track"][:20]
    return form


@bp.route("/position", methods=["GET", "POST"])
@organization_required
def position(organization: Organization):
    lattice = operations.lattice_for(organization)
    document = lattice.document
    old = document.position(_key())
    if not document.tracks:
        flash(_("Add a track first (or start from a starter lattice): each position "
                "belongs to a track."), "error")
        return _to_editor(organization)
    form = _position_form(document, old, lattice.version)
    if not form.validate_on_submit():
        return _form_page("position_form.html", organization, form, 400 if form.errors else 200,
                          old=old, region=peer_pay().for_region(organization.hhs_region))
    texts = _texts(form, old, ("title", "education", "certification"))
    key = old.key if old else None
    if key is None:
        key, document = document.new_key("p")
    own_ksas = lines_input(form.own_ksas_en.data, form.own_ksas_es.data)
    pay = (Pay(form.pay_unit.data, form.pay_low.data, form.pay_high.data)
           if form.pay_unit.data else None)
    new = Position(key=key, track=form.track.data, step=form.step.data, pay=pay,
                   schedule=form.schedule.data, lived_experience=form.lived_experience.data,
                   months_experience=form.months_experience.data,
                   competencies=tuple(form.competencies.data or ()), own_ksas=own_ksas,
                   **texts)
    _warn_untranslated(*texts.values(), *own_ksas)
    return _save(organization, lattice, document.with_position(new), form,
                 _("Position saved in your draft."))


@bp.route("/position/delete", methods=["GET", "POST"])
@organization_required
def delete_position(organization: Organization):
    lattice = operations.lattice_for(organization)
    document = lattice.document
    old = document.position(_key())
    if old is None:
        flash(_("That position is no longer in the draft."), "error")
        return _to_editor(organization)
    language = current_language()
    title = old.title.in_language(language)
    touching = [m for m in document.moves if old.key in (m.source, m.target)]
    if request.method == "GET":
        consequences = [_("The position leaves your draft. The published lattice does not "
                          "change until you publish again.")]
        if touching:
            consequences.append(_("%(n)s move(s) to or from this position are removed too.",
                                  n=len(touching)))
        return confirm_page(_("Remove the position “%(title)s”?", title=title), consequences,
                            _("Remove the position"), url_for(".edit", org_id=organization.id))
    operations.save_draft(lattice, document.without_position(old.key))
    flash(_("“%(title)s” was removed from your draft.", title=title), "success")
    return _to_editor(organization)


# Moves ----------------------------------------------------------------------------------

def _move_form(document, old: Move | None, version: int) -> MoveForm:
    language = current_language()
    form = MoveForm(read_version=version)
    names = {t.key: t.name.in_language(language) for t in document.tracks}
    positions = choices((p.key, f"{p.title.in_language(language)} ({names.get(p.track, '')})")
                        for p in document.positions)
    form.source.choices = form.target.choices = positions
    form.offerings.choices = choices((o.key, o.name.in_language(language))
                                     for o in document.offerings)
    if request.method == "GET" and old:
        form.source.data, form.target.data, form.kind.data = old.source, old.target, old.kind
        for field in ("training", "certification"):
            getattr(form, f"{field}_en").data = form_value(getattr(old, field), "en")
            getattr(form, f"{field}_es").data = form_value(getattr(old, field), "es")
        form.months_in_role.data = old.months_in_role
        form.offerings.data = list(old.offerings)
    elif request.method == "GET" and request.args.get("source"):
        form.source.data = request.args["source"][:20]
    return form


@bp.route("/move", methods=["GET", "POST"])
@organization_required
def move(organization: Organization):
    lattice = operations.lattice_for(organization)
    document = lattice.document
    old = document.move(_key())
    if len(document.positions) < 2:
        flash(_("Add at least two positions first: a move goes from one to another."), "error")
        return _to_editor(organization)
    form = _move_form(document, old, lattice.version)
    if not form.validate_on_submit():
        return _form_page("move_form.html", organization, form, 400 if form.errors else 200,
                          old=old)
    texts = _texts(form, old, ("training", "certification"))
    key = old.key if old else None
    if key is None:
        key, document = document.new_key("m")
    new = Move(key=key, source=form.source.data, target=form.target.data, kind=form.kind.data,
               months_in_role=form.months_in_role.data,
               offerings=tuple(form.offerings.data or ()), **texts)
    _warn_untranslated(*texts.values())
    return _save(organization, lattice, document.with_move(new), form,
                 _("Move saved in your draft."))


@bp.route("/move/delete", methods=["GET", "POST"])
@organization_required
def delete_move(organization: Organization):
    lattice = operations.lattice_for(organization)
    old = lattice.document.move(_key())
    if old is not None and request.method == "POST":
        operations.save_draft(lattice, lattice.document.without_move(old.key))
        flash(_("The move was removed from your draft."), "success")
    return _to_editor(organization)


# Offerings ------------------------------------------------------------------------------

@bp.route("/offering", methods=["GET", "POST"])
@organization_required
def offering(organization: Organization):
    lattice = operations.lattice_for(organization)
    document = lattice.document
    old = document.offering(_key())
    form = OfferingForm(read_version=lattice.version)
    if request.method == "GET" and old:
        form.kind.data, form.cost.data = old.kind, old.cost
        for field in ("name", "eligibility"):
            getattr(form, f"{field}_en").data = form_value(getattr(old, field), "en")
            getattr(form, f"{field}_es").data = form_value(getattr(old, field), "es")
        form.paid_time.data, form.languages.data = old.paid_time, list(old.languages)
    if not form.validate_on_submit():
        return _form_page("offering_form.html", organization, form, 400 if form.errors else 200,
                          old=old)
    texts = _texts(form, old, ("name", "eligibility"))
    key = old.key if old else None
    if key is None:
        key, document = document.new_key("o")
    new = Offering(key=key, kind=form.kind.data, cost=form.cost.data,
                   paid_time=form.paid_time.data, languages=tuple(form.languages.data), **texts)
    _warn_untranslated(*texts.values())
    return _save(organization, lattice, document.with_offering(new), form,
                 _("Offering saved in your draft."))


@bp.route("/offering/delete", methods=["GET", "POST"])
@organization_required
def delete_offering(organization: Organization):
    lattice = operations.lattice_for(organization)
    old = lattice.document.offering(_key())
    if old is not None and request.method == "POST":
        operations.save_draft(lattice, lattice.document.without_offering(old.key))
        flash(_("The offering was removed from your draft."), "success")
    return _to_editor(organization)


# Publishing -----------------------------------------------------------------------------

@bp.route("/publish", methods=["GET", "POST"])
@organization_required
def publish(organization: Organization):
    lattice = operations.lattice_for(organization)
    if not lattice.document.positions:
        flash(_("Add at least one position before publishing."), "error")
        return _to_editor(organization)
    if request.method == "GET":
        return confirm_page(
            _("Publish the lattice?"),
            [_("Staff see this version at the lattice's link from now on, with today's date."),
             _("The version published before is replaced for staff; it is kept in the list "
               "of versions."),
             _("You can go on editing the draft; staff see changes only when you publish again.")],
            _("Publish"), url_for(".edit", org_id=organization.id))
    version = operations.publish(lattice, current_user.id)
    flash(_("Version %(n)s is published. Share the link or print the poster.",
            n=version.number), "success")
    return _to_editor(organization)


@bp.get("/poster.pdf")
@organization_required
def poster(organization: Organization):
    from .printouts import poster_pdf
    lattice = operations.lattice_for(organization)
    url = url_for("lattice_public.show", code=lattice.code, _external=True)
    document = lattice.latest.document if lattice.latest else lattice.document
    pdf = poster_pdf(organization.name, url, [t.name for t in document.tracks])
    return Response(pdf, mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="career-lattice-poster-{organization.id}.pdf"'})


@bp.context_processor
def _labels() -> dict:
    return {"not_yet_translated": NOT_YET_TRANSLATED}


# lattice_evidence(organization) for the organization page's lattice section.
bp.record_once(lambda state: state.app.jinja_env.globals.update(
    lattice_evidence=lattice_evidence, lattice_evidence_for=EVIDENCE_FOR))

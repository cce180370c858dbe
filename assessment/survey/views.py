"""Survey waves for an organization's lead and coach: open, share, read the results."""
from __future__ import annotations

from datetime import date

from babel.dates import format_date
from flask import (
    Blueprint,
    Response,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from .. import submissions
from ..access import (
    can_manage_organization,
    organization_required,
    owned_or_404,
    require_manager,
)
from ..capability import operations as capability
from ..capability.models import AssessmentCycle
from ..capability.rubric import rubric
from ..confirm import confirm_page
from ..form_tokens import keeps_input
from ..i18n import current_language
from ..organizations.models import Organization
from . import card_views, exit_views, instruments, operations, stats
from .forms import WaveForm
from .models import SurveyWave
from .report import OPEN, earlier_comparison, survey_for_cycle, wave_report

# Modules that make PDFs are imported by the views that send one, so reportlab (about
# 18 MB) loads in a worker only when someone asks for a PDF.
bp = Blueprint("survey", __name__, url_prefix="/organizations/<int:org_id>/surveys")


def _wave_form(organization: Organization) -> WaveForm:
    form = WaveForm()
    cycles = list(reversed(capability.cycles_of(organization)))
    form.cycle_id.choices = [SelectChoice(0, _("None"))] + [
        SelectChoice(c.id, c.name) for c in cycles]
    if form.cycle_id.data is None and cycles:
        form.cycle_id.data = cycles[0].id
    return form


def _index(organization: Organization, form: WaveForm, status: int = 200):
    waves = operations.waves_of(organization)
    return render_template(
        "survey/waves.html", organization=organization, form=form, waves=waves,
        sent=stats.sent_counts([wave.id for wave in waves]),
        can_manage=can_manage_organization(current_user, organization)), status


@bp.get("")
@organization_required
def index(organization: Organization):
    return _index(organization, _wave_form(organization))


@bp.post("")
@organization_required
@keeps_input
def open_wave(organization: Organization):
    require_manager(organization)
    form = _wave_form(organization)
    if not form.validate_on_submit():
        return _index(organization, form, 400)
    cycle = (owned_or_404(AssessmentCycle, form.cycle_id.data, organization_id=organization.id)
             if form.cycle_id.data else None)
    token = request.form.get(submissions.FIELD)
    first, then = submissions.first_time(token)
    if not first:
        return submissions.already_saved(then or url_for(".index", org_id=organization.id))
    wave = operations.open_wave(organization, form.name.data, form.opens_on.data,
                                form.closes_on.data, cycle, instruments.current(form.kind.data),
                                form.one_code_per_person.data)
    flash(_("Survey “%(name)s” is ready. Share its link or print the flyer.", name=wave.name),
          "success")
    where = url_for(".show", org_id=organization.id, wave_id=wave.id,
                    cards=form.card_count.data if wave.invitation_codes else None)
    submissions.went_to(token, where)
    return redirect(where)


def _wave(organization: Organization, wave_id: int) -> SurveyWave:
    return owned_or_404(SurveyWave, wave_id, organization_id=organization.id)


def _link(wave: SurveyWave) -> str:
    return url_for("respond.open_link", code=wave.code, _external=True)


@bp.get("/<int:wave_id>")
@organization_required
def show(organization: Organization, wave_id: int):
    wave = _wave(organization, wave_id)
    if instruments.is_exit(wave):
        return exit_views.show(organization, wave)
    report = wave_report(wave, date.today())
    return render_template(
        "survey/results.html", organization=organization, wave=wave, report=report,
        cycle_uses=survey_for_cycle(wave.cycle, date.today()) if wave.cycle else None,
        # Shared only while it can take answers: a closed survey has nothing to share.
        link=_link(wave) if report.state == OPEN else None, rubric=rubric(),
        language=current_language(),
        # Free-text answers: the organization's lead and its coach only.
        may_read_open_answers=_may_read_open_answers(),
        comparison=earlier_comparison(wave, date.today()),
        can_manage=can_manage_organization(current_user, organization),
        cards=card_views.cards_panel(wave))


def _may_read_open_answers() -> bool:
    """Written answers go to the organization's lead and its coach only."""
    return current_user.role in ("lead", "coach")


def _export_blocks(wave: SurveyWave):
    from .export import blocks
    return blocks(wave, wave_report(wave, date.today()), current_language(),
                  _may_read_open_answers())


@bp.get("/<int:wave_id>/results.csv")
@organization_required
def results_csv_file(organization: Organization, wave_id: int):
    wave = _wave(organization, wave_id)
    from .export import results_csv
    return Response(results_csv(_export_blocks(wave)), mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="survey-results-{wave.id}.csv"'})


@bp.get("/<int:wave_id>/results.pdf")
@organization_required
def results_pdf_file(organization: Organization, wave_id: int):
    wave = _wave(organization, wave_id)
    from .export import results_pdf
    return Response(results_pdf(wave, _export_blocks(wave)), mimetype="application/pdf",
                    headers={"Content-Disposition":
                             f'attachment; filename="survey-results-{wave.id}.pdf"'})


@bp.route("/<int:wave_id>/close", methods=["GET", "POST"])
@organization_required
def close(organization: Organization, wave_id: int):
    require_manager(organization)
    wave = _wave(organization, wave_id)
    back = url_for(".show", org_id=organization.id, wave_id=wave.id)
    if wave.is_closed(date.today()):
        return render_template("survey/is_closed.html", organization=organization, wave=wave,
                               flyer=False)
    if request.method == "GET":
        return confirm_page(
            _("Close “%(name)s” now?", name=wave.name),
            [_("The survey stops taking answers at once; answers not yet sent are not "
               "counted."),
             _("The results are shown at once, if 5 or more people have sent their "
               "answers. With fewer, no figures can ever be shown."),
             _("The survey cannot be opened again. Today is recorded as its closing day.")],
            _("Close the survey"), back)
    operations.close_wave(wave, date.today())
    flash(_("The survey is closed. Its results are below."), "success")
    return redirect(back)


@bp.get("/<int:wave_id>/flyer.pdf")
@organization_required
def flyer(organization: Organization, wave_id: int):
    wave = _wave(organization, wave_id)
    if wave.is_closed(date.today()):
        return render_template("survey/is_closed.html", organization=organization,
                               wave=wave, flyer=True)
    from .flyer import EXIT_HEADINGS, flyer_pdf
    document = flyer_pdf(organization.name, wave.name, _link(wave),
                         _days(wave, "en_US"), _days(wave, "es_US"),
                         EXIT_HEADINGS if instruments.is_exit(wave) else None)
    return Response(document, mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="survey-flyer-{wave.id}.pdf"'})


def _days(wave: SurveyWave, locale: str) -> tuple[str, str]:
    return (format_date(wave.opens_on, "long", locale=locale),
            format_date(wave.closes_on, "long", locale=locale))

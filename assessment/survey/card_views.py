"""Invitation cards for the lead: make N codes and download them as cut-apart cards.

The codes exist only in the PDF sent back: the database keeps their digests. So the
cards are made by a POST (a one-time token stops a double tap from making them twice),
and a lost PDF is replaced by printing more cards, never by printing the same ones.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _

from .. import submissions
from ..access import organization_required, owned_or_404, require_manager
from ..organizations.models import Organization
from . import invitations
from .instruments import of_wave
from .models import SurveyWave
from .wave_options import CardsForm

# Modules that make PDFs are imported by the views that send one, so reportlab (about
# 18 MB) loads in a worker only when someone asks for a PDF.
bp = Blueprint("survey_cards", __name__, url_prefix="/organizations/<int:org_id>/surveys")


@dataclass(frozen=True)
class CardsPanel:
    made: int
    used: int
    batches: list
    form: CardsForm | None      # None once the wave is closed


def cards_panel(wave: SurveyWave, form: CardsForm | None = None) -> CardsPanel | None:
    """What the wave's page shows about its cards; None for a wave without codes."""
    if not wave.invitation_codes:
        return None
    summary = invitations.summary(wave)
    if form is None and not wave.is_closed(date.today()):
        form = CardsForm(formdata=None, count=request.args.get("cards", type=int))
    return CardsPanel(summary["made"], summary["used"], summary["batches"],
                      None if wave.is_closed(date.today()) else form)


@bp.post("/<int:wave_id>/cards.pdf")
@organization_required
def make_cards(organization: Organization, wave_id: int):
    require_manager(organization)
    wave = owned_or_404(SurveyWave, wave_id, organization_id=organization.id)
    back = url_for("survey.show", org_id=organization.id, wave_id=wave.id)
    if not wave.invitation_codes:
        flash(_("This survey was opened without invitation codes: anyone with its link can "
                "answer."), "error")
        return redirect(back), 303
    if wave.is_closed(date.today()):
        return render_template("survey/is_closed.html", organization=organization,
                               wave=wave, flyer=False), 409
    form = CardsForm()
    if not form.validate_on_submit():
        flash(str(form.count.errors[0]) if form.count.errors
              else _("Please press the button again."), "error")
        return redirect(url_for("survey.show", org_id=organization.id, wave_id=wave.id,
                                cards=request.form.get("count", type=int))), 303
    token = request.form.get(submissions.FIELD)
    first, then = submissions.first_time(token)
    if not first:
        return submissions.already_saved(then or back)
    codes = invitations.make_codes(wave, form.count.data, current_app.config["SECRET_KEY"],
                                   date.today())
    submissions.went_to(token, back)
    questionnaire = of_wave(wave)
    from .cards import cards_pdf
    document = cards_pdf(organization.name, questionnaire.title.en, questionnaire.title.es,
                         url_for("respond.open_link", code=wave.code, _external=True), codes)
    return Response(document, mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="survey-cards-{wave.id}.pdf"'})

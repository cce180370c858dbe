"""The page of an exit wave, for the lead and the coach (routes stay in views.py)."""
from __future__ import annotations

from datetime import date

from flask import render_template, url_for
from flask_login import current_user

from ..access import can_manage_organization
from ..i18n import current_language
from ..organizations.models import Organization
from .card_views import cards_panel
from .exit_results import exit_report
from .models import SurveyWave
from .report import OPEN


def show(organization: Organization, wave: SurveyWave):
    report = exit_report(wave, date.today())
    return render_template(
        "survey/exit_results.html", organization=organization, wave=wave, report=report,
        link=(url_for("respond.open_link", code=wave.code, _external=True)
              if report.state == OPEN else None),
        language=current_language(),
        may_read_open_answers=current_user.role in ("lead", "coach"),
        can_manage=can_manage_organization(current_user, organization),
        cards=cards_panel(wave))

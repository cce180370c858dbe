"""The plan PDF's speed-ups change nothing the reader gets: a PDF built with every paragraph's
markup parsed afresh and one built from the process's parse cache are the same bytes."""
from __future__ import annotations

from datetime import date

import pytest
from flask_babel import force_locale
from reportlab import rl_config
from sqlalchemy import select

from assessment import demo
from assessment.capability.models import AssessmentCycle
from assessment.extensions import db
from assessment.i18n import LANGUAGES
from assessment.organizations.models import Organization
from assessment.planning import operations as plans
from assessment.planning import pdf
from assessment.survey import report as survey_report


@pytest.fixture
def invariant_pdfs():
    """PDFs without their creation time and random id, so two builds can be compared."""
    before = rl_config.invariant
    rl_config.invariant = 1
    yield
    rl_config.invariant = before


def harbor_plan():
    demo.load("pbkdf2:sha256:1000")
    organization = db.session.scalar(select(Organization).filter_by(
        name=demo.ORGANIZATIONS[0][0]))
    cycle = db.session.scalars(select(AssessmentCycle).filter_by(
        organization_id=organization.id).order_by(AssessmentCycle.starts_on.desc())).first()
    plan = plans.plan_of(cycle)
    item = plan.items[0]  # long enough to continue on the next page: rows split
    plans.update_item(item, item.version, {
        "target_en": "Reach every peer " * 120, "lead": "Begoña Núñez"}, None)
    return organization, cycle, plan


def build(organization, cycle, plan, language: str) -> bytes:
    today = date(2026, 11, 23)
    wave = survey_report.survey_for_cycle(cycle, today)
    with force_locale(LANGUAGES[language]):
        return pdf.plan_pdf(organization, cycle, plan, language, today,
                            survey_report.wave_report(wave, today), wave.name)


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_pdf_from_cached_markup_is_byte_for_byte_the_pdf_parsed_afresh(
        app, invariant_pdfs, language):
    with app.test_request_context():
        organization, cycle, plan = harbor_plan()
        pdf._parsed_once.cache_clear()
        fresh = build(organization, cycle, plan, language)
        misses = pdf._parsed_once.cache_info().misses
        cached = build(organization, cycle, plan, language)
        assert pdf._parsed_once.cache_info().misses == misses  # every paragraph came cached
        assert cached == fresh

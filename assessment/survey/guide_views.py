"""The stay interview guide (PDF) for an organization's supervisors, in either language."""
from __future__ import annotations

from flask import Blueprint, Response, request
from flask_babel import force_locale

from ..access import organization_required
from ..i18n import LANGUAGES, current_language
from ..organizations.models import Organization

# Modules that make PDFs are imported by the views that send one, so reportlab (about
# 18 MB) loads in a worker only when someone asks for a PDF.
bp = Blueprint("survey_guides", __name__, url_prefix="/organizations/<int:org_id>/surveys")


@bp.get("/stay-interview-guide.pdf")
@organization_required
def stay_interview_guide(organization: Organization):
    language = request.args.get("lang", current_language())
    if language not in LANGUAGES:
        language = current_language()
    with force_locale(LANGUAGES[language]):
        from .stay_guide import stay_guide_pdf
        document = stay_guide_pdf(language, organization.name)
    return Response(document, mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="stay-interview-guide-{language}.pdf"'})

"""The plan as a PDF: cover, capability profile with chart, then the plan in the layout of
the Career Pathways Implementation Tool. Returns bytes; the view only sends them.

Strings come from gettext, so the caller picks the reader's language with force_locale.
"""
from __future__ import annotations

from datetime import date
from functools import cache
from io import BytesIO

from flask_babel import format_date, format_percent
from flask_babel import gettext as _
from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import landscape, letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfgen import canvas
from reportlab.platypus import (
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from ..capability import operations as capability
from ..capability.scoring import is_blind_spot
from ..pdf_text import fonts, markup
from .generator import BUCKETS
from .labels import BUCKET_LABELS, STATUS_LABELS
from .operations import people

PAGE = landscape(letter)
MARGIN = 0.5 * inch
FRAME_WIDTH = PAGE[0] - 2 * MARGIN  # tables are sized to fit it
INK = colors.HexColor("#1b1f24")
BRAND = colors.HexColor("#073f54")
LEVEL_COLOURS = {1: "#f6c9a8", 2: "#f5e08e", 3: "#bfe0b5", 4: "#8fcdb0"}


@cache
def _styles() -> dict[str, ParagraphStyle]:
    regular, bold = fonts()
    return {
        "title": ParagraphStyle("title", fontName=bold, fontSize=22, leading=27, textColor=BRAND,
                                spaceAfter=12),
        "h2": ParagraphStyle("h2", fontName=bold, fontSize=14, leading=18, textColor=BRAND,
                             spaceBefore=10, spaceAfter=6),
        "body": ParagraphStyle("body", fontName=regular, fontSize=10, leading=13),
        "cell": ParagraphStyle("cell", fontName=regular, fontSize=8, leading=10),
        "head": ParagraphStyle("head", fontName=bold, fontSize=8, leading=10,
                               textColor=colors.white),
    }


class _Cell(Paragraph):
    """A paragraph that lays itself out once per width. A table asks each cell for its size
    several times (column widths, row heights, page splits, drawing); the answer only
    changes with the width."""

    _laid_out_for: float | None = None

    def wrap(self, available_width, available_height):
        if self._laid_out_for != available_width:
            self._size = super().wrap(available_width, available_height)
            self._laid_out_for = available_width
        return self._size


def _p(text: str, style: str = "cell") -> Paragraph:
    return _Cell(markup(text), _styles()[style])


class _NumberedCanvas(canvas.Canvas):
    """Writes "Page N of M" on every page, once the page count is known."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._pages = []

    def showPage(self):
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self.setFont(fonts()[0], 8)
            self.setFillColor(INK)
            self.drawRightString(PAGE[0] - MARGIN, MARGIN / 2,
                                 _("Page %(page)s of %(pages)s", page=self._pageNumber,
                                   pages=total))
            super().showPage()
        super().save()


def _profile_chart(profile, rubric, language: str) -> Drawing:
    width, row = 9.5 * inch, 22
    label_width, bar_width = 3.6 * inch, 5.4 * inch
    drawing = Drawing(width, row * len(profile.practices) + 24)
    regular, bold = fonts()
    for i, score in enumerate(profile.practices):
        y = drawing.height - (i + 1) * row
        practice = rubric.practice(score.practice_id)
        drawing.add(String(0, y + 6, f"{practice.number}. {practice.title.in_language(language)}",
                           fontName=regular, fontSize=8, fillColor=INK))
        drawing.add(Rect(label_width, y + 2, bar_width, 14, fillColor=colors.HexColor("#eef1f4"),
                         strokeColor=colors.HexColor("#8a96a3"), strokeWidth=0.5))
        if score.level:
            drawing.add(Rect(label_width, y + 2, bar_width * score.level / 4, 14,
                             fillColor=colors.HexColor(LEVEL_COLOURS[score.level]),
                             strokeColor=None))
            text = f"{score.level} · {rubric.levels[score.level].in_language(language)}"
        else:
            text = "—"
        drawing.add(String(label_width + 4, y + 6, text, fontName=bold, fontSize=8,
                           fillColor=INK))
    for level in range(5):
        x = label_width + bar_width * level / 4
        drawing.add(Line(x, 12, x, 16, strokeColor=INK, strokeWidth=0.5))
        drawing.add(String(x - 2, 2, str(level), fontName=regular, fontSize=7, fillColor=INK))
    return drawing


def _profile_table(profile, rubric, language: str) -> Table:
    rows = [[_p(_("Practice"), "head"), _p(_("Level"), "head"),
             _p(_("Lowest to highest"), "head"), _p(_("Raters"), "head"),
             _p(_("Agreement"), "head")]]
    for score in profile.practices:
        practice = rubric.practice(score.practice_id)
        level = (f"{score.level} · {rubric.levels[score.level].in_language(language)}"
                 if score.level else _("No rating yet"))
        spread = f"{score.lowest}–{score.highest}" if score.level else "—"
        agreement = (_("Low agreement") if score.low_agreement
                     else _("Agreed") if score.level else "—")
        rows.append([_p(f"{practice.number}. {practice.title.in_language(language)}"),
                     _p(level), _p(spread), _p(score.rater_count), _p(agreement)])
    return _table(rows, [3.9 * inch, 2.0 * inch, 1.3 * inch, 0.9 * inch, 1.4 * inch])


def _table(rows, widths) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, 0), BRAND),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#8a96a3")),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f3f6f9")]),
        ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("FONTNAME", (0, 1), (-1, -1), fonts()[0]), ("FONTSIZE", (0, 1), (-1, -1), 8),
        ("LEADING", (0, 1), (-1, -1), 10),
    ]))
    return table


def _people(item, language: str) -> str:
    names = people(item, language)
    labels = {"lead": _("Lead"), "contributors": _("Contributors"),
              "stakeholders": _("Stakeholders")}
    return "\n".join(f"{labels[kind]}: {value}" for kind, value in names.items() if value)


def _plan_table(plan, rubric, language: str) -> Table:
    rows = [[_p(_("No."), "head"), _p(_("Best Practice: Level 4"), "head"),
             _p(_("Key Activities"), "head"), _p(_("Lead / Contributors / Stakeholders"), "head")]
            + [_p(BUCKET_LABELS[bucket], "head") for bucket in BUCKETS]]
    for number, item in enumerate(plan.items, start=1):
        practice = rubric.practice(item.practice_id) if item.practice_id else None
        target = markup(item.text("target", language))
        if practice:
            heading = markup(f"{practice.number}. {practice.title.in_language(language)}")
            target = f"<b>{heading}</b><br/>{target}"
        activities = "\n".join(f"• {line}" for line in item.text("activities", language).splitlines()
                               if line.strip())
        activities += "\n" + _("Status: %(status)s", status=STATUS_LABELS[item.status])
        # Plain strings where nothing wraps: a Paragraph is re-measured at every layout pass.
        timeline = [f"X\n{format_date(item.due_on, 'medium')}" if item.bucket == bucket else ""
                    for bucket in BUCKETS]
        rows.append([str(number), _Cell(target, _styles()["cell"]), _p(activities),
                     _p(_people(item, language))]
                    + timeline)
    text_columns = [0.4 * inch, 2.0 * inch, 2.7 * inch, 1.6 * inch]
    bucket_width = (FRAME_WIDTH - sum(text_columns)) / len(BUCKETS)
    return _table(rows, text_columns + [bucket_width] * len(BUCKETS))


def _survey_section(survey_name: str | None, staff: dict, profile, rubric, language: str) -> list:
    if survey_name is None:
        return [_p(_("No staff survey results for this cycle yet."), "body")]
    rows = [[_p(_("Practice"), "head"), _p(_("Team's level"), "head"),
             _p(_("Staff agree"), "head"), _p(_("Blind spot"), "head")]]
    for score in profile.practices:
        practice = rubric.practice(score.practice_id)
        share = staff.get(score.practice_id)
        rows.append([_p(f"{practice.number}. {practice.title.in_language(language)}"),
                     str(score.level or "—"),
                     _("fewer than 5 responses") if share is None else format_percent(share),
                     _("Blind spot") if is_blind_spot(score.level, share) else ""])
    return [_p(_("Staff agree: from the staff survey “%(wave)s”.", wave=survey_name), "body"),
            Spacer(1, 4), _table(rows, [4.5 * inch, 1.5 * inch, 2.0 * inch, 1.5 * inch])]


def plan_pdf(organization, cycle, plan, language: str, today: date,
             survey_name: str | None = None, staff: dict | None = None) -> bytes:
    """survey_name and staff (practice id -> share agreeing, None when hidden by the
    small-group rule): the staff survey linked to the cycle, where there is one."""
    rubric = capability.cycle_rubric(cycle)
    profile = capability.cycle_profile(cycle)
    story = [
        _p(_("Implementation plan"), "title"),
        _p(organization.name, "h2"),
        _p(_("Assessment cycle: %(cycle)s, started %(date)s", cycle=cycle.name,
             date=format_date(cycle.starts_on, "long")), "body"),
        _p(_("Printed %(date)s", date=format_date(today, "long")), "body"),
        Spacer(1, 12),
        _p(_("Capability profile"), "h2"),
    ]
    if profile.overall_level:
        story.append(_p(_("Overall level: %(level)s · %(name)s. Average of the 7 practices: "
                          "%(mean)s of 4.", level=profile.overall_level,
                          name=rubric.levels[profile.overall_level].in_language(language),
                          mean=f"{profile.mean_index:.2f}"), "body"))
    story += [Spacer(1, 6), _profile_chart(profile, rubric, language), Spacer(1, 6),
              _profile_table(profile, rubric, language),
              _p(_("Staff survey"), "h2")]
    story += _survey_section(survey_name, staff or {}, profile, rubric, language)
    story += [PageBreak(),
              _p(_("Career pathways implementation plan"), "h2"),
              _plan_table(plan, rubric, language)]
    buffer = BytesIO()
    document = SimpleDocTemplate(
        buffer, pagesize=PAGE, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
        bottomMargin=MARGIN, title=_("Implementation plan"), author=organization.name,
        lang=language)
    document.build(story, canvasmaker=_NumberedCanvas)
    return buffer.getvalue()

"""The plan as a PDF: cover, capability profile with chart, then the plan in the layout of
the Career Pathways Implementation Tool. Returns bytes; the view only sends them.

Strings come from gettext, so the caller picks the reader's language with force_locale.
"""
from __future__ import annotations

from datetime import date
from functools import cache, lru_cache
from io import BytesIO

from flask_babel import format_date, format_decimal, format_percent
from flask_babel import gettext as _
from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import landscape, letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas
from reportlab.platypus import (
    CondPageBreak,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from ..capability import operations as capability
from ..capability.scoring import AGREED, LOW_AGREEMENT, ONE_RATER
from ..pdf_text import fonts, markup
from ..survey.report import OPEN, TOO_FEW
from ..workforce.report import workforce_table
from .generator import BUCKETS
from .labels import (
    BUCKET_LABELS,
    CARRIED_OVER,
    FUNDS_LABELS,
    NOT_YET_TRANSLATED,
    STATUS_LABELS,
    step_label,
)
from .operations import people
from .rows import practice_rows

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
    changes with the width. Its markup is parsed once per process (see _parsed)."""

    _laid_out_for: float | None = None

    def __init__(self, text: str, style: ParagraphStyle, frags=None, **kwargs):
        # reportlab passes its own fragments (and more) when it splits a cell across pages.
        super().__init__(text, style, frags=_parsed(text, style) if frags is None else frags,
                         **kwargs)

    def wrap(self, available_width, available_height):
        # A split (a cell continued on the next page) copies the cell before laying it out.
        if self._laid_out_for != available_width or not hasattr(self, "blPara"):
            self._size = super().wrap(available_width, available_height)
            self._laid_out_for = available_width
        return self._size


@lru_cache(maxsize=4096)
def _parsed_once(text: str, style: ParagraphStyle) -> tuple:
    return tuple(Paragraph(text, style).frags)


def _parsed(text: str, style: ParagraphStyle) -> list:
    """The paragraph's fragments, parsed once per process for each text and style: labels,
    headings and the library's activities repeat in every plan. reportlab only reads the
    fragments (it clones one before changing it), and the styles live as long as the
    process (_styles is cached), so a cached parse lays out and draws exactly as a fresh
    one; tests/test_plan_pdf_speed.py compares the bytes."""
    return list(_parsed_once(text, style))


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


def _fitting_size(text: str, font: str, width: float, size: float = 8) -> float:
    """The font size, at most `size`, at which text fits in width on one line."""
    return min(size, size * width / stringWidth(text, font, size))


def _profile_chart(profile, rubric, language: str) -> Drawing:
    width, row = 9.5 * inch, 22
    label_width, bar_width = 3.6 * inch, 5.4 * inch
    drawing = Drawing(width, row * len(profile.practices) + 24)
    regular, bold = fonts()
    for i, score in enumerate(profile.practices):
        y = drawing.height - (i + 1) * row
        practice = rubric.practice(score.practice_id)
        label = f"{practice.number}. {practice.title.in_language(language)}"
        drawing.add(String(0, y + 6, label, fontName=regular,
                           fontSize=_fitting_size(label, regular, label_width - 6),
                           fillColor=INK))
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


def agreement_labels() -> dict:
    return {LOW_AGREEMENT: _("Low agreement"), ONE_RATER: _("1 rater"), AGREED: _("Agreed"),
            None: "—"}


def _profile_table(profile, rubric, language: str) -> Table:
    rows = [[_p(_("Practice"), "head"), _p(_("Level"), "head"),
             _p(_("Lowest to highest"), "head"), _p(_("Raters"), "head"),
             _p(_("Agreement"), "head")]]
    agreement = agreement_labels()
    for score in profile.practices:
        practice = rubric.practice(score.practice_id)
        level = (f"{score.level} · {rubric.levels[score.level].in_language(language)}"
                 if score.level else _("No rating yet"))
        spread = f"{score.lowest}–{score.highest}" if score.level else "—"
        rows.append([_p(f"{practice.number}. {practice.title.in_language(language)}"),
                     _p(level), _p(spread), _p(score.rater_count),
                     _p(agreement[score.agreement])])
    return _table(rows, PROFILE_COLUMNS)


PROFILE_COLUMNS = [3.7 * inch, 2.1 * inch, 1.3 * inch, 1.2 * inch, 1.6 * inch]


FRAME_HEIGHT = PAGE[1] - 2 * MARGIN


def _table(rows, widths) -> Table:
    table = _styled(Table(rows, colWidths=widths, repeatRows=1))
    table.wrap(sum(widths), FRAME_HEIGHT)
    if max(table._rowHeights) > FRAME_HEIGHT - table._rowHeights[0] - 12:
        # A row taller than a page (a very long item) must continue on the next page.
        # Only then: splitting inside rows also repeats the heading on the same page.
        table = _styled(Table(rows, colWidths=widths, repeatRows=1, splitInRow=1))
        table.wrap(sum(widths), FRAME_HEIGHT)
    return table


def _styled(table: Table) -> Table:
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


def _untranslated(text, language: str) -> str:
    return "" if text.is_translated(language) else f" <i>({markup(NOT_YET_TRANSLATED)})</i>"


def _step_activities(item, practice, language: str) -> str:
    """One step in the Key Activities cell: its label and status, then its activities,
    each marked where it is not yet written in the reader's language."""
    heading = (markup(step_label(item.from_level)) if practice else
               markup(item.text("target", language)) + _untranslated(item.target, language))
    parts = [f"<b>{heading}</b> · {markup(STATUS_LABELS[item.status])}"
             + (f" · <i>{markup(CARRIED_OVER)}</i>" if item.carried_from_id else "")]
    if practice and item.text("target", language) != practice.best_practice.in_language(language):
        parts.append(markup(_("Goal:") + " " + item.text("target", language))
                     + _untranslated(item.target, language))
    parts += [markup("• " + activity.text.in_language(language))
              + _untranslated(activity.text, language)
              + (f" <i>({markup(FUNDS_LABELS['new'])})</i>" if activity.funds == "new" else "")
              for activity in item.activities]
    return "<br/>".join(parts)


def _people_cell(items, language: str) -> str:
    labels = {"lead": _("Lead"), "contributors": _("Contributors"),
              "stakeholders": _("Stakeholders")}

    def named(names: dict) -> list[str]:
        return [markup(f"{labels[kind]}: {value}") for kind, value in names.items() if value]

    everyone = [people(item, language) for item in items]
    if all(names == everyone[0] for names in everyone):  # the same people for every step
        return "<br/>".join(named(everyone[0])) if everyone else ""
    return "<br/>".join(f"<b>{markup(step_label(item.from_level))}</b><br/>"
                        + "<br/>".join(named(names)) for item, names in zip(items, everyone))


NO_BREAK = "\u00a0"


def _short_step(from_level: int | None) -> str:
    """A step as its timeline column names it: narrow, never split inside."""
    if from_level is None:
        return "X"
    label = _("Level %(level)s", level=4) if from_level >= 4 else step_label(from_level)
    return label.replace(" ", NO_BREAK)


def _timeline_cells(items) -> list:
    cells = []
    for bucket in BUCKETS:
        marks = [f"<b>{markup(_short_step(item.from_level))}</b><br/>"
                 f"{markup(format_date(item.due_on, 'long'))}"
                 for item in items if item.bucket == bucket]
        cells.append(_Cell("<br/><br/>".join(marks), _styles()["cell"]) if marks else "")
    return cells


def _practice_cell(row, rubric, language: str) -> str:
    title = markup(row.practice.title.in_language(language))
    text = f"<b>{title}</b><br/>{markup(row.practice.best_practice.in_language(language))}"
    if row.level == 4:
        text += "<br/><b>" + markup(_("Level 4 reached.")) + "</b>"
    return text


def _plan_table(rows, rubric, language: str) -> Table:
    header = [_p(_("No."), "head"), _p(_("Best Practice: Level 4"), "head"),
              _p(_("Key Activities"), "head"), _p(_("Lead / Contributors / Stakeholders"), "head")]
    table = [header + [_p(BUCKET_LABELS[bucket], "head") for bucket in BUCKETS]]
    for row in rows:
        if row.practice:
            activities = ("<br/><br/>".join(_step_activities(item, row.practice, language)
                                            for item in row.items)
                          or markup(_("No steps in the plan.")))
            table.append([row.number, _Cell(_practice_cell(row, rubric, language),
                                            _styles()["cell"]),
                          _Cell(activities, _styles()["cell"]),
                          _Cell(_people_cell(row.items, language), _styles()["cell"])]
                         + _timeline_cells(row.items))
        else:  # the organization's own items: a row each
            for item in row.items:
                table.append(["+", _Cell(markup(_("Your own item")), _styles()["cell"]),
                              _Cell(_step_activities(item, None, language), _styles()["cell"]),
                              _Cell(_people_cell([item], language), _styles()["cell"])]
                             + _timeline_cells([item]))
    return _table(table, PLAN_COLUMNS)


TEXT_COLUMNS = [0.4 * inch, 1.75 * inch, 2.75 * inch, 1.3 * inch]
PLAN_COLUMNS = TEXT_COLUMNS + [(FRAME_WIDTH - sum(TEXT_COLUMNS)) / len(BUCKETS)] * len(BUCKETS)


def _survey_section(report, survey_name: str | None, rubric, language: str) -> list:
    """The staff survey linked to the cycle, under the small-group rule; kept on one page
    with its heading."""
    heading = _p(_("Staff survey"), "h2")
    if report is None:
        return [KeepTogether([heading, _p(_("No staff survey is linked to this cycle."),
                                          "body")])]
    if report.state == OPEN:
        return [KeepTogether([heading, _p(_("“%(wave)s”: its figures are shown when the survey "
                                            "closes.", wave=survey_name), "body")])]
    if report.state == TOO_FEW:
        return [KeepTogether([heading, _p(_("“%(wave)s” closed with fewer than 5 responses: no "
                                            "figures can be shown.", wave=survey_name),
                                          "body")])]
    rows = [[_p(_("Practice"), "head"), _p(_("Team's level"), "head"),
             _p(_("Staff who agree"), "head"), _p(_("Blind spot"), "head")]]
    for row in report.practices:
        practice = rubric.practice(row.practice_id)
        share = (_("fewer than 5 people counted") if row.staff_share is None else
                 _("%(share)s of %(people)s people", share=format_percent(row.staff_share),
                   people=row.respondents))
        rows.append([_p(f"{practice.number}. {practice.title.in_language(language)}"),
                     str(row.team_level or "—"), _p(share),
                     _("Blind spot") if row.blind_spot else ""])
    block = [heading,
             _p(_("“%(wave)s”: %(count)s responses. Staff who agree: people whose answers to the "
                  "practice's questions are, on average, “Agree” or higher.",
                  wave=survey_name, count=report.respondents), "body"),
             Spacer(1, 4), _table(rows, [4.3 * inch, 1.5 * inch, 2.4 * inch, 1.5 * inch])]
    block += _barriers_and_intent(report, language)
    return [KeepTogether(block)]


def _barriers_and_intent(report, language: str) -> list:
    questionnaire = report.questionnaire
    lines = []
    barriers = questionnaire.items("multiple")[0]
    names = {choice.id: choice.text.in_language(language) for choice in barriers.choices}
    top = [f for f in (report.barriers or []) if f.count][:3]
    if top:
        lines.append(_("Top barriers: %(list)s.", list="; ".join(
            f"{names[f.choice_id]} ({format_percent(f.share)})" for f in top)))
    intent = questionnaire.item("intent_to_stay")
    figures = report.items.get("intent_to_stay") if intent else None
    if figures:
        names = {choice.id: choice.text.in_language(language) for choice in intent.choices}
        lines.append(_("Still working here a year from now: %(list)s.", list="; ".join(
            f"{names[f.choice_id]} {format_percent(f.share)}" for f in figures)))
    return [Spacer(1, 8)] + [_p(line, "body") for line in lines]


def _workforce_section(organization, items, language: str) -> list:
    """Seed 003's metrics over the periods kept, with the change since the first, and the
    plan items' measurable targets against the latest figure."""
    heading = _p(_("Workforce figures"), "h2")
    table = workforce_table(organization, items, language)
    if table is None:
        return [KeepTogether([heading, _p(_("No workforce figures yet."), "body")])]
    first = 2.6 * inch
    widths = [first] + [(FRAME_WIDTH - first) / (len(table.headers) - 1)] * (len(table.headers) - 1)
    rows = [[_p(text, "head") for text in table.headers]] + [
        [_p(text) for text in row] for row in table.rows]
    return [KeepTogether([heading, _table(rows, widths)])] + [
        _p(note, "body") for note in table.notes]


def plan_pdf(organization, cycle, plan, language: str, today: date, survey_report=None,
             survey_name: str | None = None) -> bytes:
    """survey_report: the WaveReport of the staff survey linked to the cycle, if any."""
    rubric = capability.cycle_rubric(cycle)
    profile = capability.cycle_profile(cycle)
    story = [
        _p(_("Implementation plan"), "title"),
        _p(organization.name, "h2"),
        _p(_("Assessment cycle: %(cycle)s, started %(date)s", cycle=cycle.name,
             date=format_date(cycle.starts_on, "long")), "body"),
        _p(_("Plan made %(date)s; due dates count from that day.",
             date=format_date(plan.made_on, "long")), "body"),
        _p(_("Printed %(date)s", date=format_date(today, "long")), "body"),
        Spacer(1, 12),
        _p(_("Capability profile"), "h2"),
    ]
    if profile.overall_level:
        story.append(_p(_("Overall level: %(level)s · %(name)s. Average of the 7 practices: "
                          "%(mean)s of 4.", level=profile.overall_level,
                          name=rubric.levels[profile.overall_level].in_language(language),
                          mean=format_decimal(profile.mean_index, "0.00")), "body"))
    story += [Spacer(1, 6), _profile_chart(profile, rubric, language), Spacer(1, 6),
              _profile_table(profile, rubric, language)]
    story += _survey_section(survey_report, survey_name, rubric, language)
    story += _workforce_section(organization, plan.items, language)
    table = _plan_table(practice_rows(plan.items, rubric, profile), rubric, language)
    heading = _p(_("Career pathways implementation plan"), "h2")
    # The heading starts a new page unless the table's heading row and first row fit under it.
    room = heading.wrap(FRAME_WIDTH, FRAME_HEIGHT)[1] + 16 + sum(table._rowHeights[:2])
    story += [CondPageBreak(min(room, FRAME_HEIGHT * 0.9)), heading, table]
    buffer = BytesIO()
    document = SimpleDocTemplate(
        buffer, pagesize=PAGE, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
        bottomMargin=MARGIN, title=_("Implementation plan"), author=organization.name,
        lang=language)
    document.build(story, canvasmaker=_NumberedCanvas)
    return buffer.getvalue()

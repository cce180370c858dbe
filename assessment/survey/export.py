"""One wave's results as a CSV and a PDF for its organization: the same figures as the
results page, under the same rules (released at close, groups under 5 hidden, groups
that would single someone out hidden, written answers only from 10 responses on and
never by group). Both are made from one list of tables, so they never disagree."""
from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO

from flask_babel import format_percent
from flask_babel import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from ..capability.rubric import rubric
from ..coaching.export import to_csv
from ..pdf_text import fonts, markup
from .models import SurveyWave
from .questionnaire import Item
from .report import SHOWN, TOO_FEW, WaveReport
from .results import ChoiceFigure


@dataclass(frozen=True)
class Block:
    title: str
    header: list[str]
    rows: list[list[object]]


def _percent(share: float | None) -> str:
    return "" if share is None else format_percent(share)


def _choice_text(item: Item, choice_id: str, language: str) -> str:
    choice = next((c for c in item.choices if c.id == choice_id), None)
    return choice.text.in_language(language) if choice else _("No answer")


def _answers(item: Item, figures: list[ChoiceFigure], skipped: int | None,
             language: str) -> list[list[object]]:
    rows = [[item.text.in_language(language), _choice_text(item, f.choice_id, language),
             f.count, _percent(f.share)] for f in figures]
    if skipped:
        rows.append([item.text.in_language(language), _("Skipped"), skipped, ""])
    return rows


def blocks(wave: SurveyWave, report: WaveReport, language: str,
           may_read_open_answers: bool) -> list[Block]:
    """The tables of the export, in the order of the results page."""
    out = [Block(_("Responses"), [_("Survey"), _("Responses"), _("Status")],
                 [[wave.name, report.respondents, _status(report)]])]
    if report.state != SHOWN:
        return out
    questions = [_("Question"), _("Answer"), _("People"), _("Share")]
    practices = rubric()
    out.append(Block(_("Staff agreement by practice"),
                     [_("Practice"), _("Staff who agree"), _("People counted")],
                     [[practices.practice(row.practice_id).title.in_language(language),
                       _percent(row.staff_share) if row.staff_share is not None
                       else _("fewer than 5 people counted"),
                       row.respondents if row.respondents is not None else ""]
                      for row in report.practices]))
    skipped = report.skipped or {}
    if report.barriers_item and report.barriers is not None:
        out.append(Block(_("What gets in the way"), questions, _answers(
            report.barriers_item, report.barriers, skipped.get(report.barriers_item.id),
            language)))
    rows = []
    for item in report.questionnaire.items():
        if report.items.get(item.id) is not None:
            rows += _answers(item, report.items[item.id], skipped.get(item.id), language)
    out.append(Block(_("Answers to each question"), questions, rows))
    out += _by_group(report, language)
    if may_read_open_answers:
        texts = report.open_answers
        out.append(Block(_("What one change would help"), [_("Written answer")],
                         [[text] for text in texts] if texts is not None else
                         [[_("Written answers are shown once 10 people have answered, and "
                             "never by group.")]]))
    return out


def _by_group(report: WaveReport, language: str) -> list[Block]:
    header = [_("Group"), _("People in the group"), _("Answer"), _("People"), _("Share")]
    out = []
    for (split_id, item_id), groups in (report.by_group or {}).items():
        split, item = report.questionnaire.item(split_id), report.questionnaire.item(item_id)
        title = _("%(question)s, by: %(split)s", question=item.text.in_language(language),
                  split=split.text.in_language(language))
        if groups is None:
            rows = [[_("No group of this question can be shown: each has fewer than 5 "
                       "people, or would single someone out."), "", "", "", ""]]
        else:
            rows = []
            for group in groups:
                name = _choice_text(split, group.group_id, language)
                rows += [[name, group.size, _choice_text(item, f.choice_id, language), f.count,
                          _percent(f.share)] for f in group.figures]
                if group.skipped:
                    rows.append([name, group.size, _("Skipped"), group.skipped, ""])
        out.append(Block(title, header, rows))
    split_rows = []
    for split_id, groups in report.breakdowns.items():
        split = report.questionnaire.item(split_id)
        for group in groups or []:
            if group.size is not None:
                split_rows.append([split.text.in_language(language),
                                   _choice_text(split, group.group_id, language), group.size,
                                   _percent(group.share_agreeing)])
    out.append(Block(_("By group"), [_("Question"), _("Group"), _("People"),
                                     _("Staff who agree")], split_rows))
    return out


def _status(report: WaveReport) -> str:
    if report.state == SHOWN:
        return _("Closed: figures shown")
    if report.state == TOO_FEW:
        return _("The survey closed with fewer than 5 responses: no figures can be shown.")
    return _("Figures are shown when the survey closes.")


def results_csv(all_blocks: list[Block]) -> bytes:
    rows: list[list[object]] = []
    for block in all_blocks:
        rows += [[block.title], block.header, *block.rows, []]
    return to_csv(rows[0], rows[1:])


def results_pdf(wave: SurveyWave, all_blocks: list[Block]) -> bytes:
    regular, bold = fonts()
    styles = {
        "title": ParagraphStyle("title", fontName=bold, fontSize=16, leading=20, spaceAfter=6),
        "h2": ParagraphStyle("h2", fontName=bold, fontSize=12, leading=15, spaceBefore=10,
                             spaceAfter=4),
        "cell": ParagraphStyle("cell", fontName=regular, fontSize=8.5, leading=10.5),
        "head": ParagraphStyle("head", fontName=bold, fontSize=8.5, leading=10.5),
    }
    story = [Paragraph(markup(f"{wave.organization.name}: {wave.name}"), styles["title"]),
             Paragraph(markup(_("Staff survey results. Groups of fewer than 5 people are "
                                "not shown.")), styles["cell"])]
    width = letter[0] - 1.5 * inch
    for block in all_blocks:
        story.append(Paragraph(markup(block.title), styles["h2"]))
        data = [[Paragraph(markup(h), styles["head"]) for h in block.header]]
        data += [[Paragraph(markup(cell), styles["cell"]) for cell in row]
                 for row in block.rows] or [[Paragraph("—", styles["cell"])] * len(block.header)]
        table = Table(data, colWidths=[width / len(block.header)] * len(block.header),
                      repeatRows=1)
        table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                                   ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke),
                                   ("VALIGN", (0, 0), (-1, -1), "TOP")]))
        story += [table, Spacer(1, 4)]
    buffer = BytesIO()
    SimpleDocTemplate(buffer, pagesize=letter, leftMargin=0.75 * inch, rightMargin=0.75 * inch,
                      topMargin=0.75 * inch, bottomMargin=0.75 * inch,
                      title=wave.name).build(story)
    return buffer.getvalue()

"""Time the implementation-plan PDF of a realistic organization in English and Spanish
against a bare reportlab document of the same pages, so the ratio shows what our own code
costs. Prints medians, the ratio against the target (at most 1.5x) and peak memory.

    .venv/bin/python bench/plan_pdf.py [runs]

The plan is the demo's Harbor follow-up (3 raters, all 7 practices, a closed staff survey
with 12 responses, comments) plus three years of workforce figures with pay, an HHS region
and measurable targets on two items: every section the PDF prints when its data is there.

Our figure is a worker's steady state: each paragraph's markup parsed once per process and
a closed survey's report kept (both built for that). The first PDF of a new process, with
those caches empty, is printed too, for information.

The bare document is a fair equivalent: the same page size and margins, the same embedded
TTF fonts (Vera, for Spanish accents), and on each page the same text laid out by plain
reportlab: Paragraphs of about three printed lines each in an eight-column Table with a
grid and a heading row (as many paragraphs a page as the plan's), built with a plain
SimpleDocTemplate. Its text is the PDF's own text, read back page by page, so the amount
of text matches in each language.
"""
from __future__ import annotations

import statistics
import sys
import tempfile
import time
import tracemalloc
from datetime import date
from decimal import Decimal
from io import BytesIO
from pathlib import Path
from xml.sax.saxutils import escape

from flask_babel import force_locale
from pypdf import PdfReader
from reportlab.lib import colors
from reportlab.lib.pagesizes import landscape, letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table, TableStyle

from assessment import create_app, demo
from assessment.capability.models import AssessmentCycle
from assessment.extensions import db
from assessment.i18n import LANGUAGES
from assessment.organizations.models import Organization
from assessment.pdf_text import fonts
from assessment.planning import operations as plans
from assessment.planning import pdf
from assessment.planning.pdf import plan_pdf
from assessment.survey import report as survey_report
from assessment.workforce.models import WorkforcePeriod
from assessment.workforce.targets import set_target

TARGET = 1.5
PAGE = landscape(letter)
MARGIN = 0.5 * inch
COLUMNS = 8  # as the plan table


def seeded():
    """The demo's Harbor organization with its follow-up cycle and plan, plus workforce
    figures and targets."""
    demo.load("pbkdf2:sha256:1000")
    organization = db.session.scalar(db.select(Organization).filter_by(
        name=demo.ORGANIZATIONS[0][0]))
    organization.hhs_region = 9
    for year, (start, end, hires, promotions, fills, left) in zip(
            (2023, 2024, 2025), ((30, 34, 9, 2, 1, 5), (34, 38, 8, 3, 3, 4),
                                 (38, 41, 6, 4, 5, 3))):
        pay = {"overall": {"female": f"{19 + year - 2023}.50", "male": f"{20 + year - 2023}.25"}}
        db.session.add(WorkforcePeriod(
            organization_id=organization.id, year=year, source="entered", headcount_start=start,
            headcount_end=end, hires=hires, promotions=promotions, internal_fills=fills,
            separations_voluntary=left, separations_involuntary=1, retained=start - left - 1,
            budgeted_positions=end + 3, vacant_positions=3, details={"pay": pay}))
    db.session.commit()
    cycle = db.session.scalars(db.select(AssessmentCycle).filter_by(
        organization_id=organization.id).order_by(AssessmentCycle.starts_on.desc())).first()
    plan = plans.plan_of(cycle)
    for item, metric in zip(plan.items, ("internal_fill_rate", "retention_rate")):
        set_target(item, organization.id, metric, Decimal("40.0"), 12, date.today(), None)
    return organization, cycle, plan


def page_texts(document: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(BytesIO(document)).pages]


def _styles():
    regular, bold = fonts()
    return (ParagraphStyle("cell", fontName=regular, fontSize=8, leading=10),
            ParagraphStyle("head", fontName=bold, fontSize=8, leading=10,
                           textColor=colors.white))


STYLE = TableStyle([("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#073f54")),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#8a96a3"))])
WIDTH = PAGE[0] - 2 * MARGIN
HEIGHT = PAGE[1] - 2 * MARGIN


def _table(cells: list[str]) -> Table:
    cell, head = _styles()
    rows = [[Paragraph(f"Column {n}", head) for n in range(1, COLUMNS + 1)]]
    rows += [[Paragraph(c, cell) for c in cells[i:i + COLUMNS]]
             for i in range(0, len(cells), COLUMNS)]
    return Table(rows, colWidths=[WIDTH / COLUMNS] * COLUMNS, repeatRows=1, style=STYLE)


def bare_cells(texts: list[str]) -> list[list[str]]:
    """Each page's text as cells of three printed lines (more when the page would overflow),
    eight a row: about as many paragraphs a page, and as much text to wrap, as a page of
    the plan. Decided once, outside the timing."""
    pages = []
    for text in texts:
        lines = [escape(line) for line in text.splitlines() if line.strip()]
        for per_cell in range(3, 12):
            cells = [" ".join(lines[i:i + per_cell]) for i in range(0, len(lines), per_cell)]
            cells += [""] * (-len(cells) % COLUMNS)
            if _table(cells).wrap(WIDTH, HEIGHT)[1] <= HEIGHT - 12:
                break
        pages.append(cells)
    return pages


def bare_document(pages: list[list[str]]) -> bytes:
    """Plain reportlab: one gridded table of paragraphs a page."""
    story = []
    for cells in pages:
        story += [_table(cells), PageBreak()]
    buffer = BytesIO()
    SimpleDocTemplate(buffer, pagesize=PAGE, leftMargin=MARGIN, rightMargin=MARGIN,
                      topMargin=MARGIN, bottomMargin=MARGIN).build(story[:-1])
    return buffer.getvalue()


def empty_caches() -> None:
    """What a worker that has built no PDF yet starts from (fonts and styles stay loaded:
    they are loaded once per process whatever the plan)."""
    if hasattr(pdf, "_parsed_once"):  # (absent from the code before issue 15)
        pdf._parsed_once.cache_clear()
    getattr(survey_report, "_SEALED_REPORTS", {}).clear()


def timed(make, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        make()
        times.append((time.perf_counter() - start) * 1000)
    return times


def peak_memory(make) -> float:
    tracemalloc.start()
    make()
    peak = tracemalloc.get_traced_memory()[1] / 1024 / 1024
    tracemalloc.stop()
    return peak


def main(runs: int = 30) -> None:
    with tempfile.TemporaryDirectory() as folder:
        app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.sqlite3",
                          "SECRET_KEY": "b" * 40}, instance_path=str(Path(folder) / "instance"))
        with app.test_request_context():
            organization, cycle, plan = seeded()
            today = date.today()
            wave = survey_report.survey_for_cycle(cycle, today)
            print(f"plan items: {len(plan.items)}; survey: {wave.name if wave else 'none'}; "
                  f"runs per figure: {runs}")
            all_met = True
            for language in ("en", "es"):
                def ours(_emptied=None):
                    # As the view does: the wave's report, then the PDF.
                    with force_locale(LANGUAGES[language]):
                        report = survey_report.wave_report(wave, today)
                        return plan_pdf(organization, cycle, plan, language, today, report,
                                        wave.name)
                document = ours()  # warm up: fonts, styles
                texts = page_texts(document)
                cells = bare_cells(texts)
                bare = bare_document(cells)
                bare_pages = len(PdfReader(BytesIO(bare)).pages)
                # Alternate the two so both see the same machine load.
                mine, theirs, cold = [], [], []
                for _ in range(runs):
                    mine += timed(ours, 1)
                    theirs += timed(lambda: bare_document(cells), 1)
                    cold += timed(lambda: ours(empty_caches()), 1)
                ratio = statistics.median(mine) / statistics.median(theirs)
                met = ratio <= TARGET
                all_met &= met and bare_pages == len(texts)
                print(f"plan PDF ({language}): {len(texts)} pages, {len(document) / 1024:.0f} KiB, "
                      f"median {statistics.median(mine):.1f} ms, peak memory "
                      f"{peak_memory(ours):.1f} MiB")
                print(f"bare reportlab ({language}): {bare_pages} pages, "
                      f"{len(bare) / 1024:.0f} KiB, median {statistics.median(theirs):.1f} ms, "
                      f"peak memory {peak_memory(lambda: bare_document(cells)):.1f} MiB")
                print(f"ratio ({language}): {ratio:.2f}x, target at most {TARGET}x: "
                      f"{'met' if met else 'NOT met'}"
                      + ("" if bare_pages == len(texts) else " (page counts differ)"))
                print(f"  (for information: the first PDF of a new process, its caches empty: "
                      f"median {statistics.median(cold):.1f} ms, "
                      f"{statistics.median(cold) / statistics.median(theirs):.2f}x)")
            print("all targets met" if all_met else "some target NOT met")
            db.engine.dispose()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 30)

"""Time the implementation-plan PDF (7 practices, every one at level 1: 21 items) in English
and Spanish, and a bare reportlab document with the same page count, so the ratio shows
what our own code costs. Prints medians and peak memory.

    .venv/bin/python bench/plan_pdf.py [runs]

Target on the 2-core reference machine: median under 50 ms per PDF.
"""
from __future__ import annotations

import statistics
import sys
import tempfile
import time
import tracemalloc
from datetime import date
from io import BytesIO
from pathlib import Path

from flask_babel import force_locale
from pypdf import PdfReader
from reportlab.lib.pagesizes import landscape, letter
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table

from assessment import create_app
from assessment.capability import operations as capability
from assessment.extensions import db
from assessment.i18n import LANGUAGES
from assessment.organizations.models import Organization
from assessment.planning import operations as plans
from assessment.planning.pdf import plan_pdf


def seeded(app):
    organization = Organization(name="Benchmark Peer Collective")
    db.session.add(organization)
    db.session.commit()
    cycle = capability.start_cycle(organization, "2026 baseline", date(2026, 1, 15))
    for name in ("A", "B", "C"):
        rater = capability.add_rater(cycle, name)
        for practice_id in capability.cycle_rubric(cycle).practice_ids:
            capability.save_rating(rater, practice_id, 1, "")
    return organization, cycle, plans.create_plan(cycle, None)


def bare_document(pages: int) -> bytes:
    """A plain reportlab document of the same number of pages: a table on each."""
    style = getSampleStyleSheet()["BodyText"]
    story = []
    for page in range(pages):
        rows = [[Paragraph(f"Cell {r}.{c} with a few words of text", style) for c in range(8)]
                for r in range(6)]
        story += [Table(rows, repeatRows=1), PageBreak()]
    buffer = BytesIO()
    SimpleDocTemplate(buffer, pagesize=landscape(letter)).build(story[:-1])
    return buffer.getvalue()


def measure(make, runs: int) -> tuple[float, float, bytes]:
    make()  # warm up: fonts, caches
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        document = make()
        times.append((time.perf_counter() - start) * 1000)
    tracemalloc.start()
    make()
    peak = tracemalloc.get_traced_memory()[1] / 1024 / 1024
    tracemalloc.stop()
    return statistics.median(times), peak, document


def main(runs: int = 50) -> None:
    with tempfile.TemporaryDirectory() as folder:
        app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.sqlite3",
                          "SECRET_KEY": "b" * 40}, instance_path=str(Path(folder) / "instance"))
        with app.test_request_context():
            organization, cycle, plan = seeded(app)
            print(f"plan items: {len(plan.items)}; runs per figure: {runs}")
            pages = 0
            for language in ("en", "es"):
                with force_locale(LANGUAGES[language]):
                    median, peak, document = measure(
                        lambda: plan_pdf(organization, cycle, plan, language, date.today()), runs)
                pages = len(PdfReader(BytesIO(document)).pages)
                print(f"plan PDF ({language}): median {median:.1f} ms, peak memory {peak:.1f} MiB, "
                      f"{pages} pages, {len(document) / 1024:.0f} KiB")
            median, peak, document = measure(lambda: bare_document(pages), runs)
            print(f"bare reportlab, {len(PdfReader(BytesIO(document)).pages)} pages: "
                  f"median {median:.1f} ms, peak memory {peak:.1f} MiB")
            db.engine.dispose()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50)

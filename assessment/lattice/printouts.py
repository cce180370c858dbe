"""The lattice's printouts: the worker's career-map worksheet and the poster with a QR
code. Both bilingual, English and Spanish side by side, so one sheet serves a worker and a
supervisor who read different languages. No Flask here: the caller gives every text."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from io import BytesIO

from reportlab.lib import colors
from reportlab.lib.pagesizes import letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from ..pdf_text import fonts, markup
from ..questionnaires import Text
from ..survey.flyer import INK, QR_SIZES, _qr, _side_by_side
from .document import Lattice, Position
from .rules import Route, offerings_for

MARGIN = 0.6 * inch
HALF = (letter[0] - 2 * MARGIN) / 2


@cache
def _styles() -> dict[str, ParagraphStyle]:
    regular, bold = fonts()

    def style(name: str, font: str, size: float, after: float = 4, color=colors.black):
        return ParagraphStyle(f"lattice-{name}", fontName=font, fontSize=size,
                              leading=size * 1.25, spaceAfter=after, textColor=color)
    return {"title": style("title", bold, 18, 6, INK), "heading": style("heading", bold, 12, 4),
            "body": style("body", regular, 10), "small": style("small", regular, 9),
            "big": style("big", bold, 24, 8, INK), "link": style("link", bold, 18, 0, INK)}


def _p(text, style: str = "body") -> Paragraph:
    return Paragraph(markup(text), _styles()[style])


def _both(en: str, es: str, style: str = "body") -> Table:
    return _side_by_side([_p(en, style)], [_p(es, style)])


def _grid(rows: list[list], widths: list[float]) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                               ("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef7"))]))
    return table


@dataclass(frozen=True)
class Milestone:
    what: str
    when: date | None


def _title(position: Position | None, language: str) -> str:
    return position.title.in_language(language) if position else ""


def _step_lines(lattice: Lattice, route: Route, language: str) -> list[str]:
    """What each move of the route takes, in one language."""
    labels = {"en": ("Training", "Certification", "Time in role", "months", "Offerings that help"),
              "es": ("Capacitación", "Certificación", "Tiempo en el puesto", "meses",
                     "Ofertas que ayudan")}[language]
    lines = []
    for number, move in enumerate(route.moves, 1):
        parts = [f"{number}. {_title(lattice.position(move.source), language)} → "
                 f"{_title(lattice.position(move.target), language)}"]
        if move.training:
            parts.append(f"{labels[0]}: {move.training.in_language(language)}")
        if move.certification:
            parts.append(f"{labels[1]}: {move.certification.in_language(language)}")
        if move.months_in_role:
            parts.append(f"{labels[2]}: {move.months_in_role} {labels[3]}")
        helps = offerings_for(lattice, [move])
        if helps:
            parts.append(f"{labels[4]}: " + "; ".join(o.name.in_language(language) for o in helps))
        lines.append("\n".join(parts))
    return lines


def worksheet_pdf(organization_name: str, lattice: Lattice, start: Position, goal: Position,
                  route: Route | None, milestones: list[Milestone]) -> bytes:
    """The worker's career map to discuss with a supervisor or mentor. Nothing of it is kept."""
    buffer = BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=letter, title="My career map · Mi plan de carrera",
                                 leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                                 bottomMargin=MARGIN)
    story = [_p(organization_name, "small"),
             _both("My career map", "Mi plan de carrera", "title"),
             _both(f"From: {_title(start, 'en')}\nTo: {_title(goal, 'en')}",
                   f"Desde: {_title(start, 'es')}\nHacia: {_title(goal, 'es')}", "heading"),
             Spacer(1, 6)]
    if route is None:
        story.append(_both("No route yet: ask your supervisor.",
                           "Todavía no hay un camino: pregunte a su supervisor(a)."))
    else:
        story.append(_both(f"Steps ({len(route.moves)}), likely time: {route.months} months",
                           f"Pasos ({len(route.moves)}), tiempo probable: {route.months} meses",
                           "heading"))
        for en, es in zip(_step_lines(lattice, route, "en"), _step_lines(lattice, route, "es")):
            story.append(_both(en, es))
    story += [Spacer(1, 10), _both("My milestones", "Mis metas", "heading")]
    rows = [[_p("Milestone / Meta", "heading"), _p("Date / Fecha", "heading")]]
    rows += [[_p(m.what), _p(m.when.isoformat() if m.when else "")] for m in milestones]
    rows += [[_p(" "), _p(" ")] for _ in range(max(0, 4 - len(milestones)))]
    story.append(_grid(rows, [HALF * 1.5, HALF * 0.5]))
    story += [Spacer(1, 10),
              _both("Notes with my supervisor or mentor", "Notas con mi supervisor(a) o mentor(a)",
                    "heading"),
              _grid([[_p(" ")] for _ in range(4)], [HALF * 2]),
              Spacer(1, 6),
              _both("This sheet was made on your phone; nothing about you was stored.",
                    "Esta hoja se hizo en su teléfono; no se guardó nada sobre usted.", "small")]
    document.build(story)
    return buffer.getvalue()


def poster_pdf(organization_name: str, url: str, track_names: list[Text]) -> bytes:
    """One page for a wall: where careers here can go, and the code to open the lattice."""
    tracks_en = ", ".join(t.en for t in track_names)
    tracks_es = ", ".join(t.es for t in track_names)
    for size in QR_SIZES:
        buffer = BytesIO()
        document = SimpleDocTemplate(buffer, pagesize=letter,
                                     title=f"{organization_name} · career lattice",
                                     leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                                     bottomMargin=MARGIN)
        document.build([
            _p(organization_name, "heading"),
            _both("Where can your career go here?", "¿A dónde puede llegar su carrera aquí?",
                  "big"),
            _both(f"See every job, what it pays and what it takes to get there: {tracks_en}.",
                  f"Vea cada puesto, cuánto paga y qué se necesita para llegar: {tracks_es}."),
            _both("Make your own career map on your phone, in English or Spanish. No account, "
                  "nothing about you is kept.",
                  "Haga su propio plan de carrera en su teléfono, en inglés o en español. Sin "
                  "cuenta; no se guarda nada sobre usted."),
            Spacer(1, 8),
            _both("Scan the code with your phone's camera, or type the link.",
                  "Escanee el código con la cámara de su teléfono o escriba el enlace.", "heading"),
            _qr(url, size), Spacer(1, 2), _p(url, "link")])
        if document.page == 1:
            break
    return buffer.getvalue()

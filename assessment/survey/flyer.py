"""A one-page bilingual flyer with the survey's QR code, for staff without email.

The survey's name on top, English and Spanish side by side, then one large QR code and
the link under both columns, so a reader of either language is pointed to the same code,
and a reminder of the privacy rule filling the foot of the page.
"""
from __future__ import annotations

from functools import cache
from io import BytesIO

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from ..pdf_text import fonts, markup

QR_SIZES = [size * inch for size in (3.6, 3.2, 2.8, 2.4, 2.0, 1.6)]  # the largest that fits
MARGIN = 0.6 * inch
COLUMN = (letter[0] - 2 * MARGIN) / 2
INK = colors.HexColor("#1d4f91")


@cache
def _styles() -> dict[str, ParagraphStyle]:
    """Large type: the flyer is read on a wall or a break-room table."""
    regular, bold = fonts()

    def style(name: str, font: str, size: float, after: float = 6, color=colors.black):
        return ParagraphStyle(f"flyer-{name}", fontName=font, fontSize=size,
                              leading=size * 1.25, alignment=TA_CENTER, spaceAfter=after,
                              textColor=color)
    return {"organization": style("organization", regular, 16, 2),
            "survey": style("survey", bold, 28, 10, INK),
            "heading": style("heading", bold, 17, 6),
            "body": style("body", regular, 14, 6),
            "link": style("link", bold, 19, 0, INK),
            "scan": style("scan", bold, 15, 6),
            "note": style("note", regular, 12, 0)}


def _qr(url: str, size: float) -> Drawing:
    widget = QrCodeWidget(url, barLevel="M")
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(widget)
    drawing.hAlign = "CENTER"
    return drawing


def _side_by_side(english: list, spanish: list, line: bool = True) -> Table:
    table = Table([[english, spanish]], colWidths=[COLUMN, COLUMN])
    commands = [("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 8), ("RIGHTPADDING", (0, 0), (-1, -1), 8)]
    if line:
        commands.append(("LINEAFTER", (0, 0), (0, 0), 1, colors.grey))
    table.setStyle(TableStyle(commands))
    return table


def flyer_pdf(organization_name: str, survey_name: str, url: str,
              days_en: tuple[str, str], days_es: tuple[str, str],
              headings: tuple[str, str] | None = None) -> bytes:
    """days_*: the first and the last day, written in that language. One page whatever
    the names: the code shrinks when a long name or address takes room."""
    for size in QR_SIZES:
        buffer = BytesIO()
        document = SimpleDocTemplate(
            buffer, pagesize=letter, title=f"{survey_name} · {organization_name}",
            leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN, bottomMargin=MARGIN)
        document.build(_story(organization_name, survey_name, url, days_en, days_es, size,
                              headings or STAFF_HEADINGS))
        if document.page == 1:
            break
    return buffer.getvalue()


# The flyer's heading in English and Spanish; an exit survey's wave passes its own.
STAFF_HEADINGS = ("Staff survey: growing your career here",
                  "Encuesta del personal: crecer en su carrera aquí")
EXIT_HEADINGS = ("Exit survey: why you are leaving", "Encuesta de salida: por qué se va")


def _story(organization_name: str, survey_name: str, url: str, days_en: tuple[str, str],
           days_es: tuple[str, str], qr_size: float, headings: tuple[str, str]) -> list:
    styles = _styles()

    def p(text: str, style: str = "body") -> Paragraph:
        return Paragraph(markup(text), styles[style])

    english = [
        p(headings[0], "heading"),
        p(f"{organization_name} wants to hear from you. About 5 minutes on your phone, in "
          "English or Spanish. Anonymous: we never ask your name."),
        p(f"Open from {days_en[0]} to {days_en[1]}."),
    ]
    spanish = [
        p(headings[1], "heading"),
        p(f"{organization_name} quiere saber su opinión. Unos 5 minutos en su teléfono, en "
          "inglés o en español. Anónima: nunca le pedimos su nombre."),
        p(f"Abierta del {days_es[0]} al {days_es[1]}."),
    ]
    return [
        p(organization_name, "organization"),
        p(survey_name, "survey"),
        _side_by_side(english, spanish),
        Spacer(1, 10),
        _side_by_side([p("Scan the code below with your phone's camera, or type the link.",
                         "scan")],
                      [p("Escanee el código de abajo con la cámara de su teléfono o "
                         "escriba el enlace.", "scan")], line=False),
        _qr(url, qr_size), Spacer(1, 2), p(url, "link"), Spacer(1, 16),
        _side_by_side([p("Results are shown only for groups of 5 people or more. No one "
                         "can see who said what.", "note")],
                      [p("Los resultados se muestran solo para grupos de 5 personas o más. "
                         "Nadie puede ver quién dijo qué.", "note")]),
    ]

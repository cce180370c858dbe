"""A one-page bilingual flyer with the survey's QR code, for staff without email."""
from __future__ import annotations

from functools import cache
from io import BytesIO

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from ..pdf_text import fonts, markup

QR_SIZE = 2.6 * inch


@cache
def _styles() -> dict[str, ParagraphStyle]:
    """Large type: the flyer is read on a wall or a break-room table."""
    regular, bold = fonts()
    return {
        "title": ParagraphStyle("flyer-title", fontName=bold, fontSize=24, leading=29,
                                alignment=TA_CENTER, spaceAfter=8),
        "body": ParagraphStyle("flyer-body", fontName=regular, fontSize=15, leading=20,
                               alignment=TA_CENTER, spaceAfter=6),
        "link": ParagraphStyle("flyer-link", fontName=bold, fontSize=16, leading=20,
                               alignment=TA_CENTER),
    }


def _qr(url: str) -> Drawing:
    widget = QrCodeWidget(url, barLevel="M")
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(QR_SIZE, QR_SIZE, transform=[QR_SIZE / (x1 - x0), 0, 0,
                                                   QR_SIZE / (y1 - y0), 0, 0])
    drawing.add(widget)
    drawing.hAlign = "CENTER"
    return drawing


def flyer_pdf(organization_name: str, url: str, closes_on_en: str, closes_on_es: str) -> bytes:
    """English above the QR code, Spanish below it, the link printed in between."""
    styles = _styles()

    def p(text: str, style: str = "body") -> Paragraph:
        return Paragraph(markup(text), styles[style])

    story = [
        p("Staff survey: growing your career here", "title"),
        p(f"{organization_name} wants to hear from you. About 5 minutes on your phone, in "
          f"English or Spanish. Anonymous: we never ask your name. Open until {closes_on_en}."),
        p("Scan the QR code with your phone's camera, or type the link."),
        Spacer(1, 8), _qr(url), Spacer(1, 4), p(url, "link"), Spacer(1, 14),
        p("Encuesta del personal: crecer en su carrera aquí", "title"),
        p(f"{organization_name} quiere saber su opinión. Unos 5 minutos en su teléfono, en "
          f"inglés o en español. Anónima: nunca le pedimos su nombre. Abierta hasta el "
          f"{closes_on_es}."),
        p("Escanee el código QR con la cámara de su teléfono o escriba el enlace."),
    ]
    buffer = BytesIO()
    SimpleDocTemplate(buffer, pagesize=letter, title="Staff survey / Encuesta del personal",
                      leftMargin=0.75 * inch, rightMargin=0.75 * inch, topMargin=0.6 * inch,
                      bottomMargin=0.6 * inch).build(story)
    return buffer.getvalue()

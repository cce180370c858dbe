"""A one-page bilingual flyer with the survey's QR code, for staff without email."""
from __future__ import annotations

from io import BytesIO

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.pagesizes import letter
from reportlab.lib.units import inch
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from ..planning.pdf import _markup, _styles

QR_SIZE = 3 * inch


def _qr(url: str) -> Drawing:
    widget = QrCodeWidget(url, barLevel="M")
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(QR_SIZE, QR_SIZE, transform=[QR_SIZE / (x1 - x0), 0, 0,
                                                   QR_SIZE / (y1 - y0), 0, 0])
    drawing.add(widget)
    drawing.hAlign = "CENTER"
    return drawing


def flyer_pdf(organization_name: str, url: str, closes_on_en: str, closes_on_es: str) -> bytes:
    """English first, Spanish second, the QR code and the printed link between them."""
    styles = _styles()
    story = [
        Paragraph(_markup("Staff survey: growing your career here"), styles["title"]),
        Paragraph(_markup(f"{organization_name} wants to hear from you. It takes about 5 "
                          f"minutes on your phone, in English or Spanish. It is anonymous: "
                          f"we never ask your name. Open until {closes_on_en}."),
                  styles["body"]),
        Spacer(1, 12), _qr(url), Spacer(1, 6),
        Paragraph(f"<b>{_markup(url)}</b>", styles["body"]),
        Spacer(1, 18),
        Paragraph(_markup("Encuesta del personal: crecer en su carrera aquí"), styles["title"]),
        Paragraph(_markup(f"{organization_name} quiere saber su opinión. Toma unos 5 minutos en "
                          f"su teléfono, en inglés o en español. Es anónima: nunca le pedimos "
                          f"su nombre. Abierta hasta el {closes_on_es}."), styles["body"]),
        Paragraph(_markup("Escanee el código QR con la cámara de su teléfono o escriba el "
                          "enlace."), styles["body"]),
    ]
    buffer = BytesIO()
    SimpleDocTemplate(buffer, pagesize=letter, title="Staff survey / Encuesta del personal",
                      leftMargin=inch, rightMargin=inch, topMargin=0.75 * inch,
                      bottomMargin=0.75 * inch).build(story)
    return buffer.getvalue()

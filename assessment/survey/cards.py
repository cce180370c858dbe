"""Cut-apart invitation cards: eight to a letter page, each with its own code.

Each card is bilingual, English and Spanish: the survey's name, a QR code holding the
survey's short link with the card's code (scanning it fills the code in), and the link
and the code written out for whoever types them. Dashed lines show where to cut.
"""
from __future__ import annotations

from io import BytesIO

from reportlab.graphics import renderPDF
from reportlab.lib import colors
from reportlab.lib.pagesizes import letter
from reportlab.lib.units import inch
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from ..pdf_text import fonts
from .flyer import INK, _qr
from .invitations import written

COLUMNS, ROWS = 2, 4
MARGIN = 0.5 * inch
CARD_WIDTH = (letter[0] - 2 * MARGIN) / COLUMNS
CARD_HEIGHT = (letter[1] - 2 * MARGIN) / ROWS
PAD = 0.16 * inch
QR_SIZE = 1.45 * inch


def cards_pdf(organization_name: str, title_en: str, title_es: str, link: str,
              codes: list[str]) -> bytes:
    """One card per code; link is the survey's short link, without a code."""
    buffer = BytesIO()
    canvas = Canvas(buffer, pagesize=letter)
    canvas.setTitle(f"{title_en} · {organization_name}")
    per_page = COLUMNS * ROWS
    for start in range(0, len(codes), per_page):
        for place, code in enumerate(codes[start:start + per_page]):
            column, row = place % COLUMNS, place // COLUMNS
            x = MARGIN + column * CARD_WIDTH
            y = letter[1] - MARGIN - (row + 1) * CARD_HEIGHT
            _card(canvas, x, y, organization_name, title_en, title_es, link, code)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _fit(text: str, font: str, size: float, width: float) -> float:
    """The largest size up to size at which text fits width."""
    needed = stringWidth(text, font, size)
    return size if needed <= width else max(5.0, size * width / needed)


def _line(canvas: Canvas, text: str, x: float, y: float, font: str, size: float,
          width: float, color=colors.black) -> None:
    canvas.setFillColor(color)
    canvas.setFont(font, _fit(text, font, size, width))
    canvas.drawString(x, y, text)


def _card(canvas: Canvas, x: float, y: float, organization_name: str, title_en: str,
          title_es: str, link: str, code: str) -> None:
    regular, bold = fonts()
    canvas.saveState()
    canvas.setDash(4, 3)
    canvas.setStrokeColor(colors.grey)
    canvas.rect(x, y, CARD_WIDTH, CARD_HEIGHT)
    canvas.restoreState()
    left, top = x + PAD, y + CARD_HEIGHT - PAD
    full = CARD_WIDTH - 2 * PAD
    _line(canvas, organization_name, left, top - 9, regular, 9, full)
    _line(canvas, title_en, left, top - 22, bold, 11, full, INK)
    _line(canvas, title_es, left, top - 35, bold, 11, full, INK)
    qr = _qr(f"{link}/{code}", QR_SIZE)
    renderPDF.draw(qr, canvas, left - 4, y + PAD)
    text_left = left + QR_SIZE + 6
    width = x + CARD_WIDTH - PAD - text_left
    lines = [
        ("Scan the code with your phone,", regular, 8.5, colors.black),
        ("or open the link and type your code.", regular, 8.5, colors.black),
        ("Escanee el código con su teléfono,", regular, 8.5, colors.black),
        ("o abra el enlace y escriba su código.", regular, 8.5, colors.black),
    ]
    line_y = y + PAD + QR_SIZE - 8
    for text, font, size, color in lines:
        _line(canvas, text, text_left, line_y, font, size, width, color)
        line_y -= 11
    _line(canvas, link, text_left, line_y - 3, bold, 8.5, width, INK)
    _line(canvas, "Your code / Su código:", text_left, line_y - 20, regular, 8.5, width)
    _line(canvas, written(code), text_left, line_y - 40, bold, 17, width)
    _line(canvas, "One use. Anonymous. / Un solo uso. Anónima.", text_left, y + PAD + 2,
          regular, 7.5, width)

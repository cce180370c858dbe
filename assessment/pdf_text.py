"""What every PDF of the app shares: the font, registered once, and text as markup."""
from __future__ import annotations

from functools import cache
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont


@cache
def fonts() -> tuple[str, str]:
    """(regular, bold). Bitstream Vera ships with reportlab and has every Spanish letter
    and mark (á ñ ¿ ¡ “ ”), which the standard PDF fonts cannot promise for names."""
    pdfmetrics.registerFont(TTFont("Vera", "Vera.ttf"))
    pdfmetrics.registerFont(TTFont("Vera-Bold", "VeraBd.ttf"))
    pdfmetrics.registerFontFamily("Vera", normal="Vera", bold="Vera-Bold")
    return "Vera", "Vera-Bold"


# Characters Vera lacks, drawn from the Symbol font every PDF reader has.
SYMBOL_CHARACTERS = ("→",)


def markup(text) -> str:
    """Plain text as paragraph markup: escaped, line breaks kept."""
    marked = escape(str(text)).replace("\n", "<br/>")
    for character in SYMBOL_CHARACTERS:
        marked = marked.replace(character, f'<font name="Symbol">{character}</font>')
    return marked

"""Where a page may send people back to after a form: this site only."""
from __future__ import annotations

import unicodedata
from urllib.parse import unquote, urlsplit

MAX_LENGTH = 2000


def local_path(target: str | None) -> str | None:
    """target when it is a path on this site, else None: never redirect to another host.

    Browsers forgive a lot in a Location header: they drop tabs and line breaks, read a
    backslash as a slash, and decode %2F, so "/\\t/evil.example" or "/%2F%2Fevil.example"
    would lead off the site. Anything that could be read that way is refused whole.
    """
    if not target or len(target) > MAX_LENGTH or not target.startswith("/"):
        return None
    decoded = unquote(target)
    if any(_is_unsafe(char) for char in decoded):
        return None
    if decoded.startswith("//") or decoded.startswith("/\\"):
        return None
    for candidate in (target, decoded):
        parts = urlsplit(candidate)
        if parts.scheme or parts.netloc:
            return None
    if "//" in urlsplit(decoded).path:  # "/a//b" is harmless, but never needed here
        return None
    return target


def _is_unsafe(char: str) -> bool:
    """Whitespace, a backslash, or a control, format or unassigned character."""
    return (char.isspace() or char == "\\"
            or unicodedata.category(char) in {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})

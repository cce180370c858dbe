"""Turning an outbox row into an email. No Flask here.

Names and subjects come from people (a rater's name, an organization's name): every
header value is made one line first, so no name can add a header (header injection),
and the standard library's email policy refuses any line break that is left.
"""
from __future__ import annotations

import unicodedata
from datetime import datetime, timezone
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

# Headers are folded only past SMTP's own limit, so a long subject stays on its line
# (a folded subject reads back with a leading space in some programs).
POLICY = policy.default.clone(max_line_length=998)

# Line and paragraph separators are not control characters in Unicode, but some mail
# programs break lines at them.
_BREAKS = {"\u2028", "\u2029", "\u0085"}


def one_line(value: str) -> str:
    """value with every control character or line break turned into a space."""
    return " ".join("".join(
        " " if unicodedata.category(c) == "Cc" or c in _BREAKS else c for c in value
    ).split())


def is_single_address(address: str) -> bool:
    """A plain address with no line break, comma or angle bracket: one recipient only."""
    return (bool(address) and one_line(address) == address and "@" in address
            and not any(c in address for c in ',;<>"() '))


def build(*, sender: str, to_address: str, to_name: str, subject: str, text: str,
          html: str, sent_at: datetime, message_domain: str) -> EmailMessage:
    if not is_single_address(to_address):
        raise ValueError("not a single email address")
    message = EmailMessage(policy=POLICY)
    message["Subject"] = one_line(subject)
    message["From"] = one_line(sender)
    message["To"] = Address(display_name=one_line(to_name), addr_spec=to_address)
    message["Date"] = format_datetime(sent_at.replace(tzinfo=timezone.utc))
    message["Message-ID"] = make_msgid(domain=message_domain)
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    return message

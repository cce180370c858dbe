"""The ready-made message that goes with a shared link (email and text-message
shortcuts). The reader's language is not known, so it is written in both."""
from __future__ import annotations

from flask_babel import force_locale
from flask_babel import gettext as _

from .i18n import LANGUAGES

KINDS = ("rater", "survey")


def _in_language(language: str, kind: str, url: str) -> tuple[str, str]:
    with force_locale(LANGUAGES[language]):
        if kind == "rater":
            return (_("Career pathways self-assessment"),
                    _("Please rate how our organization grows staff careers. It takes about "
                      "15 minutes, on any phone or computer. Your personal link: %(url)s",
                      url=url))
        return (_("Anonymous staff survey"),
                _("Please answer our anonymous staff survey about careers at work. It takes "
                  "about 5 minutes on your phone. Link: %(url)s", url=url))


def share_message(kind: str, url: str) -> dict[str, str]:
    """{"subject": ..., "body": ...}, English then Spanish."""
    english, spanish = _in_language("en", kind, url), _in_language("es", kind, url)
    return {"subject": f"{english[0]} / {spanish[0]}",
            "body": f"{english[1]}\n\n{spanish[1]}"}

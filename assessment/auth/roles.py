from typing import Literal

from flask_babel import lazy_gettext as _l

Role = Literal["admin", "coach", "lead"]
ROLES: list[str] = ["admin", "coach", "lead"]

ROLE_LABELS = {
    "admin": _l("Administrator"),
    "coach": _l("TA coach"),
    "lead": _l("Organization lead"),
}

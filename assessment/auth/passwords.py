"""Password rules (NIST SP 800-63B): length and a common-password list, no composition rules."""
from __future__ import annotations

import unicodedata
from enum import Enum
from functools import cache

from werkzeug.security import check_password_hash, generate_password_hash

MIN_LENGTH = 8
MAX_LENGTH = 128


class PasswordProblem(Enum):
    TOO_SHORT = "too_short"
    TOO_LONG = "too_long"
    COMMON = "common"


@cache
def _common_passwords() -> frozenset[str]:
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(FREQUENCY_LISTS["passwords"])


def normalise(password: str) -> str:
    return unicodedata.normalize("NFKC", password)


def problem_with(password: str) -> PasswordProblem | None:
    """Why this password may not be used, or None when it may."""
    password = normalise(password)
    if len(password) < MIN_LENGTH:
        return PasswordProblem.TOO_SHORT
    if len(password) > MAX_LENGTH:
        return PasswordProblem.TOO_LONG
    if password.lower() in _common_passwords():
        return PasswordProblem.COMMON
    return None


def hash_password(password: str, method: str = "scrypt") -> str:
    return generate_password_hash(normalise(password), method=method)


def password_matches(password_hash: str, password: str) -> bool:
    return check_password_hash(password_hash, normalise(password))

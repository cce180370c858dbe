from datetime import datetime, timezone


def utcnow() -> datetime:
    """The current time in UTC, without tzinfo, as every column stores it."""
    return datetime.now(timezone.utc).replace(tzinfo=None)

"""Form fields shared by several forms."""
from flask_babel import lazy_gettext as _l
from wtforms import DateField


class FriendlyDateField(DateField):
    """A date field whose error tells people what to type, in their language."""

    def process_formdata(self, valuelist) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(str(_l("Enter a real date: month, day and year."))) from None


def strip(value: str | None) -> str | None:
    """Form filter: leading and trailing spaces are never part of what people meant."""
    return value.strip() if value else value

from flask_wtf import FlaskForm
from wtforms import HiddenField


class LanguageForm(FlaskForm):
    """The language switch in every page's header; the button pressed sets lang."""

    lang = HiddenField()
    next = HiddenField()

"""What a lead chooses when opening a wave besides its name and days (which questionnaire,
invitation codes) and the form for printing cards."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    IntegerField,
    RadioField,
    SubmitField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError

from .instruments import EXIT_ID, KINDS, SURVEY_ID
from .invitations import MAX_CARDS

_CARD_COUNT = _l("Enter a number of cards from 1 to %(most)s.", most=MAX_CARDS)


class CardCountField(IntegerField):
    """A whole number in ASCII digits; anything else asks for a number, in the reader's
    language."""

    def process_formdata(self, valuelist) -> None:
        if valuelist and valuelist[0].strip():
            text = valuelist[0].strip()
            if not (text.isascii() and text.isdigit() and len(text) <= 6):
                self.data = None
                raise ValueError(str(_CARD_COUNT))
            self.data = int(text)
        else:
            self.data = None


def _card_count(label, description=None) -> CardCountField:
    return CardCountField(label, description=description)


def _check_count(count: int | None, needed: bool) -> None:
    if (count is None and needed) or (count is not None and not 1 <= count <= MAX_CARDS):
        raise ValidationError(_CARD_COUNT)


class WaveOptions:
    """Mixed into the form that opens a wave (forms.WaveForm)."""

    kind = RadioField(_l("Which survey"), default=SURVEY_ID, choices=[
        SelectChoice(SURVEY_ID, _l("Staff survey: for all staff, about growing their careers "
                                   "here")),
        SelectChoice(EXIT_ID, _l("Exit survey: for staff who are leaving or have left, "
                                 "about why"))],
        validate_choice=False)  # a form from before this choice existed opens a staff survey
    one_code_per_person = BooleanField(
        _l("One code per person"),
        description=_l("You print cards, each with its own code, and hand them out at "
                       "random. Each card lets one person answer once, so no one can add "
                       "made-up answers without using up real cards. No one can tell "
                       "whose answers came from which card."))
    card_count = _card_count(_l("Number of cards"),
                             _l("One for each person you will ask. You can print more "
                                "later."))

    def validate_kind(self, field) -> None:
        if field.data not in KINDS:
            raise ValidationError(_l("Choose which survey to open."))

    def validate_card_count(self, field) -> None:
        _check_count(field.data, needed=self.one_code_per_person.data)

    def validate_cycle_id(self, field) -> None:
        if self.kind.data == EXIT_ID and field.data:
            raise ValidationError(_l(
                "An exit survey is not compared with a cycle's ratings: choose “None” "
                "here, or open a staff survey instead."))


class CardsForm(FlaskForm):
    count = _card_count(_l("Number of cards"))
    submit = SubmitField(_l("Make the cards (PDF)"))

    def validate_count(self, field) -> None:
        _check_count(field.data, needed=True)

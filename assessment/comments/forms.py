from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length

from ..fields import strip


class CommentForm(FlaskForm):
    practice_id = HiddenField()
    plan_item_id = HiddenField()
    next = HiddenField()
    body = TextAreaField(_l("Your comment"), filters=[strip],
                         validators=[DataRequired(_l("Write a comment first.")),
                                     Length(max=2000, message=_l("Use at most 2,000 characters."))])
    submit = SubmitField(_l("Post comment"))

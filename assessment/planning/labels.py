"""What people read for the plan's codes: buckets, statuses and the reasons for priority."""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

BUCKET_LABELS = {
    "3_months": _l("Within 3 months"),
    "6_months": _l("Within 6 months"),
    "12_months": _l("Within 12 months"),
    "over_1_year": _l("More than 1 year"),
}
STATUS_LABELS = {
    "not_started": _l("Not started"),
    "in_progress": _l("In progress"),
    "done": _l("Done"),
}
REASON_LABELS = {
    "low_agreement": _l("Your raters disagreed about it: agree on where you stand first."),
    "blind_spot": _l("Staff see it less well developed than the team does."),
    "not_rated": _l("No one could rate it, so the plan starts from the foundations."),
    "lowest_level": _l("It is at your organization's lowest level, below your other "
                       "practices."),
    "same_level": _l("All your practices are at the same level, so the plan starts with the "
                     "first ones in the tool's order."),
    "held_back": _l("It is a priority too, but at most three practices start within 3 "
                    "months, so the plan starts it just after them."),
    "verify_low_agreement": _l("It is at level 4, but your raters disagreed: check together "
                               "that it really is."),
    "verify_blind_spot": _l("It is at level 4, but staff see it less well developed: check "
                            "with them."),
    "sustain": _l("It is at level 4: keep it there, and check it at your next yearly "
                  "assessment."),
}
NOT_A_PRIORITY = _l("Not one of your priorities, so the plan starts it after them.")
FUNDS_LABELS = {
    "new": _l("needs new funds"),
    "existing": _l("builds on what exists"),
}
FIELD_LABELS = {
    "target_en": _l("the goal (English)"),
    "target_es": _l("the goal (Spanish)"),
    "activities_en": _l("the key activities (English)"),
    "activities_es": _l("the key activities (Spanish)"),
    "lead": _l("the lead"),
    "contributors": _l("the contributors"),
    "stakeholders": _l("the stakeholders"),
    "due_on": _l("the due date"),
}
NOT_YET_TRANSLATED = _l("not yet translated")
# An item brought from the previous cycle's plan, on the page and in the PDF.
CARRIED_OVER = _l("carried over from the last cycle")


def step_label(from_level: int | None) -> str:
    """"Level 1 → 2", or for a practice at level 4 "Level 4: verify and sustain"."""
    if from_level is None:
        return ""
    if from_level >= 4:
        return _("Level 4: verify and sustain")
    return _("Level %(from)s → %(to)s", **{"from": from_level, "to": from_level + 1})


def label_context() -> dict:
    """Everything a plan template needs to name codes in the reader's language."""
    return {"bucket_labels": BUCKET_LABELS, "status_labels": STATUS_LABELS,
            "reason_labels": REASON_LABELS, "field_labels": FIELD_LABELS,
            "funds_labels": FUNDS_LABELS, "not_a_priority": NOT_A_PRIORITY,
            "not_yet_translated": NOT_YET_TRANSLATED, "step_label": step_label,
            "carried_mark": CARRIED_OVER}

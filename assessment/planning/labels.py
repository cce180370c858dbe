"""What people read for the plan's codes: buckets, statuses and the reasons for priority."""
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
    "lowest_level": _l("It is at your organization's lowest level: a foundation to build first."),
    "low_agreement": _l("Your raters disagreed about it: agree on where you stand first."),
    "blind_spot": _l("Staff see it less well developed than the team does."),
    "not_rated": _l("No one could rate it, so the plan starts from the foundations."),
}
NOT_A_PRIORITY = _l("Not one of your priorities, so its first step is due within 6 months.")
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


def label_context() -> dict:
    """Everything a plan template needs to name codes in the reader's language."""
    return {"bucket_labels": BUCKET_LABELS, "status_labels": STATUS_LABELS,
            "reason_labels": REASON_LABELS, "field_labels": FIELD_LABELS,
            "not_a_priority": NOT_A_PRIORITY}

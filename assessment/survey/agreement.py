"""Who agrees: the rule behind "staff agreement", counted in people, not in answers.

A person agrees on a practice when the average of their answers to its agreement
questions is Agree or higher (Strongly disagree = 1 ... Agree = 4, Strongly agree = 5),
leaving out "Does not apply" and questions they skipped. A person who answered none of a
practice's questions is not counted for it. The same rule over all agreement questions
says whether a person agrees overall (the "By group" figures).

Plain functions, no Flask: the verdicts are worked out once, when a response is sent,
and kept in the wave's tallies under PRACTICE_PREFIX + practice id.
"""
from __future__ import annotations

from typing import Iterable, Mapping

from .questionnaire import Survey

PRACTICE_PREFIX = "practice:"
AGREES, DOES_NOT_AGREE = "agree", "not_agree"
VERDICTS = (AGREES, DOES_NOT_AGREE)


def practice_key(practice_id: str) -> str:
    """The tally item id under which a practice's verdicts are counted."""
    return PRACTICE_PREFIX + practice_id


def scores(survey: Survey) -> dict[str, int]:
    """Choice id -> 1 to 5, in the scale's order; "Does not apply" has no score."""
    counted = [c.id for c in survey.agreement if c.id not in survey.not_counted]
    return {choice: n for n, choice in enumerate(counted, start=1)}


def agrees_from(survey: Survey) -> int:
    """The lowest score that agrees: Agree (4) on the five-point scale."""
    table = scores(survey)
    return min(table[choice] for choice in survey.agreeing)


def person_agrees(values: Iterable[str | None], survey: Survey) -> bool | None:
    """Whether the average of these answers agrees; None when none of them counts."""
    table = scores(survey)
    counted = [table[value] for value in values if value in table]
    if not counted:
        return None
    return sum(counted) >= agrees_from(survey) * len(counted)  # exact: no float average


def practice_ids(survey: Survey) -> list[str]:
    """The practices the survey's agreement questions inform, in questionnaire order."""
    seen: list[str] = []
    for item in survey.items("agreement"):
        if item.practice is not None and item.practice not in seen:
            seen.append(item.practice)
    return seen


def practice_verdicts(answers: Mapping[str, object], survey: Survey) -> dict[str, bool]:
    """Practice id -> whether this person agrees on it, for the practices they answered."""
    verdicts = {}
    for practice_id in practice_ids(survey):
        verdict = person_agrees([_one(answers.get(item.id))
                                 for item in survey.items_for(practice_id)], survey)
        if verdict is not None:
            verdicts[practice_id] = verdict
    return verdicts


def overall_verdict(answers: Mapping[str, object], survey: Survey) -> bool | None:
    return person_agrees([_one(answers.get(item.id)) for item in survey.items("agreement")],
                         survey)


def _one(value: object) -> str | None:
    return value if isinstance(value, str) else None

"""Staff-survey figures from answer counts, with the small-group rule applied.

Plain functions over plain counts (the SQL that counts lives in stats.py): the results
page, the capability profile, the plan, the PDF and the exports use the same figures.
A hidden figure is None; pages write "fewer than 5 responses" in its place.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from .privacy import can_show, shown_groups
from .questionnaire import Item, Survey

Counts = Mapping[str, int]              # choice id -> answers
ItemCounts = Mapping[str, Counts]       # item id -> choice id -> answers


def share_agreeing(counts: Counts, survey: Survey) -> float | None:
    """Share of answers that agree or strongly agree, leaving out "does not apply"."""
    counted = {c: n for c, n in counts.items() if c not in survey.not_counted}
    total = sum(counted.values())
    if not total:
        return None
    return sum(n for c, n in counted.items() if c in survey.agreeing) / total


def merged(counts: list[Counts]) -> dict[str, int]:
    total: dict[str, int] = {}
    for one in counts:
        for choice, n in one.items():
            total[choice] = total.get(choice, 0) + n
    return total


def perception_by_practice(item_counts: ItemCounts, survey: Survey, respondents: int,
                           practice_ids: list[str]) -> dict[str, float | None]:
    """practice id -> share of staff answers agreeing with the items tagged to it."""
    if not can_show(respondents):
        return {practice_id: None for practice_id in practice_ids}
    return {practice_id: share_agreeing(
                merged([item_counts.get(item.id, {}) for item in survey.items_for(practice_id)]),
                survey)
            for practice_id in practice_ids}


@dataclass(frozen=True)
class ChoiceFigure:
    choice_id: str
    count: int
    share: float        # of the people who answered the question


def distribution(item: Item, counts: Counts, respondents: int) -> list[ChoiceFigure] | None:
    """Per choice: how many, and what share of those who answered. None when hidden."""
    if not can_show(respondents):
        return None
    answered = sum(counts.values()) if item.type != "multiple" else respondents
    return [ChoiceFigure(choice.id, counts.get(choice.id, 0),
                         counts.get(choice.id, 0) / answered if answered else 0.0)
            for choice in item.choices]


def ranked(figures: list[ChoiceFigure] | None) -> list[ChoiceFigure] | None:
    return None if figures is None else sorted(figures, key=lambda f: (-f.count, f.choice_id))


@dataclass(frozen=True)
class GroupFigure:
    group_id: str               # a choice id, or "no_answer"
    size: int | None            # None when hidden
    share_agreeing: float | None


NO_ANSWER = "no_answer"


def breakdown(item: Item, group_sizes: Counts, agreement_by_group: Mapping[str, Counts],
              respondents: int, survey: Survey, all_agreement: Counts) -> list[GroupFigure] | None:
    """One demographic split: each group's size and share agreeing across all agreement
    items, each hidden by the small-group rule. all_agreement: everyone's agreement
    answers, from which those who skipped the question are counted."""
    if not can_show(respondents):
        return None
    sizes = {choice.id: group_sizes.get(choice.id, 0) for choice in item.choices}
    sizes[NO_ANSWER] = respondents - sum(sizes.values())
    agreement_by_group = dict(agreement_by_group)
    answered = merged(list(agreement_by_group.values()))
    agreement_by_group[NO_ANSWER] = {choice: n - answered.get(choice, 0)
                                     for choice, n in all_agreement.items()}
    shown = shown_groups(sizes)
    return [GroupFigure(group, size if shown[group] else None,
                        share_agreeing(agreement_by_group.get(group, {}), survey)
                        if shown[group] and size else None)
            for group, size in sizes.items()]

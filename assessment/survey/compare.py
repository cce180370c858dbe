"""Comparing two waves of one organization, even when they answered different versions.

An item id means the same thing in every version that has it (a changed meaning gets a
new id), so two waves compare on the items and choices they share; an item or choice only
one version has is listed as such, with no figure for the other. Plain functions over
counts, with the small-group rule: a wave's figures are given only when it released them.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..questionnaires import Text
from .results import Counts, ItemCounts, answered
from .questionnaire import Item, Survey

BOTH, ONLY_BEFORE, ONLY_AFTER = "both", "only_before", "only_after"


@dataclass(frozen=True)
class WaveFigures:
    """What one wave can give a comparison: its questionnaire, its counts, and how many
    sent responses it released (0 when its figures are not out)."""
    questionnaire: Survey
    counts: ItemCounts
    released_respondents: int


@dataclass(frozen=True)
class ComparedRow:
    item_id: str
    choice_id: str | None       # None: the share of people who agree (agreement items)
    text: Text
    choice_text: Text | None
    status: str                 # BOTH, ONLY_BEFORE or ONLY_AFTER
    before: float | None        # None: hidden, or not asked in that wave
    after: float | None


def _compared_items(questionnaire: Survey) -> list[Item]:
    """Items with figures to compare: not demographics (groups, not opinions), not text."""
    return [i for i in questionnaire.items() if i.counted and i.type != "demographic"]


def share_agreeing(item: Item, counts: Counts, questionnaire: Survey) -> float | None:
    """Of the people who gave an answer that counts (not skipped, not "Does not apply",
    not "Prefer not to answer"), the share who agree."""
    scored = [c.id for c in questionnaire.agreement if c.id not in questionnaire.not_counted]
    counted = sum(counts.get(c, 0) for c in scored)
    agreeing = sum(counts.get(c, 0) for c in questionnaire.agreeing)
    return agreeing / counted if counted else None


def _share(item: Item, choice_id: str | None, wave: WaveFigures) -> float | None:
    if wave.released_respondents <= 0:
        return None
    counts = wave.counts.get(item.id, {})
    if choice_id is None:
        return share_agreeing(item, counts, wave.questionnaire)
    base = answered(item, counts, wave.released_respondents)
    return counts.get(choice_id, 0) / base if base else None


def _rows_for(item: Item) -> list[tuple[str | None, Text | None]]:
    if item.type == "agreement":
        return [(None, None)]
    return [(c.id, c.text) for c in item.choices]


def compare(before: WaveFigures, after: WaveFigures) -> list[ComparedRow]:
    """Every item and choice of either wave, the later wave's order first, then what
    only the earlier one asked."""
    before_items = {i.id: i for i in _compared_items(before.questionnaire)}
    after_items = {i.id: i for i in _compared_items(after.questionnaire)}
    rows: list[ComparedRow] = []
    for item in after_items.values():
        old = before_items.get(item.id)
        old_choices = {c for c, _text in _rows_for(old)} if old else set()
        for choice_id, choice_text in _rows_for(item):
            shared = old is not None and choice_id in old_choices
            rows.append(ComparedRow(
                item.id, choice_id, item.text, choice_text, BOTH if shared else ONLY_AFTER,
                _share(old, choice_id, before) if shared else None,
                _share(item, choice_id, after)))
        if old is not None:  # choices the earlier version had and the later one dropped
            new_choices = {c for c, _text in _rows_for(item)}
            rows += [ComparedRow(item.id, choice_id, item.text, choice_text, ONLY_BEFORE,
                                 _share(old, choice_id, before), None)
                     for choice_id, choice_text in _rows_for(old)
                     if choice_id not in new_choices]
    for item in before_items.values():
        if item.id not in after_items:
            rows += [ComparedRow(item.id, choice_id, item.text, choice_text, ONLY_BEFORE,
                                 _share(item, choice_id, before), None)
                     for choice_id, choice_text in _rows_for(item)]
    return rows

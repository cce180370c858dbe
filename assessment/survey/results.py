"""Staff-survey figures from counts, with the small-group rule applied.

Plain functions over plain counts (the SQL that counts lives in stats.py): the results
page, the capability profile, the plan, the PDF and the exports use the same figures.
A hidden figure is None; pages write "fewer than 5 responses" in its place.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Collection, Hashable, Mapping, Sequence

from .agreement import AGREES, DOES_NOT_AGREE, practice_key
from .privacy import can_show, shown_across_splits
from .questionnaire import SKIPPED, Item

Counts = Mapping[str, int]              # choice id -> answers
ItemCounts = Mapping[str, Counts]       # item id -> choice id -> answers


@dataclass(frozen=True)
class PracticeAgreement:
    share: float | None         # of the people counted; None when hidden
    respondents: int | None     # people counted for the practice; None when hidden


def practice_agreement(item_counts: ItemCounts, released: bool,
                       practice_ids: list[str]) -> dict[str, PracticeAgreement]:
    """practice id -> the share of people who agree on it (agreement.py), out of those
    who answered at least one of its questions, shown when 5 or more were counted."""
    figures = {}
    for practice_id in practice_ids:
        verdicts = item_counts.get(practice_key(practice_id), {})
        agree, counted = verdicts.get(AGREES, 0), verdicts.get(AGREES, 0) + verdicts.get(
            DOES_NOT_AGREE, 0)
        figures[practice_id] = (PracticeAgreement(agree / counted, counted)
                                if released and can_show(counted)
                                else PracticeAgreement(None, None))
    return figures


@dataclass(frozen=True)
class ChoiceFigure:
    choice_id: str
    count: int
    share: float        # of the people who answered the question


def skipped(counts: Counts) -> int:
    """How many sent responses skipped the question."""
    return counts.get(SKIPPED, 0)


def answered(item: Item, counts: Counts, respondents: int) -> int:
    """How many people answered the question: skipped ones are never counted as answers."""
    if item.type == "multiple":  # one count per choice ticked, so count people instead
        return max(respondents - skipped(counts), 0)
    return sum(n for choice, n in counts.items() if choice != SKIPPED)


def distribution(item: Item, counts: Counts, respondents: int) -> list[ChoiceFigure] | None:
    """Per choice: how many, and what share of those who answered (skips left out).
    None when hidden."""
    if not can_show(respondents):
        return None
    base = answered(item, counts, respondents)
    return [ChoiceFigure(choice.id, counts.get(choice.id, 0),
                         counts.get(choice.id, 0) / base if base else 0.0)
            for choice in item.choices]


def ranked(figures: list[ChoiceFigure] | None) -> list[ChoiceFigure] | None:
    return None if figures is None else sorted(figures, key=lambda f: (-f.count, f.choice_id))


@dataclass(frozen=True)
class GroupFigure:
    group_id: str               # a choice id, or "no_answer"
    size: int | None            # None when hidden
    share_agreeing: float | None


NO_ANSWER = "no_answer"


@dataclass(frozen=True)
class Person:
    """One sent response, as the breakdowns see it: its group in each split (None: no
    answer) and whether the person agrees overall (None: answered no agreement question)."""
    groups: Mapping[str, Hashable]
    agrees: bool | None
    # item id -> the choices given, for the questions broken down by group
    choices: Mapping[str, frozenset[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class GroupChoices:
    """One shown group's answers to one question: its size, how many of them skipped
    it, and per choice how many and what share of those who answered."""
    group_id: str
    size: int
    skipped: int
    figures: list[ChoiceFigure]


def breakdowns(people: Sequence[Person], splits: Mapping[str, Sequence[Hashable]],
               released: bool, strict: Collection[str] = ()) -> dict[str, list[GroupFigure] | None]:
    """split id -> each group's size and the share of its people who agree overall, with
    the small-group rule applied within and across the splits shown together. A split's
    groups are listed by the caller, every one of them, empty ones too; None is "no
    answer". strict: splits where even an empty group must look like a small one."""
    if not released:
        return {split: None for split in splits}
    shown = shown_across_splits([p.groups for p in people], splits, strict)
    figures = {}
    for split, groups in splits.items():
        rows = []
        for group in groups:
            members = [p for p in people if p.groups.get(split) == group]
            counted = [p.agrees for p in members if p.agrees is not None]
            ok = shown[split][group]
            rows.append(GroupFigure(NO_ANSWER if group is None else str(group),
                                    len(members) if ok else None,
                                    sum(counted) / len(counted) if ok and counted else None))
        figures[split] = rows
    return figures


def choice_breakdowns(people: Sequence[Person], splits: Mapping[str, Sequence[Hashable]],
                      by: Sequence[str], items: Sequence[Item], released: bool,
                      strict: Collection[str] = ()) -> dict[tuple[str, str], list[GroupChoices] | None]:
    """(split id, item id) -> the answers to the item in each shown group of the split,
    for the splits named in `by`. Groups are shown exactly as in breakdowns() over the
    same splits (the small-group rule within and across splits); hidden groups are left
    out. None when nothing is released or no group of the split can be shown."""
    if not released:
        return {(split, item.id): None for split in by for item in items}
    shown = shown_across_splits([p.groups for p in people], splits, strict)
    figures: dict[tuple[str, str], list[GroupChoices] | None] = {}
    for split in by:
        for item in items:
            rows = []
            for group in splits[split]:
                if not shown[split][group]:
                    continue
                members = [p for p in people if p.groups.get(split) == group]
                given = [p.choices.get(item.id, frozenset()) for p in members]
                answered_by = [g for g in given if g]
                base = len(answered_by)
                rows.append(GroupChoices(
                    NO_ANSWER if group is None else str(group), len(members),
                    len(members) - base,
                    [ChoiceFigure(c.id, sum(c.id in g for g in answered_by),
                                  sum(c.id in g for g in answered_by) / base if base else 0.0)
                     for c in item.choices]))
            figures[(split, item.id)] = rows or None
    return figures

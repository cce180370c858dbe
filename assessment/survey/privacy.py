"""The small-group rule that keeps every staff-survey figure from singling anyone out.

Plain functions: the results page, the PDF and the exports all ask them before showing a
number.
"""
from __future__ import annotations

from collections import Counter
from typing import Collection, Hashable, Mapping, Sequence

# No figure, chart, breakdown or export cell for a group smaller than this.
MIN_GROUP = 5
# Free-text answers appear only once a wave has this many responses, never broken down.
MIN_FOR_OPEN_ANSWERS = 10


def can_show(respondents: int) -> bool:
    return respondents >= MIN_GROUP


def can_release(respondents: int, closed: bool) -> bool:
    """A survey's figures appear once, when it has closed: results that change with every
    new response would let anyone compare two views and read the newest person's answers."""
    return closed and can_show(respondents)


def can_show_open_answers(respondents: int) -> bool:
    return respondents >= MIN_FOR_OPEN_ANSWERS


def isolates(people: int) -> bool:
    """Whether a figure, or a sum or difference of figures, rests on 1 to 4 people."""
    return 0 < people < MIN_GROUP


def shown_groups(sizes: Mapping[Hashable, int], strict: bool = False) -> dict[Hashable, bool]:
    """Which groups of one split may be shown.

    Every group under MIN_GROUP is hidden, empty ones too, so "fewer than 5" never tells
    whether anyone is in it. While the hidden groups together hold 1 to 4 people, the
    next-smallest shown group is hidden as well: subtracting the shown groups from the
    total then never gives fewer than MIN_GROUP people. Subtraction may still show that
    the hidden groups are empty; strict splits hide more until it cannot either (for the
    response language, which nobody chooses to give: "fewer than 5" there must not tell
    whether anyone answered in Spanish).
    """
    shown = {group: size >= MIN_GROUP for group, size in sizes.items()}
    hidden_total = sum(size for group, size in sizes.items() if not shown[group])
    some_hidden = not all(shown.values())
    visible = sorted((size, str(group), group) for group, size in sizes.items() if shown[group])
    while visible and (0 < hidden_total < MIN_GROUP
                       or (strict and some_hidden and hidden_total < MIN_GROUP)):
        size, _name, group = visible.pop(0)
        shown[group] = False
        hidden_total += size
    return shown


# ---------------------------------------------------------------- across splits
#
# Groups of different splits overlap: "peer specialists" and "no lived experience" may be
# the same people but one. Each shown group's figures are sums over its members, so any
# sum or difference of figures shown together (the total included) is a sum over people
# with whole-number weights. Such a combination gives the same weight to people who are
# in the same shown groups of every split: call each such class of people a cell (a
# split's hidden groups, together, count as one group, since their total can be worked
# out by subtraction). If every cell holds no one or at least MIN_GROUP people, every
# combination rests on no one or at least MIN_GROUP people, however many figures it takes.

People = Sequence[Mapping[str, Hashable]]   # one per respondent: split id -> their group


def shown_across_splits(people: People, splits: Mapping[str, Sequence[Hashable]],
                        strict: Collection[str] = ()) -> dict[str, dict[Hashable, bool]]:
    """split id -> group -> shown, for splits shown side by side on one page.

    First each split alone (shown_groups; strict for the splits named). Then the splits
    are taken in order, and one is shown only if, with those already shown, every cell
    holds 0 or at least MIN_GROUP people; otherwise it is hidden whole.
    A person missing from a split's mapping is in its group None ("no answer")."""
    shown = {split: shown_groups(_sizes(people, split, groups), split in strict)
             for split, groups in splits.items()}
    cells: list[tuple] = [() for _person in people]
    for split in splits:
        refined = [cell + (_shown_group(person.get(split), shown[split]),)
                   for cell, person in zip(cells, people)]
        if any(shown[split].values()) and not any(isolates(n) for n in
                                                  Counter(refined).values()):
            cells = refined
        else:
            shown[split] = {group: False for group in shown[split]}
    return shown


def _shown_group(group: Hashable, shown: Mapping[Hashable, bool]) -> Hashable:
    return group if shown.get(group) else _HIDDEN


_HIDDEN = object()  # all of a split's hidden groups, as one


def _sizes(people: People, split: str, groups: Sequence[Hashable]) -> dict[Hashable, int]:
    sizes = {group: 0 for group in groups}
    for person in people:
        group = person.get(split)
        sizes[group] = sizes.get(group, 0) + 1
    return sizes

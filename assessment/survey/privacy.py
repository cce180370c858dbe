"""The small-group rule that keeps every staff-survey figure from singling anyone out.

Plain functions: the results page, the PDF and the exports all ask them before showing a
number.
"""
from __future__ import annotations

from itertools import combinations
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
# the same people but one. Each shown group's figures are sums over its members, so a sum
# or difference of two or three groups' figures (and of the total) is a sum over the
# people whose weight in it is not zero. Where that is 1 to 4 people, the figures shown
# together single them out, and a split is hidden until no such combination is left.
# Each split's hidden groups, taken together (the total minus its shown groups), count as
# one more group, since their figures can be worked out by subtraction.

People = Sequence[Mapping[str, Hashable]]   # one per respondent: split id -> their group

# Signs of (first, second, third) figure; the total's sign is tried as -1, 0 and +1.
# The first sign is fixed at +1: a combination and its opposite involve the same people.
_PAIR_SIGNS = [(1, s) for s in (1, -1)]
_TRIPLE_SIGNS = [(1, s, u) for s in (1, -1) for u in (1, -1)]


def shown_across_splits(people: People, splits: Mapping[str, Sequence[Hashable]],
                        strict: Collection[str] = ()) -> dict[str, dict[Hashable, bool]]:
    """split id -> group -> shown, for splits shown side by side on one page.

    First each split alone (shown_groups; strict for the splits named). Then no sum or
    difference of up to three groups' figures, with or without the total, may rest on 1
    to 4 people; while one does, the split most often involved is hidden whole (the later
    one on a tie).
    A person missing from a split's mapping is in its group None ("no answer")."""
    sizes = {split: _sizes(people, split, groups) for split, groups in splits.items()}
    shown = {split: shown_groups(sizes[split], split in strict) for split in splits}
    members = {split: _members(people, split) for split in splits}
    everyone = (1 << len(people)) - 1
    order = list(splits)
    while True:
        figures = [(split, mask) for split in order
                   for mask in _figures(members[split], shown[split], everyone)]
        blamed = _violations(figures, everyone)
        if not blamed:
            return shown
        worst = max(order, key=lambda split: (blamed.get(split, 0), order.index(split)))
        shown[worst] = {group: False for group in shown[worst]}


def _sizes(people: People, split: str, groups: Sequence[Hashable]) -> dict[Hashable, int]:
    sizes = {group: 0 for group in groups}
    for person in people:
        group = person.get(split)
        sizes[group] = sizes.get(group, 0) + 1
    return sizes


def _members(people: People, split: str) -> dict[Hashable, int]:
    """group -> the set of its members, as a bit mask over the respondents."""
    masks: dict[Hashable, int] = {}
    for n, person in enumerate(people):
        group = person.get(split)
        masks[group] = masks.get(group, 0) | (1 << n)
    return masks


def _figures(members: Mapping[Hashable, int], shown: Mapping[Hashable, bool],
             everyone: int) -> list[int]:
    masks = [members.get(group, 0) for group, ok in shown.items() if ok]
    if not masks:
        return []
    rest = everyone
    for mask in masks:
        rest &= ~mask
    return masks + ([rest] if rest else [])


def _violations(figures: list[tuple[str, int]], everyone: int) -> dict[str, int]:
    """split -> how many combinations that single people out it takes part in."""
    blamed: dict[str, int] = {}
    total = everyone.bit_count()

    def blame(*splits: str) -> None:
        for split in set(splits):
            blamed[split] = blamed.get(split, 0) + 1

    for split, mask in figures:                       # total minus one group
        if isolates(total - mask.bit_count()):
            blame(split)
    for (s1, a), (s2, b) in combinations(figures, 2):
        if s1 != s2 and _pair_isolates(a, b, total):
            blame(s1, s2)
    for (s1, a), (s2, b), (s3, c) in combinations(figures, 3):
        if (s1 != s2 or s2 != s3) and _triple_isolates(a, b, c, total):
            blame(s1, s2, s3)
    return blamed


def _pair_isolates(a: int, b: int, total: int) -> bool:
    ab = (a & b).bit_count()
    only_a, only_b = a.bit_count() - ab, b.bit_count() - ab
    neither = total - only_a - only_b - ab
    cells = (neither, only_a, only_b, ab)
    for sign_a, sign_b in _PAIR_SIGNS:
        for t in (-1, 0, 1):
            weights = (t, t + sign_a, t + sign_b, t + sign_a + sign_b)
            if isolates(sum(n for n, w in zip(cells, weights) if w)):
                return True
    return False


def _triple_isolates(a: int, b: int, c: int, total: int) -> bool:
    """Cells of the three groups' Venn diagram, then every signed sum of them."""
    abc = (a & b & c).bit_count()
    ab, ac, bc = (a & b).bit_count() - abc, (a & c).bit_count() - abc, (b & c).bit_count() - abc
    only_a = a.bit_count() - ab - ac - abc
    only_b = b.bit_count() - ab - bc - abc
    only_c = c.bit_count() - ac - bc - abc
    neither = total - only_a - only_b - only_c - ab - ac - bc - abc
    cells = (neither, only_a, only_b, only_c, ab, ac, bc, abc)
    for x, y, z in _TRIPLE_SIGNS:
        for t in (-1, 0, 1):
            weights = (t, t + x, t + y, t + z, t + x + y, t + x + z, t + y + z, t + x + y + z)
            if isolates(sum(n for n, w in zip(cells, weights) if w)):
                return True
    return False

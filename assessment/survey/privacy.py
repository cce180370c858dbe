"""The small-group rule that keeps every staff-survey figure from singling anyone out.

Plain functions: the results page, the PDF and the exports all ask them before showing a
number.
"""
from __future__ import annotations

from typing import Hashable, Mapping

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


def shown_groups(sizes: Mapping[Hashable, int]) -> dict[Hashable, bool]:
    """Which groups of one split may be shown.

    Every group under MIN_GROUP is hidden, empty ones too, so "fewer than 5" never tells
    whether anyone is in it. While the hidden groups together hold 1 to 4 people, the
    next-smallest shown group is hidden as well: subtracting the shown groups from the
    total then never gives fewer than MIN_GROUP people.
    """
    shown = {group: size >= MIN_GROUP for group, size in sizes.items()}
    hidden_total = sum(size for group, size in sizes.items() if not shown[group])
    visible = sorted((size, str(group), group) for group, size in sizes.items() if shown[group])
    while 0 < hidden_total < MIN_GROUP and visible:
        size, _name, group = visible.pop(0)
        shown[group] = False
        hidden_total += size
    return shown

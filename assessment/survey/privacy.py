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


def can_show_open_answers(respondents: int) -> bool:
    return respondents >= MIN_FOR_OPEN_ANSWERS


def shown_groups(sizes: Mapping[Hashable, int]) -> dict[Hashable, bool]:
    """Which groups of one split may be shown.

    Groups under MIN_GROUP are hidden. When that hides just one group, the next-smallest
    is hidden too, so the hidden one cannot be found by subtracting the others from the
    total. Empty groups have nobody to protect and stay as they are.
    """
    shown = {group: size == 0 or size >= MIN_GROUP for group, size in sizes.items()}
    hidden = [group for group, ok in shown.items() if not ok]
    if len(hidden) == 1:
        others = sorted((size, str(group), group) for group, size in sizes.items()
                        if shown[group] and size > 0)
        if others:
            shown[others[0][2]] = False
    return shown

"""The capability profile as an SVG bar chart, drawn on the server (no script, no image file).

Plain function: the page inlines the SVG; the PDF draws its own chart from the same profile.
"""
from __future__ import annotations

import textwrap
from xml.sax.saxutils import escape

from .rubric import LEVELS, Rubric
from .scoring import Profile

WIDTH = 360          # drawn 1:1 on a 360-px phone, scaled up on wider screens
LEFT, RIGHT = 8, 8
LINE = 15            # height of one line of label text
BAR = 18
GAP = 14
LABEL_CHARS = 46


def _x(level: float) -> float:
    return LEFT + (WIDTH - LEFT - RIGHT) * level / len(LEVELS)


def profile_chart(profile: Profile, rubric: Rubric, language: str, title: str,
                  description: str) -> str:
    rows, y = [], 4
    summary = []
    for score in profile.practices:
        practice = rubric.practice(score.practice_id)
        label = f"{practice.number}. {practice.title.in_language(language)}"
        lines = textwrap.wrap(label, LABEL_CHARS)
        for line in lines:
            y += LINE
            rows.append(f'<text x="{LEFT}" y="{y}" class="chart-label">{escape(line)}</text>')
        y += 5
        rows.append(f'<rect x="{LEFT}" y="{y}" width="{_x(4) - LEFT:.1f}" height="{BAR}" '
                    f'class="chart-track"/>')
        if score.level is None:
            value = "—"
        else:
            level_name = rubric.levels[score.level].in_language(language)
            value = f"{score.level} · {level_name}"
            rows.append(f'<rect x="{LEFT}" y="{y}" width="{_x(score.level) - LEFT:.1f}" '
                        f'height="{BAR}" class="chart-bar level-{score.level}"/>')
            if score.highest != score.lowest:
                mid = y + BAR - 3  # under the text, at the bottom of the bar
                rows.append(f'<line x1="{_x(score.lowest):.1f}" y1="{mid}" '
                            f'x2="{_x(score.highest):.1f}" y2="{mid}" class="chart-spread"/>')
        rows.append(f'<text x="{LEFT + 6}" y="{y + 13}" class="chart-value">'
                    f'{escape(value)}</text>')
        summary.append(f"{label}: {value}")
        y += BAR + GAP
    return (
        f'<svg class="chart" viewBox="0 0 {WIDTH} {y}" role="img" '
        f'aria-labelledby="chart-title chart-desc" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="chart-title">{escape(title)}</title>'
        f'<desc id="chart-desc">{escape(description)} {escape("; ".join(summary))}</desc>'
        + "".join(rows) + "</svg>"
    )

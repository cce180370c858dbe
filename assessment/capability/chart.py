"""The capability profile as an SVG bar chart, drawn on the server (no script, no image file).

Plain function: the page inlines the SVG; the PDF draws its own chart from the same profile.
"""
from __future__ import annotations

import textwrap
from xml.sax.saxutils import escape

from .rubric import LEVELS, Rubric
from .scoring import Profile

WIDTH = 360          # drawn 1:1 on a 360-px phone, scaled up on wider screens
LEFT, RIGHT = 8, 12
LINE = 16            # height of one line of label text
BAR = 20
SPREAD = 8           # room under a bar for the lowest-to-highest line
GAP = 10
LABEL_CHARS = 42


def _x(level: float) -> float:
    return LEFT + (WIDTH - LEFT - RIGHT) * level / len(LEVELS)


def _axis(y: float, legend: str) -> list[str]:
    parts = [f'<line x1="{_x(0)}" y1="{y}" x2="{_x(4):.1f}" y2="{y}" class="chart-axis"/>']
    for level in range(len(LEVELS) + 1):
        x = _x(level)
        parts.append(f'<line x1="{x:.1f}" y1="{y}" x2="{x:.1f}" y2="{y + 5}" class="chart-axis"/>')
        anchor = "start" if level == 0 else "end" if level == len(LEVELS) else "middle"
        parts.append(f'<text x="{x:.1f}" y="{y + 18}" text-anchor="{anchor}" '
                     f'class="chart-tick">{level}</text>')
    parts.append(f'<text x="{LEFT}" y="{y + 38}" class="chart-legend">{escape(legend)}</text>')
    return parts


def profile_chart(profile: Profile, rubric: Rubric, language: str, title: str,
                  description: str, legend: str) -> str:
    rows, y = [], 4
    summary = []
    for score in profile.practices:
        practice = rubric.practice(score.practice_id)
        label = f"{practice.number}. {practice.title.in_language(language)}"
        for line in textwrap.wrap(label, LABEL_CHARS):
            y += LINE
            rows.append(f'<text x="{LEFT}" y="{y}" class="chart-label">{escape(line)}</text>')
        y += 5
        rows.append(f'<rect x="{LEFT}" y="{y}" width="{_x(4) - LEFT:.1f}" height="{BAR}" '
                    f'class="chart-track"/>')
        if score.level is None:
            value = "—"
        else:
            value = f"{score.level} · {rubric.levels[score.level].in_language(language)}"
            rows.append(f'<rect x="{LEFT}" y="{y}" width="{_x(score.level) - LEFT:.1f}" '
                        f'height="{BAR}" class="chart-bar level-{score.level}"/>')
            under = y + BAR + SPREAD / 2
            rows.append(f'<line x1="{_x(score.lowest):.1f}" y1="{under}" '
                        f'x2="{_x(score.highest):.1f}" y2="{under}" class="chart-spread"/>')
        rows.append(f'<text x="{LEFT + 6}" y="{y + 15}" class="chart-value">{escape(value)}</text>')
        summary.append(f"{label}: {value}")
        y += BAR + SPREAD + GAP
    rows += _axis(y, legend)
    y += 46
    return (
        f'<svg class="chart" viewBox="0 0 {WIDTH} {y}" role="img" '
        f'aria-labelledby="chart-title chart-desc" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="chart-title">{escape(title)}</title>'
        f'<desc id="chart-desc">{escape(description)} {escape("; ".join(summary))}</desc>'
        + "".join(rows) + "</svg>"
    )

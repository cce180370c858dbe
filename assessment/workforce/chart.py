"""A rate across periods as a small SVG line chart, drawn on the server (no script).

The page always gives the same figures as text beside it; the chart only shows the shape.
"""
from __future__ import annotations

from decimal import Decimal
from xml.sax.saxutils import escape

WIDTH, HEIGHT = 360, 150
LEFT, RIGHT, TOP, BOTTOM = 34, 14, 12, 30


def trend_chart(labels: list[str], values: list[Decimal | None], title: str,
                description: str, chart_id: str) -> str:
    top = max([Decimal(100)] + [v for v in values if v is not None])

    def x(i: int) -> float:
        if len(labels) == 1:
            return LEFT + (WIDTH - LEFT - RIGHT) / 2
        return LEFT + (WIDTH - LEFT - RIGHT) * i / (len(labels) - 1)

    def y(v: Decimal) -> float:
        return TOP + (HEIGHT - TOP - BOTTOM) * float(1 - v / top)

    parts = []
    for tick in (Decimal(0), top / 2, top):
        parts.append(f'<line x1="{LEFT}" y1="{y(tick):.1f}" x2="{WIDTH - RIGHT}" '
                     f'y2="{y(tick):.1f}" class="chart-axis"/>')
        parts.append(f'<text x="{LEFT - 4}" y="{y(tick) + 4:.1f}" text-anchor="end" '
                     f'class="chart-tick">{tick:.0f}%</text>')
    points = [(x(i), y(v), v) for i, v in enumerate(values) if v is not None]
    if len(points) > 1:
        path = " ".join(f"{px:.1f},{py:.1f}" for px, py, _v in points)
        parts.append(f'<polyline points="{path}" class="chart-line" fill="none"/>')
    for px, py, v in points:
        parts.append(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="3" class="chart-point"/>')
        parts.append(f'<text x="{px:.1f}" y="{py - 6:.1f}" text-anchor="middle" '
                     f'class="chart-value">{v}</text>')
    for i, label in enumerate(labels):
        parts.append(f'<text x="{x(i):.1f}" y="{HEIGHT - 10}" text-anchor="middle" '
                     f'class="chart-tick">{escape(label)}</text>')
    return (f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
            f'aria-labelledby="{chart_id}-title {chart_id}-desc" '
            f'xmlns="http://www.w3.org/2000/svg">'
            f'<title id="{chart_id}-title">{escape(title)}</title>'
            f'<desc id="{chart_id}-desc">{escape(description)}</desc>' + "".join(parts)
            + "</svg>")

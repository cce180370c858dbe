"""The lattice drawn as SVG on the server: a column per track, the first step at the
bottom, a box per position linking to its page, a line per move. No JavaScript, no
inline styles (the page's CSS colours it). No Flask here: links come from a function."""
from __future__ import annotations

from textwrap import wrap
from typing import Callable
from xml.sax.saxutils import escape, quoteattr

from .document import Lattice

BOX_W, BOX_H, GAP_X, GAP_Y, PAD = 150, 46, 30, 34, 10


def lattice_svg(lattice: Lattice, language: str, link: Callable[[str], str], title: str) -> str:
    steps = sorted({p.step for p in lattice.positions}) or [1]
    rows = {step: len(steps) - 1 - i for i, step in enumerate(steps)}  # highest step on top
    # Positions at one step of a track sit side by side: a track is as wide as its
    # busiest step.
    slots: dict[tuple[str, int], list[str]] = {}
    for position in lattice.positions:
        slots.setdefault((position.track, position.step), []).append(position.key)
    lefts: dict[str, int] = {}
    x = PAD
    for track in lattice.tracks:
        lefts[track.key] = x
        widest = max((len(keys) for (t, _), keys in slots.items() if t == track.key), default=1)
        x += widest * (BOX_W + GAP_X)
    where: dict[str, tuple[int, int]] = {}
    for (track_key, step), keys in slots.items():
        if track_key not in lefts:
            continue
        for n, key in enumerate(keys):
            where[key] = (lefts[track_key] + n * (BOX_W + GAP_X),
                          PAD + 24 + rows[step] * (BOX_H + GAP_Y))
    width = max(x - GAP_X + PAD, PAD * 2 + BOX_W)
    height = PAD * 2 + 24 + len(steps) * (BOX_H + GAP_Y) - GAP_Y
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="lattice-drawing" '
             f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
             'role="group" aria-labelledby="lattice-title">',
             f'<title id="lattice-title">{escape(title)}</title>',
             '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" '
             'markerHeight="6" orient="auto"><path d="M0 0L10 5L0 10z"/></marker></defs>']
    for track in lattice.tracks:
        x = lefts[track.key] + BOX_W / 2
        parts.append(f'<text class="track" x="{x:.0f}" y="{PAD + 12}" text-anchor="middle">'
                     f'{escape(_short(track.name.in_language(language), 24))}</text>')
    for move in lattice.moves:
        if move.source in where and move.target in where:
            (x1, y1), (x2, y2) = where[move.source], where[move.target]
            a = (x1 + BOX_W / 2, y1 if y2 < y1 else y1 + BOX_H if y2 > y1 else y1 + BOX_H / 2)
            b = (x2 + BOX_W / 2, y2 + BOX_H if y2 < y1 else y2 if y2 > y1 else y2 + BOX_H / 2)
            if y1 == y2:  # across: from side to side
                a = (x1 + (BOX_W if x2 > x1 else 0), a[1])
                b = (x2 + (0 if x2 > x1 else BOX_W), b[1])
            parts.append(f'<line class="move move-{move.kind}" x1="{a[0]:.0f}" y1="{a[1]:.0f}" '
                         f'x2="{b[0]:.0f}" y2="{b[1]:.0f}" marker-end="url(#arrow)"/>')
    for position in lattice.positions:
        if position.key not in where:
            continue
        x, y = where[position.key]
        lines = wrap(position.title.in_language(language), 22)[:2] or [""]
        if len(wrap(position.title.in_language(language), 22)) > 2:
            lines[1] = _short(lines[1], 21)
        texts = "".join(
            f'<text x="{x + BOX_W / 2:.0f}" y="{y + (18 if len(lines) > 1 else 28) + i * 15}" '
            f'text-anchor="middle">{escape(line)}</text>' for i, line in enumerate(lines))
        parts.append(f'<a href={quoteattr(link(position.key))}><rect class="position" '
                     f'x="{x}" y="{y}" width="{BOX_W}" height="{BOX_H}" rx="6"/>{texts}</a>')
    parts.append("</svg>")
    return "".join(parts)


def _short(text: str, size: int) -> str:
    return text if len(text) <= size else text[: size - 1].rstrip() + "…"

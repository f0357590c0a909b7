"""Charts as inline SVG built in Python: no script, no CDN, readable without colour.

Every label is escaped here (:func:`markupsafe.escape`) before it becomes markup, and every
chart has a text alternative (``role="img"`` with ``aria-label``) as well as a table beside it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from markupsafe import Markup, escape


def _finite(value: float | None) -> bool:
    return value is not None and math.isfinite(value)


def sparkline(
    values: Sequence[float | None], *, label: str, width: int = 160, height: int = 36
) -> Markup:
    """A trend line over the periods, the last point marked."""
    points = [(i, v) for i, v in enumerate(values) if v is not None and _finite(v)]
    if len(points) < 2:
        return Markup("")
    low = min(v for _, v in points)
    high = max(v for _, v in points)
    span = (high - low) or 1.0
    step = (width - 8) / max(len(values) - 1, 1)

    def xy(i: int, v: float) -> tuple[float, float]:
        return 4 + i * step, height - 4 - (v - low) / span * (height - 8)

    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in (xy(i, v) for i, v in points))
    last_x, last_y = xy(*points[-1])
    return Markup(
        f'<svg class="spark" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="{escape(label)}">'
        f'<polyline fill="none" stroke="currentColor" stroke-width="2" points="{path}"/>'
        f'<circle cx="{last_x:.1f}" cy="{last_y:.1f}" r="3" fill="currentColor"/></svg>'
    )


def pyramid(levels: Sequence[tuple[str, float | None, bool]], *, label: str) -> Markup:
    """The five dimensions stacked base (first) to apex (last), each band shaded by its score
    (0-100) and labelled with it; ``*`` marks a small sample."""
    count = len(levels)
    width, band = 360, 52
    height = band * count
    parts = [
        f'<svg class="pyramid" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(label)}">'
    ]
    mid = width / 2

    def half(y: float) -> float:
        return (y + band) / (height + band) * mid

    for index, (name, score, small) in enumerate(levels):
        row = count - 1 - index
        y0, y1 = row * band, (row + 1) * band
        shade = 0.15 + 0.6 * (score / 100 if score is not None and _finite(score) else 0.0)
        points = (
            f"{mid - half(y1):.1f},{y1} {mid + half(y1):.1f},{y1} "
            f"{mid + half(y0):.1f},{y0} {mid - half(y0):.1f},{y0}"
        )
        text = "–" if score is None or not _finite(score) else f"{score:.0f}"
        mark = "*" if small else ""
        parts.append(
            f'<polygon points="{points}" fill="#0b5cad" fill-opacity="{shade:.2f}" '
            f'stroke="#fff" stroke-width="2"/>'
            f'<text x="{mid}" y="{y0 + band / 2 + 5:.0f}" text-anchor="middle" '
            f'class="band">{escape(name)}: {text}{mark}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def bar(value: float | None, *, maximum: float = 100.0, label: str = "") -> Markup:
    """A horizontal bar for a share or score, for tables."""
    if not _finite(value) or maximum <= 0:
        return Markup("")
    assert value is not None
    width = max(0.0, min(value / maximum, 1.0)) * 100
    return Markup(
        f'<svg class="bar" viewBox="0 0 100 8" preserveAspectRatio="none" role="img" '
        f'aria-label="{escape(label)}"><rect width="100" height="8" fill="#e4e9ee"/>'
        f'<rect width="{width:.1f}" height="8" fill="#0b5cad"/></svg>'
    )

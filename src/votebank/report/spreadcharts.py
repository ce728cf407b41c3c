"""The report's charts of a spread as inline SVG: a histogram, interval rows, a 2-D heatmap.

Drawn in Python from the pieces of :mod:`votebank.report.svg`: no chart library, no script.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from itertools import pairwise

from votebank.display import runs_text
from votebank.report import svg
from votebank.report.formats import esc, pct

VIRIDIS = (
    "#440154", "#482878", "#3E4989", "#31688E", "#26828E",
    "#1F9E89", "#35B779", "#6DCD59", "#B4DE2C", "#FDE725",
)  # fmt: skip


def histogram(
    cid: str,
    edges: Sequence[float],
    counts: Sequence[int],
    *,
    title: str,
    desc: str,
    markers: Sequence[tuple[float, str]] = (),
    fmt: Callable[[float], str] = pct,
    colour: str = "#0072B2",
) -> str:
    """Vertical bars of a histogram, each labelled with its count, with labelled markers."""
    left, right, top, bottom = 40, 24, 40, 36  # right: half of a tick "45.00%" at the end
    height = 232
    plot_w, plot_h = svg.WIDTH - left - right, height - top - bottom
    lo, hi = (edges[0], edges[-1]) if len(edges) > 1 else (0.0, 1.0)
    ymax = max(svg.nice_max(1.15 * max(counts, default=1) or 1), 2)  # headroom for the labels

    def x(v: float) -> float:
        return left + plot_w * (v - lo) / ((hi - lo) or 1.0)

    def y(c: float) -> float:
        return top + plot_h * (1 - c / ymax)

    parts = []
    for t in svg.ticks(ymax, 4):
        if t != int(t):  # counts of runs: whole numbers only
            continue
        parts.append(svg.line(left, y(t), svg.WIDTH - right, y(t), "grid"))
        parts.append(svg.text(left - 4, y(t) + 4, f"{t:g}", "tick", "end"))
    # A bar's range in enough decimals that its two ends differ: whole percentages wrote
    # "45%–45%" for every bar of a national turnout spread over a fifth of a point.
    edge = _edge_labels(edges, fmt)
    for i, c in enumerate(counts):
        x0, x1 = x(edges[i]), x(edges[i + 1])
        tip = f"<title>{esc(edge[i])}–{esc(edge[i + 1])}: {runs_text(c)}</title>"
        bar = svg.rect(x0 + 1, y(c), x1 - x0 - 2, y(0) - y(c), colour, ' class="bar"')
        lbl = svg.text((x0 + x1) / 2, y(c) - 3, str(c), "val", "middle") if c else ""
        parts.append(f'<g class="mark">{tip}{bar}{lbl}</g>')
    if fmt is pct:  # round values where they fall: "55%" ended up at 55.19%, beside 55.0%
        ticks = _pct_ticks(lo, hi)
    else:
        n_ticks = min(6, len(edges))
        ticks = [
            (v, fmt(v)) for v in (lo + (hi - lo) * j / max(n_ticks - 1, 1) for j in range(n_ticks))
        ]
    for v, label in ticks:
        parts.append(svg.text(x(v), height - bottom + 16, label, "tick", "middle"))
    for k, (v, label) in enumerate(markers):
        parts.append(svg.line(x(v), top - 18, x(v), y(0), "refline"))
        parts.append(svg.text(x(v), top - 22 - 11 * (k % 2), label, "reflabel", "middle"))
    # Each axis says what it counts: one title, "runs by national turnout", under the x axis
    # left the heights 0, 5, 10 unnamed.
    parts.append(svg.text(left + plot_w / 2, height - 4, "national turnout", "axis", "middle"))
    parts.append(svg.text(4, top - 8, "runs", "axis", "start"))
    return svg.chart(cid, height, title, desc, "".join(parts))


def _pct_ticks(lo: float, hi: float, n: int = 5) -> list[tuple[float, str]]:
    """Ticks of shares in ``[lo, hi]`` at a nice step, about ``n`` steps apart.

    Each is labelled with the decimals its step needs, so a label names the value where it
    stands.
    """
    step = svg.nice_max((hi - lo) / n) if hi > lo else 0.01
    digits = next((d for d in range(6) if abs(round(100 * step, d) - 100 * step) < 1e-9), 6)
    first, last = math.ceil(lo / step - 1e-9), math.floor(hi / step + 1e-9)
    return [(j * step, pct(j * step, digits)) for j in range(first, last + 1)]


def _edge_labels(edges: Sequence[float], fmt: Callable[[float], str], least: int = 0) -> list[str]:
    """Bin edges as text; percentages get decimals (``least`` or more) until neighbours differ."""
    if fmt is not pct:
        return [fmt(e) for e in edges]
    for digits in range(least, 4):
        labels = [pct(e, digits) for e in edges]
        if all(a != b for a, b in pairwise(labels)):
            break
    return labels


def ranges(
    cid: str,
    rows: Sequence[tuple[str, float, float, float]],
    *,
    title: str,
    desc: str,
    digits: int = 0,
    axis: str = "",
) -> str:
    """One row per ``(label, lo, mid, hi)`` of shares: an interval line, a dot at mid, values.

    Percentages have ``digits`` decimals, or more where an interval's ends would read alike.
    ``axis`` names what the ticks measure ("turnout"), under them.
    """
    lab_w = svg.label_width([r[0] for r in rows], hi=220)  # region names run long
    plot_w = svg.WIDTH - lab_w - 140
    row_h, top = 24, 10
    lo = min((r[1] for r in rows), default=0.0)
    hi = max((r[3] for r in rows), default=1.0)
    pad = (hi - lo) * 0.1 or 0.02
    lo, hi = max(0.0, lo - pad), min(1.5, hi + pad)

    def x(v: float) -> float:
        return lab_w + plot_w * (v - lo) / ((hi - lo) or 1.0)

    height = top + row_h * len(rows) + 24
    below = 18 if axis else 0  # the axis title's line, under the ticks
    parts = []
    for v, label in _pct_ticks(lo, hi):
        parts.append(svg.line(x(v), top, x(v), height - 22, "grid"))
        parts.append(svg.text(x(v), height - 8, label, "tick", "middle"))
    if axis:
        parts.append(svg.text(lab_w + plot_w / 2, height + below - 5, axis, "axis", "middle"))
    for i, (label, a, m, b) in enumerate(rows):
        yy = top + i * row_h + 10
        # As the histogram's bars: "65.3%–65.3%" hid a national turnout that moved 0.07 points.
        low, high = _edge_labels((a, b), pct, digits) if a != b else [pct(a, digits)] * 2
        mean = pct(m, digits)
        tip = f"{label}: mean {mean}, 5–95% {low}–{high}"
        g = [f"<title>{esc(tip)}</title>"]
        g.append(svg.row_label(lab_w, yy + 4, label))
        g.append(svg.rect(x(a), yy - 2, x(b) - x(a), 4, "#333333", ' class="range" rx="2"'))
        g.append(f'<circle cx="{svg.coord(x(m))}" cy="{svg.coord(yy)}" r="5" class="dotmark"/>')
        g.append(svg.text(x(b) + 8, yy + 4, f"{mean} ({low}–{high})", "val"))
        parts.append(f'<g class="mark">{"".join(g)}</g>')
    return svg.chart(cid, height + below, title, desc, "".join(parts))


def heatmap(
    cid: str,
    cells: Sequence[tuple[int, int, int]],
    bins: int,
    *,
    title: str,
    desc: str,
    xlabel: str,
    ylabel: str,
) -> str:
    """A 2-D histogram over [0, 1]² from sparse ``(x bin, y bin, count)`` cells.

    Colour is viridis on a log scale (readable in grey and by colour-blind readers); a legend
    gives the scale with numbers, and each cell's tooltip its count.
    """
    left, top, size = 46, 10, 300
    width = left + size + 90
    cell = size / bins
    peak = max((c for _, _, c in cells), default=0)
    parts = [svg.rect(left, top, size, size, "#F4F4F4", ' class="frame"')]
    for bx, by, c in cells:
        if c <= 0:
            continue
        colour = VIRIDIS[_level(c, peak)]
        yy = top + size - (by + 1) * cell
        tip = (
            f"{xlabel} {bx * 100 // bins}–{(bx + 1) * 100 // bins}%, "
            f"{ylabel} {by * 100 // bins}–{(by + 1) * 100 // bins}%: {c}"
        )
        parts.append(
            f'<rect x="{svg.coord(left + bx * cell)}" y="{svg.coord(yy)}" width="{svg.coord(cell)}"'
            f' height="{svg.coord(cell)}" fill="{colour}"><title>{esc(tip)}</title></rect>'
        )
    for t in range(0, 101, 20):
        px = left + size * t / 100
        py = top + size - size * t / 100
        parts.append(svg.text(px, top + size + 14, f"{t}%", "tick", "middle"))
        parts.append(svg.text(left - 4, py + 4, f"{t}%", "tick", "end"))
    parts.append(svg.text(left + size / 2, top + size + 30, xlabel, "axis", "middle"))
    parts.append(
        f'<text class="axis" text-anchor="middle"'
        f' transform="translate(12 {svg.coord(top + size / 2)}) rotate(-90)">{esc(ylabel)}</text>'
    )
    # Legend: the colour steps with the counts they stand for.
    lx = left + size + 16
    parts.append(svg.text(lx, top + 10, "stations", "legend"))
    for i in range(len(VIRIDIS)):
        ly = top + 18 + (len(VIRIDIS) - 1 - i) * 20
        parts.append(svg.rect(lx, ly, 16, 18, VIRIDIS[i], ' class="swatch"'))
        lo_count = _level_floor(i, peak)
        if lo_count is not None:
            parts.append(svg.text(lx + 22, ly + 13, f"≥{lo_count:,}", "tick"))
    return svg.chart(cid, top + size + 40, title, desc, "".join(parts), width)


def _level(c: int, peak: int) -> int:
    """Colour step of a count: log scale from 1 to the peak."""
    if peak <= 1:
        return len(VIRIDIS) - 1
    return min(len(VIRIDIS) - 1, int(math.log(c) / math.log(peak) * (len(VIRIDIS) - 1) + 1e-9))


def _level_floor(i: int, peak: int) -> int | None:
    """The smallest count drawn in colour step ``i`` (None if no count can be)."""
    if peak <= 1:
        return 1 if i == len(VIRIDIS) - 1 else None
    lo = math.ceil(math.exp(i / (len(VIRIDIS) - 1) * math.log(peak)) - 1e-9)
    lo = max(lo, 1)
    return lo if _level(lo, peak) == i else None

"""Inline SVG charts, drawn in Python: no chart library, no script, no external resource.

Every chart is an ``<svg role="img">`` with a ``<title>`` and ``<desc>``, direct text labels
on or beside its marks (never colour alone), and a ``<title>`` tooltip on each mark. Every text
that comes from user files passes through :func:`esc`. Widths are in SVG user units; the page
CSS scales each chart to its column.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from votebank.display import clean

WIDTH = 720
FONT = 12
CHAR = 6.6  # rough width of one character at FONT, to size label columns
OKABE_ITO = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7")
VIRIDIS = (
    "#440154", "#482878", "#3E4989", "#31688E", "#26828E",
    "#1F9E89", "#35B779", "#6DCD59", "#B4DE2C", "#FDE725",
)  # fmt: skip


def esc(value: object) -> str:
    """HTML-escape any value for a text node or a quoted attribute (quotes included).

    Control and bidi-override characters are dropped first: a store written before names were
    cleaned on load may still hold them, and an override would reorder the page's text.
    """
    return html.escape(clean(str(value)), quote=True)


def pct(x: float | None, digits: int = 0) -> str:
    """Format a share as a percentage (``–`` for missing)."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    return f"{100 * x:.{digits}f}%"


def num(x: float | None, digits: int = 0) -> str:
    """Format a number with thousands separators (``–`` for missing)."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    return f"{x:,.{digits}f}"


def seats_fmt(x: float) -> str:
    """Seats: one decimal below 10, whole above (means of whole seats)."""
    return f"{x:.1f}" if abs(x) < 10 else f"{x:.0f}"


def seats_range(mean: float, lo: float, hi: float) -> str:
    """A mean and its interval in one format: ``81 (61–93)``, ``7.5 (4.0–11.0)``."""
    d = 1 if abs(mean) < 10 else 0
    return f"{mean:.{d}f} ({lo:.{d}f}–{hi:.{d}f})"


def _f(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".") if x != int(x) else str(int(x))


def _clip(label: str, chars: int) -> str:
    return label if len(label) <= chars else label[: max(1, chars - 1)] + "…"


def _svg(cid: str, height: float, title: str, desc: str, body: str, width: int = WIDTH) -> str:
    return (
        f'<svg class="chart" id="{esc(cid)}" viewBox="0 0 {width} {_f(height)}"'
        f' width="{width}" height="{_f(height)}" role="img"'
        f' aria-labelledby="{esc(cid)}-t {esc(cid)}-d" preserveAspectRatio="xMinYMin meet">'
        f'<title id="{esc(cid)}-t">{esc(title)}</title><desc id="{esc(cid)}-d">{esc(desc)}</desc>'
        f"{body}</svg>"
    )


def _text(x: float, y: float, s: str, cls: str = "", anchor: str = "start") -> str:
    c = f' class="{cls}"' if cls else ""
    a = "" if anchor == "start" else f' text-anchor="{anchor}"'
    return f'<text x="{_f(x)}" y="{_f(y)}"{c}{a}>{esc(s)}</text>'


def _rect(x: float, y: float, w: float, h: float, fill: str, extra: str = "") -> str:
    return (
        f'<rect x="{_f(x)}" y="{_f(y)}" width="{_f(max(w, 0))}" height="{_f(h)}"'
        f' fill="{esc(fill)}"{extra}/>'
    )


def _line(x1: float, y1: float, x2: float, y2: float, cls: str) -> str:
    return f'<line x1="{_f(x1)}" y1="{_f(y1)}" x2="{_f(x2)}" y2="{_f(y2)}" class="{cls}"/>'


def _nice_max(x: float) -> float:
    """The next 'nice' number (1, 2, 2.5, 5 x 10^k) at or above ``x``."""
    if x <= 0:
        return 1.0
    mag = 10 ** math.floor(math.log10(x))
    for m in (1, 2, 2.5, 5, 10):
        if m * mag >= x - 1e-12:
            return m * mag
    return 10 * mag


def _ticks(hi: float, n: int = 5) -> list[float]:
    step = _nice_max(hi / n)
    return [i * step for i in range(int(hi / step + 1e-9) + 1)]


def _label_width(labels: Sequence[str], lo: int = 40, hi: int = 170) -> float:
    longest = max((len(s) for s in labels), default=4)
    return min(hi, max(lo, longest * CHAR + 12))


# -- patterns: a second channel besides colour, for print and colour-blind readers ---------

PATTERNS = ("solid", "diag", "rdiag", "cross", "dots", "horiz", "vert")


def pattern_defs(prefix: str, fills: dict[str, tuple[str, str]]) -> str:
    """``<defs>`` of fill patterns: key -> (colour, pattern name from :data:`PATTERNS`)."""
    out = []
    for key, (colour, kind) in fills.items():
        pid = f"{prefix}-{key}"
        marks = {
            "solid": "",
            "diag": '<path d="M-1,1 l2,-2 M0,8 l8,-8 M7,9 l2,-2" class="hatch"/>',
            "rdiag": '<path d="M-1,7 l2,2 M0,0 l8,8 M7,-1 l2,2" class="hatch"/>',
            "cross": '<path d="M0,0 l8,8 M8,0 l-8,8" class="hatch"/>',
            "dots": '<circle cx="4" cy="4" r="1.6" class="dot"/>',
            "horiz": '<path d="M0,4 h8" class="hatch"/>',
            "vert": '<path d="M4,0 v8" class="hatch"/>',
        }[kind]
        out.append(
            f'<pattern id="{esc(pid)}" patternUnits="userSpaceOnUse" width="8" height="8">'
            f'<rect width="8" height="8" fill="{esc(colour)}"/>{marks}</pattern>'
        )
    return f"<defs>{''.join(out)}</defs>"


# -- charts ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    """One bar: a label, a value with an optional interval, a colour, a tooltip."""

    label: str
    value: float
    lo: float | None = None
    hi: float | None = None
    colour: str = "#0072B2"
    text: str = ""
    tip: str = ""
    second: float | None = None  # a paired value (e.g. the actual seats)


def interval_bars(
    cid: str,
    bars: Sequence[Bar],
    *,
    title: str,
    desc: str,
    line: float | None = None,
    line_label: str = "",
    second_label: str = "",
    first_label: str = "",
) -> str:
    """Horizontal bars with 5–95 % whiskers, direct value labels and an optional vertical line.

    With ``Bar.second`` set, each row holds two bars: the value (solid, party colour) and the
    second value (hatched, grey), each labelled, and a legend names the two.
    """
    paired = any(b.second is not None for b in bars)
    row_h = 34 if paired else 22
    lab_w = _label_width([b.label for b in bars])
    top = 26 if (line is not None or paired) else 8
    plot_w = WIDTH - lab_w - 110
    hi = max([b.hi or b.value for b in bars] + [b.second or 0 for b in bars] + [line or 0, 1e-9])
    xmax = _nice_max(hi * 1.02)

    def x(v: float) -> float:
        return lab_w + plot_w * v / xmax

    height = top + row_h * len(bars) + 26
    parts = [pattern_defs(cid, {"second": ("#BBBBBB", "diag")})] if paired else []
    for t in _ticks(xmax):
        parts.append(_line(x(t), top - 4, x(t), height - 22, "grid"))
        parts.append(_text(x(t), height - 8, f"{t:g}", "tick", "middle"))
    for i, b in enumerate(bars):
        y = top + i * row_h
        bh = 12 if paired else 14
        g = [f"<title>{esc(b.tip or b.label)}</title>"]
        g.append(
            _text(lab_w - 6, y + bh - 2, _clip(b.label, round((lab_w - 12) / CHAR)), "", "end")
        )
        g.append(_rect(lab_w, y + 2, x(b.value) - lab_w, bh, b.colour, ' class="bar"'))
        end = x(b.value)
        if b.lo is not None and b.hi is not None:
            ym = y + 2 + bh / 2
            g.append(_line(x(b.lo), ym, x(b.hi), ym, "whisker"))
            g.append(_line(x(b.lo), ym - 4, x(b.lo), ym + 4, "whisker"))
            g.append(_line(x(b.hi), ym - 4, x(b.hi), ym + 4, "whisker"))
            end = max(end, x(b.hi))
        g.append(_text(end + 5, y + bh, b.text or seats_fmt(b.value), "val"))
        if paired:
            y2 = y + 2 + bh + 2
            if b.second is not None:
                fill = f"url(#{cid}-second)"
                g.append(_rect(lab_w, y2, x(b.second) - lab_w, bh - 2, fill, ' class="bar2"'))
                g.append(_text(x(b.second) + 5, y2 + bh - 3, f"{b.second:g} actual", "val2"))
        parts.append(f'<g class="mark">{"".join(g)}</g>')
    if line is not None:
        parts.append(_line(x(line), 14, x(line), height - 22, "refline"))
        parts.append(_text(x(line), 11, line_label, "reflabel", "middle"))
    if paired:
        parts.append(_rect(lab_w, 4, 14, 9, bars[0].colour if bars else "#777"))
        parts.append(_text(lab_w + 18, 12, first_label, "legend"))
        lx = lab_w + 26 + len(first_label) * CHAR
        parts.append(_rect(lx, 4, 14, 9, f"url(#{cid}-second)", ' class="bar2"'))
        parts.append(_text(lx + 18, 12, second_label, "legend"))
    return _svg(cid, height, title, desc, "".join(parts))


@dataclass(frozen=True)
class Segment:
    """One segment of a stacked bar: a key (for the fill), a label, a value."""

    key: str
    label: str
    value: float


def strip(
    cid: str,
    segments: Sequence[Segment],
    fills: dict[str, str],
    *,
    title: str,
    desc: str,
    total: float,
    line: float | None = None,
    line_label: str = "",
    fmt: Callable[[float], str] = seats_fmt,
) -> str:
    """One horizontal stacked bar (e.g. the house by party) with labels and a legend below.

    Segments too narrow for their label are named in the legend only, which lists all.
    """
    x0, w, top, bh = 8, WIDTH - 16, 22, 34
    scale = w / total if total > 0 else 0.0
    parts, legend = [], []
    x = x0
    for s in segments:
        sw = s.value * scale
        fill = fills.get(s.key, "#888888")
        tip = f"<title>{esc(s.label)}: {esc(fmt(s.value))}</title>"
        inner = ""
        label = f"{s.label} {fmt(s.value)}"
        if sw >= len(label) * CHAR + 6:
            inner = _text(x + sw / 2, top + bh / 2 + 4, label, "lbl", "middle")
        seg = _rect(x, top, sw, bh, fill, ' class="seg"')
        parts.append(f'<g class="mark">{tip}{seg}{inner}</g>')
        legend.append((s, fill))
        x += sw
    if line is not None:
        lx = x0 + line * scale
        parts.append(_line(lx, top - 6, lx, top + bh + 6, "refline"))
        parts.append(_text(lx, top - 9, line_label, "reflabel", "middle"))
    # Legend: swatch + label + value, wrapped in rows.
    lx, ly = x0, top + bh + 24
    for s, fill in legend:
        item = f"{s.label} {fmt(s.value)}"
        iw = 18 + len(item) * CHAR + 14
        if lx + iw > WIDTH - 8:
            lx, ly = x0, ly + 18
        parts.append(_rect(lx, ly - 10, 12, 12, fill, ' class="swatch"'))
        parts.append(_text(lx + 16, ly, item, "legend"))
        lx += iw
    return _svg(cid, ly + 10, title, desc, "".join(parts))


def stacked_shares(
    cid: str,
    rows: Sequence[tuple[str, dict[str, float], str]],
    keys: Sequence[str],
    fills: dict[str, tuple[str, str]],
    *,
    title: str,
    desc: str,
    key_labels: dict[str, str] | None = None,
) -> str:
    """100 % stacked horizontal bars, one per row ``(label, {key: share}, note)``.

    Each key has a colour and a pattern (``fills``); segments of 6 % or more carry their
    percentage, every bar's tooltip lists all, and a legend names each key.
    """
    key_labels = key_labels or {}
    lab_w = _label_width([r[0] for r in rows], hi=190)
    note_w = max((len(r[2]) for r in rows), default=0) * CHAR + 10
    plot_w = WIDTH - lab_w - note_w - 8
    row_h, bh, top = 26, 18, 30
    parts = [pattern_defs(cid, fills)]
    # Legend on top.
    lx = lab_w
    for k in keys:
        name = key_labels.get(k, k)
        parts.append(_rect(lx, 6, 14, 14, f"url(#{cid}-{k})", ' class="swatch"'))
        parts.append(_text(lx + 18, 17, name, "legend"))
        lx += 18 + len(name) * CHAR + 16
    for i, (label, shares, note) in enumerate(rows):
        y = top + i * row_h
        total = sum(max(v, 0.0) for v in shares.values()) or 1.0
        tip = f"{label}: " + ", ".join(
            f"{key_labels.get(k, k)} {pct(shares.get(k, 0.0) / total, 1)}" for k in keys
        )
        g = [f"<title>{esc(tip)}</title>"]
        g.append(_text(lab_w - 6, y + bh - 4, _clip(label, round((lab_w - 12) / CHAR)), "", "end"))
        x = lab_w
        for k in keys:
            share = max(shares.get(k, 0.0), 0.0) / total
            sw = share * plot_w
            if sw <= 0:
                continue
            g.append(_rect(x, y, sw, bh, f"url(#{cid}-{k})", ' class="seg"'))
            if share >= 0.06:
                g.append(_text(x + sw / 2, y + bh - 5, pct(share), "lbl", "middle"))
            x += sw
        if note:
            g.append(_text(lab_w + plot_w + 6, y + bh - 4, note, "note"))
        parts.append(f'<g class="mark">{"".join(g)}</g>')
    return _svg(cid, top + row_h * len(rows) + 4, title, desc, "".join(parts))


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
    left, right, top, bottom = 40, 16, 40, 36
    height = 232
    plot_w, plot_h = WIDTH - left - right, height - top - bottom
    lo, hi = (edges[0], edges[-1]) if len(edges) > 1 else (0.0, 1.0)
    ymax = max(_nice_max(1.15 * max(counts, default=1) or 1), 2)  # headroom for the labels

    def x(v: float) -> float:
        return left + plot_w * (v - lo) / ((hi - lo) or 1.0)

    def y(c: float) -> float:
        return top + plot_h * (1 - c / ymax)

    parts = []
    for t in _ticks(ymax, 4):
        if t != int(t):  # counts of runs: whole numbers only
            continue
        parts.append(_line(left, y(t), WIDTH - right, y(t), "grid"))
        parts.append(_text(left - 4, y(t) + 4, f"{t:g}", "tick", "end"))
    for i, c in enumerate(counts):
        x0, x1 = x(edges[i]), x(edges[i + 1])
        tip = f"<title>{esc(fmt(edges[i]))}–{esc(fmt(edges[i + 1]))}: {c} runs</title>"
        bar = _rect(x0 + 1, y(c), x1 - x0 - 2, y(0) - y(c), colour, ' class="bar"')
        lbl = _text((x0 + x1) / 2, y(c) - 3, str(c), "val", "middle") if c else ""
        parts.append(f'<g class="mark">{tip}{bar}{lbl}</g>')
    n_ticks = min(6, len(edges))
    spacing = (hi - lo) / max(n_ticks - 1, 1)
    # Enough decimals (of a percentage) that neighbouring ticks differ.
    digits = 0 if spacing >= 0.01 else 1 if spacing >= 0.001 else 2
    for j in range(n_ticks):
        v = lo + (hi - lo) * j / max(n_ticks - 1, 1)
        label = pct(v, digits) if fmt is pct else fmt(v)
        parts.append(_text(x(v), height - bottom + 16, label, "tick", "middle"))
    for k, (v, label) in enumerate(markers):
        parts.append(_line(x(v), top - 18, x(v), y(0), "refline"))
        parts.append(_text(x(v), top - 22 - 11 * (k % 2), label, "reflabel", "middle"))
    parts.append(_text(left + plot_w / 2, height - 4, "runs by national turnout", "axis", "middle"))
    return _svg(cid, height, title, desc, "".join(parts))


def ranges(
    cid: str,
    rows: Sequence[tuple[str, float, float, float]],
    *,
    title: str,
    desc: str,
    fmt: Callable[[float], str] = pct,
) -> str:
    """One row per ``(label, lo, mid, hi)`` of shares: an interval line, a dot at mid, values."""
    lab_w = _label_width([r[0] for r in rows])
    plot_w = WIDTH - lab_w - 140
    row_h, top = 24, 10
    lo = min((r[1] for r in rows), default=0.0)
    hi = max((r[3] for r in rows), default=1.0)
    pad = (hi - lo) * 0.1 or 0.02
    lo, hi = max(0.0, lo - pad), min(1.5, hi + pad)

    def x(v: float) -> float:
        return lab_w + plot_w * (v - lo) / ((hi - lo) or 1.0)

    height = top + row_h * len(rows) + 24
    parts = []
    step = _nice_max((hi - lo) / 5)
    for j in range(math.ceil(lo / step - 1e-9), math.floor(hi / step + 1e-9) + 1):
        v = j * step
        parts.append(_line(x(v), top, x(v), height - 22, "grid"))
        parts.append(_text(x(v), height - 8, pct(v, 0 if step >= 0.01 else 1), "tick", "middle"))
    for i, (label, a, m, b) in enumerate(rows):
        yy = top + i * row_h + 10
        tip = f"{label}: mean {fmt(m)}, 5–95% {fmt(a)}–{fmt(b)}"
        g = [f"<title>{esc(tip)}</title>"]
        g.append(_text(lab_w - 6, yy + 4, _clip(label, round((lab_w - 12) / CHAR)), "", "end"))
        g.append(_rect(x(a), yy - 2, x(b) - x(a), 4, "#333333", ' class="range" rx="2"'))
        g.append(f'<circle cx="{_f(x(m))}" cy="{_f(yy)}" r="5" class="dotmark"/>')
        g.append(_text(x(b) + 8, yy + 4, f"{fmt(m)} ({fmt(a)}–{fmt(b)})", "val"))
        parts.append(f'<g class="mark">{"".join(g)}</g>')
    return _svg(cid, height, title, desc, "".join(parts))


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
    parts = [_rect(left, top, size, size, "#F4F4F4", ' class="frame"')]
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
            f'<rect x="{_f(left + bx * cell)}" y="{_f(yy)}" width="{_f(cell)}"'
            f' height="{_f(cell)}" fill="{colour}"><title>{esc(tip)}</title></rect>'
        )
    for t in range(0, 101, 20):
        px = left + size * t / 100
        py = top + size - size * t / 100
        parts.append(_text(px, top + size + 14, f"{t}%", "tick", "middle"))
        parts.append(_text(left - 4, py + 4, f"{t}%", "tick", "end"))
    parts.append(_text(left + size / 2, top + size + 30, xlabel, "axis", "middle"))
    parts.append(
        f'<text class="axis" text-anchor="middle" transform="translate(12 {_f(top + size / 2)})'
        f' rotate(-90)">{esc(ylabel)}</text>'
    )
    # Legend: the colour steps with the counts they stand for.
    lx = left + size + 16
    parts.append(_text(lx, top + 10, "stations", "legend"))
    for i in range(len(VIRIDIS)):
        ly = top + 18 + (len(VIRIDIS) - 1 - i) * 20
        parts.append(_rect(lx, ly, 16, 18, VIRIDIS[i], ' class="swatch"'))
        lo_count = _level_floor(i, peak)
        if lo_count is not None:
            parts.append(_text(lx + 22, ly + 13, f"≥{lo_count:,}", "tick"))
    return _svg(cid, top + size + 40, title, desc, "".join(parts), width)


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

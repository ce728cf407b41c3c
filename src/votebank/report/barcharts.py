"""The report's bar charts as inline SVG: bars with intervals, one stacked strip, 100 % shares.

Drawn in Python from the pieces of :mod:`votebank.report.svg`: no chart library, no script.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from votebank.report import svg
from votebank.report.formats import esc, pct, seats_fmt


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
    axis: str = "",
) -> str:
    """Horizontal bars with 5–95 % whiskers, direct value labels and an optional vertical line.

    ``axis`` names what the ticks count ("seats"), under them.

    With ``Bar.second`` set, each row holds two bars: the value (solid, party colour) and the
    second value (hatched, grey), each labelled, and a legend names the two.
    """
    paired = any(b.second is not None for b in bars)
    row_h = 34 if paired else 22
    lab_w = svg.label_width([b.label for b in bars])
    top = 26 if (line is not None or paired) else 8
    plot_w = svg.WIDTH - lab_w - 110
    hi = max([b.hi or b.value for b in bars] + [b.second or 0 for b in bars] + [line or 0, 1e-9])
    xmax = svg.nice_max(hi * 1.02)

    def x(v: float) -> float:
        return lab_w + plot_w * v / xmax

    height = top + row_h * len(bars) + 26
    below = 18 if axis else 0  # the axis title's line, under the ticks
    parts = [svg.pattern_defs(cid, {"second": ("#BBBBBB", "diag")})] if paired else []
    for t in svg.ticks(xmax):
        parts.append(svg.line(x(t), top - 4, x(t), height - 22, "grid"))
        parts.append(svg.text(x(t), height - 8, f"{t:g}", "tick", "middle"))
    if axis:
        parts.append(svg.text(lab_w + plot_w / 2, height + below - 5, axis, "axis", "middle"))
    for i, b in enumerate(bars):
        y = top + i * row_h
        bh = 12 if paired else 14
        g = [f"<title>{esc(b.tip or b.label)}</title>"]
        g.append(svg.row_label(lab_w, y + bh - 2, b.label))
        g.append(svg.rect(lab_w, y + 2, x(b.value) - lab_w, bh, b.colour, ' class="bar"'))
        end = x(b.value)
        if b.lo is not None and b.hi is not None:
            ym = y + 2 + bh / 2
            g.append(svg.line(x(b.lo), ym, x(b.hi), ym, "whisker"))
            g.append(svg.line(x(b.lo), ym - 4, x(b.lo), ym + 4, "whisker"))
            g.append(svg.line(x(b.hi), ym - 4, x(b.hi), ym + 4, "whisker"))
            end = max(end, x(b.hi))
        g.append(svg.text(end + 5, y + bh, b.text or seats_fmt(b.value), "val"))
        if paired:
            y2 = y + 2 + bh + 2
            if b.second is not None:
                fill = f"url(#{cid}-second)"
                g.append(svg.rect(lab_w, y2, x(b.second) - lab_w, bh - 2, fill, ' class="bar2"'))
                g.append(svg.text(x(b.second) + 5, y2 + bh - 3, f"{b.second:g} actual", "val2"))
        parts.append(f'<g class="mark">{"".join(g)}</g>')
    if line is not None:
        parts.append(svg.line(x(line), 14, x(line), height - 22, "refline"))
        parts.append(svg.text(x(line), 11, line_label, "reflabel", "middle"))
    if paired:
        parts.append(svg.rect(lab_w, 4, 14, 9, bars[0].colour if bars else "#777"))
        parts.append(svg.text(lab_w + 18, 12, first_label, "legend"))
        lx = lab_w + 26 + len(first_label) * svg.CHAR
        parts.append(svg.rect(lx, 4, 14, 9, f"url(#{cid}-second)", ' class="bar2"'))
        parts.append(svg.text(lx + 18, 12, second_label, "legend"))
    return svg.chart(cid, height + below, title, desc, "".join(parts))


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
    x0, w, top, bh = 8, svg.WIDTH - 16, 22, 34
    scale = w / total if total > 0 else 0.0
    parts, legend = [], []
    x = x0
    for s in segments:
        sw = s.value * scale
        fill = fills.get(s.key, "#888888")
        tip = f"<title>{esc(s.label)}: {esc(fmt(s.value))}</title>"
        inner = ""
        label = f"{s.label} {fmt(s.value)}"
        if sw >= len(label) * svg.CHAR + 6:
            inner = svg.text(x + sw / 2, top + bh / 2 + 4, label, "lbl", "middle")
        seg = svg.rect(x, top, sw, bh, fill, ' class="seg"')
        parts.append(f'<g class="mark">{tip}{seg}{inner}</g>')
        legend.append((s, fill))
        x += sw
    if line is not None:
        lx = x0 + line * scale
        parts.append(svg.line(lx, top - 6, lx, top + bh + 6, "refline"))
        parts.append(svg.text(lx, top - 9, line_label, "reflabel", "middle"))
    # Legend: swatch + label + value, wrapped in rows.
    lx, ly = x0, top + bh + 24
    for s, fill in legend:
        item = f"{s.label} {fmt(s.value)}"
        iw = 18 + len(item) * svg.CHAR + 14
        if lx + iw > svg.WIDTH - 8:
            lx, ly = x0, ly + 18
        parts.append(svg.rect(lx, ly - 10, 12, 12, fill, ' class="swatch"'))
        parts.append(svg.text(lx + 16, ly, item, "legend"))
        lx += iw
    return svg.chart(cid, ly + 10, title, desc, "".join(parts))


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
    lab_w = svg.label_width([r[0] for r in rows], hi=190)
    note_w = max((len(r[2]) for r in rows), default=0) * svg.CHAR + 10
    plot_w = svg.WIDTH - lab_w - note_w - 8
    row_h, bh, top = 26, 18, 30
    parts = [svg.pattern_defs(cid, fills)]
    # Legend on top.
    lx = lab_w
    for k in keys:
        name = key_labels.get(k, k)
        parts.append(svg.rect(lx, 6, 14, 14, f"url(#{cid}-{k})", ' class="swatch"'))
        parts.append(svg.text(lx + 18, 17, name, "legend"))
        lx += 18 + len(name) * svg.CHAR + 16
    for i, (label, shares, note) in enumerate(rows):
        y = top + i * row_h
        total = sum(max(v, 0.0) for v in shares.values()) or 1.0
        tip = f"{label}: " + ", ".join(
            f"{key_labels.get(k, k)} {pct(shares.get(k, 0.0) / total, 1)}" for k in keys
        )
        g = [f"<title>{esc(tip)}</title>"]
        g.append(svg.row_label(lab_w, y + bh - 4, label))
        x = lab_w
        for k in keys:
            share = max(shares.get(k, 0.0), 0.0) / total
            sw = share * plot_w
            if sw <= 0:
                continue
            g.append(svg.rect(x, y, sw, bh, f"url(#{cid}-{k})", ' class="seg"'))
            if share >= 0.06:
                g.append(svg.text(x + sw / 2, y + bh - 5, pct(share), "lbl", "middle"))
            x += sw
        if note:
            g.append(svg.text(lab_w + plot_w + 6, y + bh - 4, note, "note"))
        parts.append(f'<g class="mark">{"".join(g)}</g>')
    return svg.chart(cid, top + row_h * len(rows) + 4, title, desc, "".join(parts))

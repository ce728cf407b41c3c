"""The SVG pieces the report's charts are built of: the chart element, its marks, axes, patterns.

Every chart is an ``<svg role="img">`` with a ``<title>`` and ``<desc>`` (:func:`chart`), direct
text labels on or beside its marks (never colour alone), and a ``<title>`` tooltip on each mark.
Every text passes through :func:`~votebank.report.formats.esc`. Widths are in SVG user units;
the page CSS scales each chart to its column.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from votebank.report.formats import esc

WIDTH = 720
FONT = 12
CHAR = 6.6  # rough width of one character of a legend (11.5 px), to space its items
# Rough width of one character of a row label (FONT) beside a chart, to size its column: DejaVu
# Sans, the widest of the page's fonts, draws mixed text at 6.7-7.0 units a character and
# party ids near 7.5 (at 6.6, "Khyber Paktunkhwa (NWFP)" was cut at the chart's left edge).
LABEL_CHAR = 7.2


def coord(x: float) -> str:
    """A coordinate as short text: whole numbers bare, others to one decimal."""
    return f"{x:.1f}".rstrip("0").rstrip(".") if x != int(x) else str(int(x))


def clip(label: str, chars: int) -> str:
    """``label`` cut to ``chars`` characters, with an ellipsis when cut."""
    return label if len(label) <= chars else label[: max(1, chars - 1)] + "…"


def chart(cid: str, height: float, title: str, desc: str, body: str, width: int = WIDTH) -> str:
    """The chart element around ``body``: its id, size, accessible title and description."""
    return (
        f'<svg class="chart" id="{esc(cid)}" viewBox="0 0 {width} {coord(height)}"'
        f' width="{width}" height="{coord(height)}" role="img"'
        f' aria-labelledby="{esc(cid)}-t {esc(cid)}-d" preserveAspectRatio="xMinYMin meet">'
        f'<title id="{esc(cid)}-t">{esc(title)}</title><desc id="{esc(cid)}-d">{esc(desc)}</desc>'
        f"{body}</svg>"
    )


def text(x: float, y: float, s: str, cls: str = "", anchor: str = "start") -> str:
    """A ``<text>`` of ``s`` (escaped) at (x, y) with an optional class and anchor."""
    c = f' class="{cls}"' if cls else ""
    a = "" if anchor == "start" else f' text-anchor="{anchor}"'
    return f'<text x="{coord(x)}" y="{coord(y)}"{c}{a}>{esc(s)}</text>'


def rect(x: float, y: float, w: float, h: float, fill: str, extra: str = "") -> str:
    """A ``<rect>`` (negative widths drawn as 0) with its fill and extra attributes."""
    return (
        f'<rect x="{coord(x)}" y="{coord(y)}" width="{coord(max(w, 0))}" height="{coord(h)}"'
        f' fill="{esc(fill)}"{extra}/>'
    )


def line(x1: float, y1: float, x2: float, y2: float, cls: str) -> str:
    """A ``<line>`` from (x1, y1) to (x2, y2), styled by its class."""
    ends = f'x1="{coord(x1)}" y1="{coord(y1)}" x2="{coord(x2)}" y2="{coord(y2)}"'
    return f'<line {ends} class="{cls}"/>'


def nice_max(x: float) -> float:
    """The next 'nice' number (1, 2, 2.5, 5 x 10^k) at or above ``x``."""
    if x <= 0:
        return 1.0
    mag = 10 ** math.floor(math.log10(x))
    for m in (1, 2, 2.5, 5, 10):
        if m * mag >= x - 1e-12:
            return m * mag
    return 10 * mag


def ticks(hi: float, n: int = 5) -> list[float]:
    """Axis ticks from 0 to ``hi`` at a nice step, about ``n`` of them."""
    step = nice_max(hi / n)
    return [i * step for i in range(int(hi / step + 1e-9) + 1)]


def label_width(labels: Sequence[str], lo: int = 40, hi: int = 170) -> float:
    """Width of a column of labels: the longest one's, kept between ``lo`` and ``hi``."""
    longest = max((len(s) for s in labels), default=4)
    return min(hi, max(lo, longest * LABEL_CHAR + 12))


def row_label(label_w: float, y: float, s: str) -> str:
    """A row label right-aligned in a column ``label_w`` wide, cut with an ellipsis to fit."""
    return text(label_w - 6, y, clip(s, round((label_w - 12) / LABEL_CHAR)), "", "end")


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

"""The house as a hemicycle and the seats on a map: inline SVG, one element per seat.

Every seat element carries ``data-seat`` (the constituency id; reserved seats ``women-1``,
``non_muslim-1`` ...) and a ``<title>`` tooltip, so the page's script can open a seat's page on
a click and a reader sees the details on hover. Colour is the party's (from
:mod:`votebank.report.colours`); the ensemble's uncertainty is drawn as the fill's strength
(solid: the seat's usual winner wins it in 90 % of runs or more) and given as text intervals
beside the chart.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from typing import Any

from votebank.report.formats import esc, pct, prob
from votebank.report.layout import DOT, HEX, Layout

SAFE, LEAN = 0.9, 0.6
"""Seats won in at least SAFE of runs are drawn solid, at least LEAN half-strength, else pale."""
NO_ROUTE = "#D9D9D9"
ROUTE_COLOURS = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7")
UNKNOWN = "#BBBBBB"
TIE = "url(#tie)"
"""A seat that parties win equally often: striped, in no party's colour."""
_TIE_PATTERN = (
    '<pattern id="tie" width="4" height="4" patternUnits="userSpaceOnUse"'
    ' patternTransform="rotate(45)"><rect width="4" height="4" fill="#fff"/>'
    '<rect width="2" height="4" fill="#555"/></pattern>'
)


def strength(p: float) -> float:
    """Fill opacity of a seat whose usual winner wins it with probability ``p``."""
    return 1.0 if p >= SAFE else 0.6 if p >= LEAN else 0.3


def mix(colour: str, p: float) -> str:
    """``colour`` blended with white: full colour at p = 1, pale near p = 0.3 or below."""
    t = max(0.15, min(1.0, (p - 0.3) / 0.7)) if p < 1 else 1.0
    rgb = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(255 - (255 - c) * t):02X}" for c in rgb)


def _f(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".")


# -- hemicycle -----------------------------------------------------------------------------

WIDTH, PAD = 720.0, 4.0
"""The hemicycle's drawn width and the margin kept around its marks."""
DOT_SHARE = 0.42
"""Dot radius over the distance to the nearest seat centre: a visible gap between dots."""
MAX_DOT = 0.15
"""Largest dot radius (outer row's radius = 1), so a house of a few seats keeps modest dots."""
SQUARE = 0.8
"""Half-side of a reserved seat's square over the dot radius: its corner reaches 0.8·√2 of the
radius, so two squares that are neighbours on a diagonal still keep apart."""
LINE_GAP = 0.006
"""Room (outer radius = 1, about 2 px) between the majority line and the dots beside it."""
LINE_OVER = 0.025
"""How far the majority line reaches beyond the outer and the inner row."""


def _rows_for(n: int, inner: float = 0.36) -> tuple[list[float], list[int], float]:
    """Radii (outer = 1), seats per row and row spacing for ``n`` seats in a half circle."""
    k = 1
    while True:
        radii = [inner + (1 - inner) * i / (k - 1) for i in range(k)] if k > 1 else [1.0]
        gap = (1 - inner) / (k - 1) if k > 1 else 1.0
        # Seats along a row need room for their dots only, which MAX_DOT keeps small: so a
        # small house fills one arc rather than scattering over rows far apart.
        step = min(gap, MAX_DOT / DOT_SHARE)
        caps = [int(math.pi * r / step) + 1 for r in radii]
        if sum(caps) >= n or k > 60:
            break
        k += 1
    total = sum(radii)
    raw = [n * r / total for r in radii]
    seats = [min(int(x), c) for x, c in zip(raw, caps, strict=True)]
    order = sorted(range(k), key=lambda i: -(raw[i] - int(raw[i])))
    i = 0
    while sum(seats) < n:
        j = order[i % k]
        if seats[j] < caps[j]:
            seats[j] += 1
        i += 1
    return radii, seats, gap


def _halves(seats: list[int]) -> list[tuple[int, int]]:
    """Each row's seats left and right of the middle line.

    Odd rows alternate the side of their extra seat, so the sides differ by one seat at most.
    """
    out, left = [], True
    for m in seats:
        extra = m % 2
        out.append((m // 2 + extra * left, m // 2 + extra * (not left)))
        left ^= bool(extra)
    return out


def _spread(count: int, lo: float, hi: float) -> list[float]:
    """``count`` angles evenly from ``hi`` to ``lo``; a single one in the middle."""
    if count == 1:
        return [(lo + hi) / 2]
    return [hi - (hi - lo) * j / (count - 1) for j in range(count)]


def _row_angles(left: int, right: int, radius: float, clear: float) -> list[float]:
    """A row's seat angles, keeping every centre ``clear`` away from the vertical middle."""
    d = math.asin(min(clear / radius, 1.0))
    return _spread(left, math.pi / 2 + d, math.pi) + _spread(right, 0.0, math.pi / 2 - d)


def _nearest(angles: list[float], radius: float) -> float:
    """Shortest distance between neighbouring seats of one row (infinite for one seat)."""
    a = sorted(angles)
    return min(
        (2 * radius * math.sin((y - x) / 2) for x, y in itertools.pairwise(a)),
        default=math.inf,
    )


def hemicycle_layout(n: int) -> tuple[list[tuple[float, float]], float, tuple[float, float]]:
    """Seat centres left to right (outer radius 1, y up), dot radius, majority line's ends.

    The line is the vertical through x = 0, from y = top down to y = bottom; each row leaves a
    gap in the middle for it. The dot radius is a share of the distance between neighbours
    (the row spacing across rows, the nearest seat within a row), so no two marks overlap
    whatever the number of seats.
    """
    if n == 0:
        return [], 0.0, (0.0, 0.0)
    radii, seats, gap = _rows_for(n)
    first = min(DOT_SHARE * gap, MAX_DOT)
    rows = [
        (rho, _row_angles(left, right, rho, first + LINE_GAP))
        for rho, (left, right) in zip(radii, _halves(seats), strict=True)
    ]
    # Cleared for dots of radius ``first``: smaller dots only widen the gap.
    r = min([first] + [DOT_SHARE * _nearest(angles, rho) for rho, angles in rows])
    polar = sorted(((a, rho) for rho, angles in rows for a in angles), key=lambda t: (-t[0], t[1]))
    centres = [(rho * math.cos(a), rho * math.sin(a)) for a, rho in polar]
    return centres, r, (1 + r + LINE_OVER, min(radii) - r - LINE_OVER)


def largest_remainder(means: dict[str, float], total: int) -> dict[str, int]:
    """Whole seats summing to ``total`` in proportion to mean seats (largest remainder)."""
    base = {k: int(v) for k, v in means.items()}
    left = total - sum(base.values())
    for k in sorted(means, key=lambda k: (-(means[k] - int(means[k])), k))[: max(left, 0)]:
        base[k] += 1
    return base


def _house_items(seats: list[dict[str, Any]], house: dict[str, Any]) -> list[tuple[str, Any, str]]:
    """The marks in order, left to right: (kind, seat dict or reserved kind, party).

    Reserved seats are each party's mean allotment, rounded by largest remainder.
    """
    rows = house["parties"]
    order = [r["party"] for r in sorted(rows, key=lambda r: -r.get("total_mean", 0.0))]
    order += sorted({s.get("winner", "") for s in seats} - set(order))
    alloc = {}
    for kind in ("women", "non_muslim"):
        means = {r["party"]: float(r.get(f"{kind}_mean") or 0.0) for r in rows}
        alloc[kind] = largest_remainder(means, round(sum(means.values())))
    items: list[tuple[str, Any, str]] = []
    for party in order:
        mine = [s for s in seats if s.get("winner", "") == party]
        mine.sort(key=lambda s: (-s.get("p_winner", 0.0), s["id"]))
        items += [("seat", s, party) for s in mine]
        for kind in ("women", "non_muslim"):
            items += [("reserved", kind, party)] * alloc[kind].get(party, 0)
    return items


def hemicycle(
    seats: list[dict[str, Any]],
    house: dict[str, Any],
    colour: Callable[[str], str],
    name: Callable[[str], str],
) -> str:
    """The house, one dot per general seat (its usual winner) and a square per reserved seat.

    The drawing is :data:`WIDTH` wide and as tall as its marks and majority line need.
    """
    items = _house_items(seats, house)
    centres, dot, (top, bottom) = hemicycle_layout(len(items))
    line = bool(house.get("majority"))
    scale = (WIDTH / 2 - PAD) / (1 + dot)  # the outermost seats reach x = ±(1 + dot)
    high = max([y + dot for _, y in centres] + ([top] if line else []), default=0.0)
    low = min([y - dot for _, y in centres] + ([bottom] if line else []), default=0.0)
    cx, cy = WIDTH / 2, PAD + scale * high
    r, half = scale * dot, scale * dot * SQUARE
    counts: dict[str, int] = {}
    marks = []
    for (kind, item, party), (u, v) in zip(items, centres, strict=True):
        x, y = cx + scale * u, cy - scale * v
        if kind == "seat":
            p = float(item.get("p_winner", 0.0))
            fill = colour(party) if party else UNKNOWN
            tip = f"{item['id']} {item['name']}: {party or '–'} wins in {prob(p)} of runs"
            # A paler seat is ringed in its party's full colour: PPPP's black at half strength
            # read as the independents' grey, PML-N's dark green as PML-Q's light green.
            ring = f' color="{esc(fill)}" class="seat ring"' if p < SAFE else ' class="seat"'
            marks.append(
                f'<circle cx="{_f(x)}" cy="{_f(y)}" r="{_f(r)}" fill="{esc(fill)}"'
                f' fill-opacity="{strength(p):g}"{ring} data-seat="{esc(item["id"])}">'
                f"<title>{esc(tip)}</title></circle>"
            )
            continue
        counts[item] = counts.get(item, 0) + 1
        label = "women" if item == "women" else "non-Muslims"
        tip = f"Seat reserved for {label}: {party} ({name(party)}), in proportion to seats won"
        marks.append(
            f'<rect x="{_f(x - half)}" y="{_f(y - half)}" width="{_f(2 * half)}"'
            f' height="{_f(2 * half)}" fill="{esc(colour(party))}" class="seat reserved"'
            f' data-seat="{esc(item)}-{counts[item]}" data-reserved="{esc(item)}">'
            f"<title>{esc(tip)}</title></rect>"
        )
    refline = ""
    if line:
        refline = (
            f'<line x1="{_f(cx)}" y1="{_f(cy - scale * top)}" x2="{_f(cx)}"'
            f' y2="{_f(cy - scale * bottom)}" class="refline"/>'
        )
    n = len(items)
    return (
        f'<svg class="hemicycle" id="hemicycle" viewBox="0 0 {_f(WIDTH)}'
        f' {_f(2 * PAD + scale * (high - low))}" role="img" aria-labelledby="hemicycle-t">'
        f'<title id="hemicycle-t">The house: one mark per seat, {n:,} seat{"" if n == 1 else "s"},'
        f" coloured by party</title>{''.join(marks)}{refline}</svg>"
    )


# -- seat map ------------------------------------------------------------------------------


def _hexagon() -> str:
    pts = []
    for i in range(6):
        a = math.radians(60 * i - 30)
        pts.append(f"{_f(HEX * 0.96 * math.cos(a))},{_f(HEX * 0.96 * math.sin(a))}")
    return "M" + "L".join(pts) + "Z"


def seat_map(
    layout: Layout,
    seats: list[dict[str, Any]],
    colour: Callable[[str], str],
    route_colour: dict[str, str],
) -> str:
    """Every seat on the layout with three fills: by winner, by probability, by deciding route.

    The fill drawn first is the winner's; ``data-fp`` and ``data-fr`` hold the others, which
    the page's script swaps in when the reader picks another colouring.
    """
    marks = []
    for s in seats:
        pos = layout.cells.get(s["id"])
        if pos is None:
            continue
        x, y = pos
        party = s.get("winner", "")
        tied = s.get("tied") or []
        p = float(s.get("p_winner", 0.0))
        base = colour(party) if party else UNKNOWN
        pale = TIE if tied else mix(base, p)
        fills = (
            f' fill="{esc(TIE if tied else base)}" data-fw="{esc(TIE if tied else base)}"'
            f' data-fp="{esc(pale)}"'
            f' data-fr="{esc(route_colour.get(s.get("decided_by", ""), NO_ROUTE))}"'
        )
        wins = "each win" if tied else "wins"
        tip = f"{s['id']} {s['name']} ({s['region']}): {party or '–'} {wins} in {prob(p)} of runs"
        runner = [(q, v) for q, v in (s.get("parties") or {}).items() if q not in (party, *tied)]
        if runner:
            q, v = max(runner, key=lambda t: t[1])
            tip += f", {q} {prob(v)}"
        if s.get("deciding"):
            top = s["deciding"][0]
            se = f" ± {pct(top['se'], 1)}" if top.get("se") is not None else ""
            tip += f"; without {top['mechanism']} the winner changes in {prob(top['p'])}{se}"
        attrs = f'class="seat" data-seat="{esc(s["id"])}"{fills}'
        title = f"<title>{esc(tip)}</title>"
        if layout.kind == "hex":
            marks.append(f'<use href="#hx" x="{_f(x)}" y="{_f(y)}" {attrs}>{title}</use>')
        elif layout.kind == "dots":
            marks.append(
                f'<circle cx="{_f(x)}" cy="{_f(y)}" r="{_f(DOT)}" {attrs}>{title}</circle>'
            )
        else:
            marks.append(
                f'<rect x="{_f(x - DOT)}" y="{_f(y - DOT)}" width="{_f(2 * DOT)}"'
                f' height="{_f(2 * DOT)}" {attrs}>{title}</rect>'
            )
    hexagon = f'<path id="hx" d="{_hexagon()}"/>' if layout.kind == "hex" else ""
    tie = _TIE_PATTERN if any(s.get("tied") for s in seats) else ""
    defs = f"<defs>{hexagon}{tie}</defs>" if hexagon or tie else ""
    return (
        f'<svg class="seatmap {layout.kind}" id="seat-map"'
        f' viewBox="0 0 {_f(layout.width)} {_f(layout.height)}" role="img"'
        ' aria-labelledby="seat-map-t"><title id="seat-map-t">Map of the seats, one mark per'
        f" constituency</title>{defs}{''.join(marks)}</svg>"
    )

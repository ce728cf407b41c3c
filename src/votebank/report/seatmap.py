"""The house as a hemicycle and the seats on a map: inline SVG, one element per seat.

Every seat element carries ``data-seat`` (the constituency id; reserved seats ``women-1``,
``non_muslim-1`` ...) and a ``<title>`` tooltip, so the page's script can open a seat's page on
a click and a reader sees the details on hover. Colour is the party's (from
:mod:`votebank.report.colours`); the ensemble's uncertainty is drawn as the fill's strength
(solid: the seat's usual winner wins it in 90 % of runs or more) and given as text intervals
beside the chart.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from votebank.report.charts import esc, pct
from votebank.report.layout import DOT, HEX, Layout

SAFE, LEAN = 0.9, 0.6
"""Seats won in at least SAFE of runs are drawn solid, at least LEAN half-strength, else pale."""
NO_ROUTE = "#D9D9D9"
ROUTE_COLOURS = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7")
UNKNOWN = "#BBBBBB"


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


def _rows_for(n: int, inner: float = 0.36) -> tuple[list[float], list[int], float]:
    """Radii (outer = 1), seats per row and row spacing for ``n`` seats in a half circle."""
    k = 1
    while True:
        radii = [inner + (1 - inner) * i / (k - 1) for i in range(k)] if k > 1 else [1.0]
        gap = (1 - inner) / (k - 1) if k > 1 else 1.0
        caps = [int(math.pi * r / gap) + 1 for r in radii]
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


def hemicycle_positions(n: int, radius: float, cx: float, cy: float) -> tuple[list, float]:
    """Seat centres ordered left to right (by angle), and the dot radius."""
    if n == 0:
        return [], 0.0
    radii, seats, gap = _rows_for(n)
    pts = []
    for r, m in zip(radii, seats, strict=True):
        for j in range(m):
            a = math.pi * (1 - j / (m - 1)) if m > 1 else math.pi / 2
            pts.append((a, r, cx + radius * r * math.cos(a), cy - radius * r * math.sin(a)))
    pts.sort(key=lambda t: (-round(t[0], 9), t[1]))
    return [(x, y) for _, _, x, y in pts], radius * gap * 0.42


def largest_remainder(means: dict[str, float], total: int) -> dict[str, int]:
    """Whole seats summing to ``total`` in proportion to mean seats (largest remainder)."""
    base = {k: int(v) for k, v in means.items()}
    left = total - sum(base.values())
    for k in sorted(means, key=lambda k: (-(means[k] - int(means[k])), k))[: max(left, 0)]:
        base[k] += 1
    return base


def hemicycle(
    seats: list[dict[str, Any]],
    house: dict[str, Any],
    colour: Callable[[str], str],
    name: Callable[[str], str],
) -> str:
    """The house, one dot per general seat (its usual winner) and a square per reserved seat.

    Reserved seats are drawn as their mean allotment per party, rounded by largest remainder.
    """
    rows = house["parties"]
    order = [r["party"] for r in sorted(rows, key=lambda r: -r.get("total_mean", 0.0))]
    order += sorted({s.get("winner", "") for s in seats} - set(order))
    alloc = {}
    for kind in ("women", "non_muslim"):
        means = {r["party"]: float(r.get(f"{kind}_mean") or 0.0) for r in rows}
        alloc[kind] = largest_remainder(means, round(sum(means.values())))
    items: list[tuple[str, Any, str]] = []  # (kind, seat dict or reserved kind, party)
    for party in order:
        mine = [s for s in seats if s.get("winner", "") == party]
        mine.sort(key=lambda s: (-s.get("p_winner", 0.0), s["id"]))
        items += [("seat", s, party) for s in mine]
        for kind in ("women", "non_muslim"):
            items += [("reserved", kind, party)] * alloc[kind].get(party, 0)
    width, cx, cy, radius = 720.0, 360.0, 350.0, 340.0
    pts, r = hemicycle_positions(len(items), radius, cx, cy)
    counts: dict[str, int] = {}
    marks = []
    for (kind, item, party), (x, y) in zip(items, pts, strict=True):
        if kind == "seat":
            p = float(item.get("p_winner", 0.0))
            fill = colour(party) if party else UNKNOWN
            tip = f"{item['id']} {item['name']}: {party or '–'} wins in {pct(p)} of runs"
            marks.append(
                f'<circle cx="{_f(x)}" cy="{_f(y)}" r="{_f(r)}" fill="{esc(fill)}"'
                f' fill-opacity="{strength(p):g}" class="seat" data-seat="{esc(item["id"])}">'
                f"<title>{esc(tip)}</title></circle>"
            )
            continue
        counts[item] = counts.get(item, 0) + 1
        label = "women" if item == "women" else "non-Muslims"
        tip = f"Seat reserved for {label}: {party} ({name(party)}), in proportion to seats won"
        marks.append(
            f'<rect x="{_f(x - r)}" y="{_f(y - r)}" width="{_f(2 * r)}" height="{_f(2 * r)}"'
            f' fill="{esc(colour(party))}" class="seat reserved"'
            f' data-seat="{esc(item)}-{counts[item]}" data-reserved="{esc(item)}">'
            f"<title>{esc(tip)}</title></rect>"
        )
    line = ""
    if house.get("majority"):
        line = (
            f'<line x1="{_f(cx)}" y1="{_f(cy - radius - 8)}" x2="{_f(cx)}"'
            f' y2="{_f(cy - radius * 0.3)}" class="refline"/>'
        )
    return (
        f'<svg class="hemicycle" id="hemicycle" viewBox="0 0 {_f(width)} {_f(cy + r + 4)}"'
        ' role="img" aria-labelledby="hemicycle-t"><title id="hemicycle-t">The house: one mark'
        f" per seat, {len(items):,} seats, coloured by party</title>{''.join(marks)}{line}</svg>"
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
        p = float(s.get("p_winner", 0.0))
        base = colour(party) if party else UNKNOWN
        route = s.get("decided_by", "")
        fills = (
            f' fill="{esc(base)}" data-fw="{esc(base)}" data-fp="{esc(mix(base, p))}"'
            f' data-fr="{esc(route_colour.get(route, NO_ROUTE))}"'
        )
        tip = f"{s['id']} {s['name']} ({s['region']}): {party or '–'} wins in {pct(p)} of runs"
        runner = [(q, v) for q, v in (s.get("parties") or {}).items() if q != party]
        if runner:
            q, v = max(runner, key=lambda t: t[1])
            tip += f", {q} {pct(v)}"
        if s.get("deciding"):
            top = s["deciding"][0]
            se = f" ± {pct(top['se'])}" if top.get("se") is not None else ""
            tip += f"; without {top['mechanism']} the winner changes in {pct(top['p'])}{se}"
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
    defs = f'<defs><path id="hx" d="{_hexagon()}"/></defs>' if layout.kind == "hex" else ""
    return (
        f'<svg class="seatmap {layout.kind}" id="seat-map"'
        f' viewBox="0 0 {_f(layout.width)} {_f(layout.height)}" role="img"'
        ' aria-labelledby="seat-map-t"><title id="seat-map-t">Map of the seats, one mark per'
        f" constituency</title>{defs}{''.join(marks)}</svg>"
    )

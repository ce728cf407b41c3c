"""The report's seat-level parts: the hemicycle, the seat map, the deciding routes, the seat page.

Each function returns ready HTML (every user text escaped) or '' when it has nothing to show,
so a section appears only when it has content. The seat page itself is one ``<dialog>`` that
the page's script fills from the embedded report data when a seat is clicked.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from votebank.display import natural_key, plural, runs_text
from votebank.report.formats import esc, pct, prob, seats_range
from votebank.report.layout import seat_layout
from votebank.report.seatmap import (
    LEAN,
    NO_ROUTE,
    ROUTE_COLOURS,
    SAFE,
    hemicycle,
    mix,
    seat_map,
)
from votebank.results.deciding import DECIDES, MAY_DECIDE

MIN_MAP_SEATS = 10
"""Scenarios with fewer seats get no map (the constituency table says it all)."""


def route_colours(data: dict) -> dict[str, str]:
    """Mechanism -> colour of the 'deciding route' map colouring."""
    mechs = (data.get("deciding") or {}).get("mechanisms", [])
    return {m: ROUTE_COLOURS[i % len(ROUTE_COLOURS)] for i, m in enumerate(mechs)}


def css(data: dict) -> str:
    """Swatch classes of the map's route legend."""
    return (
        "".join(f".rc-{i}{{background:{c}}}" for i, c in enumerate(route_colours(data).values()))
        + f".rc-none{{background:{NO_ROUTE}}}"
    )


KEY_GREY = "#333333"
SHADE_STEPS = ((0.3, "30% or less"), (0.5, "50%"), (0.7, "70%"), (0.9, "90%"), (1.0, "100%"))
"""Where the probability map's key shows the shade of a seat's usual winner."""


def _swatch(cls: str) -> str:
    return f'<span class="sw {cls}" aria-hidden="true"></span>'


def _shade_key() -> str:
    """The probability map's key: the shades :func:`mix` gives, drawn by the same rule.

    SVG fills, not styles: the page's Content-Security-Policy admits no inline style.
    """
    steps = "".join(
        f'<li><svg class="shade" viewBox="0 0 10 10" aria-hidden="true"><rect width="10"'
        f' height="10" fill="{mix(KEY_GREY, p)}"/></svg> {label}</li>'
        for p, label in SHADE_STEPS
    )
    return f"<li>Runs won by the usual winner, in its colour (grey here):</li>{steps}"


def tie_tag(label: str) -> str:
    """Parties a seat's runs split evenly (``"Con / Lab"``) marked as the map draws them."""
    return f'<span class="party">{_swatch("tie")}{esc(label)}</span>'


def house_figure(data: dict, colour: Callable[[str], str], name: Callable[[str], str], tag) -> str:
    """The hemicycle with its legend of mean seats and 5-95 % intervals per party."""
    seats = data["constituencies"]
    if not seats:
        return ""
    h = data["house"]
    svg = hemicycle(seats, h, colour, name)
    items = "".join(
        f"<li>{tag(r['party'])} {esc(seats_range(r['total_mean'], r['total_q05'], r['total_q95']))}"
        "</li>"
        for r in sorted(h["parties"], key=lambda r: -r.get("total_mean", 0.0))
        if r.get("total_mean", 0.0) > 0
    )
    runs = data["ensemble"]["runs"]
    # A UK report explained squares for reserved seats that a Westminster house does not have.
    squares = (
        "Squares are reserved seats, allotted in proportion to seats won (their mean allotment, "
        "rounded). "
        if h["size"] != h["general_size"]
        else ""
    )
    return (
        f'<figure class="house-fig">{svg}<ul class="keys">{items}</ul><figcaption>'
        "One dot per constituency, in the colour of the party that wins it most often over "
        f"{runs_text(runs)}: solid where it wins in {pct(SAFE)} of runs or more, "
        f"half-strength from {pct(LEAN)}, pale below (a toss-up), these two ringed in the "
        f"party's full colour. {squares}Beside "
        "each party: mean seats in the whole house and the 5–95% interval across runs. The "
        "dashed line marks the middle of the house.</figcaption></figure>"
    )


def map_section(data: dict, colour: Callable[[str], str], tag, lead: str | None = None) -> str:
    """The seat map with its colourings and legends, or '' for a scenario of a few seats.

    ``lead`` (ready HTML) replaces the paragraph above the map.
    """
    seats = data["constituencies"]
    if len(seats) < MIN_MAP_SEATS:
        return ""
    # By region, then as the constituency table orders ids: NA-2 before NA-10.
    ordered = sorted(seats, key=lambda s: (s["region"], natural_key(s["id"])))
    layout = seat_layout([s["id"] for s in ordered])
    routes = route_colours(data)
    svg = seat_map(layout, seats, colour, routes)
    modes = [("fw", "Winner"), ("fp", "Probability")]
    if data.get("deciding"):
        modes.append(("fr", "Deciding route"))
    buttons = "".join(
        f'<button type="button" class="mode" data-mode="{m}"'
        f' aria-pressed="{"true" if i == 0 else "false"}">{esc(label)}</button>'
        for i, (m, label) in enumerate(modes)
    )
    wins: dict[str, int] = {}
    ties = {s["winner"] for s in seats if s.get("tied")}
    for s in seats:
        wins[s.get("winner", "")] = wins.get(s.get("winner", ""), 0) + 1
    winner_keys = "".join(
        f"<li>{tie_tag(f'{p} (tied)')} {n:,}</li>" if p in ties else f"<li>{tag(p)} {n:,}</li>"
        for p, n in sorted(wins.items(), key=lambda t: -t[1])
        if p
    )
    legends = [
        f'<ul class="keys legend">{winner_keys}</ul>',
        f'<ul class="keys legend" data-legend="fp" hidden>{_shade_key()}</ul>',
    ]
    if data.get("deciding"):
        # The seats in each colour: a seat two mechanisms decide takes the stronger one's
        # only, so these are not the "decides" counts of the section below.
        marks: dict[str, int] = {}
        for s in seats:
            marks[s.get("decided_by", "")] = marks.get(s.get("decided_by", ""), 0) + 1
        keys = "".join(
            f"<li>{_swatch(f'rc-{i}')} {esc(m)} ({marks.get(m, 0):,})</li>"
            for i, m in enumerate(routes)
        )
        legends.append(
            f'<ul class="keys legend" data-legend="fr" hidden>{keys}'
            f"<li>{_swatch('rc-none')} no single mechanism decides ({marks.get('', 0):,})</li>"
            "</ul>"
        )
    credit = f" Layout: {esc(layout.credit)}." if layout.credit else ""
    if layout.kind == "grid":
        credit = " No map layout knows these seats: they are shown in a grid, by region."
    elif layout.placed < len(seats):
        lacks = len(seats) - layout.placed
        are = "is" if lacks == 1 else "are"
        credit += f" {plural(lacks, 'seat')} the layout lacks {are} in a grid below."
    note = (
        ""
        if data.get("deciding")
        else " Run <code>votebank explain --all</code> to add each seat's deciding routes."
    )
    route_note = (
        f" Deciding route: the mechanism whose removal changes the winner in at least "
        f"{pct(DECIDES)} of paired runs (the most often, where several do; the legend counts "
        "the seats in each colour)."
        if data.get("deciding")
        else ""
    )
    shape = {"hex": "hexagon", "dots": "dot", "grid": "square"}[layout.kind]
    if lead is None:
        lead = (
            f"One {shape} per constituency. Hover for details, click (or use the table's seat "
            f"buttons) to open a seat's page.{note}"
        )
    return (
        '<section id="map" aria-labelledby="map-h"><h2 id="map-h">Seat map</h2>'
        f'<p class="lead">{lead}</p>'
        f'<div class="controls modes" role="group" aria-label="Colour the seats by">'
        f"<span>Colour by</span>{buttons}</div>"
        f'<figure class="mapfig">{svg}{"".join(legends)}<figcaption>'
        "Winner: the party that wins the seat most often; the number beside a party counts "
        "those seats, each whole (one won in 60% of runs counts as one), so it is not the "
        "party's mean seats. Probability: the same colour, paler "
        f"where the seat is less certain.{route_note}{credit}</figcaption></figure>"
        "</section>"
    )


def deciding_section(data: dict, tag) -> str:
    """Per mechanism: seats it decides; then the seats most often decided. '' when not run."""
    d = data.get("deciding")
    if not d:
        return ""
    rows = [(s, r) for s in data["constituencies"] for r in s.get("deciding", []) if r["p"] > 0]
    per = []
    for m in d["mechanisms"]:
        ps = [r["p"] for s in data["constituencies"] for r in s.get("deciding", [])
              if r["mechanism"] == m]  # fmt: skip
        ses = [r["se"] or 0.0 for s in data["constituencies"] for r in s.get("deciding", [])
               if r["mechanism"] == m]  # fmt: skip
        per.append(
            (
                -sum(ps),
                m,
                f"<tr><td>{esc(m)}</td><td>{sum(p >= DECIDES for p in ps):,}</td>"
                f"<td>{sum(p >= MAY_DECIDE for p in ps):,}</td><td>{sum(ps):.1f} ± "
                f"{sum(x * x for x in ses) ** 0.5:.1f}</td></tr>",
            )
        )
    # Most winners changed first, as `votebank summary` and `explain --all` list them.
    per = [row for *_, row in sorted(per)]
    top = sorted(rows, key=lambda t: (-t[1]["p"], t[0]["id"], t[1]["mechanism"]))[:20]
    seats = "".join(
        f'<tr><td><button type="button" class="seat-link" data-open="{esc(s["id"])}">'
        f"{esc(s['id'])}</button></td><td>{esc(s['name'])}</td><td>{esc(r['mechanism'])}</td>"
        f"<td>{esc(prob(r['p']))}"
        + (f" ± {esc(pct(r['se'], 1))}" if r.get("se") is not None else "")
        + f"</td><td>{tag(r.get('with') or s.get('winner', ''))} → {tag(r['without'])}</td></tr>"
        for s, r in top
    )
    head = (
        "<thead><tr><th scope='col'>Switched off</th><th scope='col'>Decides</th>"
        "<th scope='col'>May decide</th><th scope='col'>Winners changed ± s.e.</th></tr></thead>"
    )
    table2 = ""
    if seats:
        table2 = (
            '<div class="scroll"><table class="num-table"><caption>The seats most often '
            "decided by one mechanism</caption><thead><tr><th scope='col'>Seat</th>"
            "<th scope='col'>Name</th><th scope='col'>Switched off</th>"
            "<th scope='col'>P(winner changes)</th><th scope='col'>Usual winner with → without"
            f"</th></tr></thead><tbody>{seats}</tbody></table></div>"
        )
    return (
        '<section id="deciding" aria-labelledby="deciding-h"><h2 id="deciding-h">'
        'What decides the seats</h2><p class="lead">Paired runs with one mechanism switched '
        f"off at a time ({d['runs']:,} runs each, the ensemble's own seeds): a mechanism "
        f"decides a seat where its removal changes the winner in {pct(DECIDES)} of runs or "
        f"more, and may decide it from {pct(MAY_DECIDE)}. Winners changed: the expected "
        "number of seats whose winner changes. Usual winner: the party that wins most of those "
        "paired runs, with the mechanism and without it.</p>"
        f'<div class="scroll"><table class="num-table narrow">{head}<tbody>{"".join(per)}'
        f"</tbody></table></div>{table2}</section>"
    )


def seat_dialog() -> str:
    """The one seat page, filled by the page's script from the report data."""
    return (
        '<dialog id="seat-page" class="seat-page" aria-labelledby="seat-page-h">'
        '<div class="sp-head"><h2 id="seat-page-h">Seat</h2>'
        '<button type="button" class="close" id="seat-page-close">Close</button></div>'
        '<div id="seat-page-body"></div></dialog>'
    )


def seat_button(seat_id: str) -> str:
    """The constituency table's seat cell: a button that opens the seat's page."""
    return (
        f'<button type="button" class="seat-link" data-open="{esc(seat_id)}">'
        f"{esc(seat_id)}</button>"
    )


def extra_data(data: dict[str, Any], route_labels: dict[str, str]) -> dict[str, Any]:
    """What the seat page's script needs beyond the report data: labels and colours."""
    return {"route_labels": route_labels, "route_colours": route_colours(data)}

"""A small self-contained page with the seat map: what ``votebank seats`` writes.

Same rules as the report (:mod:`votebank.report.render`): inline CSS and script admitted by
their hashes, no network request, every name escaped; the seats table, the map (by winner or
by probability) and the seats most likely to change hands.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from votebank.display import runs_text, seats_interval
from votebank.outputs import write_text
from votebank.report.colours import party_colours
from votebank.report.formats import esc, prob
from votebank.report.inline import asset, csp_hash
from votebank.report.parties import Parties
from votebank.report.seatsections import map_section, tie_tag


def calculator_page(
    title: str,
    seats: pd.DataFrame,
    changes: pd.DataFrame,
    seat_rows: list[dict[str, Any]],
    names: dict[str, str],
    scenario_colours: dict[str, str | None],
    show: int = 15,
    *,
    runs: int = 0,
    seed: int | None = None,
    notes: list[str] | None = None,
) -> str:
    """The page: seats by party (mean, 5-95 %), the map, the seats likeliest to change hands.

    Args:
        title: The page's heading (e.g. the shares typed).
        seats: ``party, seats, q05, q95, p_most`` (from ``seat_calculator``).
        changes: ``seat, held_by, likely_winner, p_change``.
        seat_rows: One dict per seat: ``id, name, region, winner, p_winner, parties``.
        names: Party id -> full name.
        scenario_colours: Party id -> the scenario's colour (or None).
        show: Seats changing hands to list.
        runs: The ensemble's runs, said under the heading with what a range means (0: not said).
        seed: The ensemble's seed, said beside its runs.
        notes: What the terminal notes under the tables (shares acting as others), said here.
    """
    colours = party_colours([(pid, scenario_colours.get(pid)) for pid in names])
    info = {
        pid: {"name": names.get(pid, pid), "colour": colour}
        for pid, colour in zip(names, colours, strict=True)
    }
    parties = Parties(info)
    seat_table = "".join(
        f"<tr><td>{parties.tag(r.party)}</td><td>{r.seats:.1f}</td>"
        f"<td>{seats_interval(r.q05, r.q95)}</td><td>{esc(prob(r.p_most))}</td></tr>"
        for r in seats.itertuples(index=False)
    )
    ties = {r["winner"] for r in seat_rows if r.get("tied")}  # as the map's legend marks them
    moved = "".join(
        f"<tr><td>{esc(r.seat)}</td><td>{parties.tag(r.held_by)}</td>"
        f"<td>{tie_tag(w) if (w := r.likely_winner) in ties else parties.tag(w)}</td>"
        f"<td>{esc(prob(r.p_change))}</td></tr>"
        for r in changes.head(show).itertuples(index=False)
    )
    lead = "One mark per constituency, coloured by its likeliest winner. Hover for details."
    said = "".join(f'<p class="lead"><strong>Note:</strong> {esc(n)}.</p>' for n in notes or ())
    body = (
        f'<header class="masthead"><p class="kicker">votebank seat calculator</p>'
        f"<h1>{esc(title)}</h1>{_caveat(runs, seed)}{said}</header><main>"
        '<section id="seats"><h2>Seats by party</h2><div class="scroll"><table class="num-table'
        ' narrow"><thead><tr><th scope="col">Party</th><th scope="col">Seats</th>'
        '<th scope="col">5–95%</th><th scope="col">P(most seats)</th></tr></thead>'
        f"<tbody>{seat_table}</tbody></table></div></section>"
        + map_section({"constituencies": seat_rows}, parties.colour, parties.tag, lead)
        + (
            '<section id="changes"><h2>Seats most likely to change hands</h2><div class="scroll">'
            '<table class="num-table"><thead><tr><th scope="col">Seat</th><th scope="col">'
            'Held by</th><th scope="col">Likely winner</th><th scope="col">P(changes hands)'
            f"</th></tr></thead><tbody>{moved}</tbody></table></div></section>"
            if moved
            else ""
        )
        + "</main>"
    )
    css = asset("report.css") + parties.css()
    js = asset("report.js")
    csp = (
        f"default-src 'none'; style-src {csp_hash(css)}; script-src {csp_hash(js)}; "
        "base-uri 'none'; form-action 'none'"
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{esc(csp)}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)} · votebank</title><style>{css}</style></head><body>{body}"
        f"<script>{js}</script></body></html>\n"
    )


def _caveat(runs: int, seed: int | None) -> str:
    """What the page's numbers are, as the report says it: runs, seed, a range, a probability."""
    if not runs:
        return ""
    seeded = f" (seed {seed})" if seed is not None else ""
    return (
        f'<p class="caveat" role="note"><strong>Simulated:</strong> every figure below comes '
        f"from {runs_text(runs)}{seeded} of the scenario's model at these shares, not from "
        "counted votes; a 5–95% range is the middle 90% of those runs, not a margin of error. "
        "P(most seats) is the share of runs in which the party wins the most seats (a tie "
        "shared); "
        "P(changes hands), the share in which the seat's winner is not the party holding it."
        "</p>"
    )


def write_page(text: str, path: str | Path) -> Path:
    """Write a page atomically (as :func:`votebank.report.render.write_report` does)."""
    return write_text(text, Path(path))

"""The report's "Winners by background" section: sourced backgrounds apart from drawn ones."""

from __future__ import annotations

from votebank.display import plural, seats_interval
from votebank.report.formats import esc
from votebank.results.backgrounds import (
    background_rows,
    background_summary,
    without_backgrounds,
)
from votebank.results.store import ResultsStore


def backgrounds_data(store: ResultsStore, eid: str, synthetic: bool) -> dict:
    """The section's data: one row per background and source kind, with the seats covered.

    ``synthetic``: the scenario lists ``background`` in ``[scenario] synthetic``. No rows (no
    section) when no winner has a background: a table of "none" would say nothing.
    """
    df = background_summary(store, eid)
    rows = [] if without_backgrounds(df) else background_rows(df, synthetic)
    sourced = sum(r["seats_mean"] for r in rows if r["source"] == "sourced")
    return {
        "rows": rows,
        "seats_sourced": sourced,
        "seats": sum(r["seats_mean"] for r in rows),
        "unsourced_are": "synthetic draw" if synthetic else "unsourced",
    }


def backgrounds_section(data: dict) -> str:
    """The section's HTML ('' without rows); every row says whether it is sourced."""
    bg = data.get("backgrounds") or {}
    rows = bg.get("rows") or []
    if not rows:
        return ""
    head = ["Background", "Source", "Seats (mean)", "5–95%"]
    body = "".join(
        "<tr>"
        + "".join(
            f"<td>{v}</td>"
            for v in (
                esc(r["background"].replace("_", " ")),
                esc(r["source"]),
                f"{r['seats_mean']:,.1f}",
                seats_interval(r["q05"], r["q95"]),
            )
        )
        + "</tr>"
        for r in rows
    )
    th = "".join(f'<th scope="col">{h}</th>' for h in head)
    table = (
        f'<div class="scroll"><table><thead><tr>{th}</tr></thead>'
        f"<tbody>{body}</tbody></table></div>"
    )
    other = bg.get("unsourced_are", "unsourced")
    if other == "synthetic draw":
        other = "synthetic draws"
        why = "random draws of the scenario's builder, not the candidates' real backgrounds"
    else:
        why = "labels given without a source"
    seats = plural(round(bg.get("seats", 0)), "seat")
    lead = (
        f"Seats won by candidates of each background. Sourced backgrounds (from public sources, "
        f"the candidate table's <code>background_source</code>) cover "
        f"{bg.get('seats_sourced', 0):,.1f} of {seats}; the rest are "
        f"{esc(other)}: {esc(why)}. The two kinds are never added up."
    )
    return (
        '<section id="backgrounds" aria-labelledby="backgrounds-h">'
        '<h2 id="backgrounds-h">Winners by background</h2>'
        f'<p class="lead">{lead}</p>{table}</section>'
    )

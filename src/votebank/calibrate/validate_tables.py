"""A validation's terminal tables: seats by party, the scores, the worst-missed favourites."""

from __future__ import annotations

from typing import Any

import numpy as np
from rich.text import Text

from votebank.display import DataTable as Table
from votebank.display import bound_note, probability, runs_text

STATS = ("turnout", "winner_share", "margin", "enp")
"""The seat statistics whose distributions a validation compares (KS distances)."""
# Why a KS row has no value: no seat compared gives the real figure (the notes name those left out).
_MISSING = (
    "no seat compared has its real shares on the scenario's candidates (see the notes)",
    "no seat compared has a real roll and ballots cast (turnout unknown)",
)


def validation_tables(v: Any, show: int = 15) -> list[Table]:
    """Rich tables: seats by party, the scores, and the worst-missed favourites.

    ``v`` is a :class:`~votebank.calibrate.validate.Validation` (which imports this module).
    """
    head = f"{v.scenario} against {v.target} ({runs_text(v.runs)}, seed {v.seed})"
    seats = Table(title=f"Seats by party: {head}", title_justify="left")
    for col in ("party", "actual", "mean", "5%", "95%", "inside"):
        seats.add_column(col, justify="left" if col == "party" else "right")
    for r in v.seats.itertuples(index=False):
        seats.add_row(
            r.party,
            str(int(r.actual)),
            f"{r.mean:.1f}",
            f"{r.p05:g}",
            f"{r.p95:g}",
            "yes" if r.inside else Text("no", style="red"),
        )
    seats.caption = (
        f"{v.seats_compared} constituenc{'y' if v.seats_compared == 1 else 'ies'}; "
        f"seats wrong (sum |mean - actual| / 2): {v.seats_wrong:.1f}"
    )
    scores = Table(title="Scores", title_justify="left")
    for col in ("measure", "value", "note"):
        scores.add_column(col)
    scores.add_row(
        "winners wrong",
        f"{v.winners_wrong} of {v.seats_compared}",
        "real winner not the simulated favourite",
    )
    scores.add_row(
        "Brier score",
        f"{v.brier:.3f}",
        f"the forecast expects {v.brier_expected:.3f} of itself (0 best, 2 worst)",
    )
    for stat in STATS:
        m = v.means.get(stat)
        if m is None:
            scores.add_row(f"KS {stat.replace('_', ' ')}", "-", _MISSING[stat == "turnout"])
            continue
        scores.add_row(
            f"KS {stat.replace('_', ' ')}",
            f"{v.ks[stat]:.3f}",
            f"mean real {m['real']:.3f}, simulated {m['simulated']:.3f}",
        )
    if "independent_share" in v.ks:
        m = v.means.get("independent_share", {})
        scores.add_row(
            "KS independents' share",
            f"{v.ks['independent_share']:.3f}",
            f"seats where an independent stands; mean real {m['real']:.3f}"
            f", simulated {m['simulated']:.3f}",
        )
    if v.won_over_60:
        scores.add_row(
            "seats won with >60%",
            f"{v.won_over_60['simulated']:.1%}",
            f"real {v.won_over_60['real']:.1%}",
        )
    if np.isfinite(v.stations_over_roll):
        scores.add_row(
            "stations over 100%",
            f"{v.stations_over_roll:.2%}",
            over_roll_note(v.stations_over_roll, v.observed_over_roll),
        )
    for route, r in v.route_shares.items():
        scores.add_row(
            f"votes by route: {route}",
            f"{r['mean']:.1%}",
            f"5-95% over runs {r['p05']:.1%}-{r['p95']:.1%}",
        )
    wrong = Table(title="Seats whose winner was not the favourite", title_justify="left")
    for col in ("constituency", "actual", "favourite", "P(favourite)", "P(actual)"):
        wrong.add_column(col, justify="right" if col.startswith("P") else "left")
    for r in v.wrong_favourites.head(show).itertuples(index=False):
        wrong.add_row(
            r.constituency_id,
            r.actual_winner,
            r.favourite,
            probability(r.p_favourite),  # 399 of 400 runs read "100%": never rounded to sure
            probability(r.p_actual),
        )
    shown = v.wrong_favourites.head(show)
    notes = [bound_note([*shown["p_favourite"], *shown["p_actual"]], v.runs)]
    if v.winners_wrong > show:
        notes.insert(0, f"{show} of {v.winners_wrong} shown, surest favourites first")
    wrong.caption = "; ".join(filter(None, notes)) or None
    # Every favourite won: a table of headers alone would read as rows lost.
    return [seats, scores, wrong] if v.winners_wrong else [seats, scores]


def over_roll_note(simulated: float, observed: float | None) -> str:
    """What the simulated share of stations over the roll is set beside: only a figure given.

    Results files hold no station counts; an observers' count (FAFEN's about 2% of Pakistan's
    stations in 2008) belongs to its own election, so it is shown only when given.
    """
    if observed is not None:
        return f"observed {observed:.2%} (given: --over-roll)"
    if simulated > 0:
        return "turnout above the roll; --over-roll sets an observed share beside it"
    return "no simulated station reports more ballots than voters"

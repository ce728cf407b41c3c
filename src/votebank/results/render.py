"""Terminal tables of an ensemble's summaries, readable at 80 columns.

Each table drops its least important columns when the terminal is narrow (the caption says
which). An ensemble of one run has no spread: its tables show the run's numbers, without the
standard errors, intervals and probabilities that would read as certainties.
"""

from __future__ import annotations

import pandas as pd

from votebank.core.labels import ROUTE_INFO
from votebank.display import (
    AFTER_JOINS,
    bound_note,
    plural,
    probability,
    runs_text,
    seats_interval,
)
from votebank.display import DataTable as Table
from votebank.results.backgrounds import sourced_share
from votebank.results.frames import ROUTES
from votebank.results.summary import ALL_PARTIES, NATIONAL, EnsembleSummary
from votebank.terminal import Column, fitted_table


def _pct(x: float) -> str:
    return "–" if pd.isna(x) else f"{x:.1%}"


def _prob(x: float) -> str:
    return "–" if pd.isna(x) else probability(x)


def _se_pct(x: float) -> str:
    return "–" if pd.isna(x) else f"{x:.2%}"


def _num(x: float, digits: int = 1) -> str:
    return "–" if pd.isna(x) else f"{x:,.{digits}f}"


def _frame(summary: EnsembleSummary | pd.DataFrame, field: str) -> pd.DataFrame:
    return summary if isinstance(summary, pd.DataFrame) else getattr(summary, field)


def _runs(summary: EnsembleSummary | pd.DataFrame, frame: pd.DataFrame) -> int:
    if isinstance(summary, EnsembleSummary):
        return summary.runs
    return int(frame["runs"].max()) if "runs" in frame and len(frame) else 2


def _runs_caption(summary: EnsembleSummary | pd.DataFrame) -> str | None:
    if isinstance(summary, EnsembleSummary):
        return f"{runs_text(summary.runs)}, ensemble {summary.ensemble_id}"
    return None


def render_seats(
    summary: EnsembleSummary | pd.DataFrame,
    actual: dict[str, int] | None = None,
    *,
    width: int | None = None,
) -> Table:
    """Render the seat summary: party, mean seats (± s.e.), 5–95%, P(majority), P(largest).

    Args:
        summary: An :class:`EnsembleSummary` or a :func:`seat_summary` frame.
        actual: Actual general (constituency) seats by party, shown beside the simulated
            general seats if given (parties only in ``actual`` get a row of their own).
        width: Columns available (default: the terminal's).
    """
    df = _frame(summary, "seats")
    spread = _runs(summary, df) > 1
    rows = list(df.itertuples(index=False))
    extra = sorted(set(actual) - set(df.party)) if actual is not None else []
    dash = ["–"] * len(extra)
    cols = [
        Column("Party", [str(r.party) for r in rows] + extra, right=False),
        Column("Seats", [_num(r.total_mean, 1 if spread else 0) for r in rows] + dash),
    ]
    if spread:
        cols += [
            Column("± s.e.", [_num(r.total_mean_se, 2) for r in rows] + dash, priority=3),
            Column(
                "5–95%",
                [seats_interval(r.total_q05, r.total_q95) for r in rows] + dash,
            ),
        ]
    # General seats at the poll (beside the actual count at the poll), then after independents
    # join parties and by-elections are held. The simulated and actual counts at the poll share
    # a priority: on a narrow terminal they go or stay together, so the actual count is never
    # shown beside the totals with reserved seats alone.
    digits = 1 if spread else 0
    at_poll = "at_poll_mean" in df
    if at_poll:
        cols.append(
            Column("General at poll", [_num(r.at_poll_mean, digits) for r in rows] + dash, 1, 1)
        )
    if actual is not None:
        cells = [str(actual.get(r.party, 0)) for r in rows] + [str(actual[p]) for p in extra]
        cols.append(Column("Actual at poll" if at_poll else "Actual general", cells, priority=1))
    head = AFTER_JOINS if at_poll else "General"
    cols.append(Column(head, [_num(r.general_mean, digits) for r in rows] + dash, 1, 4))
    if spread:
        cols += [
            Column("P(majority)", [_prob(r.p_majority) for r in rows] + dash, priority=2),
            Column("P(largest)", [_prob(r.p_largest) for r in rows] + dash, priority=2),
        ]
    caption = _runs_caption(summary)
    if spread and caption:  # "P(majority) 0.0%" over 20 runs read as no chance at all
        shown = [x for r in rows for x in (r.p_majority, r.p_largest) if pd.notna(x)]
        caption = "; ".join(filter(None, [caption, bound_note(shown, _runs(summary, df))]))
    return fitted_table("Seats", cols, caption=caption, width=width)


def render_turnout(summary: EnsembleSummary | pd.DataFrame, *, width: int | None = None) -> Table:
    """Render turnout: national (and regional, if the summary has it) mean and quantiles."""
    df = _frame(summary, "turnout")
    sections: list[int] = []
    if isinstance(summary, EnsembleSummary):
        # A region may itself be called "national": the pooled row is named apart, ruled off.
        df = df.assign(region=f"{NATIONAL} (all seats)")
        df = pd.concat([df, summary.turnout_by_region], ignore_index=True)
        sections = [0]
    rows = list(df.itertuples(index=False))
    cols = [Column("Area", [str(r.region) for r in rows], right=False)]
    if _runs(summary, df) > 1:
        cols += [
            Column("Mean", [_pct(r.mean) for r in rows]),
            Column("± s.e.", [_se_pct(r.mean_se) for r in rows], priority=2),
            Column("5%", [_pct(r.q05) for r in rows], priority=1),
            Column("50%", [_pct(r.q50) for r in rows], priority=3),
            Column("95%", [_pct(r.q95) for r in rows], priority=1),
        ]
    else:
        cols.append(Column("Turnout", [_pct(r.mean) for r in rows]))
    caption = _runs_caption(summary)
    return fitted_table("Turnout", cols, caption=caption, width=width, sections=sections)


OWN_CHOICE_ONLY = (
    "Votes by route: in every run every vote was the voter's own choice (no clan, landlord, "
    "coercion, stuffing or canvass vote: the scenario's mechanisms for them are off, or "
    "delivered none)"
)


def own_choice_only(summary: EnsembleSummary) -> bool:
    """Whether no vote of any run came by another route than the voter's own choice."""
    df = pd.concat([summary.provenance, summary.provenance_by_party], ignore_index=True)
    own = df[df.route == "own"].share_mean
    others = df[df.route != "own"].share_mean
    return bool(own.notna().any() and others.notna().all() and (others == 0).all())


def render_provenance(
    summary: EnsembleSummary | pd.DataFrame, max_parties: int = 6, *, width: int | None = None
) -> Table:
    """Render vote provenance: share of votes by route, overall and for the leading parties.

    The parties are those with most votes (the table is of votes, not seats); a party with no
    votes has no shares. The caption names every party left out.

    Args:
        summary: An :class:`EnsembleSummary` (overall plus per party), or a
            :func:`provenance_summary` frame.
        max_parties: At most this many party columns (fewer if the terminal is narrow).
        width: Columns available (default: the terminal's).
    """
    if isinstance(summary, EnsembleSummary):
        df = pd.concat([summary.provenance, summary.provenance_by_party], ignore_index=True)
    else:
        df = summary
    votes = df[df.party != ALL_PARTIES].groupby("party")["votes_mean"].first()
    ranked = sorted(votes.index, key=lambda p: (-votes[p], str(p)))
    with_votes = [p for p in ranked if votes[p] > 0]
    parties = with_votes[:max_parties]
    wide = df.pivot(index="route", columns="party", values="share_mean")
    wide = wide.reindex(index=[r for r in ROUTES if r in wide.index])
    overall = df[df.party == ALL_PARTIES].set_index("route")
    routes = list(wide.index)
    # A route by the words the report uses ("clan (biradari)", "landlord / pir"), not its key.
    labels = {r.name: r.label for r in ROUTE_INFO}
    cols = [Column("Route", [labels.get(r, r) for r in routes], right=False)]
    if not overall.empty:
        cols.append(Column("All votes", [_pct(overall.share_mean[r]) for r in routes]))
        if _runs(summary, df) > 1:
            cols.append(
                Column("± s.e.", [_se_pct(overall.share_se[r]) for r in routes], priority=9)
            )
    # Later (smaller) parties go first when the table must narrow.
    cols += [
        Column(str(p), [_pct(wide.at[r, p]) for r in routes], priority=2 + i)
        for i, p in enumerate(parties)
    ]
    caption = _runs_caption(summary)
    if note := _left_out(with_votes[max_parties:], ranked[len(with_votes) :]):
        caption = f"{caption}; {note}" if caption else note
    return fitted_table("Votes by route", cols, caption=caption, width=width)


def _left_out(fewer: list, none: list) -> str | None:
    """The caption's note of the parties without a column: too few votes, or none at all."""
    parts = [
        f"{', '.join(map(str, names))} ({why})"
        for names, why in ((fewer, "fewer votes"), (none, "no votes"))
        if names
    ]
    return f"parties not shown: {', '.join(parts)}" if parts else None


SYNTHETIC_BACKGROUNDS = (
    "backgrounds are SYNTHETIC: random draws of the scenario's builder, not the candidates' "
    "real backgrounds; this table shows the draw, not the election"
)
SOURCED_BACKGROUNDS = (
    "sourced: the candidate's background from a public source (background_source); "
    "{other}: {why}; never add the two kinds up"
)


def render_backgrounds(
    summary: EnsembleSummary | pd.DataFrame, synthetic: bool = False, *, width: int | None = None
) -> Table:
    """Render seats won by candidates' background (who wins: feudals or the middle class).

    Rows with a sourced background (``background_source`` in the candidate table) are shown
    apart from the rest, with how many of the seats their winners hold. ``synthetic``: the
    unsourced backgrounds are random draws (``[scenario] synthetic``), and it says so.
    """
    df = _frame(summary, "backgrounds")
    if "sourced" not in df:
        df = df.assign(sourced=False)
    rows = list(df.itertuples(index=False))
    spread = _runs(summary, df) > 1
    any_sourced = bool(df["sourced"].any())
    other = "synthetic draw" if synthetic else "unsourced"
    cols = [
        Column("Background", [str(r.background).replace("_", " ") for r in rows], right=False),
    ]
    if any_sourced:
        cols.append(
            Column("Source", ["sourced" if r.sourced else other for r in rows], right=False)
        )
    cols.append(Column("Seats", [_num(r.seats_mean, 1 if spread else 0) for r in rows]))
    if spread:
        cols += [
            Column("± s.e.", [_num(r.seats_se, 2) for r in rows], priority=1),
            Column("5–95%", [seats_interval(r.q05, r.q95) for r in rows]),
        ]
    caption = _runs_caption(summary)
    if any_sourced:
        why = (
            "SYNTHETIC random draws of the scenario's builder, not the candidates' real backgrounds"
            if synthetic
            else "given without a source"
        )
        note = SOURCED_BACKGROUNDS.format(other=other, why=why)
        caption = f"{caption}; {note}" if caption else note
        known, total = sourced_share(df)
        title = (
            f"Winners by background (sourced for {_num(known, 1 if spread else 0)} of "
            f"{plural(round(total), 'seat')}; the rest {other})"
        )
    else:
        if synthetic:
            caption = f"{caption}; {SYNTHETIC_BACKGROUNDS}" if caption else SYNTHETIC_BACKGROUNDS
        title = "Winners by background" + (" (synthetic backgrounds)" if synthetic else "")
    return fitted_table(title, cols, caption=caption, width=width)


def render_candidates(
    summary: EnsembleSummary | pd.DataFrame,
    actual: dict[str, int] | None = None,
    *,
    width: int | None = None,
) -> Table:
    """Render every candidate's simulated votes (mean, 5–95%) and P(win), beside real votes.

    Args:
        summary: An :class:`EnsembleSummary` or a :func:`constituency_summary` frame.
        actual: Real votes by candidate id, where known.
        width: Columns available (default: the terminal's).
    """
    df = _frame(summary, "constituencies")
    rows = list(df.itertuples(index=False))
    spread = _runs(summary, df) > 1
    cols = [
        Column("Seat", [str(r.constituency_id) for r in rows], right=False, priority=5),
        Column("Candidate", [str(r.candidate_name) for r in rows], right=False),
        Column("Party", [str(r.party) for r in rows], right=False),
        Column("Votes", [_num(r.votes_mean, 0) for r in rows]),
    ]
    if spread:
        cols += [
            Column("± s.e.", [_num(r.votes_mean_se, 0) for r in rows], priority=4),
            Column("5–95%", [f"{r.votes_q05:,.0f}–{r.votes_q95:,.0f}" for r in rows]),
            Column("P(win)", [_prob(r.p_win) for r in rows], priority=1),
        ]
    if actual:
        real = [actual.get(r.candidate_id) for r in rows]
        cols.append(Column("Real votes", ["–" if v is None else f"{v:,}" for v in real], 1, 2))
        if spread:
            inside = [
                "–" if v is None else ("yes" if r.votes_q05 <= v <= r.votes_q95 else "no")
                for r, v in zip(rows, real, strict=True)
            ]
            cols.append(Column("Real in 5–95%", inside, priority=3))
    return fitted_table("Candidates", cols, caption=_runs_caption(summary), width=width)


def seat_text(name: object, seat: object) -> str:
    """``Riverside (T-1)``; the id alone where the name is missing or is the id."""
    name, seat = ("" if pd.isna(name) else str(name)), str(seat)
    return f"{name} ({seat})" if name and name != seat else seat


def render_closest(summary: EnsembleSummary | pd.DataFrame, *, width: int | None = None) -> Table:
    """Render the closest seats: leader and challenger with win probabilities, mean margin."""
    df = _frame(summary, "closest")
    rows = list(df.itertuples(index=False))
    spread = _runs(summary, df) > 1
    # A walkover has no challenger: the store's runner-up is empty, and so is its P(win).
    none = [pd.isna(r.challenger_party) or r.challenger_party == "" for r in rows]
    challenger = ["–" if n else str(r.challenger_party) for r, n in zip(rows, none, strict=True)]
    cols = [
        # Name and id in one cell, as the canvass plan shows them: at 80 columns a separate
        # Name was left out, and a UK seat read only as its code (E14000530).
        Column("Seat", [seat_text(r.name, r.constituency_id) for r in rows], right=False),
        Column("Leader" if spread else "Winner", [str(r.leader_party) for r in rows], False),
    ]
    if spread:
        cols.append(Column("P(win)", [_prob(r.p_leader) for r in rows]))
    cols.append(
        Column("Challenger" if spread else "Runner-up", challenger, right=False, priority=1)
    )
    if spread:
        p_challenger = [
            "–" if n else _prob(r.p_challenger) for r, n in zip(rows, none, strict=True)
        ]
        cols.append(Column("P(win) ", p_challenger, priority=2))
    cols += [
        Column("Mean margin" if spread else "Margin", [_num(r.margin_mean, 0) for r in rows], 1, 3),
        Column("Margin %", [_pct(r.margin_share_mean) for r in rows]),
    ]
    return fitted_table("Closest seats", cols, caption=_runs_caption(summary), width=width)

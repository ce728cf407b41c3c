"""Vote shares to swing from and to: a set of seats' shares at an election, the polls' mean."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from votebank.errors import InputError, Problem
from votebank.uk import results_files
from votebank.uk.poll_columns import party_columns
from votebank.uk.results_files import OTHERS, main_parties, swing_parties
from votebank.uk.tables import candidates_table, polls_table


def shares_by(
    election_date: str,
    *,
    regions: Iterable[str] | None = None,
    exclude_regions: Iterable[str] = (),
    parties: Iterable[str] | None = None,
) -> dict[str, float]:
    """Vote shares of ``parties`` (plus OTH: every minor party) over a set of seats.

    Args:
        election_date: A general election in the data.
        regions: Only seats in these regions (default: all of the UK).
        exclude_regions: Leave out seats in these regions.
        parties: Parties to report (default: :func:`swing_parties`); ``OTH`` holds the votes
            of parties outside :func:`main_parties`.

    Returns:
        Party -> share of all valid votes in those seats.
    """
    c = candidates_table()
    c = c[(c["election_date"] == election_date) & (c["election_type"] == "general")]
    if regions is not None:
        c = c[c["region"].isin(list(regions))]
    c = c[~c["region"].isin(list(exclude_regions))]
    total = c["votes"].sum()
    if not total > 0:  # no shares to take: NaN in the scenario, refused as a temporary file's
        held = f"region(s) {', '.join(regions)}" if regions is not None else "its seats"
        why = f"no votes in {held} on {election_date} (no candidates, or all at 0): no shares"
        where = results_files.source_name("candidates")
        raise InputError([Problem(where, "column votes", "0", why)])
    out = {
        p: float(c.loc[c["party"] == p, "votes"].sum() / total) for p in parties or swing_parties()
    }
    out = {p: v for p, v in out.items() if v > 0}
    out[OTHERS] = float(c.loc[~c["party"].isin(main_parties()), "votes"].sum() / total)
    return out


def poll_average(start: str, end: str) -> dict[str, float]:
    """Mean GB voting intention of the polls with fieldwork starting in ``[start, end]``.

    Returns:
        Each party the polls name (:func:`poll_parties`) as a fraction, in the file's column
        order, and OTH for the rest (on the shipped polls SNP, Plaid and others: they give no
        figures for them). A party is left out (in OTH) when no poll in the window gives a
        figure for it, as most of 2010-2012 do not for UKIP or Green.
    """
    polls = polls_table()
    p = polls[(polls["fieldwork_start"] >= start) & (polls["fieldwork_start"] <= end)]
    if p.empty:
        days = polls["fieldwork_start"].dropna()
        held = f"its polls start {days.min()} to {days.max()}" if len(days) else "it has none"
        why = f"no poll with fieldwork starting in this range; {held}"
        where = results_files.source_name("polls")
        raise InputError([Problem(where, "column fieldwork_start", f"{start}:{end}", why)])
    return poll_mean(p)


def poll_parties() -> dict[str, str]:
    """The polls file's share columns -> the party each names (a party code of the results)."""
    return party_columns(polls_table().columns, results_files.poll_codes())


def poll_mean(polls: pd.DataFrame) -> dict[str, float]:
    """Mean share of each party some of ``polls`` give a figure for, and OTH for the rest."""
    named = poll_parties()
    out = {named[c]: float(polls[c].mean()) / 100 for c in named if polls[c].notna().any()}
    out[OTHERS] = 1.0 - sum(out.values())
    return out


def late_polls_note(start: str, end: str, polling_day: str) -> str:
    """A note naming the polls in ``[start, end]`` begun on or after ``polling_day`` ('' if none).

    Their mean is the target all the same (the window is the user's), but a forecast made
    before the vote could not have had them.
    """
    polls = polls_table()
    starts = polls["fieldwork_start"]
    late = polls[(starts >= max(start, polling_day)) & (starts <= end)]
    if late.empty:
        return ""
    who = late["pollster"].fillna("") if "pollster" in late.columns else ""
    named = (who + " " + late["fieldwork_start"]).str.strip().tolist()
    shown = ", ".join(named[:3]) + (f" and {len(named) - 3} more" if len(named) > 3 else "")
    return (
        f"{len(named)} of the polls averaged (--polls {start}:{end}) started on or after polling "
        f"day, {polling_day} ({shown}): a forecast made before the vote could not have had them"
    )

"""Contests after a general election: by-elections and re-polls, joined to it or on their own.

A seat not polled on the general election's day may take its first later contest before the
next general election (:func:`add_later`). A target may also name a later contest by its own
day (``uk:2017-02-23``, ``FILE:DATE``): :func:`contest_day` gives that day's rows, to be
scored as they were (their own candidates, roll and ballots), not as the general election's.
Nothing here knows a year, a party or a seat.
"""

from __future__ import annotations

import pandas as pd

from votebank.dates import date_forms
from votebank.display import listed
from votebank.elections.postponed import polled, seat_columns

GENERAL = {"general election", "general"}


def is_general(raw: pd.DataFrame) -> pd.Series:
    """Which rows of a results file are a general election's (its ``election_type``, any case)."""
    return raw["election_type"].astype(str).str.lower().isin(GENERAL)


def contest_days(raw: pd.DataFrame) -> list[str]:
    """The days of a file's contests that are no general election (by-elections, re-polls)."""
    return sorted(set(raw.loc[~is_general(raw), "election_date"].dropna()))


def contest_day(
    raw: pd.DataFrame, when: str | None, general_days: list[str]
) -> tuple[str, pd.DataFrame, str] | None:
    """The later contests held on the day ``when``: (that day, their rows, their type).

    None where ``when`` is a general election's day (that election is read, as ever) or no
    contest's day. Only a day names contests: a year may hold several of them.
    """
    if not when or not when.strip():
        return None
    forms = date_forms(when)
    if any(d in forms for d in general_days):
        return None
    hits = [d for d in contest_days(raw) if d in forms]
    if len(hits) != 1:
        return None
    rows = raw[~is_general(raw) & (raw["election_date"] == hits[0])]
    return (
        hits[0],
        rows,
        " and ".join(sorted(rows["election_type"].astype(str).str.lower().unique())),
    )


def days_hint(days: list[str]) -> str:
    """What an error adds when later contests could be named: their days ('' if none)."""
    if not days:
        return ""
    shown = ", ".join(days[:10]) + (", ..." if len(days) > 10 else "")
    return f"; by-elections and re-polls, named by their day: {shown}"


def add_later(
    raw: pd.DataFrame,
    day: pd.DataFrame,
    chosen: str,
    layout: str,
    notes: list[str],
    general_days: list[str],
    kind: str | None = None,
) -> pd.DataFrame:
    """Later contests of seats without a general row, before the next general election.

    ``general_days``: the file's general elections; ``kind``: a regex the election type must
    match (None: any type).
    """
    key = seat_columns(layout)[0]
    later = later_rows(raw, day, chosen, layout, general_days, kind)
    if len(later):
        notes.append(
            f"by-elections/re-polls added for seats not polled on the day: "
            f"{listed(sorted(map(str, later[key].unique())))}"
        )
    return pd.concat([day[~day[key].isin(later[key])], later])  # the blank row gives way


def polled_later(
    raw: pd.DataFrame, day: pd.DataFrame, chosen: str, layout: str, general_days: list[str]
) -> tuple[str, ...]:
    """Seats not polled on the day that a later contest polls: ``--by-elections`` adds them."""
    later = later_rows(raw, day, chosen, layout, general_days)
    return tuple(sorted(later[seat_columns(layout)[0]].astype(str).unique()))


def later_rows(
    raw: pd.DataFrame,
    day: pd.DataFrame,
    chosen: str,
    layout: str,
    general_days: list[str],
    kind: str | None = None,
) -> pd.DataFrame:
    """The first later contest of each seat not polled on the day (:func:`add_later`)."""
    key = seat_columns(layout)[0]
    nxt = [d for d in general_days if d > chosen]
    types = raw["election_type"].astype(str).str.lower()
    # A seat listed on the day without a vote counted (its poll put off) was not polled either.
    was_polled = polled(day, *seat_columns(layout))
    later = raw[
        (raw["election_date"] > chosen)
        & (raw["election_date"] < (nxt[0] if nxt else "9999"))
        & ~is_general(raw)
        & (types.str.contains(kind, regex=True) if kind else True)
        & ~raw[key].isin(day.loc[was_polled, key])
    ]
    if "delimit" in raw.columns and len(day):
        later = later[later["delimit"] == day["delimit"].iloc[0]]
    later = later.sort_values("election_date", kind="stable")
    # The first later contest of each seat only.
    first = later.groupby(key)["election_date"].transform("min")
    return later[later["election_date"] == first]

"""Postponed polls: a few seats of a general election polled on a later day, typed general.

A poll put off (a candidate died, unrest) is often typed ``general`` on its own date. Read as
an election of its own it made ``FILE:YEAR`` ambiguous and left its seats out of the general
election. A general-typed date is the **postponed poll** of the general election before it
when it is within :data:`DAYS` days of it, holds at most :data:`SHARE` of its seats, and
only seats it did not poll (a seat listed with blank or zero votes was not polled).
"""

from __future__ import annotations

import pandas as pd

DAYS = 90
SHARE = 0.1


def seat_columns(layout: str) -> tuple[str, str]:
    """A layout's seat id column and its column of (the winner's) votes."""
    if layout == "rows":
        return "constituency_number", "win_votes"
    return "constituency_id", "votes"


def polled(day: pd.DataFrame, key: str, votes: str) -> pd.Series:
    """Per row of ``day``: does its seat (``key``) have a vote counted?

    A seat listed on the day without a vote counted (its poll put off) was not polled. Any
    other cell, even one that is no count, is a poll (and the reader reports a bad one).
    """
    cells = day[votes]
    blank = cells.isna() | cells.astype(str).str.strip().eq("")
    counted = ~blank & pd.to_numeric(cells, errors="coerce").ne(0)
    return counted.groupby(day[key]).transform("any").astype(bool)


def postponed_polls(raw: pd.DataFrame, general: pd.Series, key: str, votes: str) -> dict:
    """``{postponed date: the general election's date}`` of a file's general-typed rows.

    ``general`` marks the general-typed rows; a file without ``key`` or ``votes`` has none.
    """
    if key not in raw.columns or votes not in raw.columns:
        return {}
    rows = raw[general & raw["election_date"].notna()]
    out: dict[str, str] = {}
    main, n_main, seen = "", 0, set()  # the general election, its seats, the seats polled
    for date, day in rows.groupby("election_date", sort=True):
        seats = set(day[key])
        near = main and _days(main, date) <= DAYS and len(seats) <= SHARE * n_main
        if near and not seats & seen:
            out[date] = main
            seen |= set(day.loc[polled(day, key, votes), key])
            continue
        main, n_main = date, len(seats)
        seen = set(day.loc[polled(day, key, votes), key])
    return out


def _days(a: str, b: str) -> int:
    return (pd.Timestamp(b) - pd.Timestamp(a)).days


def add_postponed(
    raw: pd.DataFrame,
    day: pd.DataFrame,
    general: pd.Series,
    found: dict[str, str],
    chosen: str,
    layout: str,
    notes: list[str],
) -> pd.DataFrame:
    """``day`` with the postponed polls of its general election (``found``), noted.

    Only general-typed rows of those dates join; a seat listed on the day but not polled
    gives way to its postponed poll.
    """
    dates = sorted(d for d, main in found.items() if main == chosen)
    if not dates:
        return day
    key, votes = seat_columns(layout)
    later = raw[raw["election_date"].isin(dates) & general]
    held = later.groupby("election_date")[key].agg(lambda s: sorted(s.astype(str).unique()))
    said = "; ".join(f"{', '.join(seats)} on {date}" for date, seats in held.items())
    notes.append(f"postponed polls read as part of this general election: {said}")
    return pd.concat([day[~(day[key].isin(later[key]) & ~polled(day, key, votes))], later])


def on_general_day(frame: pd.DataFrame, key: str = "constituency_id") -> pd.DataFrame:
    """A table of results (candidates or contests), postponed polls on their election's date.

    ``attrs["postponed"]`` lists them (``{date: (general election, seats)}``).

    Its general rows are those of ``election_type`` ``general`` (as the UK tables write it);
    a seat is polled by its ``votes`` (a candidates table), else its ``ballots_counted``.
    """
    if "election_type" not in frame.columns:
        return frame
    general = frame["election_type"] == "general"
    votes = "votes" if "votes" in frame.columns else "ballots_counted"
    found = postponed_polls(frame, general, key, votes)
    moved = general & frame["election_date"].isin(found)
    if not moved.any():
        return frame
    seats = frame[moved].groupby("election_date")[key].agg(lambda s: sorted(set(s.astype(str))))
    frame = frame.copy()
    frame.loc[moved, "election_date"] = frame.loc[moved, "election_date"].map(found)
    frame.attrs["postponed"] = {d: (found[d], list(s)) for d, s in seats.items()}
    return frame

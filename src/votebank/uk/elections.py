"""Which elections the UK contests table holds: general elections, by-elections, baselines."""

from __future__ import annotations

import pandas as pd

from votebank.dates import date_forms
from votebank.errors import InputError, Problem
from votebank.uk import results_files
from votebank.uk.tables import contests_table


def general_elections() -> list[str]:
    """Dates of the general elections in the data."""
    c = contests_table()
    return sorted(c.loc[c["election_type"] == "general", "election_date"].unique())


def general_date(day: str) -> str:
    """The one general election the data holds on ``day``, or in the year ``day``.

    A day may be written ``2015-5-7`` or ``07/05/2015`` too. Else ``day`` is returned as given
    (refused later, as any unknown date; a slashed day fitting two general elections too).
    """
    if len(day) == 4 and day.isdigit():
        hits = [d for d in general_elections() if d.startswith(f"{day}-")]
    else:
        hits = [d for d in general_elections() if d in date_forms(day)]
    return hits[0] if len(hits) == 1 else day


def blank_dates(given: dict[str, str | None]) -> None:
    """InputError naming each option given an empty date (a script's "$UNSET").

    An empty one was taken as not given: the default election, or no --polls target at all.
    """
    problems = [
        Problem(
            option,
            "",
            repr(day),
            "an empty date: give one" + (", or leave the option out" if option[:1] == "-" else ""),
        )
        for option, day in given.items()
        if day is not None and not day.strip()
    ]
    if problems:
        raise InputError(problems)


def previous_general(date: str) -> str:
    """The last general election before ``date``."""
    before = [d for d in general_elections() if d < date]
    if not before:
        held = ", ".join(general_elections())
        why = f"no general election before it to project from; the file holds {held}"
        raise InputError([Problem(results_files.source_name("contests"), "", date, why)])
    return before[-1]


def is_byelection(date: str) -> bool:
    """Whether the data's contests on ``date`` are by-elections."""
    c = contests_table()
    return set(c.loc[c["election_date"] == date, "election_type"]) == {"by-election"}


def baseline_date_of(date: str) -> str:
    """The baseline of an election: itself, or for a by-election the general one before."""
    return previous_general(date) if is_byelection(date) else date


def contest(date: str, seat: str | None = None) -> pd.DataFrame:
    """The contests held on ``date`` (only the one in ``seat``, if given)."""
    c = contests_table()
    c = c[c["election_date"] == date]
    if seat is not None:
        c = c[c["constituency_id"] == seat]
    return c


def scored_date(election_date: str, slate: str | None, target: str | None = None) -> str:
    """The election whose real result a scenario's runs are set beside (``actual_seats``).

    The target election if given; else a general election's later general-election slate
    (a projection of it by polls: ``--polls ... --slate``), whose seats its candidates fought;
    else the election itself (a by-election with another election's slate included).
    """
    if target:
        return target
    later = slate is not None and slate > election_date and slate in general_elections()
    return slate if later and not is_byelection(election_date) else election_date

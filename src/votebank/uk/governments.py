"""Who governed on a date: the incumbents of a polling day, from a table or from the results.

The UK import marks the parties in government on the slate election's polling day (the
by-election mechanism swings against them). They are read from ``governments.csv`` found as
the other UK tables are (:mod:`votebank.uk.results_files`): the shipped one
(``votebank/data/uk/governments.csv``, SOURCES.md) with the shipped results, or the one beside
a user's results file. One row per government: ``since``, its first day (``YYYY-MM-DD`` or
``M/D/YY``), and ``parties``, the party codes of the results file separated by ``;``
(``Con;LD``). A date is governed by the last row starting on or before it.

Without such a file beside the results in use, or for a date before its first row, the rule is
computed from the results: the incumbents are the party that won the most seats at the last
general election in the file before the date (every party tied for most), and
:attr:`Incumbents.note` says so, so the import can tell the user to add the file. With no
general election in the file before the date there are none.

A date that is not a date, a row with no party, two rows on one day, or a party code the
results file does not hold is an :class:`InputError` naming the file, row and value.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd

from votebank.csvfiles import read_csv
from votebank.dates import iso_dates
from votebank.errors import InputError, Problem
from votebank.uk import results_files
from votebank.uk.real_results import check_winners
from votebank.uk.results_files import NAMES

COLUMNS = ("since", "parties")
SEPARATOR = ";"


@dataclass(frozen=True)
class Government:
    """One row of a governments file: in office from ``since`` (ISO), ``row`` as in the file."""

    since: str
    parties: tuple[str, ...]
    row: int


@dataclass(frozen=True)
class Incumbents:
    """The parties in government on a date; ``note`` says how they were found if not read."""

    parties: tuple[str, ...]
    note: str = ""


@cache
def read_table(path: Path) -> pd.DataFrame:
    """A governments file, ``since`` read as ISO dates and ``written`` as given (cached by path).

    A ``since`` read month first with nothing to tell is marked as the results files' dates
    are: a day-first file would shift who governed on polling day, so the import says it.
    """
    frame = read_csv(path, required=COLUMNS, what="governments", dtype=str, keep_default_na=False)
    if frame.empty:
        raise InputError([Problem(str(path), "", "", "no governments listed (one row each)")])
    frame["written"], frame["since"] = frame["since"], iso_dates(frame["since"], path, "since")
    results_files.mark_month_first(frame, "since", frame["written"])
    return frame


@cache
def read_governments(path: Path) -> tuple[Government, ...]:
    """The governments of a file, by date (cached by path); InputError on a bad row."""
    frame = read_table(path)
    problems, out, seen = [], [], {}
    for k, (day, raw) in enumerate(zip(frame["since"], frame["parties"], strict=True)):
        parties = tuple(p.strip() for p in str(raw).split(SEPARATOR) if p.strip())
        if not parties:
            problems.append(
                Problem(
                    str(path),
                    f"row {k + 2}, column parties",
                    str(raw),
                    f"no party (the results file's codes, separated by {SEPARATOR})",
                )
            )
        if day in seen:
            problems.append(
                Problem(
                    str(path),
                    f"row {k + 2}, column since",
                    str(frame["written"].iloc[k]),
                    f"a second government from the same day as row {seen[day]}",
                )
            )
        seen[day] = k + 2
        out.append(Government(day, parties, k + 2))
    if problems:
        raise InputError(problems[:5])
    return tuple(sorted(out, key=lambda g: g.since))


def incumbents(date: str) -> Incumbents:
    """The parties in government on ``date`` (ISO), read or computed as the module says."""
    path = results_files.active().governments
    if path is not None:
        held = [g for g in read_governments(path) if g.since <= date]
        if held:
            _check_codes(path, held[-1])
            return Incumbents(held[-1].parties)
        return _largest_before(date, f"{path} starts after {date}", "")
    hint = f"; add a {NAMES['governments']} (columns since,parties) beside it to name them"
    return _largest_before(
        date, f"no {NAMES['governments']} beside {results_files.source_name()}", hint
    )


def government_on(date: str) -> tuple[str, ...]:
    """The parties in government on a date (incumbents, for a polling day)."""
    return incumbents(date).parties


def _largest_before(date: str, why: str, add: str) -> Incumbents:
    """The rule without a governments row: the largest party of the last general election."""
    c = results_files.table("contests")
    general = c[(c["election_type"] == "general") & (c["election_date"] < date)]
    if general.empty:
        return Incumbents((), f"{why} and no general election before it: no incumbents{add}")
    last = general["election_date"].max()
    check_winners(general[general["election_date"] == last])  # their seats decide: as scored
    seats = general.loc[general["election_date"] == last, "winner_party"].value_counts()
    parties = tuple(sorted(str(p) for p in seats.index[seats == seats.max()]))
    note = (
        f"{why}: the incumbents on {date} are taken as {', '.join(parties)}, the party with "
        f"the most seats at the general election of {last}{add}"
    )
    return Incumbents(parties, note)


def _check_codes(path: Path, government: Government) -> None:
    stood = set(results_files.table("candidates")["party"].dropna().astype(str))
    unknown = [p for p in government.parties if p not in stood]
    if unknown:
        raise InputError(
            [
                Problem(
                    str(path),
                    f"row {government.row}, column parties",
                    ", ".join(unknown),
                    f"not a party code of the results file {results_files.source_name()}",
                )
            ]
        )

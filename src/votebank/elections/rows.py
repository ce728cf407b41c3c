"""The rows of one election in a results file: ``pakistan:YEAR``, ``uk:YEAR``, ``FILE:DATE``.

Two file layouts are read, told apart by their columns
(:func:`votebank.elections.results_file.layout_of`): **constituency rows** (the shipped Pakistan
file, one row per contest) and **candidate rows** (the shipped UK candidate file, one row per
candidate). An election is the rows of one date whose type is a
general election (``General Election``, ``general``, in any case or spacing); ``pakistan:1997``
or ``FILE:1997`` is the general election the file holds in 1997, and a year or date it does not
hold is an InputError listing the dates it has. A postponed poll (:mod:`.postponed`: a
general-typed date within 90 days of a general election, polling only seats it did not poll and
at most a tenth as many) is no election of its own: its rows are read as part of that election
(reported), and its date names it. A country may ship several results files
(:mod:`votebank.elections.shipped`); ``uk:YEAR`` is the general election of that year in
whichever of them holds it. By-elections and re-polls are left out unless asked for, and then
only a re-poll (``repolls``) or any later contest (``by_elections``) of a seat with no general
row, before the next general election in the file, is added (reported); a target may instead
name later contests by their own day, read on their own (``contests``, :mod:`.later`).
Nothing here knows a year, a party or a seat.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from votebank.csvfiles import missing_columns
from votebank.dates import date_forms
from votebank.elections.later import (
    add_later,
    contest_day,
    contest_days,
    days_hint,
    is_general,
    polled_later,
)
from votebank.elections.postponed import add_postponed, seat_columns
from votebank.elections.results_file import (
    CANDIDATE_COLUMNS,
    ROWS_COLUMNS,
    general_dates,
    layout_of,
    national_rows,
    postponed,
    read_results,
)
from votebank.elections.shipped import countries, shipped_file
from votebank.errors import InputError, Problem

REPOLL = r"re[- ]?poll"  # an election type naming a re-poll (``Re-Polling``, ``Re Poll``), any case


def split_file_date(spec: str) -> tuple[Path, str] | None:
    """``FILE:DATE`` as (file, date), or None if no head before a colon is a file.

    The file is the shortest head that is one: a date may hold colons (2015-05-07T00:00:00).
    """
    for at in (i for i, ch in enumerate(spec) if ch == ":"):
        if Path(spec[:at]).is_file():
            return Path(spec[:at]), spec[at + 1 :]
    return None


def parse_spec(
    spec: str, date: str | None = None, contests: bool = False
) -> tuple[Path, str | None, str]:
    """``pakistan:YEAR``, ``uk:YEAR``, ``FILE`` or ``FILE:DATE`` -> (file, date, label).

    ``contests``: a by-election's or re-poll's day may name a shipped file
    (:func:`votebank.elections.shipped.shipped_file`).
    """
    kind, colon, rest = spec.partition(":")
    if colon and kind.lower() in countries():
        when = rest or date
        return shipped_file(kind.lower(), when, contests), when, spec
    file_date = split_file_date(spec)
    if file_date:
        return *file_date, spec
    path = Path(spec)
    if not path.is_file():
        heads = [spec] + [spec[:at] for at, ch in enumerate(spec) if ch == ":"]
        folder = next((h for h in heads if h and Path(h).is_dir()), None)
        why = "no such file; use pakistan:YEAR, uk:YEAR or a CSV file"
        if folder is not None:
            why = "a folder, not a results file: give a CSV file (FILE or FILE:DATE)"
        raise InputError([Problem(folder or spec, "", spec, why)])
    return path, date, f"{spec}:{date}" if date else spec


@dataclass(frozen=True)
class Rows:
    """A file's rows of one election, before they are read as seats and candidates.

    Attributes:
        path: The file read.
        label: How it was named.
        date: Polling day (ISO).
        layout: ``rows`` or ``candidates``.
        rows: The file's rows of the general election (and the later contests asked for),
            with ``_row``, the 1-based data row in the file.
        notes: Rules applied while reading.
        kind: ``general``, or the type of the later contests named by their day (``by-election``).
        polled_later: Seats not polled on the day that a later contest in the file polls,
            not added (without ``by_elections``).
        generals: Every general election's day in the file (national assembly), sorted.
    """

    path: Path
    label: str
    date: str
    layout: str
    rows: pd.DataFrame = field(repr=False)
    notes: list[str] = field(default_factory=list)
    kind: str = "general"
    polled_later: tuple[str, ...] = ()
    generals: tuple[str, ...] = ()


def election_rows(
    spec: str,
    date: str | None = None,
    by_elections: bool = False,
    *,
    repolls: bool = False,
    sort_seats: bool = False,
    contests: bool = False,
) -> Rows:
    """The rows of one general election of a file; InputError names file, row and value.

    Args:
        spec: ``pakistan:YEAR``, ``uk:YEAR``, ``FILE`` or ``FILE:DATE`` (a year or a date).
        date: The date or year when ``spec`` names none.
        by_elections: Add the first later contest (any type) of seats not polled on the day.
        repolls: Add later re-polls only (of seats not polled on the day).
        sort_seats: In the constituency-rows layout, seats in the order of the number in
            their id (NA-2 before NA-10), not the file's.
        contests: A day with no general election but by-elections or re-polls names those
            contests, read on their own (:func:`votebank.elections.later.contest_day`).
    """
    path, when, label = parse_spec(spec, date, contests)
    raw = read_results(path)
    layout = layout_of(raw.columns)
    need = ROWS_COLUMNS if layout == "rows" else CANDIDATE_COLUMNS
    missing = [c for c in need if c not in raw.columns]
    if missing:
        raise InputError([missing_columns(path, missing, raw.columns.drop("_row"), "")])
    notes: list[str] = []
    if month_first := raw.attrs.get("month_first"):
        notes.append(month_first)
    raw = national_rows(raw, path)
    generals = general_dates(raw)
    if contests and (own := contest_day(raw, when, generals)):
        chosen, day, kind = own
        rows = _by_number(day, sort_seats, layout)
        return Rows(path, label, chosen, layout, rows, notes, kind, generals=tuple(generals))
    chosen = _pick_date(raw, when, path, generals, contest_days(raw) if contests else [])
    general = is_general(raw)
    day = raw[(raw["election_date"] == chosen) & general]
    if strays := stray_types(raw, chosen, general, layout, path):
        raise InputError(strays)
    day = add_postponed(raw, day, general, postponed(raw), chosen, layout, notes)
    if by_elections or repolls:
        kind = None if by_elections else REPOLL
        day = add_later(raw, day, chosen, layout, notes, generals, kind)
    # Said where such a seat is left out: --by-elections would add it.
    later = () if by_elections else polled_later(raw, day, chosen, layout, generals)
    day = _by_number(day, sort_seats, layout)
    return Rows(
        path, label, chosen, layout, day, notes, polled_later=later, generals=tuple(generals)
    )


def stray_types(
    raw: pd.DataFrame, chosen: str, general: pd.Series, layout: str, path: Path
) -> list[Problem]:
    """Rows of the general election's day that would be left out unsaid, as problems.

    A blank type, or a type other than general in a seat that day's general election polls
    (``Generl``, a slip). Read as typed they were dropped: a winner's row so typed gave the
    seat to the runner-up.
    """
    key = seat_columns(layout)[0]
    on_day = raw["election_date"] == chosen
    seats = set(raw.loc[on_day & general, key].astype(str))
    typed = raw["election_type"].astype(object).where(raw["election_type"].notna(), "")
    blank = typed.astype(str).str.strip().eq("")
    stray = on_day & ~general & (blank | raw[key].astype(str).isin(seats))
    problems = []
    for line, kind, seat in zip(
        raw.loc[stray, "_row"][:5], typed[stray][:5], raw.loc[stray, key][:5], strict=True
    ):
        why = f"seat {seat}'s other rows that day are of the general election"
        why = "blank, on a general election's day" if not str(kind).strip() else why
        why += ": write its type (general, by-election, re-poll)"
        problems.append(Problem(str(path), f"row {line}, column election_type", kind, why))
    return problems


def _by_number(day: pd.DataFrame, sort_seats: bool, layout: str) -> pd.DataFrame:
    """In the constituency-rows layout and if asked, seats in the order of their number."""
    if not (sort_seats and layout == "rows"):
        return day
    number = day["constituency_number"].astype(str).str.extract(r"(\d+)")[0]
    return day.iloc[np.argsort(number.astype(float).to_numpy(), kind="stable")]


def election_date(spec: str) -> str:
    """The polling day of the general election ``spec`` names (``pakistan:2008``, ``FILE:2015``).

    Raises:
        InputError: No general election of that year or date in the file (naming the dates
            it has).
    """
    return election_rows(spec).date


def _pick_date(
    raw: pd.DataFrame, when: str | None, path: Path, dates: list[str], days: list[str]
) -> str:
    """The general election ``when`` names among the file's general elections ``dates``.

    ``days``: later contests an error may suggest.
    """
    if when is None:
        if len(dates) == 1:
            return dates[0]
        # Not "or --date": of the commands reading results only backtest has that option.
        why = f"several general elections ({', '.join(dates)}): name one as FILE:DATE"
        why += " (a shipped file: pakistan:YEAR or uk:YEAR)"
        if not dates:
            why = _no_general(raw) + days_hint(days)  # a file of no rows: read_results
        raise InputError([Problem(str(path), "election_date", "", why)])
    if not when.strip():  # FILE: with nothing after the colon
        why = f"an empty date: give a year or day after the colon; in the file: {', '.join(dates)}"
        raise InputError([Problem(str(path), "election_date", repr(when), why)])
    forms = date_forms(when)
    # 06/03/2008 is 6 March or 3 June: where the file holds contests on both, name neither.
    if len(either := sorted(d for d in {*dates, *days} if d in forms)) > 1:
        why = f"a date read either way names several elections ({', '.join(either)}): "
        raise InputError([Problem(str(path), "election_date", when, why + "give YYYY-MM-DD")])
    hits = [d for d in dates if d in forms or d.startswith(f"{when}-")]
    # A postponed poll's own date names the general election it is part of.
    hits = hits or sorted({main for d, main in postponed(raw).items() if d in forms})
    if len(hits) != 1 and not dates:
        raise InputError([Problem(str(path), "election_type", when, _no_general(raw))])
    if len(hits) != 1:
        why = "no general election that year or day" if not hits else "several elections match"
        found = ", ".join(dates) or "none"
        raise InputError(
            [
                Problem(
                    str(path),
                    "election_date",
                    when,
                    f"{why}; general elections in the file: {found}{days_hint(days)}",
                )
            ]
        )
    return hits[0]


def _no_general(raw: pd.DataFrame) -> str:
    """Why a file with rows holds no general election: the election types it gives."""
    given = raw["election_type"]
    kinds = sorted(given.astype(object).where(given.notna(), "").astype(str).unique())
    shown = ", ".join(repr(k) if k else "blank" for k in kinds[:5])
    shown += ", ..." if len(kinds) > 5 else ""
    return (
        "no row is of a general election (election_type 'general' or 'general election', "
        f"any case or spacing); the file's election types: {shown}"
    )

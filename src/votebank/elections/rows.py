"""The rows of one election in a results file: ``pakistan:YEAR``, ``uk:YEAR``, ``FILE:DATE``.

Two file layouts are read, told apart by their columns (:func:`layout_of`): **constituency
rows** (the shipped Pakistan file, one row per contest) and **candidate rows** (the shipped UK
candidate file, one row per candidate). An election is the rows of one date whose type is a
general election (``General Election``, ``general``, in any case or spacing); ``pakistan:1997``
or ``FILE:1997`` is the general election the file holds in 1997, and a year or date it does not
hold is an InputError listing the dates it has. A postponed poll (:mod:`.postponed`: a
general-typed date within 90 days of a general election, polling only seats it did not poll and
at most a tenth as many) is no election of its own: its rows are read as part of that election
(reported), and its date names it. A country may ship several results files
(:func:`shipped_files`: every ``*results*.csv`` of ``votebank/data/<country>/`` with the
columns of a layout); ``uk:YEAR`` is the general election of that year in whichever of them
holds it. By-elections and re-polls are left out unless asked for, and then only a re-poll
(``repolls``) or any later contest (``by_elections``) of a seat with no general row, before the
next general election in the file, is added (reported); a target may instead name later
contests by their own day, read on their own (``contests``, :mod:`.later`). Nothing here knows a
year, a party or a seat.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from votebank.csvfiles import data_lines, header, missing_columns, read_csv
from votebank.dates import date_forms, iso_dates, month_first_guess
from votebank.elections.later import add_later, contest_day, contest_days, days_hint, is_general
from votebank.elections.postponed import add_postponed, postponed_polls, seat_columns
from votebank.errors import InputError, Problem

ROWS_COLUMNS = (
    "election_date",
    "election_type",
    "constituency_number",
    "province",
    "voter_reg",
    "votes_cast",
    "validated_votes",
    *(f"{p}_{c}" for p in ("win", "second", "third") for c in ("votes", "party", "name")),
    "remainder_votes",
)
CANDIDATE_COLUMNS = (
    "election_date",
    "election_type",
    "constituency_id",
    "region",
    "electorate",
    "party",
    "candidate",
    "votes",
)
# Columns that name a seat, a place or a boundary: text, even when written as numbers.
ID_COLUMNS = (
    "constituency_id",
    "constituency_number",
    "region",
    "province",
    "nation",
    "boundary",
    "delimit",
)
REPOLL = r"re[- ]?poll"  # an election type naming a re-poll (``Re-Polling``, ``Re Poll``), any case


def data_dir() -> Path:
    """The folder of the shipped data, one subfolder per country."""
    return Path(str(resources.files("votebank") / "data"))


def countries() -> tuple[str, ...]:
    """The countries with shipped results (``pakistan``, ``uk``): data folders holding one."""
    return tuple(
        p.name for p in sorted(data_dir().iterdir()) if p.is_dir() and shipped_files(p.name)
    )


@cache
def shipped_files(kind: str) -> tuple[Path, ...]:
    """The shipped results files of a country, in the order of their names.

    A results file is a ``*results*.csv`` of ``votebank/data/<kind>/`` whose header has every
    column of one of the two layouts (:data:`ROWS_COLUMNS`, :data:`CANDIDATE_COLUMNS`); other
    tables of results (a file of contests, of national totals) lack the per-candidate columns
    and are not read as elections.
    """
    folder = data_dir() / kind
    if not folder.is_dir():
        return ()
    found = []
    for path in sorted(folder.glob("*results*.csv")):
        columns = header(path)
        if set(ROWS_COLUMNS) <= columns or set(CANDIDATE_COLUMNS) <= columns:
            found.append(path)
    return tuple(found)


@cache
def _file_dates(path: Path) -> list[str]:
    """The general-election dates of a shipped file (read once)."""
    return general_dates(read_results(path))


@cache
def _file_contest_days(path: Path) -> list[str]:
    """The days of a shipped file's by-elections and re-polls (read once)."""
    return contest_days(national_rows(read_results(path), path))


def shipped_file(kind: str, when: str | None = None, contests: bool = False) -> Path:
    """The shipped results file of ``kind`` (``pakistan``, ``uk``) holding election ``when``.

    ``when`` is a year or a date; without it, the file holding the country's latest general
    election. A country may ship several files (the UK: 2010 and 2015 with every candidate,
    1997-2005 party by party); each election is in one of them. With ``contests``, the day
    of a by-election or re-poll (no general election's) names the file holding it.

    Raises:
        InputError: No shipped file holds that election, or several do (naming the dates).
    """
    files = shipped_files(kind)
    if not files:
        raise InputError([Problem(str(data_dir() / kind), "", kind, "no shipped results file")])
    if when is None:
        return max(files, key=lambda p: _file_dates(p)[-1:])
    # A day in any form FILE:DATE takes (2015-5-7, 07/05/2015), as a by-election's below.
    forms = date_forms(when)
    hits = [p for p in files if any(d in forms or d.startswith(f"{when}-") for d in _file_dates(p))]
    if not hits and contests:
        hits = [p for p in files if forms & set(_file_contest_days(p))]
    if len(hits) == 1:
        return hits[0]
    if not hits:
        dates = ", ".join(d for p in files for d in _file_dates(p))
        where = ", ".join(str(p) for p in files)
        why = "no general election that year or day"
        if contests:
            days = sorted(d for p in files for d in _file_contest_days(p))
            dates += days_hint(days)
        raise InputError(
            [Problem(where, "election_date", when, f"{why}; general elections shipped: {dates}")]
        )
    raise InputError(
        [Problem(", ".join(map(str, hits)), "election_date", when, "in several shipped files")]
    )


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

    ``contests``: a by-election's or re-poll's day may name a shipped file (:func:`shipped_file`).
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
        raise InputError(
            [Problem(spec, "", spec, "no such file; use pakistan:YEAR, uk:YEAR or a CSV file")]
        )
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
    """

    path: Path
    label: str
    date: str
    layout: str
    rows: pd.DataFrame = field(repr=False)
    notes: list[str] = field(default_factory=list)
    kind: str = "general"


def layout_of(columns) -> str:
    """``rows`` (one row per seat) or ``candidates`` (one per candidate), from the columns."""
    return "rows" if "constituency_number" in columns or "win_party" in columns else "candidates"


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
        example, read_as = month_first
        notes.append(
            f"slashed dates read month first ({example} is {read_as}); a file written day "
            "first must give its dates as YYYY-MM-DD"
        )
    raw = national_rows(raw, path)
    generals = general_dates(raw)
    if contests and (own := contest_day(raw, when, generals)):
        chosen, day, kind = own
        return Rows(path, label, chosen, layout, _by_number(day, sort_seats, layout), notes, kind)
    chosen = _pick_date(raw, when, path, generals, contest_days(raw) if contests else [])
    general = is_general(raw)
    day = raw[(raw["election_date"] == chosen) & general]
    day = add_postponed(raw, day, general, postponed(raw), chosen, layout, notes)
    if by_elections or repolls:
        kind = None if by_elections else REPOLL
        day = add_later(raw, day, chosen, layout, notes, generals, kind)
    return Rows(path, label, chosen, layout, _by_number(day, sort_seats, layout), notes)


def _by_number(day: pd.DataFrame, sort_seats: bool, layout: str) -> pd.DataFrame:
    """In the constituency-rows layout and if asked, seats in the order of their number."""
    if not (sort_seats and layout == "rows"):
        return day
    number = day["constituency_number"].astype(str).str.extract(r"(\d+)")[0]
    return day.iloc[np.argsort(number.astype(float).to_numpy(), kind="stable")]


def national_rows(raw: pd.DataFrame, path: Path) -> pd.DataFrame:
    """A file's rows of its national assembly: all of a file of one assembly, else "national"."""
    if "assembly" not in raw.columns or raw["assembly"].nunique() <= 1:
        return raw
    national = raw["assembly"].astype(str).str.lower() == "national"
    if not national.any():
        shown = ", ".join(sorted(raw["assembly"].dropna().astype(str).unique())[:5])
        why = "rows of several assemblies, none 'national' (any case): name the national"
        why += " assembly's rows so, or give a file of one assembly"
        raise InputError([Problem(str(path), "column assembly", shown, why)])
    return raw[national]


def election_date(spec: str) -> str:
    """The polling day of the general election ``spec`` names (``pakistan:2008``, ``FILE:2015``).

    Raises:
        InputError: No general election of that year or date in the file (naming the dates
            it has).
    """
    return election_rows(spec).date


def read_results(path: Path) -> pd.DataFrame:
    """A results file as text columns, ``election_date`` made ISO (:func:`iso_dates`).

    ``_row`` is each row's line in the file (the header's is 1), for messages.
    """
    raw = read_csv(path, dtype={"election_date": str}, low_memory=False)
    lines = data_lines(path)
    raw["_row"] = lines if len(lines) == len(raw) else np.arange(len(raw)) + 2
    # A spreadsheet writes an emptied row as delimiters only (",,,"): a blank line.
    filled = np.zeros(len(raw), dtype=bool)
    for col in raw.columns.drop("_row"):
        filled |= (raw[col].notna() & raw[col].astype(str).str.strip().ne("")).to_numpy(bool)
    raw = raw[filled]
    for col in (c for c in ID_COLUMNS if c in raw and pd.api.types.is_float_dtype(raw[c])):
        raw[col] = raw[col].map(_whole)  # a blank cell made whole numbers decimals: 12.0
    if "election_type" in raw.columns:  # in any spacing, as the UK studies read it
        raw["election_type"] = raw["election_type"].map(_spaced)
    if "election_date" in raw.columns:
        written = raw["election_date"]
        raw["election_date"] = iso_dates(written, path, rows=raw["_row"].to_numpy())
        if (k := month_first_guess(written)) is not None:  # said in the reading notes
            raw.attrs["month_first"] = (str(written.iloc[k]).strip(), raw["election_date"].iloc[k])
    return raw


def _spaced(value):
    """Text with its runs of spaces made one (``General  Election`` is ``General Election``)."""
    return " ".join(value.split()) if isinstance(value, str) else value


def _whole(value):
    """A number read as a decimal as the file wrote it (``12.0`` is ``12``); else unchanged."""
    if isinstance(value, float) and np.isfinite(value) and value == int(value):
        return str(int(value))
    return value


def general_dates(raw: pd.DataFrame) -> list[str]:
    """Dates of the general elections in a file's rows (not their postponed polls)."""
    dates = raw.loc[is_general(raw), "election_date"].dropna().unique()
    return sorted(set(dates) - set(postponed(raw)))


def postponed(raw: pd.DataFrame) -> dict[str, str]:
    """``{date: general election}`` of the file's postponed polls (:mod:`.postponed`)."""
    return postponed_polls(raw, is_general(raw), *seat_columns(layout_of(raw.columns)))


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
            why = "no data rows" if raw.empty else _no_general(raw) + days_hint(days)
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
    if len(hits) != 1 and not dates and not raw.empty:
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

"""The results files shipped with votebank: which country and file holds an election.

A country's results files are the ``*results*.csv`` of ``votebank/data/<country>/`` with the
columns of a layout; ``uk:YEAR`` names the general election of that year in whichever of them
holds it.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

from votebank.csvfiles import header
from votebank.dates import date_forms
from votebank.elections.later import contest_days, days_hint
from votebank.elections.results_file import (
    CANDIDATE_COLUMNS,
    ROWS_COLUMNS,
    general_dates,
    national_rows,
    read_results,
)
from votebank.errors import InputError, Problem


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

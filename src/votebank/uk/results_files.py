"""Which UK results files the UK studies read: the shipped ones, or a user's in the same layout.

The UK studies (``import-uk``, ``uk-projection``, the by-election prior) read four tables: the
candidates, the contests, the national totals and the polls; and who governed when
(``governments.csv``, :mod:`votebank.uk.governments`). By default they are the shipped
files of ``votebank/data/uk`` (see SOURCES.md there). :func:`beside` names a user's candidates
CSV and finds the others next to it by the shipped file names (or as given); :func:`using`
makes a set of files the one read inside a ``with`` block. Every date, general election, party
and seat then comes from those files, never from code.

Each file is read once (per path), its dates (``election_date``, a poll's fieldwork) made ISO
(``5/7/15`` is ``2015-05-07``: :func:`iso_dates`) and its ``election_type`` read in any case and
spacing, as ``votebank backtest`` reads them (a postponed poll on its general election's date:
:func:`on_general_day`); and checked: the columns the studies use must be there, the counts they
add up must be whole non-negative numbers and a poll's shares numbers from 0 to 100. A problem
is an :class:`InputError` naming the file, row, column and value.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from votebank.counts import count_problems
from votebank.csvfiles import blank_cells, column_name, data_lines, read_csv, repeated_rows
from votebank.dates import iso_dates, month_first_guess
from votebank.elections.dotted import dotted_counts
from votebank.elections.postponed import on_general_day
from votebank.errors import InputError, Problem
from votebank.uk.layout_cells import NATIONS, election_types, spelt
from votebank.uk.party_case import miscased, misnamed
from votebank.uk.poll_columns import no_party_column, party_columns, share_problems
from votebank.uk.totals_rows import totals_problems
from votebank.uk.turnout_rows import turnout_problems

NAMES = {
    "candidates": "uk_results_candidates.csv",
    "contests": "uk_results_contests.csv",
    "totals": "uk_national_totals.csv",
    "polls": "uk_polls_2010_2017.csv",
    "governments": "governments.csv",
}
_PLACE = ("election_date", "election_type", "constituency_id")
COLUMNS = {
    "candidates": (*_PLACE, "constituency_name", "region", "nation", "party", "candidate", "votes"),
    "contests": (
        *_PLACE,
        "constituency_name",
        "region",
        "nation",
        "electorate",
        "ballots_counted",
        "rejected_ballots",
        "winner_party",
    ),
    "totals": ("election_date", "scope", "party", "votes", "total_valid_votes"),
    "polls": ("fieldwork_start", "fieldwork_end"),  # and a column per party (poll_columns)
}
COUNTS = {
    "candidates": ("votes",),
    "contests": ("electorate", "ballots_counted", "rejected_ballots"),
    "totals": ("votes", "total_valid_votes"),
    "polls": (),
}
# Date columns, read as backtest reads them (ISO, or 5/7/15 as spreadsheets export them).
DATES = {"polls": ("fieldwork_start", "fieldwork_end")}  # every other kind: election_date
# Cells a row cannot be placed without (a candidate's party too).
PLACES = {
    "candidates": (*_PLACE, "region", "nation", "party"),
    "contests": (*_PLACE, "region", "nation"),
}
# The layout's harmonised party codes (SOURCES.md: "the same in every year"); UCUNF is the 2010
# joint Ulster Unionist-Conservative ticket. Any other party that won a contest in the file in
# use is a main party too (:func:`main_parties`).
MAIN_PARTIES = (
    "Con",
    "Lab",
    "LD",
    "UKIP",
    "Green",
    "SNP",
    "PC",
    "DUP",
    "SF",
    "SDLP",
    "UUP",
    "Alliance",
    "Speaker",
    "Ind",
    "UCUNF",
)
INDEPENDENTS = ("Ind",)  # the layout's code for candidates of no party
SPEAKER = "Speaker"  # the layout's code for the Speaker seeking re-election
NOT_SWINGING = (SPEAKER, *INDEPENDENTS)  # codes of people, not parties: they keep seat shares
GB_NATIONS = NATIONS[:3]  # the "GB" scope of uk_national_totals.csv
OTHERS = "OTH"  # a scenario's code for the candidates outside the main parties, pooled
# [E] A party this big at every general election is in every poll: a blank share is a slip.
MAJOR_SHARE = 0.05


@dataclass(frozen=True)
class ResultsFiles:
    """The UK files; ``polls`` and ``governments`` may be None (none beside a user's file).

    ``governments`` lists who governed when (:mod:`votebank.uk.governments`); without it the
    incumbents are computed from the results.
    """

    candidates: Path
    contests: Path
    totals: Path
    polls: Path | None
    governments: Path | None = None

    def path(self, kind: str) -> Path:
        """The file of one kind; an InputError if a study needs polls and there are none."""
        found = getattr(self, kind)
        if found is None:
            raise InputError(
                [Problem(str(self.candidates.parent), "", NAMES[kind], f"no {kind} file here")]
            )
        return found


def shipped() -> ResultsFiles:
    """The shipped files (``votebank/data/uk``)."""
    base = Path(str(resources.files("votebank") / "data" / "uk"))
    kinds = ("candidates", "contests", "totals", "polls", "governments")
    return ResultsFiles(*(base / NAMES[k] for k in kinds))


def beside(
    candidates: str | Path,
    contests: str | Path | None = None,
    totals: str | Path | None = None,
    polls: str | Path | None = None,
    governments: str | Path | None = None,
) -> ResultsFiles:
    """A user's files: ``candidates``, and the others as given or beside it by shipped names.

    Polls and governments are optional: beside it if there, else None (a study that needs
    polls then says so; the incumbents are computed from the results).

    Raises:
        InputError: A named or expected file does not exist.
    """
    cands = Path(candidates)
    folder = cands.parent
    named = {"contests": contests, "totals": totals}
    found = {"candidates": cands} | {
        kind: Path(path) if path else folder / NAMES[kind]
        for kind, path in named.items()
        # The files beside a folder given for the candidates are not those in it: unsought.
        if path or not cands.is_dir()
    }
    problems = [
        _missing(kind, p, f" (the {NAMES[kind]} layout)")
        for kind, p in found.items()
        if not p.is_file()
    ]
    poll_file = Path(polls) if polls else folder / NAMES["polls"]
    gov_file = Path(governments) if governments else folder / NAMES["governments"]
    for kind, given, p in (("polls", polls, poll_file), ("governments", governments, gov_file)):
        if given and not p.is_file():
            problems.append(_missing(kind, p))
    if problems:
        raise InputError(problems)
    return ResultsFiles(
        **found,
        polls=poll_file if poll_file.is_file() else None,
        governments=gov_file if gov_file.is_file() else None,
    )


def _missing(kind: str, path: Path, layout: str = "") -> Problem:
    """A results file not found: a folder where it was sought is said to be one."""
    if path.is_dir():
        return Problem(str(path), "", str(path), f"is a folder; give the {kind} CSV{layout}")
    return Problem(str(path), "", str(path), f"no such {kind} file{layout}")


_ACTIVE: ContextVar[ResultsFiles | None] = ContextVar("uk_results_files", default=None)


def active() -> ResultsFiles:
    """The files the UK studies read now (the shipped ones unless inside :func:`using`)."""
    return _ACTIVE.get() or shipped()


@contextmanager
def using(files: ResultsFiles | None) -> Iterator[ResultsFiles]:
    """Read ``files`` (None: the shipped ones) inside the block."""
    token = _ACTIVE.set(files)
    try:
        yield active()
    finally:
        _ACTIVE.reset(token)


def describe() -> str:
    """Where the results in use come from, for a scenario's ``actual_source``."""
    if _ACTIVE.get() is None:
        return "Electoral Commission results via votebank/data/uk (SOURCES.md)"
    return f"results file {active().candidates}"


def table(kind: str) -> pd.DataFrame:
    """One table of the active files (``candidates``, ``contests``, ``totals`` or ``polls``)."""
    return read_checked(active().path(kind), kind)


def read_checked(path: Path, kind: str) -> pd.DataFrame:
    """Read and check one file (cached); InputError names file, row, column, value.

    A polls file's shares are its columns named as parties of the results in use.
    """
    if kind != "polls":
        return _read_checked(path, kind)
    return _read_checked(path, kind, poll_codes(), frozenset(major_parties()))


@cache
def _read_checked(
    path: Path, kind: str, codes: tuple[str, ...] = (), major: frozenset[str] = frozenset()
) -> pd.DataFrame:
    """:func:`read_checked` of the files in use, by path and (for polls) the parties' codes."""
    dates = DATES.get(kind, ("election_date",))
    # Shares as text: a `true` must not become 1, nor a column of them booleans. Seat ids as
    # text: numbered seats (0001) kept their zeros as numbers, and a number is no id to name.
    ids = ("constituency_id",) if kind in PLACES else ()
    shares = [column_name(c) for c in codes]
    text = dict.fromkeys((*shares, *dates, *ids), str)
    frame = read_csv(path, required=COLUMNS[kind], what=f"{kind} file", dtype=text)
    if kind == "polls" and not party_columns(frame.columns, codes):
        raise InputError([no_party_column(path, frame.columns, codes)])
    at = data_lines(path)  # each row's line (the header is line 1), past blank lines
    lines = np.asarray(at) if len(at) == len(frame) else np.arange(len(frame)) + 2
    # A spreadsheet writes an emptied row as delimiters only (",,,"): a blank line, as backtest.
    cells = np.char.strip(frame.astype(str).to_numpy(dtype=str))  # no rows: pandas warned 13x
    filled = (frame.notna().to_numpy() & (cells != "")).any(axis=1)
    frame, lines = frame[filled].reset_index(drop=True), lines[filled]
    if frame.empty:  # else 650 seats "with no candidate", as if the rows had been lost
        raise InputError([Problem(str(path), "", "", "no rows: the file holds a header only")])
    problems = []
    for col in dates:
        try:
            written, frame[col] = frame[col], iso_dates(frame[col], path, col, rows=lines)
            mark_month_first(frame, col, written)
        except InputError as e:
            problems += e.problems
    problems += blank_cells(frame, PLACES.get(kind, ()), path, lines) + spelt(frame, path, lines)
    if "election_type" in frame.columns:
        frame["election_type"] = election_types(frame["election_type"])
    # A poll pasted twice would count twice in every mean of its window.
    problems += repeated_rows(frame, path, lines) if kind in (*PLACES, "polls") else []
    for col in COUNTS[kind]:
        # An unknown count of rejected ballots is allowed.
        blank_ok = kind == "contests" and col == "rejected_ballots"
        _, bad = count_problems(frame[col], path, lines, blank_ok=blank_ok, whole=True, shown=3)
        problems += bad
    # "2.000" is 2000 in a European spreadsheet's export, and read as 2 it is a whole count.
    problems += dotted_counts(path, lines, COUNTS[kind])
    if kind == "candidates":
        problems += twice_problems(frame, path, lines) + miscased(frame, path, lines, MAIN_PARTIES)
        problems += misnamed(frame, path, lines, MAIN_PARTIES)
    if kind == "polls":
        named = party_columns(frame.columns, codes)
        problems += share_problems(frame, path, lines, named, major)
    if kind == "totals" and not problems:
        problems += totals_problems(frame, path, lines)
    if kind == "contests" and not problems:
        problems += turnout_problems(frame, path, lines)
    if problems:
        raise InputError(problems)
    return on_general_day(frame)  # a postponed poll on its general election's date


def mark_month_first(frame: pd.DataFrame, col: str, written: pd.Series) -> None:
    """Mark a column ``written`` as slashed dates of either order, read month first.

    ``frame[col]`` holds them as read; the first such column is kept, and
    :mod:`votebank.uk.date_order` says it.
    """
    if (k := month_first_guess(written)) is not None:
        guess = (col, str(written.iloc[k]).strip(), frame[col].iloc[k])
        frame.attrs.setdefault("month_first", guess)


def twice_problems(frame: pd.DataFrame, path: Path, lines: np.ndarray) -> list[Problem]:
    """Rows of a main party standing twice in one contest (a mistyped constituency_id?)."""
    party = set(MAIN_PARTIES) - set(INDEPENDENTS)
    key = [*_PLACE, "party"]
    twice = frame["party"].isin(party) & frame.duplicated(key, keep="first")
    why = "the party stands twice in this contest: is the constituency_id mistyped?"
    return [
        Problem(str(path), f"row {line}, column constituency_id", f"{seat} ({who})", why)
        for line, seat, who in zip(
            lines[twice][:5], frame["constituency_id"][twice], frame["party"][twice], strict=True
        )
    ]


def main_parties() -> tuple[str, ...]:
    """The harmonised codes, then every other party that won a contest in the file in use."""
    won = set(table("contests")["winner_party"].dropna().astype(str)) - set(MAIN_PARTIES)
    return (*MAIN_PARTIES, *sorted(won))


def poll_codes() -> tuple[str, ...]:
    """The codes a polls column may name: the harmonised ones, then every candidate's party."""
    stood = table("candidates")["party"].dropna().astype(str)
    return tuple(dict.fromkeys((*MAIN_PARTIES, *sorted(stood.unique()))))


def major_parties() -> set[str]:
    """Parties with MAJOR_SHARE of the GB vote at every general election of the totals."""
    t = table("totals")
    t = t[t["scope"].astype(str) == "GB"]
    share = t["votes"].astype(float) / t["total_valid_votes"].astype(float)
    big = [
        set(t.loc[g.index[g >= MAJOR_SHARE], "party"].astype(str))
        for _, g in share.groupby(t["election_date"])
    ]
    return set.intersection(*big) if big else set()


def swing_parties() -> tuple[str, ...]:
    """Main parties that stood in Great Britain (but independents and the Speaker).

    Their national shares swing; the others (Northern Irish parties, the Speaker,
    independents) keep their seat shares. On the shipped files: Con, Lab, LD, UKIP, Green,
    SNP and PC.
    """
    c = table("candidates")
    gb = set(c.loc[c["nation"].isin(GB_NATIONS), "party"].astype(str))
    return tuple(p for p in main_parties() if p in gb and p not in NOT_SWINGING)


def source_name(kind: str = "candidates") -> str:
    """The active file of a kind, as text (for messages)."""
    return str(active().path(kind))


def unknown_date(date: str, dates: list[str] | None, what: str = "election") -> InputError:
    """The error for a date the active files do not hold, listing those they do (if given)."""
    held = "" if dates is None else f"; it holds {', '.join(dates) or 'none'}"
    return InputError(
        [
            Problem(
                source_name("contests"),
                "column election_date",
                date,
                f"no {what} on this date in the file{held}",
            )
        ]
    )


def check_same_seats(base: str, target: str) -> None:
    """InputError unless the general elections on ``base`` and ``target`` have the same seats."""
    c = table("contests")
    c = c[c["election_type"] == "general"]
    a = set(c.loc[c["election_date"] == base, "constituency_id"])
    b = set(c.loc[c["election_date"] == target, "constituency_id"])
    problems = [
        Problem(
            source_name("contests"),
            "column constituency_id",
            ", ".join(sorted(only)[:5]) + (f" and {len(only) - 5} more" if len(only) > 5 else ""),
            f"seat(s) of the {here} election not in the {there} one (different boundaries?)",
        )
        for only, here, there in ((b - a, target, base), (a - b, base, target))
        if only
    ]
    if problems:
        raise InputError(problems)

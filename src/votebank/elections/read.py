"""Read one election of a results file as seats and candidates (:class:`Election`).

The rows of the election are chosen by :mod:`votebank.elections.rows`. In the
**constituency-rows** layout each row gives the top three candidates (``win_*``, ``second_*``,
``third_*``) and ``remainder_votes`` for the rest, which become one aggregate row "Other
candidates" (label ``OTH``) that cannot win; in the **candidate-rows** layout each row is a
candidate. A seat listed twice on the day with one result (the same counts and parties) keeps
its first row, with different results it is an error; a seat with blank votes
(not polled, uncontested) or none above zero is left out (both reported); a value that is not a
count (a fraction, a boolean), a blank count beside counted rivals, votes without a party, a
row given twice (:mod:`votebank.elections.broken_rows`) and one candidate given twice in a seat
(:mod:`votebank.elections.twice`) are errors.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from votebank.counts import count_problems
from votebank.csvfiles import blank_cells
from votebank.display import joined, listed
from votebank.elections.broken_rows import (
    dedupe_seats,
    refuse_partial_and_repeated,
    refuse_seats_unlike_themselves,
    unplaced_votes,
)
from votebank.elections.dotted import dotted_counts
from votebank.elections.parties import INDEPENDENT, PAKISTAN_PARTY_CODES
from votebank.elections.rows import election_rows
from votebank.elections.spelling import two_spellings
from votebank.elections.twice import twice_in_candidate_rows, twice_in_constituency_rows
from votebank.errors import InputError, Problem

OTHERS = "OTH"
# Labels a results file may give its "all other candidates" row (any case).
OTHER_LABELS = {"oth", "other", "others", "other(s)", "other candidates", "all others"}
# A candidate cell that names no one (any case): read as blank, a person unknown. "Unknown"
# in every row made each seat's candidates one person across elections, paired at random.
NO_NAME = {"unknown", "not known", "tbc", "tba", "tbd", "-", "--", "?", "n.a."}
# An ``elected`` cell saying so (any case); any other value is not elected. TRUE as the
# spreadsheets of other locales export it too (German WAHR, French VRAI, Spanish VERDADERO...):
# a file saved so read no one as elected, and a tie went to the first label.
ELECTED = ("1", "1.0", "true", "yes", "y", "x", "elected", "won", "winner")
ELECTED += ("wahr", "vrai", "verdadero", "verdadeiro", "vero", "waar", "sant", "prawda")


@dataclass(frozen=True)
class Election:
    """One election, long form.

    Attributes:
        label: How it was named (``pakistan:2008``, a file and date).
        file: The file read.
        date: Polling day (ISO).
        seats: ``seat``, ``region``, ``registered``, ``ballots`` (valid + rejected; NaN where
            the layout has none), ``boundary`` ('' if the layout has none), ``row`` (1-based
            data row in the file, for messages).
        candidates: ``seat``, ``name``, ``party``, ``votes``, ``aggregate``.
        notes: Rules applied while reading (duplicates dropped, re-polls added).
        polls_file: A polls file beside the results (``*polls*.csv``), '' if none.
        layout: ``rows`` (one row per seat) or ``candidates`` (one row per candidate).
        kind: ``general``, or the type of the later contests named by their day (``by-election``).
        polled_later: Seats not polled on the day that a later contest in the file polls,
            left out unless ``by_elections`` (a note on them can say so).
        party_names: ``(label, name)`` of each party the file names (its ``party_name``
            column, candidate rows only; the others' row left out), sorted: the shipped
            UK 1983 and 1987 rows label the SDP-Liberal Alliance LD.
        generals: Every general election's day in the file, sorted (those between two
            elections are named: :mod:`votebank.backtest.between`).
    """

    label: str
    file: str
    date: str
    seats: pd.DataFrame = field(repr=False)
    candidates: pd.DataFrame = field(repr=False)
    notes: tuple[str, ...] = ()
    polls_file: str = ""
    layout: str = ""
    kind: str = "general"
    polled_later: tuple[str, ...] = ()
    party_names: tuple[tuple[str, str], ...] = ()
    generals: tuple[str, ...] = ()


def read_election(
    spec: str,
    date: str | None = None,
    by_elections: bool = False,
    *,
    repolls: bool = False,
    sort_seats: bool = False,
    case_blind: bool = False,
    contests: bool = False,
) -> Election:
    """Read one election (see the module docstring and :func:`election_rows`).

    A party or region written two ways but for case or spacing is refused
    (:mod:`votebank.elections.spelling`), unless ``case_blind``: the caller matches labels
    case-blind itself (``validate-against`` maps them to the scenario's parties).
    """
    got = election_rows(
        spec, date, by_elections, repolls=repolls, sort_seats=sort_seats, contests=contests
    )
    path, notes = got.path, got.notes
    alike = INDEPENDENT | OTHER_LABELS
    spelt = [] if case_blind else two_spellings(got.rows, got.layout, path, alike)
    if got.layout == "rows":
        seats, cands = _from_rows(got.rows, path, notes, spelt)
    else:
        seats, cands = _from_candidates(got.rows, path, notes, spelt)
    if seats.empty:  # every seat left out: said here, not as seats the base does not share
        why = "no votes counted in that election: every count is blank or zero"
        raise InputError([Problem(str(path), "election_date", got.date, why)])
    polls = _polls(path)
    return Election(
        got.label,
        str(path),
        got.date,
        seats,
        cands,
        tuple(notes),
        polls,
        got.layout,
        got.kind,
        got.polled_later,
        _party_names(got.rows) if got.layout == "candidates" else (),
        got.generals,
    )


def _party_names(rows: pd.DataFrame) -> tuple[tuple[str, str], ...]:
    """``(label, name)`` pairs of a candidate file's ``party_name`` column (none without it)."""
    if "party_name" not in rows:
        return ()
    label = rows["party"].astype(str).str.strip()
    name = rows["party_name"].astype(object).where(rows["party_name"].notna(), "")
    name = name.astype(str).str.strip()
    keep = name.ne("") & ~label.str.lower().isin(OTHER_LABELS)
    return tuple(sorted(set(zip(label[keep], name[keep], strict=True))))


POLLS = "*polls*.csv"
"""Polls files are found beside the results by this pattern."""


def _polls(path: Path) -> str:
    found = sorted(path.parent.glob(POLLS))
    return str(found[0]) if found else ""


def _num(frame: pd.DataFrame, col: str, path: Path, problems: list[Problem], ok_nan=False):
    values, found = count_problems(
        frame[col], path, frame["_row"].to_numpy(), blank_ok=ok_nan, whole=True
    )
    # A column with counts written 4.600 is named by them (dotted_counts), not by the same
    # cells read as numbers again (got 4.6).
    if not any(p.location.endswith(f", column {col}") for p in problems):
        problems += found
    return values


def _from_rows(day: pd.DataFrame, path: Path, notes: list[str], spelt: list[Problem]):
    problems = [*spelt, *_blanks(day, ("constituency_number", "province"), path)]
    counts = ("validated_votes", "voter_reg", "votes_cast", "remainder_votes")
    counts += tuple(f"{pos}_votes" for pos in ("win", "second", "third"))
    problems += dotted_counts(path, day["_row"].to_numpy(), counts)
    day = day.assign(**{col: _num(day, col, path, problems, ok_nan=True) for col in counts})
    result = [*counts, *(f"{pos}_party" for pos in ("win", "second", "third"))]
    day = dedupe_seats(day, "constituency_number", result, path, notes, problems)
    # A count already refused as no count is not refused again as a missing one.
    said = {(p.file, p.location) for p in problems}
    problems += [p for p in unplaced_votes(day, path) if (p.file, p.location) not in said]
    problems += twice_in_constituency_rows(day, path)
    if problems:
        raise InputError(problems)
    no_result = day["validated_votes"].isna() | day["win_votes"].isna() | (day["win_votes"] == 0)
    if no_result.any():
        gone = sorted(day.loc[no_result, "constituency_number"].astype(str))
        notes.append(f"seats with no votes recorded, left out: {listed(gone)}")
        day = day[~no_result]
    behind = (day["second_votes"] > day["win_votes"]) | (day["third_votes"] > day["win_votes"])
    if behind.any():  # a slip of the file's, or a result changed after the count
        seats_behind = sorted(day.loc[behind, "constituency_number"].astype(str))
        notes.append(
            f"seats whose named winner has fewer votes than a rival, the counts deciding: "
            f"{listed(seats_behind)}"
        )
    seats = pd.DataFrame(
        {
            "seat": day["constituency_number"].astype(str).to_numpy(),
            "region": day["province"].astype(str).to_numpy(),
            "registered": day["voter_reg"].to_numpy(dtype=float),
            "ballots": day["votes_cast"].to_numpy(dtype=float),
            "boundary": day["delimit"].astype(str).to_numpy() if "delimit" in day else "",
            "name": _names(day),
            "row": day["_row"].to_numpy(),
        }
    )
    parts = []
    for pos in ("win", "second", "third"):
        part = day[["constituency_number", f"{pos}_name", f"{pos}_party", f"{pos}_votes"]]
        part = part.set_axis(["seat", "name", "party", "votes"], axis=1)
        parts.append(part.assign(elected=pos == "win"))
    rest = day[["constituency_number", "remainder_votes"]].set_axis(["seat", "votes"], axis=1)
    rest = rest.assign(name="Other candidates", party=OTHERS, aggregate=True)
    cands = pd.concat([*parts, rest], ignore_index=True).dropna(subset=["party"])
    cands["votes"] = cands["votes"].fillna(0.0)
    cands = cands[(cands["votes"] > 0) | ~cands["aggregate"].fillna(False).astype(bool)]
    _rolls_not_given(seats, notes)
    _ballots_not_given(seats, notes)
    seats = _below_counted(seats, cands, notes, "ballots", "ballots cast")
    return _below_counted(seats, cands, notes, "registered", "rolls"), _finish(cands)


def _from_candidates(day: pd.DataFrame, path: Path, notes: list[str], spelt: list[Problem]):
    problems = [*spelt, *_blanks(day, ("constituency_id", "region", "party"), path)]
    # A seat's ballots counted (valid + rejected), optional: given on its rows as its roll is,
    # they are its turnout; else turnout comes from a contests file beside (the UK's).
    seat_counts = ("electorate", *(["ballots_counted"] if "ballots_counted" in day else []))
    problems += dotted_counts(path, day["_row"].to_numpy(), ("votes", *seat_counts))
    votes = _num(day, "votes", path, problems, ok_nan=True)
    counted = {col: _num(day, col, path, problems, ok_nan=True) for col in seat_counts}
    if problems:
        raise InputError(problems)
    day = day.assign(votes=votes, **counted)
    refuse_partial_and_repeated(day, path)
    if twice := twice_in_candidate_rows(day, path):
        raise InputError(twice)
    refuse_seats_unlike_themselves(day, path)
    # A seat with every count blank or zero (uncontested, not polled) has no result.
    empty = day.groupby("constituency_id")["votes"].transform(lambda v: not (v > 0).any())
    if empty.any():
        gone = sorted(day.loc[empty, "constituency_id"].astype(str).unique())
        notes.append(f"seats with no votes recorded, left out: {listed(gone)}")
        day = day[~empty]
    first = day.drop_duplicates("constituency_id")

    def seat_value(col: str) -> np.ndarray:  # the first row of the seat that gives it
        given = day.groupby("constituency_id", sort=False)[col].first()
        return given.reindex(first["constituency_id"]).to_numpy(dtype=float)

    given_ballots = "ballots_counted" in day
    seats = pd.DataFrame(
        {
            "seat": first["constituency_id"].astype(str).to_numpy(),
            "region": first["region"].astype(str).to_numpy(),
            "registered": seat_value("electorate"),
            "ballots": seat_value("ballots_counted") if given_ballots else np.nan,
            "boundary": first["boundary"].astype(str).to_numpy() if "boundary" in first else "",
            "name": _names(first),
            "row": first["_row"].to_numpy(),
        }
    )
    _rolls_not_given(seats, notes)
    if given_ballots:
        _ballots_not_given(seats, notes)
    cands = day[["constituency_id", "candidate", "party", "votes"]].set_axis(
        ["seat", "name", "party", "votes"], axis=1
    )
    # Who was declared elected, where the file says (it decides a tie for first place).
    if "elected" in day:
        flag = day["elected"].astype(str).str.strip().str.lower()
        cands = cands.assign(elected=flag.isin(ELECTED).to_numpy())
    # A row labelled as "all other candidates" (a party-level file) is the aggregate others
    # row of the constituency-rows layout: labelled OTH, it cannot win.
    others = cands["party"].astype(str).str.strip().str.lower().isin(OTHER_LABELS)
    if others.any():
        labels = sorted(cands.loc[others, "party"].astype(str).unique())
        notes.append(
            f"rows labelled {joined(labels)} read as the aggregate of other candidates (OTH)"
        )
    cands = cands.assign(party=cands["party"].where(~others, OTHERS), aggregate=others)
    if others.any():
        _others_ahead(cands, notes)
    if "elected" in cands:
        _declared_behind(cands, notes)
    if given_ballots:
        seats = _below_counted(seats, cands, notes, "ballots", "ballots cast")
    return _below_counted(seats, cands, notes, "registered", "rolls"), _finish(cands)


def _others_ahead(cands: pd.DataFrame, notes: list[str]) -> None:
    """Seats whose others' row has more votes than every party row are listed (it cannot win)."""
    agg, seat = cands["aggregate"].astype(bool), cands["seat"].astype(str)
    others = cands["votes"].where(agg).groupby(seat).max()
    named = cands["votes"].where(~agg).groupby(seat).max()
    ahead = sorted(others.index[(others > named).to_numpy()])  # a seat of OTH alone: not here
    if ahead:  # a party-level file's Speaker or independent may have won there
        why = "seats where the others' row (OTH) outpolls every party row, the best party row"
        notes.append(
            f"{why} read as the winner (the winner may be among the others): {listed(ahead)}"
        )


def _declared_behind(cands: pd.DataFrame, notes: list[str]) -> None:
    """Seats whose declared winner has fewer votes than a rival are listed: the counts decide."""
    named = cands["votes"].where(~cands["aggregate"].astype(bool))  # "others" cannot win
    top = named.groupby(cands["seat"]).transform("max")
    behind = cands["elected"] & (cands["votes"] < top)
    if behind.any():  # a slip of the file's, or a result changed after the count
        seats = sorted(cands.loc[behind, "seat"].astype(str).unique())
        why = "seats whose declared winner has fewer votes than a rival, the counts deciding"
        notes.append(f"{why}: {listed(seats)}")


def _blanks(day: pd.DataFrame, columns: tuple[str, ...], path: Path) -> list[Problem]:
    """A row without a seat, a region or a party cannot be placed."""
    return blank_cells(day, columns, path, day["_row"].to_numpy())


def _rolls_not_given(seats: pd.DataFrame, notes: list[str]) -> None:
    """Seats without a roll are listed (weighed by their base votes, not their roll)."""
    if seats["registered"].isna().any():
        rollless = sorted(seats.loc[seats["registered"].isna(), "seat"].astype(str))
        notes.append(f"rolls not given, read as unknown: {listed(rollless)}")


def _ballots_not_given(seats: pd.DataFrame, notes: list[str]) -> None:
    """Seats without ballots cast are listed: their real turnout is unknown, as of rolls."""
    if seats["ballots"].isna().any():
        unknown = sorted(seats.loc[seats["ballots"].isna(), "seat"].astype(str))
        notes.append(f"ballots cast not given, read as unknown: {listed(unknown)}")


def _below_counted(
    seats: pd.DataFrame, cands: pd.DataFrame, notes: list[str], column: str, what: str
) -> pd.DataFrame:
    """A roll or a ballot count below the votes counted in its seat (a slip) is unknown."""
    counted = cands.groupby(cands["seat"].astype(str))["votes"].sum()
    votes = counted.reindex(seats["seat"].astype(str)).to_numpy(float)
    low = seats[column].to_numpy(float) < votes
    # A 0 is how a file may write a count it does not have (the shipped UK file of 1974-1979).
    zero = low & (seats[column].to_numpy(float) == 0)
    for which, why in ((zero, "given as 0"), (low & ~zero, "below the votes counted")):
        if which.any():
            listed_seats = listed(sorted(map(str, seats["seat"][which])))
            notes.append(f"{what} {why}, read as unknown: {listed_seats}")
    if low.any():
        seats = seats.assign(**{column: np.where(low, np.nan, seats[column])})
    return seats


def _names(rows: pd.DataFrame) -> np.ndarray | str:
    """Each seat's ``constituency_name`` ('' where the file gives none)."""
    if "constituency_name" not in rows:
        return ""
    col = rows["constituency_name"]
    return col.astype(object).where(col.notna(), "").astype(str).to_numpy()


def _finish(cands: pd.DataFrame) -> pd.DataFrame:
    out = cands.copy()
    out["seat"] = out["seat"].astype(str)
    # Short codes for display only; a party without one keeps its full label, and so does one
    # whose code is another party's label in the file (a user's "NP" beside "National Party").
    labels = set(out["party"].astype(str))
    codes = {p: c for p, c in PAKISTAN_PARTY_CODES.items() if c not in labels}
    out["party"] = out["party"].astype(str).map(lambda p: codes.get(p, p))
    out["name"] = out["name"].astype(object).where(out["name"].notna(), "").astype(str)
    out["name"] = out["name"].where(~out["name"].str.strip().str.casefold().isin(NO_NAME), "")
    out["aggregate"] = out["aggregate"].fillna(False).astype(bool)
    out["elected"] = out.get("elected", pd.Series(False, index=out.index))
    out["elected"] = out["elected"].fillna(False).astype(bool) & ~out["aggregate"]
    out["votes"] = out["votes"].astype(float)
    return out.reset_index(drop=True)

"""Rows of a results file that cannot be read as one result: refused, naming file, row and value.

A seat listed twice with different results, votes without a party, a blank count beside
counted rivals, a row given twice, and a seat whose rows disagree on its region, roll or name.
Counts the file leaves blank or writes as text are quoted as written.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from votebank.csvfiles import data_lines, read_csv, repeated_rows
from votebank.display import listed
from votebank.errors import InputError, Problem


def unplaced_votes(day: pd.DataFrame, path: Path) -> list[Problem]:
    """Votes without a party, or a blank winner beside counted rivals: a broken row.

    Left alone, the first would drop a candidate (often the winner) and the second the seat.
    """
    rows = day["_row"].to_numpy()
    problems = []
    for pos in ("win", "second", "third"):
        party = day[f"{pos}_party"]
        votes = day[f"{pos}_votes"].to_numpy(float)
        bad = ((party.isna() | party.astype(str).str.strip().eq("")) & (votes > 0)).to_numpy()
        problems += [
            Problem(str(path), f"row {line}, column {pos}_party", "", f"blank, with {_votes(v)}")
            for line, v in zip(rows[bad][:5], votes[bad][:5], strict=True)
        ]
    # A named runner-up without a count beside a counted winner: read as 0 it would lose.
    for pos in ("second", "third"):
        named = ~(day[f"{pos}_party"].isna() | day[f"{pos}_party"].astype(str).str.strip().eq(""))
        lines = rows[(named & day[f"{pos}_votes"].isna() & (day["win_votes"] > 0)).to_numpy()][:5]
        cells = _cells_as_written(path, pd.Series(lines), f"{pos}_votes") if len(lines) else {}
        for line in lines:
            text = cells.get(line, "")
            why = f"{_missing_count(text)}, though the row names its party and the winner's votes"
            problems.append(Problem(str(path), f"row {line}, column {pos}_votes", text, why))
    rivals = (day["second_votes"] > 0) | (day["third_votes"] > 0)
    no_winner = ((day["win_votes"].isna() | (day["win_votes"] == 0)) & rivals).to_numpy()
    lines = rows[no_winner][:5]
    cells = _cells_as_written(path, pd.Series(lines), "win_votes") if len(lines) else {}
    for line in lines:
        text = cells.get(line, "")
        why = f"{_missing_count(text)}, though the second or third candidate has votes"
        problems.append(Problem(str(path), f"row {line}, column win_votes", text, why))
    return problems


def _missing_count(text: str) -> str:
    """How to name a count read as missing or none, as the file writes it.

    pandas reads "nan", "NA" or "NULL" as missing: they are "not a count", an empty cell
    "blank", and a zero "0".
    """
    if not text:
        return "blank"
    try:
        return "0" if float(text.replace(",", "")) == 0 else "not a count"
    except ValueError:
        return "not a count"


def refuse_partial_and_repeated(day: pd.DataFrame, path: Path) -> None:
    """A blank count beside counted rivals, or a row given twice, is a broken file."""
    problems: list[Problem] = []
    seat = day["constituency_id"]
    counted = day["votes"].notna().groupby(seat).transform("any")
    missing = day.index[day["votes"].isna() & counted][:5]
    cells = _cells_as_written(path, day.loc[missing, "_row"], "votes") if len(missing) else {}
    for idx in missing:
        line = day.at[idx, "_row"]
        text = cells.get(line, "")
        why = f"{_missing_count(text)}, though other candidates of seat {seat[idx]} have counts"
        problems.append(Problem(str(path), f"row {line}, column votes", text, why))
    problems += repeated_rows(day.drop(columns="_row"), path, day["_row"].to_numpy())
    if problems:
        raise InputError(problems)


SEAT_FACTS = ("region", "nation", "electorate", "ballots_counted", "boundary", "constituency_name")


def refuse_seats_unlike_themselves(day: pd.DataFrame, path: Path) -> None:
    """A seat's rows that disagree on its region, roll or name: which row is right is unknown."""
    problems = []
    for col in (c for c in SEAT_FACTS if c in day):
        # Blank cells say nothing (a spreadsheet may give a seat's roll on its first row only).
        given = day[col].notna() & day[col].astype(str).str.strip().ne("")
        cells = day[col].astype(str).where(given)
        differ = cells.groupby(day["constituency_id"]).transform("nunique") > 1
        for seat, rows in day[differ].groupby("constituency_id", sort=False)["_row"]:
            values = ", ".join(dict.fromkeys(cells[rows.index].dropna()))
            where = f"rows {', '.join(map(str, rows))}, column {col}"
            problems.append(Problem(str(path), where, values, f"seat {seat}'s rows disagree"))
    if problems:
        raise InputError(problems[:10])


def _cells_as_written(path: Path, rows: pd.Series, column: str) -> dict[int, str]:
    """The text of ``column`` in the file's ``rows`` (lines of the file, the header's 1)."""
    raw = read_csv(path, dtype=str, keep_default_na=False)
    if column not in raw.columns:
        return {}
    lines = data_lines(path)
    lines = lines if len(lines) == len(raw) else list(range(2, len(raw) + 2))
    place = dict(zip(lines, raw[column], strict=True))
    return {int(r): str(place[int(r)]).strip() for r in rows if int(r) in place}


def dedupe_seats(
    day: pd.DataFrame,
    key: str,
    result: list[str],
    path: Path,
    notes: list[str],
    problems: list[Problem],
) -> pd.DataFrame:
    """One row per seat: a seat listed twice keeps its first row if both give one result.

    Rows that give the same counts and parties (a name spelt twice) are harmless; rows that
    give different results are an error: keeping either would make the forecast depend on
    the order of the file's rows.
    """
    dup = day[key].duplicated(keep="first")
    if not dup.any():
        return day
    cols = [c for c in result if c in day.columns]
    for seat, rows in day[day[key].isin(set(day.loc[dup, key]))].groupby(key, sort=True):
        cells = rows[cols].astype(object).where(rows[cols].notna(), "")
        cells = cells.apply(lambda c: c.astype(str).str.strip())
        differ = [c for c in cols if cells[c].nunique() > 1]
        if differ:
            lines = " and ".join(str(r) for r in rows["_row"])
            problems.append(
                Problem(
                    str(path),
                    f"rows {lines}",
                    str(seat),
                    f"seat {seat} is listed twice on the day with different results "
                    f"({', '.join(differ)}): which is right is unknown; keep one row",
                )
            )
    notes.append(
        f"seats listed twice on the day, first row kept: {listed(sorted(map(str, day[key][dup])))}"
    )
    return day[~dup]


def _votes(v: float) -> str:
    """``400 votes``, ``1 vote``: a count of votes as a refusal says it."""
    return f"{v:,.0f} {'vote' if f'{v:.0f}' == '1' else 'votes'}"

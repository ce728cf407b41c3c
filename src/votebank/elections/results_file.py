"""A results file read as text columns, and what its rows hold: layout, dates, assemblies.

Two layouts are read, told apart by their columns (:func:`layout_of`): **constituency rows**
(one row per contest, :data:`ROWS_COLUMNS`) and **candidate rows** (one row per candidate,
:data:`CANDIDATE_COLUMNS`).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from votebank.csvfiles import data_lines, read_csv
from votebank.dates import iso_dates, month_first_note
from votebank.elections.later import is_general
from votebank.elections.postponed import postponed_polls, seat_columns
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


# Columns that name a party or a person: text too (Brazil's parties are numbers, 13 and 45:
# read as numbers they were labelled 13.0 and 45.0, and a party 01 was 1.0).
NAME_COLUMNS = (
    "constituency_name",
    "party",
    "party_name",
    "candidate",
    *(f"{pos}_{c}" for pos in ("win", "second", "third") for c in ("party", "name")),
)


def layout_of(columns) -> str:
    """``rows`` (one row per seat) or ``candidates`` (one per candidate), from the columns."""
    return "rows" if "constituency_number" in columns or "win_party" in columns else "candidates"


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


def read_results(path: Path) -> pd.DataFrame:
    """A results file as text columns, ``election_date`` made ISO (:func:`iso_dates`).

    ``_row`` is each row's line in the file (the header's is 1), for messages. An empty file,
    or one of a header alone, is an InputError saying so (pandas' wording named no cause).
    """
    if _blank_file(path):
        raise InputError([Problem(str(path), "", "", "empty file: no header and no rows")])
    # Ids as written: a seat 0503 is not 503 in messages and tables (matching ignores zeros).
    text = dict.fromkeys(("election_date", *ID_COLUMNS, *NAME_COLUMNS), str)
    raw = read_csv(path, dtype=text, low_memory=False)
    lines = data_lines(path)
    raw["_row"] = lines if len(lines) == len(raw) else np.arange(len(raw)) + 2
    # A spreadsheet writes an emptied row as delimiters only (",,,"): a blank line.
    filled = np.zeros(len(raw), dtype=bool)
    for col in raw.columns.drop("_row"):
        filled |= (raw[col].notna() & raw[col].astype(str).str.strip().ne("")).to_numpy(bool)
    raw = raw[filled]
    if raw.empty:
        raise InputError([Problem(str(path), "", "", "no rows: the file holds a header only")])
    if "election_type" in raw.columns:  # in any spacing, as the UK studies read it
        raw["election_type"] = raw["election_type"].map(_spaced)
    if "election_date" in raw.columns:
        written = raw["election_date"]
        raw["election_date"] = iso_dates(written, path, rows=raw["_row"].to_numpy())
        if note := month_first_note(written, raw["election_date"]):  # in the reading notes
            raw.attrs["month_first"] = note
    return raw


def _blank_file(path: Path) -> bool:
    """Whether a file holds no text at all (0 bytes, or blank lines and a byte-order mark)."""
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 16), b""):
            if chunk.replace(b"\xef\xbb\xbf", b"").strip():
                return False
    return True


def _spaced(value):
    """Text with its runs of spaces made one (``General  Election`` is ``General Election``)."""
    return " ".join(value.split()) if isinstance(value, str) else value


def general_dates(raw: pd.DataFrame) -> list[str]:
    """Dates of the general elections in a file's rows (not their postponed polls)."""
    dates = raw.loc[is_general(raw), "election_date"].dropna().unique()
    return sorted(set(dates) - set(postponed(raw)))


def postponed(raw: pd.DataFrame) -> dict[str, str]:
    """``{date: general election}`` of the file's postponed polls (:mod:`.postponed`)."""
    return postponed_polls(raw, is_general(raw), *seat_columns(layout_of(raw.columns)))

"""Read one election for a backtest: ``pakistan:YEAR``, ``uk:YEAR`` or a results file.

Two file layouts are read, told apart by their columns:

* **constituency rows** (the shipped Pakistan file): one row per contest, the top three
  candidates (``win_*``, ``second_*``, ``third_*``) and ``remainder_votes`` for the rest, which
  become one aggregate row "Other candidates" (label ``OTH``) that cannot win;
* **candidate rows** (the shipped UK candidate file): one row per candidate.

An election is the rows of one date whose type is a general election (``General Election``,
``general``); by-elections and re-polls are left out unless asked for, and then only a
re-poll or by-election of a seat with no general row in that cycle is added (reported). A seat
listed twice on the day keeps its first row, and a seat with blank votes (not polled,
uncontested) is left out (both reported); a value that is not a count is an error.
Nothing here knows a year, a party or a seat: ``pakistan:1997`` is the general election of the
shipped file held in 1997.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from votebank.counts import MAX_COUNT, not_counts
from votebank.dates import iso_dates
from votebank.errors import InputError, Problem

OTHERS = "OTH"
# Labels a results file may give its "all other candidates" row (any case).
OTHER_LABELS = {"oth", "other", "others", "other candidates", "all others"}
PAK_FILE = "na_pa_results_1993_2008.csv"
UK_FILE = "uk_results_candidates.csv"
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
GENERAL = {"general election", "general"}
# No constituency has a billion voters: a count above this is a typing or unit error.


@dataclass(frozen=True)
class Election:
    """One election, long form.

    Attributes:
        label: How it was named (``pakistan:2008``, a file and date).
        file: The file read.
        date: Polling day (ISO).
        seats: ``seat``, ``region``, ``registered``, ``boundary`` ('' if the layout has none),
            ``row`` (1-based data row in the file, for messages).
        candidates: ``seat``, ``name``, ``party``, ``votes``, ``aggregate``.
        notes: Rules applied while reading (duplicates dropped, re-polls added).
        polls_file: A polls file beside the results (``*polls*.csv``), '' if none.
        layout: ``rows`` (one row per seat) or ``candidates`` (one row per candidate).
    """

    label: str
    file: str
    date: str
    seats: pd.DataFrame = field(repr=False)
    candidates: pd.DataFrame = field(repr=False)
    notes: tuple[str, ...] = ()
    polls_file: str = ""
    layout: str = ""


def shipped_file(kind: str) -> Path:
    """The shipped results file of ``pakistan`` or ``uk``."""
    name = {"pakistan": PAK_FILE, "uk": UK_FILE}[kind]
    return Path(str(resources.files("votebank") / "data" / kind / name))


def parse_spec(spec: str, date: str | None = None) -> tuple[Path, str | None, str]:
    """``pakistan:YEAR``, ``uk:YEAR``, ``FILE`` or ``FILE:DATE`` -> (file, date, label)."""
    kind, colon, rest = spec.partition(":")
    if colon and kind.lower() in ("pakistan", "uk"):
        return shipped_file(kind.lower()), rest or date, spec
    head, colon, tail = spec.rpartition(":")
    if colon and Path(head).is_file():
        return Path(head), tail, spec
    path = Path(spec)
    if not path.is_file():
        raise InputError(
            [Problem(spec, "", spec, "no such file; use pakistan:YEAR, uk:YEAR or a CSV file")]
        )
    return path, date, f"{spec}:{date}" if date else spec


def read_election(spec: str, date: str | None = None, by_elections: bool = False) -> Election:
    """Read one election (see the module docstring); InputError names file, row and value."""
    path, when, label = parse_spec(spec, date)
    raw = read_results(path)
    raw["_row"] = np.arange(len(raw)) + 2  # header is line 1
    if "constituency_number" in raw.columns or "win_party" in raw.columns:
        layout, need = "rows", ROWS_COLUMNS
    else:
        layout, need = "candidates", CANDIDATE_COLUMNS
    missing = [c for c in need if c not in raw.columns]
    if missing:
        raise InputError([Problem(str(path), "header", ", ".join(missing), "missing column(s)")])
    if "assembly" in raw.columns and raw["assembly"].nunique() > 1:
        # A file of several assemblies: the national one (the only one a seat count fits).
        raw = raw[raw["assembly"].astype(str).str.lower() == "national"]
    chosen = _pick_date(raw, when, path)
    notes: list[str] = []
    kind = raw["election_type"].astype(str).str.lower()
    day = raw[(raw["election_date"] == chosen) & kind.isin(GENERAL)]
    if by_elections:
        day = _add_later(raw, day, chosen, layout, notes)
    if layout == "rows":
        seats, cands = _from_rows(day, path, notes)
    else:
        seats, cands = _from_candidates(day, path, notes)
    return Election(label, str(path), chosen, seats, cands, tuple(notes), _polls(path), layout)


def read_results(path: Path) -> pd.DataFrame:
    """A results file as text columns, ``election_date`` made ISO (:func:`iso_dates`)."""
    try:
        raw = pd.read_csv(path, dtype={"election_date": str}, low_memory=False)
    except (OSError, ValueError, pd.errors.ParserError) as e:
        raise InputError([Problem(str(path), "", "", f"cannot read as CSV: {e}")]) from e
    if "election_date" in raw.columns:
        raw["election_date"] = iso_dates(raw["election_date"], path)
    return raw


def _polls(path: Path) -> str:
    found = sorted(path.parent.glob("*polls*.csv"))
    return str(found[0]) if found else ""


def general_dates(raw: pd.DataFrame) -> list[str]:
    """Dates of the general elections in a file's rows."""
    kind = raw["election_type"].astype(str).str.lower()
    return sorted(raw.loc[kind.isin(GENERAL), "election_date"].dropna().unique())


def _pick_date(raw: pd.DataFrame, when: str | None, path: Path) -> str:
    dates = general_dates(raw)
    if when is None:
        if len(dates) == 1:
            return dates[0]
        raise InputError(
            [Problem(str(path), "election_date", "", f"several elections; pick one: {dates}")]
        )
    hits = [d for d in dates if d == when or d.startswith(f"{when}-")]
    if len(hits) != 1:
        why = "no general election on that date" if not hits else "several elections match"
        raise InputError(
            [Problem(str(path), "election_date", when, f"{why}; dates in the file: {dates}")]
        )
    return hits[0]


def _add_later(
    raw: pd.DataFrame, day: pd.DataFrame, chosen: str, layout: str, notes: list[str]
) -> pd.DataFrame:
    """Re-polls and by-elections of seats without a general row, before the next election."""
    key = "constituency_number" if layout == "rows" else "constituency_id"
    nxt = [d for d in general_dates(raw) if d > chosen]
    later = raw[
        (raw["election_date"] > chosen)
        & (raw["election_date"] < (nxt[0] if nxt else "9999"))
        & ~raw["election_type"].astype(str).str.lower().isin(GENERAL)
        & ~raw[key].isin(day[key])
    ]
    if "delimit" in raw.columns and len(day):
        later = later[later["delimit"] == day["delimit"].iloc[0]]
    later = later.sort_values("election_date", kind="stable")
    # The first later contest of each seat only.
    first = later.groupby(key)["election_date"].transform("min")
    later = later[later["election_date"] == first]
    if len(later):
        notes.append(
            f"by-elections/re-polls added for seats not polled on the day: "
            f"{sorted(later[key].unique())}"
        )
    return pd.concat([day, later])


def _num(frame: pd.DataFrame, col: str, path: Path, problems: list[Problem], ok_nan=False):
    v, bad = not_counts(frame[col], blank_ok=ok_nan)
    for idx in frame.index[bad][:5]:
        problems.append(
            Problem(
                str(path),
                f"row {frame.at[idx, '_row']}, column {col}",
                str(frame.at[idx, col]),
                f"not a count (a finite number from 0 to {MAX_COUNT:.0e})",
            )
        )
    return v


def _from_rows(day: pd.DataFrame, path: Path, notes: list[str]):
    problems: list[Problem] = []
    day = _dedupe(day, "constituency_number", notes)
    counted = [
        _num(day, col, path, problems, ok_nan=True) for col in ("validated_votes", "win_votes")
    ]
    for col in ("second_votes", "third_votes", "remainder_votes"):
        _num(day, col, path, problems, ok_nan=True)
    reg = _num(day, "voter_reg", path, problems, ok_nan=True)
    if problems:
        raise InputError(problems)
    no_result = counted[0].isna() | counted[1].isna()
    if no_result.any():
        gone = sorted(day.loc[no_result, "constituency_number"].astype(str))
        notes.append(f"seats with no votes recorded, left out: {gone}")
        day, reg = day[~no_result], reg[~no_result]
    seats = pd.DataFrame(
        {
            "seat": day["constituency_number"].astype(str).to_numpy(),
            "region": day["province"].astype(str).to_numpy(),
            "registered": reg.to_numpy(dtype=float),
            "boundary": day["delimit"].astype(str).to_numpy() if "delimit" in day else "",
            "name": _names(day),
            "row": day["_row"].to_numpy(),
        }
    )
    parts = []
    for pos in ("win", "second", "third"):
        part = day[["constituency_number", f"{pos}_name", f"{pos}_party", f"{pos}_votes"]]
        parts.append(part.set_axis(["seat", "name", "party", "votes"], axis=1))
    rest = day[["constituency_number", "remainder_votes"]].set_axis(["seat", "votes"], axis=1)
    rest = rest.assign(name="Other candidates", party=OTHERS, aggregate=True)
    cands = pd.concat([*parts, rest], ignore_index=True).dropna(subset=["party"])
    cands["votes"] = pd.to_numeric(cands["votes"], errors="coerce").fillna(0.0)
    cands = cands[(cands["votes"] > 0) | ~cands["aggregate"].fillna(False).astype(bool)]
    return seats, _finish(cands)


def _from_candidates(day: pd.DataFrame, path: Path, notes: list[str]):
    problems: list[Problem] = []
    votes = _num(day, "votes", path, problems, ok_nan=True)
    reg = _num(day, "electorate", path, problems, ok_nan=True)
    if problems:
        raise InputError(problems)
    day = day.assign(votes=votes, electorate=reg)
    # A seat with any candidate's votes blank (uncontested, not polled) has no result.
    empty = day.groupby("constituency_id")["votes"].transform(lambda v: v.isna().any())
    if empty.any():
        gone = sorted(day.loc[empty, "constituency_id"].astype(str).unique())
        notes.append(f"seats with no votes recorded, left out: {gone}")
        day = day[~empty]
    first = day.drop_duplicates("constituency_id")
    seats = pd.DataFrame(
        {
            "seat": first["constituency_id"].astype(str).to_numpy(),
            "region": first["region"].astype(str).to_numpy(),
            "registered": first["electorate"].to_numpy(dtype=float),
            "boundary": first["boundary"].astype(str).to_numpy() if "boundary" in first else "",
            "name": _names(first),
            "row": first["_row"].to_numpy(),
        }
    )
    cands = day[["constituency_id", "candidate", "party", "votes"]].set_axis(
        ["seat", "name", "party", "votes"], axis=1
    )
    # A row labelled as "all other candidates" (a party-level file) is the aggregate others
    # row of the constituency-rows layout: labelled OTH, it cannot win.
    others = cands["party"].astype(str).str.strip().str.lower().isin(OTHER_LABELS)
    if others.any():
        labels = sorted(cands.loc[others, "party"].astype(str).unique())
        notes.append(f"rows labelled {labels} read as the aggregate of other candidates (OTH)")
    cands = cands.assign(party=cands["party"].where(~others, OTHERS), aggregate=others)
    return seats, _finish(cands)


def _names(rows: pd.DataFrame) -> np.ndarray | str:
    """Each seat's ``constituency_name`` ('' where the file gives none)."""
    if "constituency_name" not in rows:
        return ""
    col = rows["constituency_name"]
    return col.astype(object).where(col.notna(), "").astype(str).to_numpy()


def _dedupe(day: pd.DataFrame, key: str, notes: list[str]) -> pd.DataFrame:
    dup = day[key].duplicated(keep="first")
    if dup.any():
        notes.append(f"seats listed twice on the day, first row kept: {sorted(day[key][dup])}")
    return day[~dup]


def _finish(cands: pd.DataFrame) -> pd.DataFrame:
    from votebank.calibrate.objective import PAKISTAN_PARTY_CODES

    out = cands.copy()
    out["seat"] = out["seat"].astype(str)
    # Short codes for display only; a party without one keeps its full label.
    out["party"] = out["party"].astype(str).map(lambda p: PAKISTAN_PARTY_CODES.get(p, p))
    out["name"] = out["name"].astype(object).where(out["name"].notna(), "").astype(str)
    out["aggregate"] = out["aggregate"].fillna(False).astype(bool)
    out["votes"] = out["votes"].astype(float)
    return out.reset_index(drop=True)

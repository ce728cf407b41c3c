"""Read polling-station results (CSV, Parquet, Excel) into arrays, reporting every bad value.

Row numbers in problems follow a spreadsheet: the header is row 1, the first data row is row 2.
Parquet and Excel files use the same numbering so that one report reads the same for any format.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd

from votebank.csvfiles import DELIMITERS, head_lines, repeated_rows, separator
from votebank.errors import InputError, Problem
from votebank.forensics.text import (
    MAX_EXACT,
    MAX_ROWS_PER_COLUMN,
    cell_text,
    decode,
    text_labels,
)

AUTO = "auto"
MAX_CELL_CHARS = 1_000  # no count, label or header needs more; longer cells are rejected
_CSV_SUFFIXES = {".csv", ".tsv", ".txt"}
_PARQUET_SUFFIXES = {".parquet", ".pq"}
_EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xls"}
_MISSING_WORDS = {"nan", "na", "n/a", "null", "none"}

ColumnSpec = str | int


@dataclass(frozen=True, eq=False)
class StationResults:
    """Counts of one election, one entry per polling station.

    Attributes:
        registered: Registered voters (all > 0).
        ballots: Ballots cast; turnout is ``ballots / registered``.
        valid: Valid ballots (equal to ``ballots`` when the file has no such column).
        leader_votes: Votes for the leading party or candidate.
        other_votes: Votes for the other parties, shape ``(stations, parties)``, or ``None``.
        source: Where the numbers came from (a file name, or ``"synthetic"``).
        ids: One label per station (an ID column, or the spreadsheet row number).
        leader_name: Name of the leader's column.
        other_names: Names of the other parties' columns.
        regions: Region (or constituency) label of each station, or ``None``.
        empty: Labels of the file's stations left out because they had no registered voter
            and nothing counted (closed or cancelled stations, as real files hold).
        region_name: Header of the region column (``--region 0`` names it by position).
    """

    registered: np.ndarray
    ballots: np.ndarray
    valid: np.ndarray
    leader_votes: np.ndarray
    other_votes: np.ndarray | None = None
    source: str = ""
    ids: np.ndarray | None = None
    leader_name: str = "leader"
    other_names: tuple[str, ...] = field(default_factory=tuple)
    regions: np.ndarray | None = None
    empty: tuple[str, ...] = ()
    region_name: str = "region"

    def __post_init__(self) -> None:
        n = len(self.registered)
        for name in ("ballots", "valid", "leader_votes"):
            if len(getattr(self, name)) != n:
                raise ValueError(f"{name} has {len(getattr(self, name))} entries, expected {n}")
        if self.other_votes is not None and self.other_votes.shape[0] != n:
            raise ValueError("other_votes must have one row per station")
        if self.regions is not None and len(self.regions) != n:
            raise ValueError("regions must have one entry per station")
        if self.ids is None:
            object.__setattr__(self, "ids", np.arange(2, n + 2))

    @property
    def n_stations(self) -> int:
        """Number of polling stations."""
        return len(self.registered)

    @property
    def turnout(self) -> np.ndarray:
        """Ballots cast over registered voters (may exceed 1 in real data)."""
        return self.ballots / self.registered

    @property
    def share(self) -> np.ndarray:
        """Leader's votes over valid ballots; NaN where no valid ballot was cast."""
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(self.valid > 0, self.leader_votes / np.maximum(self.valid, 1), np.nan)


def take(results: StationResults, rows: np.ndarray) -> StationResults:
    """The stations at ``rows`` (a mask or indices), in that order."""
    return replace(
        results,
        registered=results.registered[rows],
        ballots=results.ballots[rows],
        valid=results.valid[rows],
        leader_votes=results.leader_votes[rows],
        other_votes=None if results.other_votes is None else results.other_votes[rows],
        ids=np.asarray(results.ids)[rows],
        regions=None if results.regions is None else np.asarray(results.regions)[rows],
    )


def in_canonical_order(results: StationResults) -> StationResults:
    """The same stations sorted by region, counts and label: a file's row order changes no figure.

    Stations with the same region and counts are interchangeable to every test, so only their
    labels' order may differ between two orderings of one file.
    """
    keys = [np.asarray(results.ids).astype(str), results.leader_votes, results.valid]
    if results.other_votes is not None:
        keys[1:1] = list(results.other_votes.T[::-1])
    keys += [results.ballots, results.registered]
    if results.regions is not None:
        keys.append(np.asarray(results.regions).astype(str))
    return take(results, np.lexsort(keys))


class _Problems:
    """Problems grouped by column so that each column reports at most a few rows."""

    def __init__(self, file: str):
        self.file = file
        self.general: list[Problem] = []
        self.by_column: dict[str, list[tuple[int, str, str]]] = {}

    def add(self, location: str, value: str, message: str) -> None:
        self.general.append(Problem(self.file, location, value, message))

    def add_rows(self, column: str, rows: np.ndarray, values: Sequence[str], message: str) -> None:
        bucket = self.by_column.setdefault(column, [])
        bucket.extend(zip(rows.tolist(), values, [message] * len(rows), strict=True))

    def __bool__(self) -> bool:
        return bool(self.general) or any(self.by_column.values())

    def problems(self) -> list[Problem]:
        out = list(self.general)
        for column, rows in self.by_column.items():
            rows.sort(key=lambda r: r[0])
            for row, value, message in rows[:MAX_ROWS_PER_COLUMN]:
                out.append(Problem(self.file, f"row {row}, column {column}", value, message))
            rest = len(rows) - MAX_ROWS_PER_COLUMN
            if rest > 0:
                out.append(
                    Problem(
                        self.file,
                        f"column {column}",
                        f"{rest} more rows",
                        f"and {rest} more bad rows in this column (first "
                        f"{MAX_ROWS_PER_COLUMN} shown)",
                    )
                )
        return out

    def raise_if_any(self) -> None:
        if self:
            raise InputError(self.problems())


def read_station_results(
    path: str | os.PathLike[str],
    *,
    registered: ColumnSpec,
    ballots: ColumnSpec,
    leader: ColumnSpec = AUTO,
    others: str | Sequence[ColumnSpec] | None = None,
    valid: ColumnSpec | None = None,
    encoding: str | None = None,
    sheet: str | int | None = None,
    id_column: ColumnSpec | None = None,
    region: ColumnSpec | None = None,
) -> StationResults:
    """Read one election's polling-station results.

    Columns are named by header text or by 0-based position (an int, or a string of digits; a
    header that is itself made of digits wins over the position).

    Args:
        path: A ``.csv``/``.tsv``/``.txt``, ``.parquet`` or ``.xlsx`` file with a header row.
        registered: Column of registered voters.
        ballots: Column of ballots cast. ``registered``, ``ballots`` and ``valid`` may each be
            a sum of columns, ``"A + B + C"`` (e.g. ballots issued early, at the station and
            outside it, or valid plus invalid ballots found in the boxes).
        leader: Column of the leader's votes, or ``"auto"`` for the column of ``others`` with
            the most votes in total.
        others: Other parties' columns: a list, or one comma-separated string.
        valid: Column of valid ballots; ``ballots`` is used when absent.
        encoding: Text encoding of a CSV. When absent, utf-8, utf-8-sig, cp1251, cp1252 and
            latin-1 are tried in that order (preferring one under which the named columns exist).
        sheet: Sheet name or index of an Excel file.
        id_column: Column of station labels; spreadsheet row numbers are used when absent.
        region: Column of region (or constituency) labels, for per-region results and for
            standardising the Klimek fit within region; blank labels become ``"(blank)"``.

    Returns:
        The station results, in file order, with blank lines skipped and empty stations (no
        registered voter, nothing counted) left out and named in ``empty``.

    Raises:
        InputError: Listing every problem found, each with file, row/column and value.
    """
    path = Path(path)
    file = str(path)
    report = _Problems(file)
    other_specs = _split_specs(others)
    sums = {"registered": registered, "ballots": ballots, "valid": valid}
    named = [s for s in (leader, id_column, region, *other_specs) if s]
    named += [s for spec in sums.values() if spec is not None for s in _sum_parts(spec)]
    header, table = _load_table(path, report, encoding=encoding, sheet=sheet, named=named)
    report.raise_if_any()

    roles: dict[str, list[int]] = {}
    for role, spec in sums.items():
        if spec is not None:
            parts = _sum_parts(spec, header)
            idx = [_resolve(part, header, role, report) for part in parts]
            if all(i is not None for i in idx):
                roles[role] = idx
    id_idx = _resolve(id_column, header, "id", report) if id_column is not None else None
    region_idx = _resolve(region, header, "region", report) if region is not None else None
    other_idx = [_resolve(s, header, "others", report) for s in other_specs]
    leader_auto = isinstance(leader, str) and leader.strip().lower() == AUTO
    leader_idx = None if leader_auto else _resolve(leader, header, "leader", report)
    if leader_auto and not other_specs:
        report.add("leader", AUTO, "leader 'auto' picks among the other parties: name them too")
    report.raise_if_any()

    keep = _nonblank_rows(table)
    table = table.iloc[keep]
    rows = keep + 2
    if len(table) == 0:
        report.add("", "0 data rows", "the file has a header but no data rows")
        report.raise_if_any()

    def parse(idx: int) -> np.ndarray:
        return _parse_counts(table.iloc[:, idx], rows, _label(header, idx), report)

    counts = {role: sum(parse(i) for i in idx) for role, idx in roles.items()}
    party_idx = [i for i in other_idx if i is not None]
    if leader_idx is not None:
        party_idx = [i for i in party_idx if i != leader_idx]
    parties = {i: parse(i) for i in dict.fromkeys(party_idx)}
    if leader_idx is not None:
        leader_values = parse(leader_idx)
    elif parties:
        leader_idx = max(parties, key=lambda i: np.nansum(parties[i]))
        leader_values = parties.pop(leader_idx)
    else:
        report.raise_if_any()
        raise AssertionError("unreachable: leader 'auto' without parties was reported")

    # Consistency checks run on every row whose values parsed (NaN compares false), so one
    # pass reports bad values and inconsistent rows together.
    reg, bal = counts["registered"], counts["ballots"]
    val = counts.get("valid", bal)
    reg_name = " + ".join(_label(header, i) for i in roles["registered"])
    lead_name = _label(header, leader_idx)
    other = np.column_stack(list(parties.values())) if parties else None
    counted = bal + val + leader_values + (0 if other is None else other.sum(axis=1))
    empty = (reg == 0) & (counted == 0)
    if empty.all():
        report.add(reg_name, "0 in every row", "no station has a registered voter")
    bad = (reg <= 0) & ~empty
    report.add_rows(
        reg_name,
        rows[bad],
        _fmt(reg[bad]),
        "registered voters must be more than 0 (turnout is undefined)",
    )
    if "valid" in counts:
        bad = val > bal
        report.add_rows(
            " + ".join(_label(header, i) for i in roles["valid"]),
            rows[bad],
            [
                f"{v} valid > {b} ballots"
                for v, b in zip(_fmt(val[bad]), _fmt(bal[bad]), strict=True)
            ],
            "valid ballots exceed ballots cast",
        )
    bad = leader_values > val
    report.add_rows(
        lead_name,
        rows[bad],
        [
            f"{w} votes > {v} valid"
            for w, v in zip(_fmt(leader_values[bad]), _fmt(val[bad]), strict=True)
        ],
        "the leader's votes exceed the valid ballots",
    )
    if other is not None:
        total = leader_values + other.sum(axis=1)
        bad = (total > val) & (leader_values <= val)
        report.add_rows(
            lead_name,
            rows[bad],
            [
                f"{t} party votes > {v} valid"
                for t, v in zip(_fmt(total[bad]), _fmt(val[bad]), strict=True)
            ],
            "the parties' votes add up to more than the valid ballots",
        )
    report.raise_if_any()

    ids = rows
    if id_idx is not None:
        # A row repeated to the letter, station label and all, is a file pasted twice.
        if repeats := repeated_rows(table, path, rows):
            raise InputError(repeats)
        labels = text_labels(table.iloc[:, id_idx])
        # A station without its number is still told apart: by its row.
        blank = [f"(blank, row {r})" for r in rows]
        ids = labels.mask(labels == "", pd.Series(blank, index=labels.index)).to_numpy(dtype=object)
    regions = None
    if region_idx is not None:
        labels = text_labels(table.iloc[:, region_idx])
        regions = labels.mask(labels == "", "(blank)").to_numpy(dtype=object).astype(str)
    stations = StationResults(
        registered=reg.astype(np.int64),
        ballots=bal.astype(np.int64),
        valid=val.astype(np.int64),
        leader_votes=leader_values.astype(np.int64),
        other_votes=None if other is None else other.astype(np.int64),
        source=path.name,
        ids=ids,
        leader_name=lead_name,
        other_names=tuple(_label(header, i) for i in parties),
        regions=regions,
        region_name=_label(header, region_idx) if region_idx is not None else "region",
    )
    if not empty.any():
        return stations
    return replace(take(stations, ~empty), empty=tuple(str(i) for i in ids[empty]))


def _sum_parts(spec: ColumnSpec, header: list[str] | None = None) -> list[ColumnSpec]:
    """The columns a count is the sum of: ``"A + B + C"`` names three.

    A header that itself contains ``+`` is taken whole. Without the header (to pick the
    encoding, by the names' presence in the header line) the parts are returned: each is a
    substring of such a header too.
    """
    if not isinstance(spec, str) or "+" not in spec:
        return [spec]
    parts = [p.strip() for p in spec.split("+")]
    whole = spec.strip()
    if header is None:
        return [p for p in parts if p] or [spec]
    if any(h.strip().casefold() == whole.casefold() for h in header) or not all(parts):
        return [spec]
    return parts


def _split_specs(others: str | Sequence[ColumnSpec] | None) -> list[ColumnSpec]:
    if others is None:
        return []
    if isinstance(others, str):
        return [s.strip() for s in others.split(",") if s.strip()]
    return list(others)


def _label(header: list[str], idx: int) -> str:
    name = header[idx]
    return name if name else f"#{idx}"


def _fmt(values: np.ndarray) -> list[str]:
    return [f"{v:g}" for v in values.tolist()]


def _resolve(spec: ColumnSpec, header: list[str], role: str, report: _Problems) -> int | None:
    """Return the position of the column ``spec`` names, or record why there is none."""
    n = len(header)
    if isinstance(spec, bool) or not isinstance(spec, int | str | np.integer):
        report.add(f"column for {role}", repr(spec), "give a column name or a 0-based position")
        return None
    if isinstance(spec, str):
        text = spec.strip()
        exact = [i for i, h in enumerate(header) if h == text]
        if not exact:
            exact = [i for i, h in enumerate(header) if h.strip().casefold() == text.casefold()]
        if len(exact) == 1:
            return exact[0]
        if len(exact) > 1:
            report.add(
                f"column for {role}",
                text,
                f"the name appears {len(exact)} times (positions "
                f"{', '.join(map(str, exact))}); name the column by position instead",
            )
            return None
        if not text.isdigit():
            shown = ", ".join(repr(h) for h in header[:30]) + (" ..." if n > 30 else "")
            report.add(
                f"column for {role}", text, f"no column has this name; the columns are {shown}"
            )
            return None
        spec = int(text)
    pos = int(spec)
    if not 0 <= pos < n:
        report.add(
            f"column for {role}",
            str(pos),
            f"position out of range: the file has {n} columns, numbered 0 to {n - 1}",
        )
        return None
    return pos


def _nonblank_rows(table: pd.DataFrame) -> np.ndarray:
    """Positions of rows with at least one non-empty field (blank lines are skipped)."""
    if table.shape[1] == 0:
        return np.arange(len(table))
    text = table.astype("string").fillna("")
    filled = np.zeros(len(table), dtype=bool)
    for col in range(table.shape[1]):
        filled |= text.iloc[:, col].str.strip().to_numpy() != ""
    return np.flatnonzero(filled)


def _parse_counts(column: pd.Series, rows: np.ndarray, name: str, report: _Problems) -> np.ndarray:
    """Parse one column of vote counts; bad entries are reported and become NaN."""
    if pd.api.types.is_bool_dtype(column.dtype):
        column = column.astype("string")
    if pd.api.types.is_numeric_dtype(column.dtype):
        values = column.to_numpy(dtype=float, na_value=np.nan)
        text = _Formatted(values)  # formatted only where a problem is reported
        missing = np.isnan(values)
        _report(report, name, rows, text, missing, "the value is missing (NaN)")
    else:
        strings = column.astype("string").fillna("").str.strip()
        long = (strings.str.len() > MAX_CELL_CHARS).to_numpy(dtype=bool)
        if long.any():
            shown = [_clip(t) for t in strings[long]]
            report.add_rows(
                name, rows[long], shown, f"cell longer than {MAX_CELL_CHARS:,} characters"
            )
            strings = strings.mask(long, "")
        values = _to_float(strings)
        text = strings.to_numpy(dtype=object)
        empty = (strings == "").to_numpy(dtype=bool)
        nan = np.isnan(values) & ~empty
        # Only entries that are not numbers can be words like "NA": check just those.
        word = np.zeros(len(values), dtype=bool)
        word[nan] = np.isin(np.char.lower(text[nan].astype(str)), list(_MISSING_WORDS))
        _report(report, name, rows, text, empty, "the value is empty")
        _report(report, name, rows, text, word, "the value is missing (NaN)")
        _report(report, name, rows, text, nan & ~word, "the value is not a number")
        missing = np.isnan(values)
    finite = np.isfinite(values)
    _report(report, name, rows, text, ~finite & ~missing, "the value is not a finite number")
    huge = finite & (np.abs(values) >= MAX_EXACT)
    _report(
        report,
        name,
        rows,
        text,
        huge,
        "a count of 2^53 or more cannot be a vote count (and is not held exactly)",
    )
    finite &= ~huge
    bad_whole = finite & (values != np.round(values))
    _report(report, name, rows, text, bad_whole, "a count must be a whole number")
    _report(report, name, rows, text, finite & (values < 0), "a count cannot be negative")
    return np.where(finite & ~bad_whole & (values >= 0), values, np.nan)


def _to_float(strings: pd.Series) -> np.ndarray:
    """Parse text to floats; bad entries become NaN.

    A clean column goes through one Arrow cast (30x faster than ``pd.to_numeric``); only a
    column with a bad entry falls back to the slow path that marks each bad entry.
    """
    try:
        import pyarrow as pa
        import pyarrow.compute as pc

        arr = strings.array
        data = arr._pa_array if hasattr(arr, "_pa_array") else pa.array(strings, pa.string())
        out = pc.cast(data, pa.float64()).to_numpy(zero_copy_only=False)
        return np.asarray(out, dtype=float)
    except Exception:  # noqa: S110  (any failure: take the careful path below)
        pass
    return pd.to_numeric(strings, errors="coerce").to_numpy(dtype=float, na_value=np.nan)


class _Formatted:
    """Numbers shown as text on demand: formatting a million values costs a second."""

    def __init__(self, values: np.ndarray):
        self.values = values

    def __getitem__(self, mask: np.ndarray) -> list[str]:
        return _fmt(self.values[mask])


def _clip(text: str) -> str:
    return f"{text[:40]}... ({len(text):,} characters)" if len(text) > 40 else text


def _long_cells(data: bytes, report: _Problems) -> bool:
    """Reject cells over :data:`MAX_CELL_CHARS` before decoding or parsing the whole file.

    One regular-expression scan of the bytes: a run of more bytes than that with no delimiter,
    no quote and no line break. Parsing such a file would hold every long cell as a Python
    string; refusing it early keeps memory bounded by the file size. A character may take
    several bytes (Cyrillic two in UTF-8), so each run found is measured in characters.
    """
    first = data.split(b"\n", 1)[0]
    seps = b"".join(re.escape(d.encode()) for d in DELIMITERS if d.encode() in first) or b","
    pattern = re.compile(rb"[^" + seps + rb"\r\n\"]{" + str(MAX_CELL_CHARS + 1).encode() + rb",}")
    found = 0
    for match in pattern.finditer(data):
        cell = cell_text(data, match.start(), match.end())
        if len(cell) <= MAX_CELL_CHARS:
            continue
        found += 1
        if found > MAX_ROWS_PER_COLUMN:
            continue
        start = match.start()
        line_start = data.rfind(b"\n", 0, start) + 1
        row = data.count(b"\n", 0, start) + 1
        col = len(re.findall(rb"[" + seps + rb"]", data[line_start:start]))
        report.add(
            f"row {row}, column #{col}",
            _clip(cell),
            f"cell longer than {MAX_CELL_CHARS:,} characters; no count or label needs that",
        )
    if found > MAX_ROWS_PER_COLUMN:
        report.add("", f"{found - MAX_ROWS_PER_COLUMN} more", "more over-long cells")
    return found > 0


def _report(
    report: _Problems,
    name: str,
    rows: np.ndarray,
    text: np.ndarray | _Formatted,
    mask: np.ndarray,
    msg: str,
) -> None:
    if mask.any():
        report.add_rows(name, rows[mask], [str(t) for t in text[mask]], msg)


def _load_table(
    path: Path,
    report: _Problems,
    *,
    encoding: str | None,
    sheet: str | int | None,
    named: list[ColumnSpec],
) -> tuple[list[str], pd.DataFrame]:
    """Return (header, table of raw values); problems go to ``report``."""
    empty = pd.DataFrame()
    if not path.exists():
        report.add("", str(path), "file not found")
        return [], empty
    if not path.is_file():
        report.add("", str(path), "not a file")
        return [], empty
    suffix = path.suffix.lower()
    if suffix in _PARQUET_SUFFIXES:
        return _load_parquet(path, report)
    if suffix in _EXCEL_SUFFIXES:
        return _load_excel(path, report, sheet)
    if suffix not in _CSV_SUFFIXES:
        report.add(
            "",
            path.suffix or "(no suffix)",
            "unknown file type: use .csv, .tsv, .txt, .parquet or .xlsx",
        )
        return [], empty
    data = path.read_bytes()
    if not data.strip():
        report.add("", f"{len(data)} bytes", "the file is empty")
        return [], empty
    if _long_cells(data, report):
        return [], empty
    text = decode(data, encoding, named, report.add)
    if text is None:
        return [], empty
    return _parse_csv(text, report)


def _load_parquet(path: Path, report: _Problems) -> tuple[list[str], pd.DataFrame]:
    try:
        table = pd.read_parquet(path)
    except Exception as exc:  # pyarrow raises several types for damaged files
        report.add("", path.name, f"cannot read as Parquet: {exc}")
        return [], pd.DataFrame()
    if table.shape[1] == 0:
        report.add("", "0 columns", "the file is empty")
    return [str(c) for c in table.columns], table.reset_index(drop=True)


def _load_excel(
    path: Path, report: _Problems, sheet: str | int | None
) -> tuple[list[str], pd.DataFrame]:
    try:
        import openpyxl  # noqa: F401  (pandas needs it for .xlsx)
    except ImportError:
        report.add("", path.suffix, "reading Excel needs the openpyxl package; or save as CSV")
        return [], pd.DataFrame()
    try:
        raw = pd.read_excel(
            path, sheet_name=0 if sheet is None else sheet, header=None, dtype=object
        )
    except Exception as exc:  # openpyxl raises many types for damaged files or bad sheets
        report.add("sheet" if sheet is not None else "", str(sheet), f"cannot read: {exc}")
        return [], pd.DataFrame()
    if raw.shape[0] == 0:
        report.add("", "0 rows", "the sheet is empty")
        return [], pd.DataFrame()
    header = ["" if pd.isna(h) else str(h).strip() for h in raw.iloc[0]]
    return header, raw.iloc[1:].reset_index(drop=True).astype("string")


def _parse_csv(text: str, report: _Problems) -> tuple[list[str], pd.DataFrame]:
    sep = separator(text.split("\n", 1)[0], head_lines(text))
    try:
        raw = pd.read_csv(
            io.StringIO(text),
            sep=sep,
            header=None,
            dtype=str,
            keep_default_na=False,
            skip_blank_lines=False,
            engine="c",
        )
    except pd.errors.ParserError as exc:
        # pandas names the row in its message ("... at row 3"), which is quoted in full.
        report.add("", "(file)", f"cannot parse as CSV (delimiter {sep!r}): {exc}")
        return [], pd.DataFrame()
    except pd.errors.EmptyDataError:
        report.add("", "no columns", "the file is empty")
        return [], pd.DataFrame()
    header = ["" if pd.isna(h) else str(h).strip() for h in raw.iloc[0]]
    return header, raw.iloc[1:].reset_index(drop=True)

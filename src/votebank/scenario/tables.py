"""CSV tables of a scenario: read, type-check and cross-check, collecting every problem."""

from __future__ import annotations

import csv
import difflib
import io
import re
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from votebank.core.labels import BACKGROUNDS, PATRONS
from votebank.csvfiles import not_utf8_at
from votebank.display import clean, joined, plural
from votebank.errors import Problem
from votebank.scenario.shares import share_hint

MAX_PER_COLUMN = 20  # enough to see the pattern without flooding the terminal
APPEAL_LIMIT = 20.0  # a candidate's appeal (a logit) lies within +-this


@dataclass(frozen=True)
class Column:
    """How to read one CSV column.

    Attributes:
        name: Header name.
        kind: One of ``str``, ``int``, ``float``, ``bool``.
        required: Whether the column must be present.
        default: Value used where the column is absent or a cell is empty (optional columns).
        low: Smallest allowed value (numbers).
        high: Largest allowed value (numbers).
        choices: Allowed values (text).
    """

    name: str
    kind: str
    required: bool = True
    default: object = None
    low: float | None = None
    high: float | None = None
    choices: tuple[str, ...] | None = None


CONSTITUENCY_COLUMNS = (
    Column("id", "str"),
    Column("name", "str", required=False, default=""),
    Column("region", "str"),
    Column("registered", "int", low=1, high=50_000_000),
    Column("urban_share", "float", required=False, default=0.3, low=0, high=1),
    Column("turnout", "float", required=False, default=np.nan, low=0.001, high=0.999),
    Column("threat", "float", required=False, default=np.nan, low=0, high=1),
    Column("stations", "int", required=False, default=0, low=0, high=100_000),
)

CANDIDATE_COLUMNS = (
    Column("constituency", "str"),
    Column("candidate", "str"),
    Column("name", "str", required=False, default=""),
    Column("party", "str"),
    Column("appeal", "float", required=False, default=0.0, low=-APPEAL_LIMIT, high=APPEAL_LIMIT),
    Column(
        "background",
        "str",
        required=False,
        default="none",
        choices=BACKGROUNDS,
    ),
    # Where the background comes from (a source's name or address); empty = a synthetic draw
    # or a label given without a source. A sourced background must be a real label, not none.
    Column("background_source", "str", required=False, default=""),
    Column("patron", "str", required=False, default="none", choices=PATRONS),
    Column("militia", "float", required=False, default=0.0, low=0, high=100),
    Column("budget", "float", required=False, default=0.0, low=0, high=1e12),
    Column("switched_from", "str", required=False, default=""),
    Column("person", "str", required=False, default=""),
    Column("actual_votes", "int", required=False, default=-1, low=0, high=50_000_000),
    Column("baseline_votes", "int", required=False, default=-1, low=0, high=50_000_000),
)


MAX_CELL = 1_000
"""Longest text cell: names are short, and a huge one made validation and reports crawl."""
LONG = f"longer than {MAX_CELL:,} characters"


def read_table(path: Path, shown: str, columns: tuple[Column, ...]) -> tuple[pd.DataFrame, list]:
    """Read a CSV into typed columns, returning the frame and every problem found.

    Args:
        path: The file to read.
        shown: The file's name as the user should see it in messages.
        columns: The expected columns.

    Returns:
        ``(frame, problems)``; ``frame`` is empty when the file could not be read at all.
    """
    problems: list[Problem] = []
    record_lines = None  # each row's line in the file, where rows were left out
    try:
        with warnings.catch_warnings():
            # Without index_col=False a first row longer than the header silently becomes an
            # index and shifts every column; with it pandas only warns and drops cells.
            warnings.simplefilter("error", pd.errors.ParserWarning)
            raw = pd.read_csv(
                path,
                dtype=str,
                keep_default_na=False,
                encoding="utf-8",
                index_col=False,
                skip_blank_lines=False,  # kept to count rows as a spreadsheet does, then dropped
            )
    except FileNotFoundError:
        return pd.DataFrame(), [Problem(shown, "", str(path), "file not found")]
    except OSError as exc:  # a folder, no permission, ...
        return pd.DataFrame(), [Problem(shown, "", str(path), exc.strerror or str(exc))]
    except UnicodeDecodeError:
        return pd.DataFrame(), [_not_utf8(path, shown)]
    except pd.errors.EmptyDataError:
        return pd.DataFrame(), [Problem(shown, "", "(empty file)", "the table has no header")]
    except (pd.errors.ParserWarning, pd.errors.ParserError) as exc:
        # pandas' own message does not say which row; the other rows are still checked.
        problems, record_lines, raw = _without_long_rows(path, shown)
        if not problems:
            return pd.DataFrame(), [Problem(shown, "", str(exc).strip()[:200], "not a valid CSV")]
        if raw is None:
            return pd.DataFrame(), problems
    except ValueError as exc:
        return pd.DataFrame(), [Problem(shown, "", str(exc).strip()[:200], "not a valid CSV")]
    problems += _short_rows(path, shown)
    blank = raw.eq("").all(axis=1).to_numpy()
    lines = (np.flatnonzero(~blank) + 2) if record_lines is None else record_lines[~blank]
    raw = raw[~blank].reset_index(drop=True)
    if raw.empty:
        if problems:  # every row has more cells than the header: those rows, not "no rows"
            return pd.DataFrame(), problems
        return pd.DataFrame(), [Problem(shown, "", "(no rows)", "the table has no data rows")]
    raw.columns = [str(c).strip() for c in raw.columns]
    raw, problems = _without_nameless(raw, shown, problems)
    known = {c.name for c in columns}
    for extra in sorted(set(raw.columns) - known):
        # pandas names a second "region" column "region.1".
        first, dot, n = extra.rpartition(".")
        if dot and n.isdigit() and first in raw.columns:
            problems.append(Problem(shown, f"column {first}", first, "column given more than once"))
            continue
        near = difflib.get_close_matches(extra, sorted(known - set(raw.columns)), n=1, cutoff=0.6)
        expected = f"expected some of {joined(sorted(known))}"
        why = f"did you mean {near[0]!r}? {expected.capitalize()}" if near else expected
        sep = next((s for s in (";", "\t", "|") if s in extra), None)
        if sep:  # a spreadsheet's export in another locale: one column of joined names
            why = f"cells are separated by {sep!r}, not commas: save the table as comma-separated"
        problems.append(Problem(shown, f"column {extra}", extra, f"unknown column; {why}"))
    out = {}
    for col in columns:
        if col.name not in raw.columns:
            if col.required:
                problems.append(
                    Problem(shown, f"column {col.name}", "(missing)", "required column is missing")
                )
            else:
                out[col.name] = np.full(len(raw), col.default, dtype=object)
            continue
        values, bad = convert_cells(raw[col.name].str.strip(), col)
        out[col.name] = values
        cells = [(lines[row], repr(value), why) for row, value, why in bad]
        problems += bad_cells(shown, col.name, cells)
    frame = pd.DataFrame(out)
    # A tuple, not an array: pandas compares attrs when concatenating pieces of a table.
    frame.attrs["lines"] = tuple(int(n) for n in lines)
    for col in columns:
        if col.name in frame and col.kind in ("int", "float", "bool"):
            frame[col.name] = frame[col.name].astype(
                {"int": "int64", "float": "float64", "bool": "bool"}[col.kind]
            )
    return frame, problems


NAMELESS = re.compile(r"Unnamed: \d+")
"""pandas' name for a column whose header cell is blank."""


def _without_nameless(
    raw: pd.DataFrame, shown: str, problems: list[Problem]
) -> tuple[pd.DataFrame, list[Problem]]:
    """Leave out the columns the header gives no name, refusing those that hold a value.

    A delimiter ending every line (as spreadsheets export) makes one, empty: nothing is lost.
    """
    keep = []
    for k, name in enumerate(raw.columns):
        if name and not NAMELESS.fullmatch(name):
            keep.append(k)
            continue
        values = raw.iloc[:, k].str.strip()
        if values.ne("").any():
            first = values[values.ne("")].iloc[0]
            why = "the header gives this column no name; name it or delete it"
            problems = [*problems, Problem(shown, f"column {k + 1}", first, why)]
    return raw.iloc[:, keep], problems


def line(frame: pd.DataFrame, i: int) -> int:
    """The file row of a table's ``i``-th data row, numbered as a spreadsheet does.

    Blank rows count (they are dropped on reading), and the header is row 1.
    """
    lines = frame.attrs.get("lines")
    return int(lines[i]) if lines is not None and i < len(lines) else i + 2


def _not_utf8(path: Path, shown: str) -> Problem:
    """Point at the first byte that is not UTF-8 (pandas reports offsets within a chunk)."""
    data = path.read_bytes()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        row, text, byte = not_utf8_at(data, exc)
        return Problem(shown, row, text, f"not UTF-8 text ({byte}); save the table as UTF-8")
    return Problem(shown, "", "(encoding)", "not UTF-8 text; save the table as UTF-8")


def _short_rows(path: Path, shown: str) -> list[Problem]:
    """A problem per row with fewer cells than the header (pandas fills them in as empty).

    A line cut short in an export read as blanks in its last columns, their defaults taken
    without a word; a blank line is no row.
    """
    # A table held in memory (synth checks its own before writing them) is read as a file is.
    text = path.getvalue() if isinstance(path, io.StringIO) else path.read_text(encoding="utf-8")
    rows = csv.reader(io.StringIO(text, newline=""))
    problems: list[Problem] = []
    try:
        width, end = len(next(rows, [])), 1
        for row in rows:
            start, end = end + 1, rows.line_num
            if len(row) < width and any(cell.strip() for cell in row):
                why = f"{len(row)} cells but the header has {width}"
                problems.append(Problem(shown, f"row {start}", ",".join(row)[:120], why))
    except csv.Error:  # a cell past the csv module's limit: refused as too long, by column
        pass
    return problems[:MAX_PER_COLUMN]


def _without_long_rows(
    path: Path, shown: str
) -> tuple[list[Problem], np.ndarray | None, pd.DataFrame | None]:
    """A problem per row with more cells than the header, and the other rows with their lines.

    The other rows are read as the whole file is, from its text without the long rows; they
    and their lines are None if pandas still cannot read them.
    """
    with path.open(newline="", encoding="utf-8") as f:
        text = list(f)  # lines as the csv module counts them
    problems, kept, starts = [], [0], []
    rows = csv.reader(text)
    width, end = len(next(rows)), 1
    for row in rows:
        start, end = end + 1, rows.line_num
        if len(row) > width:
            why = f"{len(row)} cells but the header has {width}"
            problems.append(Problem(shown, f"row {start}", ",".join(row)[:120], why))
        else:
            kept += range(start - 1, end)
            starts.append(start)
    try:
        raw = pd.read_csv(
            io.StringIO("".join(text[i] for i in kept)), dtype=str, keep_default_na=False,
            index_col=False, skip_blank_lines=False,
        )  # fmt: skip
    except (ValueError, pd.errors.ParserWarning):
        raw = None
    if raw is None or len(raw) != len(starts):
        return problems[:MAX_PER_COLUMN], None, None
    return problems[:MAX_PER_COLUMN], np.asarray(starts), raw


def bad_cells(
    shown: str, column: str, cells: list[tuple[int, str, str]], total: int | None = None
) -> list[Problem]:
    """A problem per bad cell (line, value as shown, why) of a column, the first few only.

    ``total``: how many cells are bad, where only the first few were described.
    """
    problems = [
        Problem(shown, f"row {line}, column {column}", value, why)
        for line, value, why in cells[:MAX_PER_COLUMN]
    ]
    total = len(cells) if total is None else total
    if total > MAX_PER_COLUMN:
        more = f"and {plural(total - MAX_PER_COLUMN, 'more bad value')}"
        problems.append(Problem(shown, f"column {column}", "...", more))
    return problems


def convert_cells(cells: pd.Series, col: Column) -> tuple[np.ndarray, list[tuple[int, str, str]]]:
    """Convert one column's text cells; return values and (row, value, reason) for bad cells."""
    empty = cells.eq("")
    bad: list[tuple[int, str, str]] = []
    if col.kind == "str":
        values = cells.map(clean).to_numpy(dtype=object)
        long = cells.str.len().to_numpy() > MAX_CELL
        bad += [
            (i, f"{cells.iat[i][:40]}... ({len(cells.iat[i]):,} characters)", LONG)
            for i in np.flatnonzero(long)
        ]
        if col.required:
            bad += [(i, "", "empty cell") for i in np.flatnonzero(empty)]
        values[empty.to_numpy()] = col.default if col.default is not None else ""
        if col.choices is not None:
            wrong = ~pd.Series(values).isin(col.choices).to_numpy()
            bad += [
                (i, values[i], f"must be one of {joined(col.choices)}")
                for i in np.flatnonzero(wrong)
            ]
        return values, bad
    if col.kind == "bool":
        low = cells.str.lower()
        truthy, falsy = low.isin(["true", "1", "yes"]), low.isin(["false", "0", "no", ""])
        bad += [
            (i, cells.iat[i], "must be true or false") for i in np.flatnonzero(~(truthy | falsy))
        ]
        return truthy.to_numpy(), bad
    numbers = parsed = pd.to_numeric(cells, errors="coerce").to_numpy(dtype=float)
    # "nan" parses, so it is reported below as not finite (once), not as not a number.
    nan_text = cells.str.lower().str.lstrip("+-").eq("nan").to_numpy()
    unparsable = np.isnan(numbers) & ~empty.to_numpy() & ~nan_text
    # "30,000" as a spreadsheet shows it, or "20,00,000" in lakhs: say how to write it.
    grouped = cells.str.fullmatch(r"[+-]?(\d{1,3}(,\d{3})+|\d{1,2}(,\d{2})+,\d{3})(\.\d*)?")
    grouped = grouped.to_numpy(dtype=bool)
    bad += [
        (
            i,
            cells.iat[i],
            f"not a number ({col.kind} expected)"
            + _ungrouped(cells.iat[i], grouped[i])
            + share_hint(cells.iat[i], col.high),
        )
        for i in np.flatnonzero(unparsable)
    ]
    if col.required:
        bad += [(i, "", "empty cell") for i in np.flatnonzero(empty)]
    fill = np.nan if col.default is None else float(col.default)
    given = ~empty.to_numpy()
    finite = np.isfinite(numbers) & given
    numbers = np.where(given, numbers, fill)
    if col.kind == "int":
        fractional = finite & (numbers != np.round(numbers))
        bad += [(i, cells.iat[i], "must be a whole number") for i in np.flatnonzero(fractional)]
    if col.low is not None:
        bad += [
            (i, cells.iat[i], f"must be at least {col.low:g}")
            for i in np.flatnonzero(finite & (numbers < col.low))
        ]
    if col.high is not None:
        bad += [
            (i, cells.iat[i], f"must be at most {col.high:g}" + share_hint(cells.iat[i], col.high))
            for i in np.flatnonzero(finite & (numbers > col.high))
        ]
    # Written nan/inf, and numbers too large for a float (1e400), whatever their sign.
    nonfinite = given & ~unparsable & ~np.isfinite(parsed)
    bad += [(i, cells.iat[i], "must be a finite number") for i in np.flatnonzero(nonfinite)]
    numbers = np.where(np.isfinite(numbers) | np.isnan(fill), numbers, fill)
    if col.kind == "int":
        numbers = np.where(
            np.isfinite(numbers), numbers, col.default if col.default is not None else 0
        )
    bad.sort()
    return numbers, bad


def kept_rows(table: pd.DataFrame, kept: np.ndarray) -> pd.DataFrame:
    """The rows kept, with the file lines they were read from (pandas copies attrs whole).

    A table whose lines are not one a row (rows taken out elsewhere) keeps none: unknown.
    """
    cut = table[kept].reset_index(drop=True)
    lines = cut.attrs.pop("lines", None)
    if lines is not None and len(lines) == len(table):
        cut.attrs["lines"] = tuple(n for n, k in zip(lines, kept, strict=True) if k)
    return cut


def _ungrouped(cell: str, grouped: bool) -> str:
    """A hint for a number written with thousands separators, else nothing."""
    return f"; write it without thousands separators: {cell.replace(',', '')}" if grouped else ""

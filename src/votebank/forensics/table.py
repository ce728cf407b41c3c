"""A results file loaded as a header and a table of raw values: CSV, Excel or Parquet.

A CSV's encoding and delimiter are found here (the encoding by :mod:`votebank.forensics.text`),
and cells too long to be a count or label are refused before the file is parsed.
"""

from __future__ import annotations

import importlib.util
import io
import re
from pathlib import Path

import numpy as np
import pandas as pd

from votebank.csvfiles import DELIMITERS, head_lines, separator
from votebank.display import plural
from votebank.forensics.cells import MAX_CELL_CHARS
from votebank.forensics.columns import ColumnSpec
from votebank.forensics.problems import Problems, clip
from votebank.forensics.text import MAX_ROWS_PER_COLUMN, cell_text, decode

_CSV_SUFFIXES = {".csv", ".tsv", ".txt"}
_PARQUET_SUFFIXES = {".parquet", ".pq"}
_EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xls"}
TABLE_SUFFIXES = _CSV_SUFFIXES | _PARQUET_SUFFIXES | _EXCEL_SUFFIXES


def load_table(
    path: Path,
    report: Problems,
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
        report.add("", plural(len(data), "byte"), "the file is empty")
        return [], empty
    if _long_cells(data, report):
        return [], empty
    text = decode(data, encoding, named, report.add)
    if text is None:
        return [], empty
    return _parse_csv(text, report)


def _load_parquet(path: Path, report: Problems) -> tuple[list[str], pd.DataFrame]:
    try:
        table = pd.read_parquet(path)
    except Exception as exc:  # pyarrow raises several types for damaged files
        report.add("", path.name, f"cannot read as Parquet: {exc}")
        return [], pd.DataFrame()
    if table.shape[1] == 0:
        report.add("", "0 columns", "the file is empty")
    return [str(c) for c in table.columns], table.reset_index(drop=True)


def _load_excel(
    path: Path, report: Problems, sheet: str | int | None
) -> tuple[list[str], pd.DataFrame]:
    # pandas reads .xlsx with openpyxl, and an Excel 97-2003 .xls only with xlrd: asked to
    # install openpyxl for a .xls, a user then met "Missing optional dependency 'xlrd'".
    package = "xlrd" if path.suffix.lower() == ".xls" else "openpyxl"
    if importlib.util.find_spec(package) is None:
        why = f"reading this Excel file needs the {package} package; or save it as CSV"
        report.add("", path.suffix, why + (" or .xlsx" if package == "xlrd" else ""))
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


def _parse_csv(text: str, report: Problems) -> tuple[list[str], pd.DataFrame]:
    first = text.split("\n", 1)[0]
    if not first.strip():  # the file is not blank (checked before): its header is lower down
        report.add(
            "row 1", "(blank)", "the header must be the first line: delete the blank lines above it"
        )
        return [], pd.DataFrame()
    if _EXCEL_HINT.fullmatch(first.strip()):
        why = "Excel's delimiter hint, not the header: the header must be the first line; delete it"
        report.add("row 1", first.strip(), why)
        return [], pd.DataFrame()
    below = head_lines(text)
    if not any(d in first for d in DELIMITERS) and any(d in ln for ln in below for d in DELIMITERS):
        # No results file has one column: a commission's title line stands above the header.
        why = "one field over rows of several: a title? The header must be the first line: "
        report.add("row 1", clip(first.strip()), why + "delete the lines above it")
        return [], pd.DataFrame()
    sep = separator(first, below)
    width = None  # pandas takes the header line's fields (its first error says how many)
    header_width = 0
    for _ in range(_WIDENINGS):
        try:
            raw = pd.read_csv(
                io.StringIO(text),
                sep=sep,
                header=None,
                names=None if width is None else range(width),
                dtype=str,
                keep_default_na=False,
                skip_blank_lines=False,
                engine="c",
            )
            break
        except pd.errors.ParserError as exc:
            wider = _MORE_FIELDS.search(str(exc))
            if wider is None or (width is not None and int(wider[2]) <= width):
                # pandas names the row in its message ("... at row 3"), quoted in full.
                report.add("", "(file)", f"cannot parse as CSV (delimiter {sep!r}): {exc}".strip())
                return [], pd.DataFrame()
            header_width = header_width or int(wider[1])
            width = int(wider[2])
        except pd.errors.EmptyDataError:
            report.add("", "no columns", "the file is empty")
            return [], pd.DataFrame()
    else:
        why = f"cannot parse as CSV (delimiter {sep!r}): rows of many different lengths"
        report.add("", "(file)", why)
        return [], pd.DataFrame()
    raw = _without_fields_beyond_header(raw, header_width, sep, report)
    if raw is None:
        return [], pd.DataFrame()
    header = ["" if pd.isna(h) else str(h).strip() for h in raw.iloc[0]]
    return header, raw.iloc[1:].reset_index(drop=True)


_EXCEL_HINT = re.compile(r"sep=.?", re.IGNORECASE)  # "sep=;" above the header; Excel hides it
_MORE_FIELDS = re.compile(r"Expected (\d+) fields in line \d+, saw (\d+)")
_WIDENINGS = 5


def _without_fields_beyond_header(
    raw: pd.DataFrame, n: int, sep: str, report: Problems
) -> pd.DataFrame | None:
    """The table cut to the header's ``n`` fields; None (each row reported) if any beyond is filled.

    Many exports end every data row with a delimiter but not the header: an empty last field.
    """
    if not n or raw.shape[1] <= n:
        return raw
    extra = raw.iloc[:, n:].fillna("").apply(lambda c: c.str.strip())
    filled = (extra != "").any(axis=1).to_numpy()
    for r in np.flatnonzero(filled)[:MAX_ROWS_PER_COLUMN]:
        shown = _joined(extra.iloc[r])
        report.add(
            f"row {r + 1}",
            clip(shown),
            f"cannot parse as CSV (delimiter {sep!r}): more fields than the header's {n}; "
            "quote values that hold the delimiter",
        )
    if filled.sum() > MAX_ROWS_PER_COLUMN:
        report.add("", f"{filled.sum() - MAX_ROWS_PER_COLUMN} more", "more rows too wide")
    return None if filled.any() else raw.iloc[:, :n]


def _joined(cells: pd.Series) -> str:
    """The filled cells beyond the header, as one value to show."""
    return " | ".join(c for c in cells if c)


def _long_cells(data: bytes, report: Problems) -> bool:
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
            clip(cell),
            f"cell longer than {MAX_CELL_CHARS:,} characters; no count or label needs that",
        )
    if found > MAX_ROWS_PER_COLUMN:
        report.add("", f"{found - MAX_ROWS_PER_COLUMN} more", "more over-long cells")
    return found > 0


def nonblank_rows(table: pd.DataFrame) -> np.ndarray:
    """Positions of rows with at least one non-empty field (blank lines are skipped)."""
    if table.shape[1] == 0:
        return np.arange(len(table))
    text = table.astype("string").fillna("")
    filled = np.zeros(len(table), dtype=bool)
    for col in range(table.shape[1]):
        filled |= text.iloc[:, col].str.strip().to_numpy() != ""
    return np.flatnonzero(filled)

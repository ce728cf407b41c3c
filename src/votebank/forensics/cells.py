"""Cells read as vote counts: a column parsed to numbers, each bad cell reported by its row."""

from __future__ import annotations

import numpy as np
import pandas as pd

from votebank.counts import MAX_COUNT
from votebank.forensics.problems import Problems, clip, fmt

MAX_CELL_CHARS = 1_000  # no count, label or header needs more; longer cells are rejected
_MISSING_WORDS = {"nan", "na", "n/a", "null", "none"}
# Digits in groups of three, as official tables write counts: "1,234", "1 234" (a space,
# no-break or thin space), "1'234" (Swiss; a straight or curly apostrophe, never a decimal
# mark). A dot is left out: "1.234" may be a decimal. ``\d`` is any script's digit:
# transcribed Urdu forms write "۱۲۳۴".
_GROUPED = r"\d+|\d{1,3}(?:[, \u00a0\u2009\u202f'\u2019]\d{3})+"
# "1.000" is one thousand in Spanish, German or Venezuelan files and 1 with decimals elsewhere:
# read either way it could be a thousand times wrong, so it is refused, not guessed.
_DOTTED = r"\d{1,3}(?:\.\d{3})+"
_DOTTED_MESSAGE = (
    "a dot between groups of three digits may be a thousands separator or decimals: "
    "write the count without it (1000), or with a comma or space (1,000 or 1 000); if the "
    "file writes every count so, give --thousands ."
)
_DECIMAL_COMMA = r"[+-]?\d+,\d+"  # not "1,234" (read as a thousand before this is asked)
_DECIMAL_COMMA_MESSAGE = (
    "a comma not followed by three digits is a decimal comma, and a count is a whole number: "
    "write it without decimals (e.g. 1775, not 1775,0)"
)
THOUSANDS = (".", ",")
"""Thousands separators a user may declare; ``","`` is the default (commas and spaces read)."""
# With "." declared, the other marks that a number may hold say the declaration is wrong.
_STRAY_DOT = r"[+-]?[\d.]*\.[\d.]*"
_WITH_COMMA = r"[+-]?[\d., \u00a0\u2009\u202f]*,[\d., \u00a0\u2009\u202f]*"
_STRAY_DOT_MESSAGE = (
    "with --thousands . a dot must stand between groups of three digits (1.234.567); this "
    "count is not written so: check the value, or the --thousands option"
)
_COMMA_MESSAGE = (
    "with --thousands . a comma is a decimal mark, and a count is a whole number: check "
    "the value, or drop --thousands . if the file writes thousands as 1,234"
)


def parse_counts(
    column: pd.Series,
    rows: np.ndarray,
    name: str,
    report: Problems,
    thousands: str | None = None,
) -> np.ndarray:
    """Parse one column of vote counts; bad entries are reported and become NaN.

    ``thousands="."``: the file's counts are written ``1.234.567``; a dot elsewhere, or a
    comma, in a number is refused (never read as a guess). Otherwise a dot between groups of
    three digits is refused as ambiguous.
    """
    if pd.api.types.is_bool_dtype(column.dtype):
        column = column.astype("string")
    if pd.api.types.is_numeric_dtype(column.dtype):
        values = column.to_numpy(dtype=float, na_value=np.nan)
        text = _Formatted(values)  # formatted only where a problem is reported
        missing = np.isnan(values)
        if len(rows) > 1 and missing.all():
            _all_empty(report, name, len(rows))
            return values
        _report(report, name, rows, text, missing, "the value is missing (NaN)")
    else:
        strings = column.astype("string").fillna("").str.strip()
        long = (strings.str.len() > MAX_CELL_CHARS).to_numpy(dtype=bool)
        if long.any():
            shown = [clip(t) for t in strings[long]]
            report.add_rows(
                name, rows[long], shown, f"cell longer than {MAX_CELL_CHARS:,} characters"
            )
            strings = strings.mask(long, "")
        values = _to_float(strings)
        text = strings.to_numpy(dtype=object)
        empty = (strings == "").to_numpy(dtype=bool)
        values = _read_grouped(strings, values, np.isnan(values) & ~empty)
        dotted = strings.str.fullmatch(_DOTTED).to_numpy(dtype=bool)
        if thousands == ".":
            refused = _declared_dots(strings, dotted, rows, name, report, text)
            if dotted.any():
                read = strings[dotted].str.replace(".", "", regex=False).map(float)
                values = values.copy()
                values[dotted] = read.to_numpy(dtype=float)
        else:
            _report(report, name, rows, text, dotted, _DOTTED_MESSAGE)
            refused = dotted
        values = np.where(refused, np.nan, values)
        nan = np.isnan(values) & ~empty & ~refused
        # Only entries that are not numbers can be words like "NA": check just those.
        word = np.zeros(len(values), dtype=bool)
        word[nan] = np.isin(np.char.lower(text[nan].astype(str)), list(_MISSING_WORDS))
        if len(rows) > 1 and empty.all():
            # One problem for the column, not one per row ("the value is empty" 20 times
            # and "1,243 more"): a party column left blank where the party did not stand.
            _all_empty(report, name, len(rows))
            return np.full(len(values), np.nan)
        _report(report, name, rows, text, empty, "the value is empty")
        _report(report, name, rows, text, word, "the value is missing (NaN)")
        # A dash is how many printed tables write "none": say so, not only "not a number".
        dash = nan & np.isin(text.astype(str), list(_DASHES))
        _report(report, name, rows, text, dash, "the value is a dash: write 0 for no votes")
        # "1775,0": a spreadsheet's decimal comma (German, French, Russian settings).
        comma = nan & strings.str.fullmatch(_DECIMAL_COMMA).to_numpy(dtype=bool)
        _report(report, name, rows, text, comma, _DECIMAL_COMMA_MESSAGE)
        _report(report, name, rows, text, nan & ~word & ~dash & ~comma, "the value is not a number")
        missing = np.isnan(values)
    finite = np.isfinite(values)
    _report(report, name, rows, text, ~finite & ~missing, "the value is not a finite number")
    # The results files' limit: no polling station has a billion voters.
    huge = finite & (np.abs(values) > MAX_COUNT)
    why = f"a count of more than {MAX_COUNT:,.0f} cannot be a polling station's count"
    _report(report, name, rows, text, huge, why)
    finite &= ~huge
    bad_whole = finite & (values != np.round(values))
    _report(report, name, rows, text, bad_whole, "a count must be a whole number")
    _report(report, name, rows, text, finite & (values < 0), "a count cannot be negative")
    return np.where(finite & ~bad_whole & (values >= 0), values, np.nan)


_DASHES = ("-", "–", "—", "--")
"""Dashes written for "none" (hyphen, en and em dash)."""


def _all_empty(report: Problems, name: str, n: int) -> None:
    report.add(
        f"column {name}",
        f"{n:,} empty rows",
        "every value in this column is empty: check that it is the column meant, or leave "
        "it out (a party that stood nowhere in the file has no votes to test)",
    )


def _declared_dots(
    strings: pd.Series,
    dotted: np.ndarray,
    rows: np.ndarray,
    name: str,
    report: Problems,
    text: np.ndarray,
) -> np.ndarray:
    """Cells that disagree with ``--thousands .``, reported: a stray dot or any comma."""
    stray = strings.str.fullmatch(_STRAY_DOT).to_numpy(dtype=bool) & ~dotted
    comma = strings.str.fullmatch(_WITH_COMMA).to_numpy(dtype=bool)
    _report(report, name, rows, text, stray, _STRAY_DOT_MESSAGE)
    _report(report, name, rows, text, comma, _COMMA_MESSAGE)
    return stray | comma


def long_labels(labels: pd.Series, rows: np.ndarray, name: str, report: Problems) -> None:
    """Report labels longer than :data:`MAX_CELL_CHARS`.

    A CSV's long cells are refused before it is parsed; a Parquet or Excel file's are found here.
    """
    long = (labels.str.len() > MAX_CELL_CHARS).to_numpy(dtype=bool)
    if long.any():
        shown = [clip(t) for t in labels[long]]
        report.add_rows(name, rows[long], shown, f"cell longer than {MAX_CELL_CHARS:,} characters")


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


def _read_grouped(strings: pd.Series, values: np.ndarray, unread: np.ndarray) -> np.ndarray:
    """``values`` with unread counts read: thousands separators, or another script's digits.

    Python's ``float`` reads any script's digits; Arrow and pandas do not.
    """
    if not unread.any():
        return values
    cells = strings[unread]
    grouped = cells.str.fullmatch(_GROUPED).to_numpy(dtype=bool)
    if not grouped.any():
        return values
    values = values.copy()
    digits = cells[grouped].str.replace(r"\D", "", regex=True)
    values[np.flatnonzero(unread)[grouped]] = digits.map(float).to_numpy(dtype=float)
    return values


class _Formatted:
    """Numbers shown as text on demand: formatting a million values costs a second."""

    def __init__(self, values: np.ndarray):
        self.values = values

    def __getitem__(self, mask: np.ndarray) -> list[str]:
        return fmt(self.values[mask])


def _report(
    report: Problems,
    name: str,
    rows: np.ndarray,
    text: np.ndarray | _Formatted,
    mask: np.ndarray,
    msg: str,
) -> None:
    if mask.any():
        report.add_rows(name, rows[mask], [str(t) for t in text[mask]], msg)

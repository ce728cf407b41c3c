"""Read a CSV file given by the user, one rule for every results reader.

A file that cannot be read, or that lacks a column, is an InputError naming the file, not a
traceback. A spreadsheet's export with semicolons or tabs between its columns (as many locales
write CSV) is read as well (:func:`separator`, also the station files' rule), and a header is
read as the readers spell their columns (:func:`column_name`: ``Election Date`` is
``election_date``); text cells are trimmed.
:func:`blank_cells` and :func:`repeated_rows` are the readers' shared checks of the rows read.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from votebank.errors import InputError, Problem


def read_csv(
    path: str | Path, *, required: Iterable[str] = (), what: str = "", **kwargs
) -> pd.DataFrame:
    """``pandas.read_csv(path, **kwargs)``, checked.

    Raises:
        InputError: The file cannot be read, or a ``required`` column is missing (named as
            columns of ``what``).
    """
    try:
        if "sep" not in kwargs:
            kwargs["sep"] = _separator(path)
        head = pd.read_csv(path, nrows=0, sep=kwargs["sep"], encoding=kwargs.get("encoding"))
        names = [column_name(c) for c in head.columns]
        twice = sorted({n for n in names if names.count(n) > 1})
        if twice:
            raise InputError(
                [Problem(str(path), "header", ", ".join(twice), "column(s) named more than once")]
            )
        frame = pd.read_csv(path, header=0, names=names, **kwargs)
    except UnicodeDecodeError as e:
        raise InputError([_not_utf8(path)]) from e
    except (OSError, ValueError, pd.errors.ParserError) as e:
        raise InputError([Problem(str(path), "", "", f"cannot read as CSV: {e}")]) from e
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise InputError([missing_columns(path, missing, frame.columns, what)])
    # Spreadsheets pad cells: "Independents " is the party Independents, " NA-103" its seat.
    for col in frame.columns:
        if not pd.api.types.is_numeric_dtype(frame[col]):
            frame[col] = frame[col].map(lambda v: v.strip() if isinstance(v, str) else v)
    return frame


def column_name(name: object) -> str:
    """A header cell as the readers name columns: trimmed, lower case, words joined by ``_``.

    Spreadsheets and other tools capitalise headers or put spaces in them; the meaning is the same.
    """
    return "_".join(str(name).strip().lower().split())


def missing_columns(
    path: str | Path, missing: Iterable[str], columns: Iterable, what: str
) -> Problem:
    """The problem of a header without ``missing``, showing the header the file has."""
    of = f" of {what}" if what else ""
    return Problem(
        str(path),
        "header",
        ", ".join(str(c) for c in columns),
        f"missing column(s){of}: {', '.join(missing)}",
    )


def _not_utf8(path: str | Path) -> Problem:
    """Where a file stops being UTF-8 (pandas' own offset is into a buffer, not the file)."""
    data = Path(path).read_bytes()
    try:
        data.decode("utf-8")
        row, value = "", ""
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        row, value = f"row {line}", repr(data[e.start : e.start + 4])
    return Problem(str(path), row, value, "not UTF-8 text: save the file as UTF-8")


DELIMITERS = (",", ";", "\t", "|")


def separator(first_line: str) -> str:
    """The delimiter a file's first line uses most (``,`` if none): every reader's rule."""
    sep = max(DELIMITERS, key=first_line.count)
    return sep if first_line.count(sep) else ","


def header(path: str | Path) -> set[str]:
    """The column names of a CSV file (:func:`column_name`), read without its rows."""
    return set(read_csv(path, nrows=0).columns)


def _separator(path: str | Path) -> str:
    with open(path, encoding="utf-8-sig", errors="replace") as f:
        return separator(f.readline())


def blank_cells(
    frame: pd.DataFrame, columns: Iterable[str], path: str | Path, rows: np.ndarray
) -> list[Problem]:
    """A problem per blank cell of ``columns`` (five per column); ``rows`` are file lines."""
    problems = []
    for col in columns:
        blank = (frame[col].isna() | frame[col].astype(str).str.strip().eq("")).to_numpy()
        for line in rows[blank][:5]:
            problems.append(Problem(str(path), f"row {line}, column {col}", "", "blank"))
    return problems


def repeated_rows(frame: pd.DataFrame, path: str | Path, rows: np.ndarray) -> list[Problem]:
    """A problem per row that repeats an earlier one cell for cell (a file pasted twice)."""
    problems = []
    first: dict[tuple, int] = {}
    repeated = frame.duplicated(keep=False).to_numpy()
    for key, line in zip(frame[repeated].itertuples(index=False), rows[repeated], strict=True):
        if key in first and len(problems) < 10:
            problems.append(
                Problem(str(path), f"row {line}", f"row {first[key]}", "repeats an earlier row")
            )
        first.setdefault(key, line)
    return problems

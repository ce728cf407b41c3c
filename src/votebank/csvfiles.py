"""Read a CSV file given by the user, one rule for every results reader.

A file that cannot be read, or that lacks a column, is an InputError naming the file, not a
traceback. A spreadsheet's export with semicolons or tabs between its columns (as many locales
write CSV) is read as well (:func:`separator`, also the station files' rule), and a header is
read as the readers spell their columns (:func:`column_name`: ``Election Date`` is
``election_date``); text cells are trimmed.
:func:`blank_cells` and :func:`repeated_rows` are the readers' shared checks of the rows read.
"""

from __future__ import annotations

import csv
import re
import warnings
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
        names = _header_names(path, kwargs["sep"], kwargs.get("encoding"))
        twice = sorted({n for n in names if names.count(n) > 1})
        if twice:
            raise InputError(
                [Problem(str(path), "header", ", ".join(twice), "column(s) named more than once")]
            )
        # Data rows ending in a delimiter the header lacks made pandas take the first column
        # as an index and shift every other one ("election_date ... got general").
        kwargs.setdefault("index_col", False)
        with warnings.catch_warnings():
            warnings.simplefilter("error", pd.errors.ParserWarning)  # a value it would drop
            frame = pd.read_csv(path, header=0, names=names, **kwargs)
    except pd.errors.ParserWarning as e:
        said = [Problem(str(path), "", "", f"cannot read as CSV: {e}")]
        raise InputError(_beyond_header(path, kwargs["sep"], len(names)) or said) from e
    except UnicodeDecodeError as e:
        raise InputError([_not_utf8(path)]) from e
    except FileNotFoundError as e:  # said plainly, not "[Errno 2] No such file ...: 'x.csv'"
        raise InputError([Problem(str(path), "", "", "no such file")]) from e
    except IsADirectoryError as e:
        raise InputError([Problem(str(path), "", "", "is a folder; give a CSV file")]) from e
    except OSError as e:
        raise InputError([Problem(str(path), "", "", f"cannot be read: {e.strerror or e}")]) from e
    except pd.errors.EmptyDataError as e:  # pandas said "No columns to parse from file"
        raise InputError([Problem(str(path), "", "", "empty file: no header and no rows")]) from e
    except (ValueError, pd.errors.ParserError) as e:
        raise InputError([_unparsed(path, str(e))]) from e
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise InputError([missing_columns(path, missing, frame.columns, what)])
    # Spreadsheets pad cells: "Independents " is the party Independents, " NA-103" its seat.
    for col in frame.columns:
        if not pd.api.types.is_numeric_dtype(frame[col]):
            frame[col] = frame[col].map(lambda v: v.strip() if isinstance(v, str) else v)
    return frame


def _header_names(path: str | Path, sep: str, encoding: str | None) -> list[str]:
    """The header's cells as written (pandas' own header renames a repeat ``votes.1``)."""
    head = pd.read_csv(
        path, nrows=1, header=None, sep=sep, encoding=encoding, dtype=str, keep_default_na=False
    )
    cells = head.iloc[0].tolist() if len(head) else []
    # A blank header cell (a trailing delimiter) is named by its place, as pandas names it.
    return [column_name(c) if c.strip() else f"unnamed:_{k}" for k, c in enumerate(cells)]


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


def not_utf8_at(data: bytes, error: UnicodeDecodeError) -> tuple[str, str, str]:
    """Where ``data`` stops being UTF-8: its row, the row's text and the byte.

    The text is as a spreadsheet shows it (Windows-1252), never a Python bytes repr.
    """
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):  # Excel's "Unicode Text": UTF-16 throughout
        return "row 1", "", "UTF-16 text, as Excel saves Unicode Text"
    line = data.count(b"\n", 0, error.start) + 1
    start = data.rfind(b"\n", 0, error.start) + 1
    end = data.find(b"\n", error.start)
    text = data[start : end if end >= 0 else len(data)].decode("cp1252", errors="replace")
    text = "".join(ch for ch in text if ch.isprintable()).strip()  # UTF-16's NULs, a \r
    text = text if len(text) <= 60 else text[:59] + "…"
    return f"row {line}", text, f"byte 0x{data[error.start]:02X}"


def _not_utf8(path: str | Path) -> Problem:
    """Where a file stops being UTF-8 (pandas' own offset is into a buffer, not the file)."""
    data = Path(path).read_bytes()
    try:
        data.decode("utf-8")
        row, value, byte = "", "", ""
    except UnicodeDecodeError as e:
        row, value, byte = not_utf8_at(data, e)
    why = f"not UTF-8 text ({byte})" if byte else "not UTF-8 text"
    return Problem(str(path), row, value, f"{why}: save the file as UTF-8")


DELIMITERS = (",", ";", "\t", "|")
SNIFF_LINES = 50  # data lines read to choose the delimiter


def separator(first_line: str, lines: Iterable[str] = ()) -> str:
    """The delimiter of a file (``,`` if its header has none): every reader's rule.

    The header's most used delimiter, unless it splits the data ``lines`` (the next few lines
    of the file) into a number of fields other than the header's while another delimiter of
    the header splits them all alike: a ``;`` file whose column names hold commas
    (``Число избирателей, внесенных в список``) has more commas than semicolons in its header.
    """
    used = [d for d in DELIMITERS if first_line.count(d)]
    if not used:
        return ","
    # Most used first; a tie goes to the earlier in DELIMITERS, as max() does.
    used.sort(key=first_line.count, reverse=True)
    rows = [line for line in lines if line.strip()]
    if not rows or _same_width(first_line, rows, used[0]):
        return used[0]
    return next((d for d in used[1:] if _same_width(first_line, rows, d)), used[0])


def _same_width(first_line: str, rows: list[str], sep: str) -> bool:
    """Whether ``sep`` splits the header and every row into as many fields (quotes honoured)."""
    try:
        widths = {len(r) for r in csv.reader([first_line, *rows], delimiter=sep) if r}
    except csv.Error:
        return False
    return len(widths) == 1


def head_lines(text: str, n: int = SNIFF_LINES) -> list[str]:
    """The lines of ``text`` after its first, up to ``n``, without splitting the rest."""
    lines, start = [], text.find("\n") + 1
    while start and len(lines) < n:
        end = text.find("\n", start)
        lines.append(text[start : end if end >= 0 else len(text)])
        start = end + 1
    return lines


def header(path: str | Path) -> set[str]:
    """The column names of a CSV file (:func:`column_name`), read without its rows."""
    return set(read_csv(path, nrows=0).columns)


def data_lines(path: str | Path) -> list[int]:
    """The line of the file (the first is 1) on which each data row read starts.

    pandas skips blank lines, and a quoted cell may span lines, so a row's place among the
    rows read is not its line: messages name the line a user finds in an editor. Empty if
    the file cannot be split so (the caller then counts rows).
    """
    starts, end = [], 0
    try:
        with open(path, encoding="utf-8-sig", errors="replace", newline="") as f:
            reader = csv.reader(f, delimiter=_separator(path))
            for record in reader:
                start, end = end + 1, reader.line_num
                if len(record) > 1 or (record and record[0].strip()):  # pandas' blank lines
                    starts.append(start)
    except (OSError, csv.Error):
        return []
    return starts[1:]


def _separator(path: str | Path) -> str:
    with open(path, encoding="utf-8-sig", errors="replace") as f:
        first = f.readline()
        lines = [line for _, line in zip(range(SNIFF_LINES), f, strict=False)]
    return separator(first, lines)


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
    return [
        Problem(str(path), f"row {line}", f"row {first}", "repeats an earlier row")
        for line, first in repeat_pairs(frame, rows)[:10]
    ]


def repeat_pairs(frame: pd.DataFrame, rows: np.ndarray) -> list[tuple[int, int]]:
    """``(row, first row it repeats)`` for every row that repeats an earlier one cell for cell."""
    repeated = frame.duplicated(keep=False).to_numpy()
    # Blank cells as None: two NaNs are not equal, so a repeat with a blank went unpaired.
    cells = frame[repeated].astype(object)
    cells = cells.where(cells.notna(), None)
    first: dict[tuple, int] = {}
    out = []
    for key, line in zip(cells.itertuples(index=False), rows[repeated], strict=True):
        if key in first:
            out.append((int(line), first[key]))
        first.setdefault(key, int(line))
    return out


def refuse_seats_twice(seat: pd.Series, path: str | Path, column: str) -> None:
    """A seat on two rows of a seat file: which roll and ballots are real is not known."""
    twice = seat.duplicated(keep="first")
    if not twice.any():
        return
    first = {v: i for i, v in reversed(list(seat.items()))}  # each seat's first row
    # Rows as the file numbers them: the index is the data row from 0, the header is line 1.
    raise InputError(
        [
            Problem(
                str(path),
                f"row {i + 2}, column {column}",
                v,
                f"seat listed twice (first on row {first[v] + 2})",
            )
            for i, v in seat[twice].items()
        ][:5]
    )


def _unparsed(path: str | Path, said: str) -> Problem:
    """A parser error of pandas in the readers' words, its line numbered as they number rows.

    pandas counts the line of an unclosed quote from 0 ("EOF inside string starting at row
    1" was line 2, the first data row): every other message here names the header row 1.
    """
    if m := re.search(r"EOF inside string starting at row (\d+)", said):
        why = "a quote opened here is never closed: the rest of the file would be one cell"
        return Problem(str(path), f"row {int(m.group(1)) + 1}", '"', why)
    if m := re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", said):
        why = f"{m.group(3)} cells where the header names {m.group(1)} (a separator in a cell?)"
        return Problem(str(path), f"row {m.group(2)}", "", why)
    return Problem(str(path), "", "", f"cannot read as CSV: {said}")


def _beyond_header(path: str | Path, sep: str, width: int) -> list[Problem]:
    """Rows holding a value beyond the header's ``width`` columns (at most 5), by file line."""
    problems = []
    with open(path, encoding="utf-8-sig", errors="replace", newline="") as f:
        reader = csv.reader(f, delimiter=sep)
        next(reader, None)
        for record in reader:
            extra = [c.strip() for c in record[width:] if c.strip()]
            if extra and len(problems) < 5:
                why = f"a value beyond the header's {width} columns (a separator in a cell?)"
                problems.append(Problem(str(path), f"row {reader.line_num}", sep.join(extra), why))
    return problems

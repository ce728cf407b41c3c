"""Text in a results file: its bytes decoded (the encoding guessed if not given), its labels."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

SINGLE_BYTE = ("cp1251", "cp1252", "latin-1")  # tried in this order when UTF-8 fails
MIXED_SCRIPT = re.compile(r"[A-Za-z][\u0400-\u04ff]|[\u0400-\u04ff][A-Za-z]")
MAX_EXACT = 2**53  # float64 holds every whole number below this exactly
MAX_ROWS_PER_COLUMN = 20  # a problem's rows shown, per column (then a count)

Add = Callable[[str, str, str], None]  # records a problem: location, value, message


def decodes(data: bytes, encoding: str) -> bool:
    """Whether ``data`` is valid text in ``encoding``."""
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def likeliest(texts: list[str]) -> str:
    """The decoding that mixes alphabets within a word least (ties: the earlier one).

    Every single-byte encoding decodes; the right one does not mix them (Latin-1 "Zürich"
    read as cp1251 is "Zьrich").
    """
    return min(texts, key=lambda t: len(MIXED_SCRIPT.findall(t)))


def cell_text(data: bytes, start: int, end: int) -> str:
    """A run of bytes as the characters it most likely holds (before the encoding is known).

    UTF-16 (with its byte-order mark) has two bytes a character; else UTF-8 if the bytes are
    UTF-8 (a run starts and ends beside ASCII bytes, so whole characters); else one byte a
    character, in the single-byte encoding :func:`decode` would pick for it.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        start += start % 2  # whole characters: the run may begin with half of one
        end -= (end - start) % 2
        return data[start:end].decode("utf-16-le" if data[0] == 0xFF else "utf-16-be", "replace")
    cell = data[start:end]
    try:
        return cell.decode("utf-8")
    except UnicodeDecodeError:
        return likeliest([cell.decode(enc) for enc in SINGLE_BYTE if decodes(cell, enc)])


def decode(data: bytes, encoding: str | None, named: Sequence[str | int], add: Add) -> str | None:
    """Decode bytes; with no encoding given, prefer one under which the named columns exist."""
    if encoding is not None:
        try:
            text = data.decode(encoding)
        except LookupError:
            add("encoding", encoding, "unknown text encoding")
            return None
        except UnicodeDecodeError:
            _report_undecodable(data, encoding, add)
            return None
        return text.removeprefix("\ufeff")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        texts = [data.decode("utf-8")]  # other encodings' text is almost never valid UTF-8
    except UnicodeDecodeError:
        texts = [data.decode(enc) for enc in SINGLE_BYTE if decodes(data, enc)]
    texts = [t.removeprefix("\ufeff") for t in texts if "\x00" not in t]
    if not texts:
        add("", "binary data", "the file is not text in any supported encoding")
        return None
    names = [s.strip() for s in named if isinstance(s, str) and not s.strip().isdigit()]
    fits = [t for t in texts if all(n in t.split("\n", 1)[0] for n in names)] or texts
    return likeliest(fits)


def _report_undecodable(data: bytes, encoding: str, add: Add) -> None:
    """Record every undecodable byte sequence (first few by row, then a count)."""
    pos, found = 0, []
    while pos < len(data) and len(found) < 1000:
        try:
            data[pos:].decode(encoding)
            break
        except UnicodeDecodeError as exc:
            start, end = pos + exc.start, pos + max(exc.end, exc.start + 1)
            found.append((start, data[start:end]))
            pos = end
    line_starts = np.flatnonzero(np.frombuffer(data, dtype=np.uint8) == ord("\n"))
    for start, chunk in found[:MAX_ROWS_PER_COLUMN]:
        row = int(np.searchsorted(line_starts, start)) + 1
        add(
            f"row {row}",
            repr(chunk),
            f"bytes that are not valid {encoding} (byte offset {start}); "
            "give the file's encoding, e.g. --encoding cp1251",
        )
    if len(found) > MAX_ROWS_PER_COLUMN:
        more = len(found) - MAX_ROWS_PER_COLUMN
        add("", f"{more}{'+' if len(found) >= 1000 else ''} more", "more undecodable bytes")


def text_labels(column: pd.Series) -> pd.Series:
    """A column of labels as trimmed text, "" where missing.

    A float column of whole numbers (a Parquet region or station number stored as float, or
    as integers with a null among them) reads 7, not "7.0"; a null is missing, not "nan".
    """
    if pd.api.types.is_float_dtype(column.dtype):
        values = column.to_numpy(dtype=float, na_value=np.nan)
        known = values[~np.isnan(values)]
        if np.all((known == np.round(known)) & (np.abs(known) < MAX_EXACT)):
            column = column.astype("Int64")
    return column.astype("string").fillna("").str.strip()

"""The columns a user names: by header text or 0-based position, alone or as a sum ``"A + B"``."""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Sequence

import numpy as np

from votebank.display import plural
from votebank.forensics.problems import Problems, clip

AUTO = "auto"

ColumnSpec = str | int


def sum_parts(spec: ColumnSpec, header: list[str] | None = None) -> list[ColumnSpec]:
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


def split_specs(others: str | Sequence[ColumnSpec] | None) -> list[ColumnSpec]:
    """The other parties' columns: a list as given, or one comma-separated string split."""
    if others is None:
        return []
    if isinstance(others, str):
        return [s.strip() for s in others.split(",") if s.strip()]
    if not isinstance(others, Sequence | np.ndarray):
        return [others]  # one column (a position), or a value resolve() then reports
    return list(others)


def label(header: list[str], idx: int) -> str:
    """The column's header, or ``#idx`` where the header is blank."""
    name = header[idx]
    return name if name else f"#{idx}"


def resolve(
    spec: ColumnSpec, header: list[str], role: str, report: Problems, *, split: bool = False
) -> int | None:
    """Return the position of the column ``spec`` names, or record why there is none.

    ``split``: ``spec`` is a piece of a comma-separated list, which cannot name a column whose
    name holds a comma; the refusal then says to give that column by its position.
    """
    n = len(header)
    if isinstance(spec, bool) or not isinstance(spec, int | str | np.integer):
        report.add(f"column for {role}", repr(spec), "give a column name or a 0-based position")
        return None
    if isinstance(spec, str):
        text = spec.strip()
        exact = [i for i, h in enumerate(header) if h == text]
        if not exact:  # by case, and by Unicode form: a Mac's file writes "é" as e + accent
            key = _folded(text)
            exact = [i for i, h in enumerate(header) if _folded(h) == key]
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
            shown = ", ".join(repr(_named(h)) for h in header[:30]) + (" ..." if n > 30 else "")
            why = f"no column has this name; the columns are {shown}"
            folded = {_folded(h): h for h in header if h.strip()}
            close = difflib.get_close_matches(_folded(text), list(folded), n=1, cutoff=0.8)
            if close:  # "Liberte" for "Liberté", "Registred": found in a list of 30 columns
                why = f"no column has this name; did you mean {_named(folded[close[0]])!r}? " + (
                    f"The columns are {shown}"
                )
            held = [i for i, h in enumerate(header) if "," in h and text.casefold() in h.casefold()]
            if split and held:
                why += (
                    f"; the {role} are split at commas, so a column whose name holds one must be "
                    "given by its position: "
                    + ", ".join(f"{_named(header[i])!r} is {i}" for i in held)
                )
            report.add(f"column for {role}", text, why)
            return None
        spec = int(text)
    pos = int(spec)
    if not 0 <= pos < n:
        report.add(
            f"column for {role}",
            str(pos),
            f"position out of range: the file has {plural(n, 'column')}, numbered "
            + ("0" if n == 1 else f"0 to {n - 1}"),
        )
        return None
    return pos


_LISTED_CHARS = 200


def _folded(name: str) -> str:
    """A column name as compared when not found exactly: NFC, spaces as one, case-folded."""
    return " ".join(unicodedata.normalize("NFC", name).split()).casefold()


def _named(name: str) -> str:
    """A header name as listed in a refusal: whole, so it can be copied, unless it is huge.

    A file read under the wrong encoding is one header cell holding the whole file, which was
    quoted in full in every refusal.
    """
    return name if len(name) <= _LISTED_CHARS else clip(name)


_DISTINCT = (
    ("registered", "ballots"),
    ("registered", "valid"),
    ("registered", "leader or others"),
    ("ballots", "leader or others"),
    ("valid", "leader or others"),
)
"""Counts that never share a column (ballots and valid may: valid + invalid = ballots)."""


def shared_columns(
    header: list[str], roles: dict[str, list[int]], parties: list[int], report: Problems
) -> None:
    """Record every column given for two counts that cannot be the same numbers, or twice in a sum.

    ``--ballots`` naming the registered column made every station's turnout 100% and the
    pile-up test flag the file; a party's column given as ``--valid`` gave it every vote.
    """
    for role, idx in roles.items():
        for i in sorted({i for i in idx if idx.count(i) > 1}):
            # "4 + 5 + 5" for "4 + 5 + 6": the column would be counted twice at every station.
            report.add(
                f"column for {role}",
                label(header, i),
                "the same column is given twice in this sum: check the column names",
            )
    sets = {role: set(idx) for role, idx in roles.items()} | {"leader or others": set(parties)}
    for first, second in _DISTINCT:
        if second == "leader or others" and first != "registered" and len(roles.get(first, ())) > 1:
            continue  # a sum of the parties' columns (and invalid): not one party's votes
        for i in sorted(sets.get(first, set()) & sets.get(second, set())):
            report.add(
                f"column for {second}",
                label(header, i),
                f"the same column is given for {first}; {first} and {second} are different "
                "counts: check the column names",
            )

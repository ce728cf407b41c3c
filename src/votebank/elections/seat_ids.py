"""Seat ids of real results matched to the seats they are laid on: as written, else loosely.

A results file may write a seat as ``na-1``, `` NA-1 ``, ``NA-001``, ``NA 1`` or ``NA_1``
where the scenario (or the other election) has ``NA-1``. Each id is matched as written
first; an id that matches none is then matched by its :func:`seat_key` (trimmed, case folded,
the separators ``-``, ``_``, ``.`` and spaces alike, leading zeros of a run of digits
dropped), but only where exactly one seat has that key and no id of the results matched it as
written, and no other id of the results claims it loosely: two ids of the results never
become one seat. Each id read loosely, and each left out as ambiguous or a collision, is
reported (:meth:`SeatMatch.notes`).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from votebank.display import listed, plural

SEPARATORS = re.compile(r"[-_.\s]+")
DIGITS = re.compile(r"[0-9]+")
RULE = "case, spaces, the separators - _ . and leading zeros ignored"


def seat_key(seat: object) -> str:
    """A seat id as written any of the ways the module docstring lists (``NA_001`` is ``na-1``)."""
    text = SEPARATORS.sub("-", str(seat).strip().casefold()).strip("-")
    # lstrip, not int(): a run of thousands of digits is still an id, not an error.
    return DIGITS.sub(lambda m: m.group().lstrip("0") or "0", text)


@dataclass(frozen=True)
class SeatMatch:
    """How the ids of some results were matched to the seats they are laid on.

    Attributes:
        loose: ``(id in the results, seat)`` for each id matched by its key only.
        ambiguous: ``(id in the results, seats)`` for each id whose key fits several seats.
        collisions: ``(seat, ids in the results, exact)`` for each seat that several ids of
            the results are but for spelling: those read loosely are left unmatched (and
            ``exact``: one of the results is the seat as written, and is matched).
    """

    loose: tuple[tuple[str, str], ...] = ()
    ambiguous: tuple[tuple[str, tuple[str, ...]], ...] = ()
    collisions: tuple[tuple[str, tuple[str, ...], bool], ...] = ()

    def renamed(self, ids: pd.Series) -> pd.Series:
        """``ids`` (of the results) with each loosely matched one written as its seat."""
        as_seat = dict(self.loose)
        return ids.map(lambda s: as_seat.get(s, s)) if as_seat else ids

    def notes(self, whose: str, of: str = "the results") -> list[str]:
        """What was read loosely or left out, for the user.

        ``whose``: whose seats the ids were matched to; ``of``: whose ids they are.
        """
        out = []
        if self.loose:
            items = [f"{a!r} as {b}" for a, b in self.loose]
            out.append(
                f"{plural(len(items), 'seat id')} of {of} read as {whose}'s ({RULE}): "
                f"{listed(items)}"
            )
        if self.ambiguous:
            items = [f"{a!r} ({', '.join(b)})" for a, b in self.ambiguous]
            out.append(
                f"seat ids of {of} that fit several seats of {whose} ({RULE}), not "
                f"matched: {listed(items)}"
            )
        if self.collisions:
            items = [
                f"{', '.join(map(repr, ids))} "
                + (f"({seat} is in {of} as written)" if exact else f"(all {seat})")
                for seat, ids, exact in self.collisions
            ]
            out.append(
                f"seat ids of {of} left unmatched: another id of {of} is the same "
                f"seat of {whose} but for spelling, and two ids are never made one seat: "
                f"{listed(items)}"
            )
        return out


def match_seats(found: Iterable[object], seats: Iterable[object]) -> SeatMatch:
    """Match the ids ``found`` in some results to ``seats`` (see the module docstring)."""
    seats = list(dict.fromkeys(map(str, seats)))
    found = list(dict.fromkeys(map(str, found)))
    exact = set(seats).intersection(found)
    by_key: dict[str, list[str]] = defaultdict(list)
    for s in seats:
        by_key[seat_key(s)].append(s)
    claims: dict[str, list[str]] = defaultdict(list)  # seat -> ids of the results fitting it
    ambiguous = []
    for f in found:
        if f in exact:
            continue
        fits = by_key.get(seat_key(f), [])
        if len(fits) == 1:
            claims[fits[0]].append(f)
        elif fits:
            ambiguous.append((f, tuple(fits)))
    loose, collisions = [], []
    for seat, ids in claims.items():
        if seat in exact or len(ids) > 1:
            collisions.append((seat, tuple(ids), seat in exact))
        else:
            loose.append((ids[0], seat))
    return SeatMatch(tuple(loose), tuple(ambiguous), tuple(collisions))

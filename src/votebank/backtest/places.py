"""Whether the seat ids two elections share name the same places (else new boundaries)."""

from __future__ import annotations

import re

from votebank.errors import Problem

ROMAN = re.compile(r"[ivxlc]+")


def place_words(name: str) -> set[str]:
    """The words of a seat's name that name a place (3 letters or more, no roman numeral)."""
    words = re.findall(r"[^\W\d_]+", str(name).lower())
    return {w for w in words if len(w) > 2 and not ROMAN.fullmatch(w)}


def renamed_places(base, target, bs, ts, common) -> list[Problem]:
    """Seat ids that name other places: under half of the named shared seats share a word.

    For files without a boundary column (or with one that does not say): a new delimitation
    that reuses the seat numbers (Pakistan's NA-1 was Peshawar in 2013, Chitral in 2018).
    Measured on the Pakistan file: 96-100 % of the shared seats share a word of their name
    on one delimitation (spelling varies: "Gujranwala 6", "Gujranwalla 6"), 1.5 % across the
    1997 -> 2002 delimitation.
    """
    if "name" not in bs or "name" not in ts or not common:
        return []
    b, t = bs.loc[common, "name"].astype(str), ts.loc[common, "name"].astype(str)
    named = [s for s in common if place_words(b[s]) and place_words(t[s])]
    if len(named) < 0.5 * len(common):
        return []
    other = [s for s in named if not place_words(b[s]) & place_words(t[s])]
    if len(other) <= 0.5 * len(named):
        return []
    seat = other[0]
    return [
        Problem(
            target.file,
            f"row {ts.at[seat, 'row']}, column constituency_name",
            t[seat],
            f"seat {seat} is {t[seat]!r} here but {b[seat]!r} in {base.label}, and {len(other)} "
            f"of {len(named)} shared seats name other places: different boundaries",
        )
    ]

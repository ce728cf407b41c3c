"""Which seat ids two elections share: spelt alike, naming the same places (else new boundaries).

Seats in one election only are left out; where they are many, :func:`left_out_warning` says so.
"""

from __future__ import annotations

import re
from dataclasses import replace

import pandas as pd

from votebank.display import listed, plural
from votebank.elections.read import Election
from votebank.elections.seat_ids import match_seats, seat_key
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
            f"of {plural(len(named), 'shared seat')} name other places: different boundaries",
        )
    ]


def namesakes(bs: pd.DataFrame, ts: pd.DataFrame, common: list) -> list[str]:
    """A note on seats in one election only that bear the name of one in the other only.

    ``bs``, ``ts``: the seats by id (``name`` where the file gives one). An id written
    otherwise than the loose reading allows (``RU0010`` and ``ru-10``) left the seat out of
    both elections unexplained; a name both give one seat alone says it may be one seat.
    """
    pairs = [f"{b!r} / {t!r} ({bs.at[b, 'name']})" for b, t in namesake_ids(bs, ts, common)]
    if not pairs:
        return []
    return [
        f"{plural(len(pairs), 'seat')} in one election only bearing the name of one in the "
        f"other (base / target), left out: {listed(pairs)}; the same seat with its id written "
        "otherwise? Write the ids alike to compare it"
    ]


def namesake_ids(bs: pd.DataFrame, ts: pd.DataFrame, common: list) -> list[tuple]:
    """``(base id, target id)`` of the seats outside ``common`` that bear one name in both."""
    if "name" not in bs or "name" not in ts:
        return []
    shared = set(common)

    def alone(seats: pd.DataFrame) -> dict[str, str]:
        names = seats.loc[[s for s in seats.index if s not in shared], "name"].astype(str)
        key = names.str.casefold().str.split().str.join(" ")
        once = key[key.ne("") & ~key.duplicated(keep=False)]
        return {k: s for s, k in once.items()}

    before, after = alone(bs), alone(ts)
    both = [k for k in before if k in after and not redrawn(bs, ts, before[k], after[k])]
    return sorted(((before[k], after[k]) for k in both), key=lambda p: str(p[0]))


def redrawn(bs: pd.DataFrame, ts: pd.DataFrame, b: str, t: str) -> bool:
    """Whether the files put base seat ``b`` and target seat ``t`` on different boundaries."""
    if "boundary" not in bs or "boundary" not in ts:
        return False
    one, other = str(bs.at[b, "boundary"]), str(ts.at[t, "boundary"])
    return bool(one.strip() and other.strip()) and one != other


def on_target_seats(base: Election, target: Election) -> tuple[Election, list[str]]:
    """The base with its seat ids written as the target's where only spelling differs."""
    seating = match_seats(pd.unique(base.seats["seat"]), target.seats["seat"])
    notes = seating.notes("the target", of="the base")
    if not seating.loose:  # nothing renamed: the base as it was read
        return base, notes
    seats = base.seats.assign(seat=seating.renamed(base.seats["seat"]))
    cands = base.candidates.assign(seat=seating.renamed(base.candidates["seat"]))
    return replace(base, seats=seats, candidates=cands), notes


LEFT_OUT = 0.25
"""Above this part of either election's seats left out, a warning says so (not a note alone)."""


def left_out_warning(notes: dict, base: str, target: str) -> list[str]:
    """A warning where over :data:`LEFT_OUT` of either election's seats stand in it alone.

    ``notes``: the pair's (``seats_compared``, ``only_in_base``, ``only_in_target``). Listed
    among the rules applied only, 29 of 61 seats left out went unseen.
    """
    compared = notes["seats_compared"]
    left = {base: len(notes["only_in_base"]), target: len(notes["only_in_target"])}
    if all(n <= LEFT_OUT * (compared + n) for n in left.values()):
        return []
    parts = [f"{n} of the {plural(compared + n, 'seat')} of {e}" for e, n in left.items() if n]
    return [
        f"only {plural(compared, 'seat')} compared: {' and '.join(parts)} stand in that "
        "election only and are left out (listed among the rules applied)"
    ]


def polled_later(notes: dict, base: Election, target: Election) -> dict[str, list[str]]:
    """Seats left out that a later contest in the other election's file polls.

    A seat not polled on the day (a re-poll, a by-election) is in one election only unless
    ``--by-elections`` adds it: the note listing it says so. ``notes``: the pair's.
    """

    def among(seats: list[str], election: Election) -> list[str]:
        later = {seat_key(s) for s in election.polled_later}
        return [s for s in seats if seat_key(s) in later]

    return {
        "only_in_base_polled_later": among(notes["only_in_base"], target),
        "only_in_target_polled_later": among(notes["only_in_target"], base),
    }


def shared_text(common: int, total: int, of: str, other: str) -> str:
    """``only 2 of the 5 seats of B are also in T``; "none" and "the one seat" as said."""
    if common == 0:
        return (
            f"the one seat{of} is not in {other}"
            if total == 1
            else f"none of the {total:,} seats{of} is in {other}"
        )
    return f"only {common:,} of the {total:,} seats{of} are also in {other}"


def unmatched_why(alike: int, common: int, base, target, bs: pd.DataFrame, ts: pd.DataFrame) -> str:
    """Why too few seat ids match: written otherwise (``alike`` match ignoring case), or moved.

    Where both files name their seats' boundaries and no set is in both (UK 1992 -> 1997), the
    seats are on other boundaries, said with the sets the files name; else only perhaps.
    """
    if alike > common:
        return f"not match as written; {alike} do ignoring case: write them alike"
    # Ids written otherwise than the loose reading allows (VD001, vd-1) on the same names.
    if len(same := namesake_ids(bs, ts, [s for s in bs.index if s in ts.index])) > common:
        b, t = same[0]
        return (
            f"not match as written; {len(same)} bear one seat's name in both ({b!r} in "
            f"{base.label} is {t!r} in {target.label}, {bs.at[b, 'name']}): write the ids alike"
        )
    sets = [
        sorted({str(v) for v in s["boundary"].dropna() if str(v).strip()})
        if "boundary" in s
        else []
        for s in (bs, ts)
    ]
    if not all(sets) or set(sets[0]) & set(sets[1]):
        return "not match (different boundaries?)"
    return (
        f"not match: different boundaries ({base.label} on {listed(sets[0])}, "
        f"{target.label} on {listed(sets[1])}); a backtest compares elections on one boundary set"
    )

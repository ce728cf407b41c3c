"""A target's seats with no named candidate: no one who could have won them, so no winner.

A party-level file's seat where no party stood (the Speaker's, written as one "all other
candidates" row) would be scored with a blank winner that every method gets wrong. Such a
target seat is left out and listed. A base seat of that kind stays: its next result can
still be forecast, every candidate new there.
"""

from __future__ import annotations

from dataclasses import replace

from votebank.elections.read import Election


def named_seats(target: Election) -> Election:
    """``target`` without its seats whose only rows are the others' aggregate (noted)."""
    c = target.candidates
    named = (~c["aggregate"]).groupby(c["seat"]).transform("any").astype(bool)
    nobody = sorted(set(c.loc[~named, "seat"].astype(str)))
    if not nobody:
        return target
    note = f"seats with no named candidate (the others' row only), left out: {', '.join(nobody)}"
    seats = target.seats[~target.seats["seat"].astype(str).isin(nobody)]
    return replace(target, seats=seats, candidates=c[named], notes=(*target.notes, note))

"""Result-compilation fraud: the returning officer moves votes on the way to the seat result.

After the station count, the returning officer (RO) consolidates the station forms into the
constituency result. In a share ``seat_share`` of seats where a candidate of a favoured party
stands (by default the governing parties), the RO moves a share of the seat's valid votes,
drawn uniform on ``shift``, from the other candidates to the favoured one. The votes are moved
on the forms of stations whose forms have gone missing (each station's form goes missing with
``form_missing_share``; where none is missing in a shifted seat, on every station's form), in
proportion to each rival's votes there: the published station results are the rewritten ones.
Turnout and ballots are unchanged at every station, so the trace is a shift of shares without
the rise in turnout that ballot stuffing leaves. The seat's winner is declared again on the
compiled totals. The truth is kept as ``truth["compilation"]``: votes moved at each station,
forms missing, seats shifted and the favoured slot.

Sources: forms missing (no Form-XV in the sealed bag) at 14,641 of 44,339 stations opened by
the 2013 Judicial Commission, 0.33 [S]; seats with RO-level shifting 0.03 (0-0.10) moving 1-5%
of valid votes [E, no observer count found] (levers brief §5).
"""

from __future__ import annotations

import numpy as np
from pydantic import Field, field_validator

from votebank.core.count import fptp
from votebank.core.labels import OWN
from votebank.core.params import MechanismParams
from votebank.core.state import RunState
from votebank.core.step import Step
from votebank.mechanisms.common import take_votes
from votebank.rng import bounds_of


class CompilationParams(MechanismParams):
    """Parameters of ``[mechanisms.compilation]``."""

    seat_share: float = Field(
        0.03, ge=0, le=1, description="[E] seats whose RO moves votes (brief range 0-0.10)."
    )
    shift: tuple[float, float] = Field(
        (0.01, 0.05), description="[E] range of the share of the seat's valid votes moved."
    )
    favoured_parties: list[str] = Field(
        default_factory=list,
        description="Parties whose candidate the RO favours; empty: the governing parties.",
    )
    form_missing_share: float = Field(
        0.33, ge=0, le=1, description="[S 2013] stations whose forms go missing."
    )

    # A check of its own field, so that it is reported beside the table's other bad fields.
    @field_validator("shift")
    @classmethod
    def _shift_range(cls, value: tuple[float, float]) -> tuple[float, float]:
        lo, hi = value
        if not 0 <= lo <= hi <= 1:
            raise ValueError("shift must be (low, high) with 0 <= low <= high <= 1")
        return value


def favoured_slot(state: RunState) -> np.ndarray:
    """Each seat's favoured candidate: the strongest standing one of a favoured party, or -1."""
    p, c = state.spec.mechanisms.compilation, state.contests
    if p.favoured_parties:
        parties = [c.party_ids.index(x) for x in p.favoured_parties if x in c.party_ids]
        favoured = np.isin(c.party, parties)
    else:
        favoured = c.party_government[np.maximum(c.party, 0)] & (c.party >= 0)
    favoured &= state.standing & c.valid
    votes = np.where(favoured, state.seat_votes.sum(axis=2), -1)
    return np.where(favoured.any(axis=1), votes.argmax(axis=1), -1)


def step(state: RunState) -> None:
    """Move votes at the shifted seats' stations; declare those seats again."""
    p, el, c = state.spec.mechanisms.compilation, state.electorate, state.contests
    seats = np.arange(c.seats)
    draw = state.streams.uniform("compilation.seat", bounds_of(seats, c.seats), cols=2)
    missing = state.streams.uniform("compilation.form", el.station_bounds) < p.form_missing_share
    slot = favoured_slot(state)
    shifted = (draw[:, 0] < p.seat_share) & (slot >= 0)
    lo, hi = p.shift
    share = np.where(shifted, lo + draw[:, 1] * (hi - lo), 0.0)
    tally, seat = state.tally, el.station_seat
    votes = tally.sum(axis=2)  # station x slot
    # Where a shifted seat has no missing form, the RO rewrites every station's form.
    any_missing = np.bincount(seat, missing, minlength=c.seats) > 0
    written = shifted[seat] & (missing | ~any_missing[seat])
    rival = np.ones(votes.shape, dtype=bool)
    rival[np.arange(len(seat)), np.maximum(slot[seat], 0)] = False
    rival_votes = np.where(written[:, None] & rival, votes, 0)
    wanted = share * state.seat_votes.sum(axis=(1, 2))
    pool = np.bincount(seat, rival_votes.sum(axis=1), minlength=c.seats)
    fraction = np.minimum(np.divide(wanted, pool, out=np.zeros(c.seats), where=pool > 0), 1.0)
    taken = np.floor(fraction[seat][:, None] * rival_votes).astype(np.int64)
    take_votes(tally, taken)
    moved = taken.sum(axis=1)
    rows = np.flatnonzero(moved)
    tally[rows, slot[seat[rows]], OWN] += moved[rows]
    state.truth["compilation"] = {
        "station_moved": moved,
        "form_missing": missing,
        "seat_shifted": shifted,
        "favoured_slot": slot,
    }
    if not shifted.any():
        return
    state.seat_votes = np.add.reduceat(tally, el.station_bounds[:-1], axis=0)
    for s in np.flatnonzero(shifted):
        total = state.seat_votes[s : s + 1].sum(axis=2)
        lot = state.streams.generator("compilation.lot", s).random(total.shape)
        won, tie = fptp(total, state.standing[s : s + 1], lot)
        state.seat_winner[s], state.seat_tie[s] = won[0], tie[0]
    state.final_party = c.party[seats, state.seat_winner]


STEP = Step(
    "compilation",
    "compilation",
    "count",
    step,
    "returning officers move votes on missing station forms; seats declared again",
    reads=("tally", "seat_votes", "standing", "seat_winner", "seat_tie"),
    writes=("tally", "seat_votes", "seat_winner", "seat_tie", "final_party", "truth"),
    streams=("compilation.seat", "compilation.form", "compilation.lot"),
    params=CompilationParams,
    seat_local=True,
)

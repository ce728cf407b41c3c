"""Independents joining parties, then the reserved seats of the house.

After the count each independent winner joins a party with ``join_prob`` (within the legal
window of three days), choosing among parties in proportion to their general seats times
``exp(government_weight)`` for the parties that form the government after the poll
(``forms_government``; when no party is marked, the pre-poll ``government``): independents
"join the party in power" [S, pscjournal.pk DG Khan ethnography, domain brief §1.1]; in 2008
the PPPP and the PML-N, who formed the coalition, rose to 125 and 95 seats with the joiners
and reserved seats while the PML-Q held 54 [S, Al Jazeera 27 Jun 2008]. The women's seats are
then allotted region by region, and the non-Muslim seats nationally, in proportion to the
general seats won by parties (independents who stayed independent are left out), by largest
remainder.

Sources: 60 women's seats (Punjab 35, Sindh 14, NWFP 8, Balochistan 3) and 10 non-Muslim seats
[S, Constitution Art. 51]; join probability 0.6 [E]; largest remainder is the closest simple
rule to the ECP's per-centum method [E] (domain brief §1.1).
"""

from __future__ import annotations

import numpy as np
from pydantic import Field

from votebank.core.params import MechanismParams
from votebank.core.state import RunState
from votebank.core.step import Step
from votebank.rng import bounds_of
from votebank.strict import MAX_SEATS, SeatCount


class ReservedSeatParams(MechanismParams):
    """Parameters of ``[mechanisms.reserved_seats]``."""

    women_seats: dict[str, SeatCount] = Field(
        default_factory=dict, description="[S] women's seats per region (constituency region)."
    )
    non_muslim_seats: int = Field(
        10, ge=0, le=MAX_SEATS, description="[S] non-Muslim seats, national."
    )
    join_prob: float = Field(0.6, ge=0, le=1, description="[E] an independent winner joins.")
    government_weight: float = Field(
        1.0, ge=0, description="[E] pull of the parties forming the government after the poll."
    )


def largest_remainder(
    seats: int, weights: np.ndarray, lots: np.ndarray | None = None
) -> np.ndarray:
    """Allot ``seats`` in proportion to ``weights`` by largest remainder (Hare quota).

    Equal remainders go to the party of the lowest of ``lots`` (a number a party, drawn each
    run, so that no party takes every tie by its place in the list); without lots, to the one
    listed first (as for seat sizes, where the order means nothing).
    """
    total = weights.sum()
    if seats == 0 or total <= 0:
        return np.zeros(len(weights), dtype=np.int64)
    exact = seats * weights / total
    base = np.floor(exact).astype(np.int64)
    order = np.lexsort((np.arange(len(weights)) if lots is None else lots, -(exact - base)))
    base[order[: seats - int(base.sum())]] += 1
    return base


def step(state: RunState) -> None:
    """Let independents join, then allot the reserved seats; fill ``state.seats``."""
    p = state.spec.mechanisms.reserved_seats
    c = state.contests
    winner_party = state.final_party.copy()
    parties = len(c.party_ids)
    joinable = ~c.party_independent & ~c.party_aggregate
    indep = c.party_independent[winner_party]
    u = state.streams.uniform("reserved.join", bounds_of(np.arange(c.seats), c.seats), cols=2)
    general = np.bincount(winner_party, minlength=parties)
    pull = p.government_weight * c.party_post_poll
    # Relative to the strongest pull: a weight past 709 would overflow exp to inf, and inf / inf.
    has = joinable & (general > 0)
    top = pull[has].max() if has.any() else 0.0
    weight = general * np.exp(np.where(has, pull - top, -np.inf))
    if weight.sum() > 0:
        cum = np.cumsum(weight / weight.sum())
        target = np.minimum(np.searchsorted(cum, u[:, 1], side="right"), parties - 1)
        joins = indep & (u[:, 0] < p.join_prob)
        winner_party = np.where(joins, target, winner_party)
    state.final_party = winner_party
    general = np.bincount(winner_party, minlength=parties)
    women = np.zeros(parties, dtype=np.int64)
    # Lots drawn by the whole house (a row per region, the last for the non-Muslim seats).
    lots = state.streams.generator("reserved.lots").random((len(c.region_names) + 1, parties))
    for region, n in p.women_seats.items():
        if region in c.region_names:
            k = c.region_names.index(region)
            won = np.bincount(winner_party[c.region == k], minlength=parties)
            women += largest_remainder(n, np.where(joinable, won, 0).astype(float), lots[k])
    weights = np.where(joinable, general, 0).astype(float)
    non_muslim = largest_remainder(p.non_muslim_seats, weights, lots[-1])
    state.seats = {"general": general, "women": women, "non_muslim": non_muslim}


STEP = Step(
    "reserved_seats",
    "reserved_seats",
    "after",
    step,
    "independents join parties; women's and non-Muslim seats",
    reads=("final_party",),
    writes=("final_party", "seats"),
    streams=("reserved.join", "reserved.lots"),
    params=ReservedSeatParams,
)

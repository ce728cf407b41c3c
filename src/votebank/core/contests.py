"""The contests as arrays: constituencies x candidate slots, fixed for a scenario."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from votebank.core.frame import column


@dataclass(frozen=True)
class Contests:
    """Constituencies and their candidates, padded to ``slots`` candidates per seat.

    Candidate slot ``k`` of seat ``c`` is valid where ``valid[c, k]``; every per-candidate
    array has shape ``(seats, slots)``. Region and party lists are never cut.
    """

    seat_ids: np.ndarray = column("seat")
    seat_names: np.ndarray = column("seat")
    region_names: list[str] = column("region")
    region: np.ndarray = column("seat")
    registered: np.ndarray = column("seat")
    urban_share: np.ndarray = column("seat")
    turnout: np.ndarray = column("seat")
    threat: np.ndarray = column("seat")
    stations: np.ndarray = column("seat")
    party_ids: list[str] = column("party")
    party_government: np.ndarray = column("party")
    party_post_poll: np.ndarray = column("party")
    party_aggregate: np.ndarray = column("party")
    party_independent: np.ndarray = column("party")
    valid: np.ndarray = column("seat")
    candidate_ids: np.ndarray = column("seat")
    candidate_names: np.ndarray = column("seat")
    party: np.ndarray = column("seat")
    appeal: np.ndarray = column("seat")
    background: np.ndarray = column("seat")
    background_sourced: np.ndarray = column("seat")
    patron: np.ndarray = column("seat")
    militia: np.ndarray = column("seat")
    budget: np.ndarray = column("seat")
    switched_from: np.ndarray = column("seat")
    person: np.ndarray = column("seat")
    actual_votes: np.ndarray = column("seat")
    baseline_votes: np.ndarray = column("seat")
    can_win: np.ndarray = column("seat")

    @property
    def seats(self) -> int:
        """Number of constituencies."""
        return len(self.seat_ids)

    @property
    def slots(self) -> int:
        """Candidate slots per constituency (the most candidates any seat has)."""
        return self.valid.shape[1]

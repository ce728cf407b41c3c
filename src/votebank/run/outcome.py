"""What a run leaves behind: the one object every study and every table reads.

Studies never see the run state; they read an :class:`Outcome` (seat votes, winners, parties
after the count, station ballots, and the ground truth of what was done at each station).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

import numpy as np

from votebank.core.contests import Contests
from votebank.core.labels import STUFFED
from votebank.core.state import RunState
from votebank.mechanisms.stuffing import capture_capacity


@dataclass(frozen=True)
class Outcome:
    """One run's results.

    Attributes:
        run_index: Which run of the ensemble.
        contests: The seats and candidates (seat x slot arrays).
        station_seat: Each station's seat.
        station_registered: Each station's roll.
        tally: Valid votes by station, slot and route.
        station_rejected: Rejected ballots by station.
        station_ballots: Ballots cast by station (valid and rejected).
        seat_votes: Valid votes by seat, slot and route.
        seat_winner: The winning slot of each seat at the count.
        seat_tie: Whether a lot decided the seat.
        final_party: Each seat's party after by-elections and independents joining.
        seats: Seats by kind (``general``, ``women``, ``non_muslim``) and party, where the
            reserved seats were allotted.
        byelections: One record per by-election held within the run.
        station_stuffing: Truth: the kind of stuffing at each station (``STUFFING_KINDS``).
        station_stuffed: Truth: ballots stuffed at each station.
        station_fabricated: Truth: stations whose result was written, not counted.
        capture_capacity: Truth: each station's capture capacity (armed patron's strength).
        truth: Truth recorded by other mechanisms, by name (e.g. ``women_barred``: stations).
        canvass_returns: What canvassers heard: (cohort rows, slot, friendly, hostile); None
            where the run did not draw it.
        contact: Each cohort's chance of a conversation with each campaign (or None).
        cohort_seat: Each cohort's seat (to place canvass returns).
        timings: Seconds per step.
    """

    run_index: int
    contests: Contests
    station_seat: np.ndarray
    station_registered: np.ndarray
    tally: np.ndarray
    station_rejected: np.ndarray
    station_ballots: np.ndarray
    seat_votes: np.ndarray
    seat_winner: np.ndarray
    seat_tie: np.ndarray
    final_party: np.ndarray
    seats: dict
    byelections: list
    station_stuffing: np.ndarray
    station_stuffed: np.ndarray
    station_fabricated: np.ndarray
    capture_capacity: np.ndarray
    truth: dict
    canvass_returns: list | None
    contact: np.ndarray | None
    cohort_seat: np.ndarray
    timings: dict = field(default_factory=dict)

    @classmethod
    def of(cls, state: RunState, run_index: int) -> Outcome:
        """The outcome of a finished run."""
        el = state.electorate
        return cls(
            run_index=run_index,
            contests=state.contests,
            station_seat=el.station_seat,
            station_registered=el.station_registered,
            tally=state.tally,
            station_rejected=state.station_rejected,
            station_ballots=state.station_ballots,
            seat_votes=state.seat_votes,
            seat_winner=state.seat_winner,
            seat_tie=state.seat_tie,
            final_party=state.final_party,
            seats=state.seats,
            byelections=state.byelections,
            station_stuffing=state.station_stuffing,
            station_stuffed=state.station_stuffed,
            station_fabricated=state.station_fabricated,
            capture_capacity=capture_capacity(state),
            truth=state.truth,
            canvass_returns=state.canvass_returns,
            contact=state.contact,
            cohort_seat=el.cohort_seat,
            timings=dict(state.timings),
        )

    @functools.cached_property
    def votes(self) -> np.ndarray:
        """Valid votes by seat and slot (all routes)."""
        return self.seat_votes.sum(axis=2)

    @property
    def seat_ballots(self) -> np.ndarray:
        """Ballots cast in each seat."""
        return np.bincount(self.station_seat, self.station_ballots, minlength=self.contests.seats)

    @property
    def stations(self) -> int:
        """Number of polling stations."""
        return len(self.station_seat)

    def beneficiary(self) -> np.ndarray:
        """Truth: the candidate id for whom each station was stuffed ("" where it was not)."""
        slot = self.tally[:, :, STUFFED].argmax(axis=1)
        ids = self.contests.candidate_ids[self.station_seat, slot].astype(str)
        return np.where(self.station_stuffing > 0, ids, "")

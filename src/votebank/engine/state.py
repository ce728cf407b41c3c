"""The arrays of one run: allocated once when the run starts, changed in place by the steps."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from votebank.electorate.frame import Electorate
from votebank.engine.contests import Contests
from votebank.rng import Streams

if TYPE_CHECKING:
    from votebank.scenario.schema import ScenarioSpec


@dataclass(frozen=True)
class VoterTypes:
    """Cohorts that share a choice model: same seat, urban or rural, class, party id.

    A *pool* is one type at one station: its cohorts' own-choice voters share their choice
    probabilities, so their choices can be drawn as one multinomial.
    """

    cohort_type: np.ndarray
    seat: np.ndarray
    urban: np.ndarray
    klass: np.ndarray
    pid: np.ndarray
    cohort_pool: np.ndarray
    pool_station: np.ndarray
    pool_type: np.ndarray

    @classmethod
    def of(cls, el: Electorate) -> VoterTypes:
        """Group an electorate's cohorts into voter types."""
        key = np.stack([el.cohort_seat, el.cohort_urban, el.cohort_class, el.cohort_pid + 1], 1)
        uniq, inverse = np.unique(key, axis=0, return_inverse=True)
        return cls.with_pools(
            el, inverse.ravel(), uniq[:, 0], uniq[:, 1].astype(bool), uniq[:, 2], uniq[:, 3] - 1
        )

    @classmethod
    def with_pools(cls, el: Electorate, cohort_type, seat, urban, klass, pid) -> VoterTypes:
        """Voter types as given, with their pools.

        Pools are numbered by station, so a seat's pools are contiguous like its stations.
        """
        key = el.cohort_station.astype(np.int64) * len(seat) + cohort_type
        pools, cohort_pool = np.unique(key, return_inverse=True)
        pool_station, pool_type = np.divmod(pools, len(seat))
        return cls(cohort_type, seat, urban, klass, pid, cohort_pool, pool_station, pool_type)


@dataclass
class RunState:
    """Everything one run reads and writes. Steps own disjoint parts of it.

    Choice: ``utility`` (voter type x slot) gives each type's own-preference logit.
    Routes: a cohort's voters follow their landlord with ``p_landlord`` (to
    ``landlord_target``), are coerced with ``p_coerced``, else follow their bloc with
    ``p_clan`` (to ``clan_target``), else choose for themselves.
    Turnout: ``turnout`` is a cohort's own-choice turnout, ``follow_turnout`` that of voters a
    patron instructs; ``suppress`` cuts the turnout of voters who would choose anyone but
    ``protected_slot``; ``choice_turnout`` (seat x slot), where set, multiplies the turnout of
    voters by whom they choose (differential abstention); ``contact`` (cohort x slot) is the
    chance a campaign reaches a voter.
    """

    spec: ScenarioSpec
    contests: Contests
    electorate: Electorate
    types: VoterTypes
    streams: Streams
    utility: np.ndarray
    turnout: np.ndarray
    follow_turnout: np.ndarray
    p_landlord: np.ndarray
    landlord_target: np.ndarray
    p_coerced: np.ndarray
    p_clan: np.ndarray
    clan_target: np.ndarray
    suppress: np.ndarray
    protected_slot: np.ndarray
    station_turnout: np.ndarray
    station_capture_boost: np.ndarray
    contact: np.ndarray | None = None
    choice_turnout: np.ndarray | None = None
    gotv: float = 0.0
    demobilise: float = 0.0
    p_win: np.ndarray | None = None
    promise_factor: np.ndarray | None = None
    bloc_choice: np.ndarray | None = None
    landlord_backing: np.ndarray | None = None
    # results of the vote and the count
    tally: np.ndarray | None = None
    station_stuffing: np.ndarray | None = None
    station_stuffed: np.ndarray | None = None
    station_fabricated: np.ndarray | None = None
    station_rejected: np.ndarray | None = None
    station_attacked: np.ndarray | None = None
    station_ballots: np.ndarray | None = None
    seat_votes: np.ndarray | None = None
    seat_winner: np.ndarray | None = None
    seat_tie: np.ndarray | None = None
    final_party: np.ndarray | None = None
    canvass_returns: list = field(default_factory=list)
    byelections: list = field(default_factory=list)
    seats: dict = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)

    @classmethod
    def start(
        cls,
        spec: ScenarioSpec,
        contests: Contests,
        electorate: Electorate,
        types: VoterTypes,
        streams: Streams,
    ) -> RunState:
        """Allocate a run's arrays with neutral values (no mechanism has acted yet)."""
        n = electorate.cohorts
        n_st = electorate.stations
        return cls(
            spec=spec,
            contests=contests,
            electorate=electorate,
            types=types,
            streams=streams,
            utility=np.zeros((len(types.seat), contests.slots)),
            turnout=np.zeros(n),
            follow_turnout=np.zeros(n),
            p_landlord=np.zeros(n),
            landlord_target=np.full(n, -1),
            p_coerced=np.zeros(n),
            p_clan=np.zeros(n),
            clan_target=np.full(n, -1),
            suppress=np.zeros(n),
            protected_slot=np.full(n, -1),
            station_turnout=np.ones(n_st),
            station_capture_boost=np.zeros(n_st),
            station_attacked=np.zeros(n_st, dtype=bool),
            promise_factor=np.ones(contests.valid.shape),
            station_stuffing=np.zeros(n_st, dtype=np.int8),
            station_stuffed=np.zeros(n_st, dtype=np.int64),
            station_fabricated=np.zeros(n_st, dtype=bool),
            landlord_backing=np.full(len(electorate.landlord_seat), -1),
        )

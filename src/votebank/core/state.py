"""The arrays of one run: allocated once when the run starts, changed in place by the steps.

Every column declares its axis (:func:`votebank.core.frame.column`), so :meth:`RunState.cut`
cuts a run down to some seats without a hand-kept list. Which step reads and writes which
column is declared by the steps themselves (:class:`votebank.core.step.Step`).
"""

from __future__ import annotations

import dataclasses
import sys
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from votebank.core import frame
from votebank.core.contests import Contests
from votebank.core.electorate import Electorate
from votebank.core.frame import column
from votebank.core.types import VoterTypes
from votebank.rng import Streams, bounds_of

# The levels of the electorate that belong to one seat each, sorted by seat: a cut keeps theirs.
SEAT_AXES = ("station", "cohort", "locality", "clan", "bloc", "landlord")


class Buffers:
    """Large arrays that the runs of one model reuse: allocated once, refilled in place.

    A fresh array of hundreds of MB is mapped by the system and faulted in page by page on
    every run (glibc maps anything past 32 MB afresh); refilling the last run's array costs
    only the fill. An array is handed out again only when nothing else holds it or a view of
    it (a caller keeping an old run state keeps its arrays, and the next run gets new ones),
    so reuse never changes a value anyone can see.
    """

    def __init__(self) -> None:
        self._arrays: dict[str, np.ndarray] = {}
        self.allocations = 0  # arrays made new (not reused), for tests and benchmarks

    def full(self, name: str, shape, value, dtype=np.float64) -> np.ndarray:
        """An array of ``shape`` and ``dtype`` filled with ``value``: the last one if free."""
        shape = (shape,) if isinstance(shape, int) else tuple(shape)
        old = self._arrays.get(name)
        # Held here and by ``old`` (and getrefcount's argument): nobody else sees it.
        if old is None or old.shape != shape or old.dtype != dtype or sys.getrefcount(old) > 3:
            old = self._arrays[name] = np.empty(shape, dtype)
            self.allocations += 1
        old.fill(value)
        return old

    def __reduce__(self):
        return (Buffers, ())  # a copy starts empty: buffers are never shipped


def slot_dtype(slots: int) -> type:
    """The smallest signed integer type that holds a candidate slot or -1."""
    return np.int8 if slots < 127 else np.int16 if slots < 32_767 else np.int64


@dataclass(kw_only=True)
class RunState:
    """Everything one run reads and writes.

    Choice: ``utility`` (voter type x slot) gives each type's own-preference logit.
    Routes: a cohort's voters follow their landlord with ``p_landlord`` (to
    ``landlord_target``), are coerced with ``p_coerced``, else follow their bloc with
    ``p_clan`` (to ``clan_target``), else choose for themselves.
    Turnout: ``turnout`` is a cohort's own-choice turnout, ``follow_turnout`` that of voters a
    patron instructs; ``suppress`` cuts the turnout of voters who would choose anyone but
    ``protected_slot``; ``choice_turnout`` (seat x slot), where set, multiplies the turnout of
    voters by whom they choose (differential abstention); ``contact`` (cohort x slot) is the
    chance a campaign reaches a voter.

    ``spec`` is the validated scenario, opaque to the core: a step reads its own section of it.
    ``schedule`` is the steps this run follows, for a step that votes again in some seats.
    """

    spec: Any
    contests: Contests
    electorate: Electorate
    types: VoterTypes
    streams: Streams
    schedule: tuple = ()
    # choice and turnout
    utility: np.ndarray = column("type")
    turnout: np.ndarray = column("cohort")
    follow_turnout: np.ndarray = column("cohort")
    choice_turnout: np.ndarray | None = column("seat", default=None)
    contact: np.ndarray | None = column("cohort", default=None)
    gotv: float = column("run", default=0.0)
    demobilise: float = column("run", default=0.0)
    p_win: np.ndarray | None = column("seat", default=None)
    standing: np.ndarray = column("seat")  # candidates still standing (an ally may stand down)
    promise_factor: np.ndarray = column("seat")
    # routes
    p_landlord: np.ndarray = column("cohort")
    landlord_target: np.ndarray = column("cohort")
    landlord_backing: np.ndarray = column("landlord")
    p_coerced: np.ndarray = column("cohort")
    p_clan: np.ndarray = column("cohort")
    clan_target: np.ndarray = column("cohort")
    bloc_choice: np.ndarray | None = column("bloc", default=None)
    suppress: np.ndarray = column("cohort")
    protected_slot: np.ndarray = column("cohort")
    # stations
    station_turnout: np.ndarray = column("station")
    station_capture_boost: np.ndarray = column("station")
    station_attacked: np.ndarray = column("station")
    station_protection: np.ndarray = column("station")  # scales the protection against capture
    # the vote and the count
    tally: np.ndarray | None = column("station", default=None)
    station_stuffing: np.ndarray = column("station")
    station_stuffed: np.ndarray = column("station")
    station_fabricated: np.ndarray = column("station")
    station_rejected: np.ndarray | None = column("station", default=None)
    station_ballots: np.ndarray | None = column("station", default=None)
    seat_votes: np.ndarray | None = column("seat", default=None)
    seat_winner: np.ndarray | None = column("seat", default=None)
    seat_tie: np.ndarray | None = column("seat", default=None)
    final_party: np.ndarray | None = column("seat", default=None)
    # what the run writes down as it goes (a cut run starts its own)
    canvass_returns: list | None = column("record", default_factory=list)  # None: not drawn
    byelections: list = column("record", default_factory=list)
    seats: dict = column("record", default_factory=dict)
    truth: dict = column("record", default_factory=dict)  # what mechanisms did, by name
    timings: dict[str, float] = field(default_factory=dict)

    @classmethod
    def start(
        cls,
        spec: Any,
        contests: Contests,
        electorate: Electorate,
        types: VoterTypes,
        streams: Streams,
        schedule: tuple = (),
        buffers: Buffers | None = None,
    ) -> RunState:
        """Allocate a run's arrays with neutral values (no mechanism has acted yet).

        ``buffers``: where the arrays along the cohorts (the large ones) are taken from, to
        reuse those of an earlier run that nobody holds any more (None: new arrays).
        """
        n = electorate.cohorts
        n_st = electorate.stations
        slot = slot_dtype(contests.slots)
        pool = buffers or Buffers()

        def cohorts(name: str, value, dtype=np.float64) -> np.ndarray:
            return pool.full(name, n, value, dtype)

        return cls(
            spec=spec,
            contests=contests,
            electorate=electorate,
            types=types,
            streams=streams,
            schedule=schedule,
            utility=np.zeros((len(types.seat), contests.slots)),
            turnout=cohorts("turnout", 0.0),
            follow_turnout=cohorts("follow_turnout", 0.0),
            p_landlord=cohorts("p_landlord", 0.0),
            landlord_target=cohorts("landlord_target", -1, slot),
            p_coerced=cohorts("p_coerced", 0.0),
            p_clan=cohorts("p_clan", 0.0),
            clan_target=cohorts("clan_target", -1, slot),
            suppress=cohorts("suppress", 0.0),
            protected_slot=cohorts("protected_slot", -1, slot),
            station_turnout=np.ones(n_st),
            station_capture_boost=np.zeros(n_st),
            station_attacked=np.zeros(n_st, dtype=bool),
            station_protection=np.ones(n_st),
            promise_factor=np.ones(contests.valid.shape),
            standing=contests.can_win.copy(),
            station_stuffing=np.zeros(n_st, dtype=np.int8),
            station_stuffed=np.zeros(n_st, dtype=np.int64),
            station_fabricated=np.zeros(n_st, dtype=bool),
            landlord_backing=np.full(len(electorate.landlord_seat), -1),
        )

    @staticmethod
    def columns() -> dict[str, str]:
        """Every column of the run state and its axis."""
        return frame.axes(RunState)

    def cut(self, seats: np.ndarray, streams: Streams) -> RunState:
        """This run cut down to ``seats`` (in that order): their stations and cohorts, renumbered.

        Every column on a seat's axis keeps the rows of those seats, and index columns are
        renumbered; columns on other axes (parties, regions, slots) are copied whole; records
        start empty. The cut run draws from ``streams``.
        """
        el, n = self.electorate, self.contests.seats
        keep = {"seat": seats}
        new_index = {"seat": frame.renumbering(seats, n)}
        for axis in SEAT_AXES:
            seat_of = el.seat_of(axis)
            keep[axis] = _rows(bounds_of(seat_of, n), seats)
            new_index[axis] = frame.renumbering(keep[axis], len(seat_of))
        sub_el = dataclasses.replace(el, **frame.cut(el, keep, new_index))
        sub_c = dataclasses.replace(self.contests, **frame.cut(self.contests, keep, new_index))
        sub_t = self.types.cut(sub_el, keep["cohort"], new_index["seat"])
        keep["type"] = np.unique(self.types.cohort_type[keep["cohort"]])
        values = {
            name: value
            for name, value in frame.cut(self, keep, new_index).items()
            if RunState.columns()[name] != "record"
        }
        return RunState(
            spec=self.spec,
            contests=sub_c,
            electorate=sub_el,
            types=sub_t,
            streams=streams,
            schedule=self.schedule,
            **values,
        )


def _rows(bounds: np.ndarray, seats: np.ndarray) -> np.ndarray:
    """The rows of an axis sorted by seat that belong to ``seats``, seat by seat."""
    if len(seats) == 0:
        return np.zeros(0, dtype=np.int64)
    return np.concatenate([np.arange(bounds[s], bounds[s + 1]) for s in seats])

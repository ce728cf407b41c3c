"""The reference election in votebank: a scenario (TOML + CSV in a temporary folder) run by Model.

Construction loads and validates the scenario, lays out the contests and builds the electorate
(the clans and blocs are drawn here; the peers receive them ready-made). A run is
``Model.state(run_index)``: every step of the schedule (utilities, turnout, forecast, biradari,
vote, count) with the electorate reused, each cohort sampled exactly (binomial/multinomial).

The worst case (``voter_shock`` given: every voter its own utility shock, see
``peers.reference.individual``) has no scenario option in votebank, so it is built here from
public pieces: every cohort is split into cohorts of one voter (voter ``i`` is row ``i`` of the
peers' arrays), each cohort is its own voter type (``VoterTypes.with_pools``), and the
``utilities`` step is followed by adding each voter's shock to its own utility row. Every other
step runs unchanged; a run is then what ``Model.state`` does, with that electorate and types.
"""

from __future__ import annotations

import dataclasses
import tempfile
from pathlib import Path

import numpy as np

from peers.reference import ReferenceParams, write_scenario
from votebank.core.state import RunState
from votebank.core.step import run_steps
from votebank.core.types import VoterTypes
from votebank.rng import Streams, bounds_of
from votebank.run.electorate_cache import ElectorateCache
from votebank.run.model import Model
from votebank.run.schedule import schedule
from votebank.scenario.load import load_scenario


class VotebankReference:
    """The reference election of ``n_voters`` voters as a votebank model.

    Args:
        n_voters: Registered voters (all real: the scenario has no ghosts).
        params: The reference model's parameters.
        voter_shock: The worst case: each voter's own utility shock per party (voters x
            parties, in the peers' voter order); ``None`` for the reference (cohorts) case.
    """

    name = "votebank"

    def __init__(self, n_voters: int, params: ReferenceParams, voter_shock=None):
        with tempfile.TemporaryDirectory() as tmp:
            scenario = load_scenario(write_scenario(Path(tmp), n_voters, params))
        # A cache of its own: the build draws the electorate, not reuses one already in the
        # process (the peers' arrays came from one); compare_peers also sets VOTEBANK_CACHE=off.
        self.model = dataclasses.replace(
            Model.of(scenario, seed=params.structure_seed), cache=ElectorateCache()
        )
        el = self.model.electorate(0)[0]
        self.individual = None
        if voter_shock is not None:
            self.individual = _individual(el, self.model, np.asarray(voter_shock))
            el = self.individual[0]
        self.cohorts = el.cohorts  # built once, reused by every run

    def state(self, run_index: int) -> RunState:
        """The run's final state (``Model.state``, or its worst-case twin)."""
        if self.individual is None:
            return self.model.state(run_index)
        el, types, steps = self.individual
        model = self.model
        spec = model.scenario.spec
        state = RunState.start(
            spec, model.contests, el, types, Streams(model.entropy, run_index), steps
        )
        run_steps(state, steps)
        return state

    def run(self, run_index: int) -> tuple[np.ndarray, np.ndarray]:
        """One election; returns each seat's winning party and votes (seats x parties)."""
        state = self.state(run_index)
        c = self.model.contests
        votes = np.zeros((c.seats, len(c.party_ids)), dtype=np.int64)
        seat, slot = np.nonzero(c.valid)
        votes[seat, c.party[seat, slot]] = state.seat_votes.sum(axis=2)[seat, slot]
        return np.asarray(state.final_party, dtype=np.int64), votes


def _individual(el, model: Model, shock: np.ndarray):
    """One cohort and one voter type per voter, and a schedule adding each voter's shock."""
    counts = el.cohort_count
    if shock.shape[0] != counts.sum():
        raise ValueError(f"voter_shock has {shock.shape[0]} rows, the electorate {counts.sum()}")
    src = np.repeat(np.arange(len(counts)), counts)
    cols = {
        f.name: getattr(el, f.name)[src]
        for f in dataclasses.fields(el)
        if f.name.startswith("cohort_") and f.name not in ("cohort_count", "cohort_bounds")
    }
    cols["cohort_count"] = np.ones(len(src), dtype=np.int64)
    cols["cohort_bounds"] = bounds_of(cols["cohort_seat"], model.contests.seats)
    split = dataclasses.replace(el, **cols)
    types = VoterTypes.with_pools(
        split,
        np.arange(len(src)),
        split.cohort_seat,
        split.cohort_urban,
        split.cohort_class,
        split.cohort_pid,
    )
    c = model.contests
    seat = split.cohort_seat
    party = c.party[seat]  # voters x slots
    slot_shock = np.where(c.valid[seat], shock[np.arange(len(src))[:, None], party], 0.0)

    def with_shocks(step):
        def run(state: RunState) -> None:
            step.run(state)
            state.utility += slot_shock  # -inf (no candidate) stays -inf

        return dataclasses.replace(step, run=run)

    steps = tuple(
        with_shocks(s) if s.name == "utilities" else s for s in schedule(model.scenario.spec)
    )
    return split, types, steps

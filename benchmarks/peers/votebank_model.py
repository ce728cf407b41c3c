"""The reference election in votebank: a scenario (TOML + CSV in a temporary folder) run by Model.

Construction loads and validates the scenario, lays out the contests and builds the electorate
(the clans and blocs are drawn here; the peers receive them ready-made). A run is
``Model.state(run_index)``: every step of the schedule (utilities, turnout, forecast, biradari,
vote, count) with the electorate reused, each cohort sampled exactly (binomial/multinomial).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np

from peers.reference import ReferenceParams, write_scenario
from votebank.run.model import Model
from votebank.scenario.load import load_scenario


class VotebankReference:
    """The reference election of ``n_voters`` voters as a votebank model.

    Args:
        n_voters: Registered voters (all real: the scenario has no ghosts).
        params: The reference model's parameters.
    """

    name = "votebank"

    def __init__(self, n_voters: int, params: ReferenceParams):
        with tempfile.TemporaryDirectory() as tmp:
            scenario = load_scenario(write_scenario(Path(tmp), n_voters, params))
        self.model = Model.of(scenario, seed=params.structure_seed)
        self.cohorts = self.model.electorate(0)[0].cohorts  # built once, reused by every run

    def run(self, run_index: int) -> tuple[np.ndarray, np.ndarray]:
        """One election; returns each seat's winning party and votes (seats x parties)."""
        state = self.model.state(run_index)
        c = self.model.contests
        votes = np.zeros((c.seats, len(c.party_ids)), dtype=np.int64)
        seat, slot = np.nonzero(c.valid)
        votes[seat, c.party[seat, slot]] = state.seat_votes.sum(axis=2)[seat, slot]
        return np.asarray(state.final_party, dtype=np.int64), votes

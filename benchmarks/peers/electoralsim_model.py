"""The reference election in ElectoralSim (PyPI ``electoral-sim``, needs Python >= 3.12).

ElectoralSim holds voters as one Polars DataFrame inside a Mesa ``ElectionModel`` and runs an
election vectorised: utilities (voters x parties) from a ``BehaviorEngine``, a multinomial-logit
draw per voter (Numba), a Bernoulli turnout draw per voter from the ``turnout_prob`` column, and
an FPTP count per constituency (Numba). It has no vote blocs, cohesion or per-seat candidate
lists, so the reference model is expressed through its extension points:

* the voters' frame carries ``constituency``, ``bloc`` and ``turnout_prob``; parties are the
  four reference parties, and a party with no candidate in a seat gets utility -1e6 there;
* ``BlocInstruction`` is a custom behaviour model (ElectoralSim's generic fallback calls
  ``compute_utility(n_voters, n_parties, **kwargs)`` with the keyword arguments given to
  ``run_election``): own-choice voters get the seat's appeal, a follower gets 0 for the
  instructed candidate and -1e6 for every other, so the logit (temperature 1) is exact;
* ``election()`` draws, with the model's ``rng``, each bloc's instruction and each member's
  following, writes each voter's turnout probability into the frame, then ``run_election()``.

What still differs from the reference model: an exact tie for first place goes to the lowest
party index (ElectoralSim's count), not by lot; ElectoralSim clips turnout probabilities to at
least 0.10 (every seat here has >= 0.35); alienation and indifference abstention are disabled
(thresholds -inf and -1). ``run_election`` also computes ElectoralSim's national indices
(Gallagher, ENP, VSE): that cost is part of its run. ``_count_fptp`` is extended to keep each
seat's winner and votes (ElectoralSim returns only national totals), one ``bincount`` over the
voters who voted.
ElectoralSim's Numba kernels run with ``NUMBA_NUM_THREADS`` threads (set it to 1 for a
single-core comparison) and are compiled on first use (warm up before timing).
"""

from __future__ import annotations

import time

import numpy as np
import polars as pl
from electoral_sim import BehaviorEngine, ElectionModel

from peers.reference import ReferenceElection

EXCLUDED = -1e6  # utility of a party with no candidate in the seat (exp(-1e6) == 0)


class BlocInstruction:
    """Behaviour model: own choice by the seat's appeal, or the bloc's candidate for followers.

    Args:
        appeal_by_voter: Own-choice utility of each voter for each party (voters x parties).
    """

    model_name = "bloc_instruction"

    def __init__(self, appeal_by_voter: np.ndarray):
        self.appeal_by_voter = appeal_by_voter
        self.adapter_s = 0.0  # time spent here (the adapter's, not ElectoralSim's)

    def compute_utility(self, n_voters: int, n_parties: int, **kwargs) -> np.ndarray:
        """Utilities for this election (``follows`` and ``target`` come from run_election)."""
        start = time.perf_counter()
        follows, target = kwargs["follows"], kwargs["target"]
        u = self.appeal_by_voter.copy()
        rows = np.flatnonzero(follows)
        u[rows] = EXCLUDED
        u[rows, target[rows]] = 0.0
        self.adapter_s += time.perf_counter() - start
        return u


class ElectoralSimReference(ElectionModel):
    """The reference election as an ElectoralSim ``ElectionModel``.

    Args:
        election: The reference election (voters' seats and blocs, seat parameters).
        seed: Seed of the model's generators.
    """

    name = "ElectoralSim"

    def __init__(self, election: ReferenceElection, seed: int):
        start = time.perf_counter()
        seat = election.voter_seat
        self.ref = election
        utility = np.where(election.standing, election.appeal, EXCLUDED)
        by_voter = utility[seat]
        if election.voter_shock is not None:  # the worst case: every voter its own utilities
            by_voter = by_voter + election.voter_shock  # EXCLUDED + shock still never chosen
        self.bloc_model = BlocInstruction(by_voter)
        engine = BehaviorEngine()
        engine.add_model(self.bloc_model)
        frame = pl.DataFrame(
            {
                "constituency": seat,
                "bloc": election.voter_bloc,
                "ideology_x": np.zeros(len(seat)),
                "ideology_y": np.zeros(len(seat)),
                "turnout_prob": election.turnout[seat],
            }
        )
        adapter = time.perf_counter() - start
        parties = [
            {"name": name, "position_x": 0.0, "position_y": 0.0, "valence": 0.0}
            for name in election.params.parties
        ]
        start_model = time.perf_counter()
        super().__init__(
            voter_frame=frame,
            parties=parties,
            electoral_system="FPTP",
            temperature=1.0,
            seed=seed,
            behavior_engine=engine,
            alienation_threshold=-np.inf,
            indifference_threshold=-1.0,
        )
        self.build_model_s = time.perf_counter() - start_model  # ElectoralSim's own build
        start = time.perf_counter()
        self.n_constituencies = election.seats
        self.seat_winner = np.full(election.seats, -1, dtype=np.int64)
        self._seat = seat
        self._bloc = election.voter_bloc
        self._member = election.voter_bloc >= 0
        cum = np.cumsum(election.bloc_probs()[election.bloc_seat], axis=1)
        self._bloc_cum = cum / cum[:, -1:]
        self.build_adapter_s = adapter + time.perf_counter() - start  # frame, utilities, cums
        self.run_adapter_s = 0.0  # per election: bloc draws, frame update, utilities, tally

    def election(self):
        """One election: bloc instructions, who follows, turnout probabilities, then the vote.

        ``run_adapter_s`` gets the time spent in this adapter's own code (everything but
        ``run_election``'s own work): the draws and frame update here, ``compute_utility`` and
        the per-seat ``bincount`` in ``_count_fptp``.
        """
        start = time.perf_counter()
        self.bloc_model.adapter_s = 0.0
        self._tally_s = 0.0
        ref, rng = self.ref, self.rng
        u = rng.random(len(self._bloc_cum))[:, None]
        instruction = (u >= self._bloc_cum).sum(axis=1)  # cum's last column is exactly 1
        follows = self._member & (rng.random(len(self._seat)) < ref.params.cohesion)
        turnout = np.where(follows, ref.follow_turnout[self._seat], ref.turnout[self._seat])
        self.voters.df = self.voters.df.with_columns(pl.Series("turnout_prob", turnout))
        self.voters.invalidate_cache()
        target = np.where(follows, instruction[np.maximum(self._bloc, 0)], -1)
        before = time.perf_counter() - start
        out = self.run_election(follows=follows, target=target)
        self.run_adapter_s = before + self.bloc_model.adapter_s + self._tally_s
        return out

    def _count_fptp(self, constituencies: np.ndarray, votes: np.ndarray) -> dict:
        out = super()._count_fptp(constituencies, votes)
        start = time.perf_counter()
        tally = np.bincount(
            constituencies * self.n_parties + votes,
            minlength=self.n_constituencies * self.n_parties,
        ).reshape(self.n_constituencies, self.n_parties)
        self.seat_votes = tally
        self.seat_winner = tally.argmax(axis=1)  # lowest index on a tie, as ElectoralSim's count
        self._tally_s = time.perf_counter() - start
        return out


def run(model: ElectoralSimReference) -> tuple[np.ndarray, np.ndarray]:
    """One election; returns each seat's winning party and votes (seats x parties)."""
    model.election()
    return model.seat_winner.copy(), model.seat_votes.copy()

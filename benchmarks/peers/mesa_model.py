"""The reference election in Mesa 3: one Agent per voter, as a Mesa user would write it.

Agents: a ``Constituency`` per seat (holds its candidates and tally, declares the winner), a
``BlocLeader`` per village vote bloc (instructs its bloc each election) and a ``Voter`` per
registered voter. One model step is one election day::

    constituencies reset their tallies    (AgentSet.do)
    bloc leaders pick a candidate         (AgentSet.shuffle_do, random order)
    voters decide and vote                (AgentSet.shuffle_do, random order)
    constituencies declare a winner       (AgentSet.do; an exact tie by lot)

Every draw uses the model's ``random`` (``Agent.random`` is the model's ``random.Random``).
"""

from __future__ import annotations

import mesa
import numpy as np

from peers.reference import ReferenceElection


class Constituency(mesa.Agent):
    """A seat: its candidates' parties, their choice weights, turnout, and the tally."""

    def __init__(self, model: MesaReference, election: ReferenceElection, seat: int):
        super().__init__(model)
        parties = np.flatnonzero(election.standing[seat])
        self.candidates = [int(k) for k in parties]
        own = election.own_probs()[seat, parties]
        self.own_cum = np.cumsum(own).tolist()
        self.bloc_weights = election.bloc_probs()[seat, parties].tolist()
        self.turnout = float(election.turnout[seat])
        self.follow_turnout = float(election.follow_turnout[seat])
        self.tally = dict.fromkeys(self.candidates, 0)
        self.winner = -1

    def reset(self) -> None:
        """Empty the ballot boxes."""
        self.tally = dict.fromkeys(self.candidates, 0)

    def declare(self) -> None:
        """First past the post; an exact tie is decided by lot."""
        top = max(self.tally.values())
        tied = [k for k, v in self.tally.items() if v == top]
        self.winner = tied[0] if len(tied) == 1 else self.random.choice(tied)


class BlocLeader(mesa.Agent):
    """The leader of a village vote bloc: picks the candidate his bloc is told to vote for."""

    def __init__(self, model: MesaReference, seat: Constituency):
        super().__init__(model)
        self.seat = seat
        self.instruction = -1

    def step(self) -> None:
        """Choose this election's candidate (the government's candidate is favoured)."""
        self.instruction = self.random.choices(self.seat.candidates, self.seat.bloc_weights)[0]


class Voter(mesa.Agent):
    """One registered voter: follows the bloc's instruction with ``cohesion``, else own choice.

    ``own_cum`` are the voter's own cumulative choice weights: the seat's (shared by every voter
    of the seat) or, in the worst case, the voter's own (its own utility shock).
    """

    def __init__(
        self,
        model: MesaReference,
        seat: Constituency,
        bloc: BlocLeader | None,
        own_cum: list | None = None,
    ):
        super().__init__(model)
        self.seat = seat
        self.bloc = bloc
        self.own_cum = seat.own_cum if own_cum is None else own_cum

    def step(self) -> None:
        """Decide whether to follow the bloc, whether to turn out and whom to vote for."""
        seat = self.seat
        if self.bloc is not None and self.random.random() < self.model.cohesion:
            if self.random.random() < seat.follow_turnout:
                seat.tally[self.bloc.instruction] += 1
        elif self.random.random() < seat.turnout:
            choice = self.random.choices(seat.candidates, cum_weights=self.own_cum)[0]
            seat.tally[choice] += 1


class MesaReference(mesa.Model):
    """The reference election as a Mesa model; ``step()`` holds one election.

    Args:
        election: The reference election (voters' seats and blocs, seat parameters).
        seed: Seed of the model's random number generators.
    """

    name = "Mesa"

    def __init__(self, election: ReferenceElection, seed: int):
        super().__init__(rng=seed)
        self.cohesion = election.params.cohesion
        self.parties = len(election.params.parties)
        self.seats = [Constituency(self, election, s) for s in range(election.seats)]
        leaders = [BlocLeader(self, self.seats[s]) for s in election.bloc_seat.tolist()]
        pairs = zip(election.voter_seat.tolist(), election.voter_bloc.tolist(), strict=True)
        if election.voter_shock is None:
            for s, b in pairs:
                Voter(self, self.seats[s], leaders[b] if b >= 0 else None)
            return
        cum = election.voter_own_cum()  # the worst case: every voter its own weights
        for i, (s, b) in enumerate(pairs):
            seat = self.seats[s]
            Voter(self, seat, leaders[b] if b >= 0 else None, cum[i, seat.candidates].tolist())

    def step(self) -> None:
        """One election day."""
        self.agents_by_type[Constituency].do("reset")
        self.agents_by_type[BlocLeader].shuffle_do("step")
        self.agents_by_type[Voter].shuffle_do("step")
        self.agents_by_type[Constituency].do("declare")

    def winners(self) -> np.ndarray:
        """The winning party of each seat in the last election."""
        return np.array([seat.winner for seat in self.seats], dtype=np.int64)


def run(model: MesaReference) -> tuple[np.ndarray, np.ndarray]:
    """One election; returns each seat's winning party and votes (seats x parties)."""
    model.step()
    votes = np.zeros((len(model.seats), model.parties), dtype=np.int64)
    for s, seat in enumerate(model.seats):
        for party, n in seat.tally.items():
            votes[s, party] = n
    return model.winners(), votes

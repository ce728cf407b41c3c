"""The canvass planner's prices: each seat's wins at the hours its next chunks would bring it."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from votebank.mechanisms.canvass import STEP as CANVASS
from votebank.run.schedule import schedule
from votebank.scenario.load import Scenario


class Rungs:
    """Each seat's wins at the hours its next chunks would bring it, priced one rung at a time.

    Rung ``r`` of a seat is its hours after ``r`` whole chunks (capped by its room), summed as
    the greedy sums them, and what it prices is the runs the party wins there. A seat's result
    depends only on its own hours, so a batch of runs prices the next rung of several seats at
    once, and only when the greedy asks for a rung not yet priced: it places the same chunks as
    pricing every seat every round. Seats ``apart`` (each seat's draws and result its own) are
    priced only where a rung is missing; otherwise every seat is priced in each batch.

    Args:
        wins: Runs won in seats ``at`` (sorted indices) at their ``hours``: one batch of runs.
        cap: Hours each seat may take.
        step: Hours per chunk.
        apart: Whether a batch may hold only the seats that need a rung.
    """

    def __init__(
        self,
        wins: Callable[[np.ndarray, np.ndarray], np.ndarray],
        cap: np.ndarray,
        step: float,
        *,
        apart: bool,
    ):
        self.wins, self.cap, self.step, self.apart = wins, cap, step, apart
        self._hours: list[list[float]] = [[] for _ in cap]
        self._won: list[list[float]] = [[] for _ in cap]
        self._given = np.zeros(len(cap))  # hours after the whole chunks of each seat's last rung

    def hours(self, rung: np.ndarray) -> np.ndarray:
        """Each seat's hours at its rung ``rung[seat]``."""
        return self._at(self._hours, rung)

    def won(self, rung: np.ndarray) -> np.ndarray:
        """Runs each seat wins at its rung ``rung[seat]``."""
        return self._at(self._won, rung)

    def _at(self, rungs: list[list[float]], rung: np.ndarray) -> np.ndarray:
        self._price(rung)
        return np.array([rungs[s][r] for s, r in enumerate(rung)])

    def _price(self, rung: np.ndarray) -> None:
        while True:
            priced = np.array([len(w) for w in self._won])
            short = priced <= rung
            if not short.any():
                return
            at = np.flatnonzero(short if self.apart else np.ones(len(rung), dtype=bool))
            hours = np.zeros(len(at))
            for i, s in enumerate(at):
                # Summed as the greedy sums a whole chunk: given + (next - given).
                if self._hours[s]:
                    self._given[s] = self._given[s] + (self._hours[s][-1] - self._given[s])
                    hours[i] = min(self._given[s] + self.step, self.cap[s])
            won = self.wins(hours, at)
            for i, s in enumerate(at):
                self._hours[s].append(hours[i])
                self._won[s].append(won[i])


def seats_apart(scenario: Scenario) -> bool:
    """Whether a seat's wins in a plan depend on its own hours and draws alone.

    So they do when every step its runs take is seat-local (a seat draws in a cut what it draws
    in the whole run): the plan's campaigns name one seat each, so its canvass acts seat by
    seat too. A step that links seats (a winner of two seats resigning one) keeps them together.
    """
    return all(s.seat_local or s is CANVASS for s in schedule(scenario.spec))

"""The canvass planner's prices: each seat's wins at the hours its next chunks would bring it."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from votebank.mechanisms.canvass import STEP as CANVASS
from votebank.run.schedule import schedule
from votebank.scenario.load import Scenario


class Rungs:
    """Each seat's wins at the hours its next chunks would bring it, priced one rung at a time.

    Rung ``r`` of a seat is its hours after ``r`` whole chunks (capped by its room), summed as
    the greedy sums them, and what it prices is the runs the party wins there. A seat's result
    depends only on the hours of its group (the seats a step links to it: none, or those where
    one person stands), so a batch of runs prices the next rung of the groups whose seats need
    one, and only when the greedy asks for a rung not yet priced; a group's seats take their
    rungs together. With every seat alone it places the same chunks as pricing every seat every
    round.

    Args:
        wins: Runs won in seats ``at`` (sorted indices) at their ``hours``: one batch of runs.
        cap: Hours each seat may take.
        step: Hours per chunk.
        groups: Each seat's group label (:func:`seat_groups`).
    """

    def __init__(
        self,
        wins: Callable[[np.ndarray, np.ndarray], np.ndarray],
        cap: np.ndarray,
        step: float,
        *,
        groups: np.ndarray,
    ):
        self.wins, self.cap, self.step, self.groups = wins, cap, step, groups
        self._hours: list[list[float]] = [[] for _ in cap]
        self._won: list[list[float]] = [[] for _ in cap]
        self._given = np.zeros(len(cap))  # hours after the whole chunks of each seat's last rung

    def together(self, seats: np.ndarray) -> np.ndarray:
        """The seats (sorted indices) of the groups of ``seats``: those a batch must run."""
        return np.flatnonzero(np.isin(self.groups, self.groups[seats]))

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
            short = np.flatnonzero(priced <= rung)
            if not len(short):
                return
            at = self.together(short)
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


def seat_groups(scenario: Scenario) -> np.ndarray:
    """The seats a plan must price together: a group label per seat (constituency order).

    A seat draws in a cut what it draws in the whole run, so where every step its runs take is
    seat-local (the plan's campaigns name one seat each, so its canvass acts seat by seat too)
    each seat is a group of its own. A step that links only the seats where one person stands
    (a winner of two seats resigns one) joins those seats; any other link joins them all.
    """
    ids = scenario.constituencies["id"].to_numpy()
    linking = [s for s in schedule(scenario.spec) if not (s.seat_local or s is CANVASS)]
    if not all(s.person_linked for s in linking):
        return np.zeros(len(ids), dtype=np.int64)
    groups = np.arange(len(ids))
    if linking:
        c = scenario.candidates  # as loaded: a person on every row
        seat = pd.Index(ids).get_indexer(c["constituency"])
        persons, who = np.unique(c["person"].to_numpy(str), return_inverse=True)
        # Seats and persons as one graph: a person's seats fall into one component.
        graph = coo_matrix(
            (np.ones(len(seat)), (seat, len(ids) + who)),
            shape=(len(ids) + len(persons),) * 2,
        )
        groups = connected_components(graph, directed=False)[1][: len(ids)]
    return groups

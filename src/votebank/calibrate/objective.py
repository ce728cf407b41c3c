"""Ensembles summarised seat by seat, and the loss against real results.

* The real results it is scored against are a :class:`~votebank.calibrate.target.Target`,
  laid on a scenario's seat x candidate-slot grid by :mod:`votebank.calibrate.align`.
* :func:`simulate_ensemble`: runs of a scenario kept as arrays (votes per seat and slot,
  ballots, the election-day winner), without building the store's tables, and reusing the
  electorate across calibration trials whose parameters do not change it.
* :class:`Objective`: the root mean square error, in points, of the ensemble's mean
  constituency vote shares, turnout and winning margins against the target.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from votebank.calibrate.align import Aligned
from votebank.calibrate.scores import ks_distance
from votebank.calibrate.target import Target
from votebank.core.contests import Contests
from votebank.core.labels import ROUTES
from votebank.errors import InputError, Problem, callback_problem, given, runs_and_seed_problems
from votebank.kept_arrays import KeptArrays
from votebank.results.store import MAX_RUNS
from votebank.rng import fresh_entropy
from votebank.run.contests import build_contests
from votebank.run.many import many_runs
from votebank.run.station_memory import memory_size, total_memory
from votebank.scenario.load import Scenario
from votebank.version import __version__


@dataclass(frozen=True)
class Ensemble:
    """Runs of a scenario as arrays (election-day results, before by-elections and joins).

    Attributes:
        seat_ids: Constituency ids (scenario order).
        party_ids: Party ids (scenario order).
        party: Party index per seat and slot (-1 for an empty slot).
        can_win: Slots that can win (not empty, not an aggregate).
        registered: Registered voters per seat.
        votes: Valid votes, runs x seats x slots.
        ballots: Ballots (valid + rejected), runs x seats.
        winner: Winning slot, runs x seats.
        seed: The ensemble seed.
        contests: The scenario's contests (for aligning real results).
        over_roll: Share of polling stations with more ballots than registered voters, per
            run (empty if not recorded).
        route_votes: Valid votes by route (``votebank.core.labels.ROUTES``), runs x routes (empty
            if not recorded).
    """

    seat_ids: np.ndarray
    party_ids: list[str]
    party: np.ndarray
    can_win: np.ndarray
    registered: np.ndarray
    votes: np.ndarray
    ballots: np.ndarray
    winner: np.ndarray
    seed: int
    contests: Contests = field(repr=False)
    over_roll: np.ndarray = field(default_factory=lambda: np.zeros(0), repr=False)
    route_votes: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)), repr=False)

    @property
    def runs(self) -> int:
        """Number of runs."""
        return self.votes.shape[0]

    def shares(self) -> np.ndarray:
        """Vote shares per run, seat and slot."""
        total = self.votes.sum(axis=2, keepdims=True)
        return self.votes / np.maximum(total, 1)

    def turnout(self) -> np.ndarray:
        """Turnout (ballots / registered) per run and seat."""
        return self.ballots / self.registered[None, :]

    def winner_party(self) -> np.ndarray:
        """Winning party id per run and seat."""
        names = np.array(self.party_ids, dtype=object)
        seats = np.arange(len(self.seat_ids))
        return names[self.party[seats[None, :], self.winner]]

    def seat_stats(self) -> dict[str, np.ndarray]:
        """Per run and seat: winner's share, margin over the runner-up, effective parties."""
        return seat_stats(self.shares(), self.can_win)


def seat_stats(shares: np.ndarray, can_win: np.ndarray) -> dict[str, np.ndarray]:
    """Winner's share, margin (winner - runner-up) and effective number of parties.

    Args:
        shares: Vote shares, (..., seats, slots); the aggregate slots count as one party each
            in the effective number, as the results tables hold them.
        can_win: Slots that can win (seats x slots).

    Returns:
        ``winner_share``, ``margin`` and ``enp`` (Laakso-Taagepera, 1 / sum of squared shares),
        each of shape (..., seats).
    """
    ranked = np.sort(np.where(can_win, shares, -1.0), axis=-1)
    top, second = ranked[..., -1], ranked[..., -2] if shares.shape[-1] > 1 else 0.0
    second = np.maximum(second, 0.0)
    with np.errstate(divide="ignore"):
        enp = 1.0 / np.sum(shares**2, axis=-1)
    return {"winner_share": top, "margin": top - second, "enp": enp}


def simulate_ensemble(
    scenario: Scenario,
    runs: int,
    seed: int | None = None,
    *,
    progress: Callable[[int, int], None] | None = None,
    client: Any = None,
    kept: KeptArrays | None = None,
) -> Ensemble:
    """Run runs 0..runs-1 of a scenario and keep each seat's votes, ballots and winner.

    The same (scenario, seed, run) gives the same numbers as ``votebank run``; scenarios that
    differ only where the electorate builder does not read share one electorate (the cache).

    Args:
        scenario: The scenario.
        runs: Number of runs.
        seed: Ensemble seed (default: the scenario's, else fresh entropy).
        progress: Called with (runs done, runs) after each run.
        client: A Dask client whose workers make the runs (None: here); the same numbers.
        kept: Where the ensemble's arrays are kept, and read from if this scenario, seed and
            number of runs were made before (:mod:`votebank.kept_arrays`; None: nowhere).
    """
    problems = [
        *runs_and_seed_problems(runs, seed, MAX_RUNS),
        callback_problem("progress", progress),
    ]
    # A name is refused: the caller loads (and checks) a scenario once, not once per run.
    if not isinstance(scenario, Scenario):
        why = "give a Scenario (votebank.load_scenario reads a name, folder or TOML file)"
        problems.append(Problem("scenario", "", given(scenario), why))
    if found := [p for p in problems if p]:
        raise InputError(found)
    chosen = seed if seed is not None else scenario.spec.scenario.seed
    entropy = fresh_entropy() if chosen is None else int(chosen)
    c = build_contests(scenario)
    if problem := memory_problem(c, runs):  # else a MemoryError, or killed runs later
        raise InputError([problem])

    def make() -> tuple[np.ndarray, ...]:
        made = (
            np.zeros((runs, c.seats, c.slots), dtype=np.int64),  # votes
            np.zeros((runs, c.seats), dtype=np.int64),  # ballots
            np.zeros((runs, c.seats), dtype=np.int64),  # winner
            np.zeros(runs),  # over_roll
            np.zeros((runs, len(ROUTES))),  # route_votes
        )
        tick = (lambda done: progress(done, runs)) if progress else None
        runs_made = many_runs(scenario, entropy, range(runs), reader, client=client, progress=tick)
        for i, run in runs_made:  # by index: workers finish in any order
            for array, value in zip(made, run, strict=True):
                array[i] = value
        return made

    key = {"scenario": scenario.digest, "runs": runs, "seed": entropy, "version": __version__}
    made = make() if kept is None else kept.get_or_make(key, make)
    votes, ballots, winner, over_roll, route_votes = made
    return Ensemble(
        c.seat_ids.astype(str),
        list(c.party_ids),
        c.party,
        c.can_win,
        c.registered.astype(float),
        votes,
        ballots,
        winner,
        entropy,
        c,
        over_roll,
        route_votes,
    )


ARRAY_COPIES = 6
"""Arrays of runs x seats x slots held at once: the votes and, while scoring, their shares,
the sorted and squared shares and the independents' shares (8 bytes a cell each)."""


def memory_problem(c: Contests, runs: int) -> Problem | None:
    """The ensemble's arrays past this machine's memory, named as ``runs``; else None."""
    total = total_memory()
    need = runs * c.seats * (c.slots * ARRAY_COPIES + 3) * 8
    if total is None or need <= total:
        return None
    fits = total // (need // runs)
    why = (
        f"the arrays of {runs:,} runs take about {memory_size(need)} of memory, more than "
        f"this machine's {memory_size(total)} (enough for {fits:,} runs at most): run fewer"
    )
    return Problem("runs", "", repr(runs), why)


def reader(model, run_index: int) -> tuple:
    """Reader: what an ensemble keeps of a run (small, to travel back from a worker)."""
    outcome = model.outcome(run_index)
    return (
        outcome.votes,
        outcome.seat_ballots,
        outcome.seat_winner,
        np.mean(outcome.station_ballots > outcome.station_registered),
        outcome.seat_votes.sum(axis=(0, 1)),
    )


DEFAULT_WEIGHTS = {"share": 1.0, "turnout": 1.0, "margin": 1.0}
MEAN_PARTS = ("share", "turnout", "margin")
# The distributions a real election shows, each as a distance in points (0-100): two-sample
# KS statistics x 100 of the per-seat winner's share, margin, turnout, effective number of
# parties and independents' share (seats where an independent stands); the gap in the share of
# seats won with more than 60%; the mean chance, over seats, that the real winner's party
# loses (100 x (1 - P(real winner))); and, with a target, the gap in the share of polling
# stations reporting more ballots than registered voters.
DISTRIBUTION_PARTS = (
    "ks_winner_share",
    "ks_margin",
    "ks_turnout",
    "ks_enp",
    "ks_independent_share",
    "over60",
    "winners",
    "over_roll",
)
PARTS = (*MEAN_PARTS, *DISTRIBUTION_PARTS)
# The loss `votebank calibrate --loss distributional` fits: the means and the distributions.
DISTRIBUTIONAL_WEIGHTS = {
    **DEFAULT_WEIGHTS,
    "ks_winner_share": 1.0,
    "ks_margin": 1.0,
    "ks_turnout": 1.0,
    "ks_enp": 1.0,
    "ks_independent_share": 0.5,
    "over60": 1.0,
    "winners": 1.0,
    "over_roll": 3.0,  # a sourced figure (FAFEN 2008), not a fitted nuance
}
WON_BIG = 0.60  # "won with more than 60%" (issue 17: 25% of 2008's seats)
# Share of polling stations reporting turnout above 100% in 2008: "about 2 percent" [S, FAFEN
# press release 25 Jun 2008; its parenthesis, 1,072 stations, is 1.7% of the 64,176 stations
# (domain brief §3.1)].
OVER_ROLL_2008 = 0.02


@dataclass(frozen=True)
class Objective:
    """The calibration loss: a weighted sum of distances, in percentage points.

    ``share``: root mean square error of each candidate's mean simulated vote share against the
    real share (seats the target covers). ``turnout``: the same of each seat's mean turnout
    (seats with a known turnout). ``margin``: the same of each seat's mean winning margin
    (winner minus runner-up, as a share of valid votes). A component with no data counts 0.

    The distribution parts (:data:`DISTRIBUTION_PARTS`) are computed only when a weight names
    one; :data:`DISTRIBUTIONAL_WEIGHTS` weighs them all.

    Attributes:
        target: The real results.
        weights: Weight of each component.
        over_roll: Target share of stations with turnout above 100% (``over_roll`` part;
            None: the part counts 0).
    """

    target: Target
    weights: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    over_roll: float | None = None

    @property
    def distributional(self) -> bool:
        """Whether any distribution part carries weight."""
        return any(self.weights.get(k, 0.0) for k in DISTRIBUTION_PARTS)

    def components(self, ensemble: Ensemble, aligned: Aligned) -> dict[str, float]:
        """Each component's distance (points) and ``loss``, their weighted sum."""
        covered = aligned.seats
        shares = ensemble.shares().mean(axis=0)
        real = aligned.shares
        valid = covered[:, None] & (ensemble.party >= 0)
        out = {"share": _rmse(shares[valid], real[valid])}
        t_sim = ensemble.turnout().mean(axis=0)
        known = covered & np.isfinite(aligned.turnout)
        out["turnout"] = _rmse(t_sim[known], aligned.turnout[known])
        sim_stats = ensemble.seat_stats()
        real_stats = seat_stats(np.nan_to_num(real), ensemble.can_win)
        out["margin"] = _rmse(
            sim_stats["margin"].mean(axis=0)[covered], real_stats["margin"][covered]
        )
        if self.distributional:
            out.update(self.distribution_parts(ensemble, aligned, sim_stats, real_stats))
        out["loss"] = sum(self.weights.get(k, 0.0) * out.get(k, 0.0) for k in PARTS)
        return out

    def distribution_parts(
        self,
        ensemble: Ensemble,
        aligned: Aligned,
        sim_stats: Mapping[str, np.ndarray] | None = None,
        real_stats: Mapping[str, np.ndarray] | None = None,
    ) -> dict[str, float]:
        """The distribution parts (points; see :data:`DISTRIBUTION_PARTS`)."""
        covered = aligned.seats
        real = np.nan_to_num(aligned.shares)
        sim_stats = sim_stats or ensemble.seat_stats()
        real_stats = real_stats or seat_stats(real, ensemble.can_win)
        out = {}
        for stat in ("winner_share", "margin", "enp"):
            out[f"ks_{stat}"] = 100 * ks_distance(
                sim_stats[stat][:, covered], real_stats[stat][covered]
            )
        known = covered & np.isfinite(aligned.turnout)
        # No real turnout (results without ballots): nothing to compare, as for the mean part.
        out["ks_turnout"] = (
            100 * ks_distance(ensemble.turnout()[:, known], aligned.turnout[known])
            if known.any()
            else 0.0
        )
        indep = ensemble.contests.party_independent[np.maximum(ensemble.party, 0)]
        indep &= ensemble.party >= 0
        stands = covered & indep.any(axis=1)
        sim_ind = (ensemble.shares() * indep).sum(axis=2)
        real_ind = (real * indep).sum(axis=1)
        out["ks_independent_share"] = (
            100 * ks_distance(sim_ind[:, stands], real_ind[stands]) if stands.any() else 0.0
        )
        big_sim = float(np.mean(sim_stats["winner_share"][:, covered] > WON_BIG))
        big_real = float(np.mean(real_stats["winner_share"][covered] > WON_BIG))
        out["over60"] = 100 * abs(big_sim - big_real)
        won = ensemble.winner_party()[:, covered]
        out["winners"] = 100 * float(np.mean(won != aligned.winner_party[covered][None, :]))
        if self.over_roll is not None and ensemble.over_roll.size:
            out["over_roll"] = 100 * abs(float(ensemble.over_roll.mean()) - self.over_roll)
        else:
            out["over_roll"] = 0.0
        return out


def unmeasured_parts(
    aligned: Aligned, over_roll: float | None = None, contests: Contests | None = None
) -> tuple[str, ...]:
    """The loss parts counted 0 in every trial, none measuring anything.

    Turnout, given no real turnout; over_roll, given no target share; the independents' share,
    where no independent stands in a compared seat (known from ``contests``).
    """
    parts = () if over_roll is not None else ("over_roll",)
    if contests is not None and not independents_stand(contests, aligned.seats):
        parts = ("ks_independent_share", *parts)
    if (aligned.seats & np.isfinite(aligned.turnout)).any():
        return parts
    return ("turnout", "ks_turnout", *parts)


def independents_stand(contests: Contests, seats: np.ndarray) -> bool:
    """Whether an independent candidate stands in any of ``seats`` (as the loss reads them)."""
    party = contests.party
    indep = contests.party_independent[np.maximum(party, 0)] & (party >= 0)
    return bool((seats & indep.any(axis=1)).any())


def _rmse(a: np.ndarray, b: np.ndarray) -> float:
    if a.size == 0:
        return 0.0
    return float(100 * np.sqrt(np.mean((np.asarray(a) - np.asarray(b)) ** 2)))

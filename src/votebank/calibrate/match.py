"""Match own-choice appeals so that a scenario's *expected* result is a real one.

A scenario built from an election's own results (mood + appeal = the log of each candidate's
real share) reproduces that election only with every delivery mechanism off: the blocs,
landlords, coercion and stuffing then move votes by their own rules on top, and the expected
result drifts from the real one. But the real result is the output of own choice *plus*
delivered votes. :func:`match_shares` therefore solves for the candidates' appeals such that
the ensemble's mean vote share of every candidate equals the real share, with the mechanisms
on: a damped fixed-point (raking) iteration,

    appeal_c <- appeal_c + eta * (log real_c - log mean simulated_c) / gain_s,

where ``gain_s`` is how strongly appeal enters the seat's utility (``2 w_cand``, urban and
rural weighted by the seat's urban share). Every iteration runs the same run indices with the
same seed (common random numbers), so successive iterations differ only by the appeals. A seat
whose error grows goes back to its best appeals so far with half the step (a seat's mean share
jumps where a large bloc switches candidate). The iteration stops when the root mean square
error of the mean shares is at the Monte Carlo noise (the standard error of the mean over the
runs), or after ``iterations``.

Nothing is specific to one election: any scenario whose seats a target covers can be matched.
Appeals are not read by the electorate builder, so every iteration reuses one electorate.
Candidates the target gives no votes, or that no real row matched, keep their appeal; a
candidate whose delivered votes alone exceed the real share cannot be matched (its appeal
falls to the table's floor) and shows in ``residual``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from votebank.calibrate.objective import Target, simulate_ensemble
from votebank.run.contests import build_contests
from votebank.scenario.load import Scenario

APPEAL_LIMIT = 20.0  # the candidate table's range of appeal
STEP_LIMIT = 2.0  # largest change of one appeal in one iteration (logit)
SHARE_FLOOR = 1e-5  # shares below this are treated as this (log of zero)
MIN_ETA = 0.02  # the smallest step size a seat falls to


@dataclass(frozen=True)
class MatchResult:
    """The outcome of :func:`match_shares`.

    Attributes:
        scenario: The scenario with the matched appeals in its candidate table.
        appeal_before: Appeal per candidate row (the candidate table's order) before.
        appeal_after: The matched appeal per candidate row.
        history: One row per iteration: ``iteration``, ``rmse`` (points, of the mean shares
            against the real ones over the matched candidates, each seat at its best appeals so
            far: seats run independently but for a few shared persons), ``max_error`` (points),
            ``noise`` (points: the root mean square standard error of the mean shares) and
            ``step`` (root mean square change of the appeals).
        converged: Whether the error reached the stopping level.
        residual: Per candidate row, mean simulated share minus real share at the last
            iteration (NaN where not matched).
        runs: Runs per iteration.
        seed: The ensemble seed every iteration used.
    """

    scenario: Scenario
    appeal_before: np.ndarray = field(repr=False)
    appeal_after: np.ndarray = field(repr=False)
    history: pd.DataFrame = field(repr=False)
    converged: bool
    residual: np.ndarray = field(repr=False)
    runs: int
    seed: int

    @property
    def rmse(self) -> float:
        """The last iteration's root mean square share error (points)."""
        return float(self.history["rmse"].iloc[-1])

    @property
    def noise(self) -> float:
        """The last iteration's Monte Carlo standard error of the mean shares (points)."""
        return float(self.history["noise"].iloc[-1])


def match_shares(
    scenario: Scenario,
    target: Target,
    *,
    runs: int = 4,
    iterations: int = 15,
    eta: float = 0.8,
    seed: int | None = None,
    tolerance: float | None = None,
    progress: Callable[[dict], None] | None = None,
) -> MatchResult:
    """Solve the appeals so that the ensemble's mean shares are the target's.

    Args:
        scenario: The scenario (its mechanisms as they are to be run).
        target: Real results covering some or all of its seats.
        runs: Runs per iteration (the same indices and seed every time).
        iterations: At most this many updates.
        eta: Damping (0-1]: the share of the log error corrected per iteration.
        seed: Ensemble seed (default: the scenario's, else 0: matching must be repeatable).
        tolerance: Stop once the share RMSE (points) is at most this; default: the Monte Carlo
            standard error of the mean shares, measured at each iteration.
        progress: Called with each iteration's history row.

    Returns:
        The matched scenario and the iteration's record.

    Raises:
        ValueError: bad ``runs``, ``iterations`` or ``eta``, or a target that covers no seat.
    """
    if runs < 2:
        raise ValueError(f"runs must be at least 2 (got {runs}): the noise needs two")
    if iterations < 1:
        raise ValueError(f"iterations must be at least 1 (got {iterations})")
    if not 0 < eta <= 1:
        raise ValueError(f"eta must be in (0, 1] (got {eta})")
    chosen = seed if seed is not None else scenario.spec.scenario.seed
    entropy = 0 if chosen is None else int(chosen)
    contests = build_contests(scenario)
    aligned = target.align(contests)
    if not aligned.seats.any():
        raise ValueError(f"{target.name}: covers none of {scenario.name}'s seats")
    real = np.nan_to_num(aligned.shares)
    matched = aligned.seats[:, None] & contests.valid & (aligned.votes > 0)
    if not matched.any():
        raise ValueError(f"{target.name}: no candidate of {scenario.name} has real votes there")
    gain = _gain(scenario, contests)
    rows = _rows_of(scenario.candidates, contests)  # (seat, slot) of each candidate row
    appeal = contests.appeal.copy()
    before = scenario.candidates["appeal"].to_numpy(float).copy()
    history: list[dict] = []
    current = scenario
    converged = False
    # Per seat: the best appeals so far, their error and log gap, and the seat's step size.
    # A seat whose error grows goes back to its best appeals with half the step: a mean share is
    # a step function of the appeals where a few large blocs switch (small seats), and there a
    # full step can jump over the target.
    best_appeal = appeal.copy()
    best_error = np.full(contests.seats, np.inf)
    best_gap = np.zeros_like(appeal)
    best_residual = np.full(matched.shape, np.nan)
    seat_eta = np.full(contests.seats, float(eta))
    for it in range(iterations + 1):
        ens = simulate_ensemble(current, runs, entropy)
        shares = ens.shares()
        mean = shares.mean(axis=0)
        err = np.where(matched, mean - real, 0.0)
        seat_error = np.sqrt((err**2).sum(axis=1))
        better = seat_error < best_error
        best_error = np.where(better, seat_error, best_error)
        best_appeal = np.where(better[:, None], appeal, best_appeal)
        gap = np.log(np.maximum(real, SHARE_FLOOR)) - np.log(np.maximum(mean, SHARE_FLOOR))
        best_gap = np.where(better[:, None], gap, best_gap)
        best_residual = np.where(better[:, None], np.where(matched, err, np.nan), best_residual)
        seat_eta = np.where(better | (it == 0), seat_eta, np.maximum(seat_eta / 2, MIN_ETA))
        se = shares.std(axis=0, ddof=1) / np.sqrt(runs)
        kept = best_residual[matched]
        row = {
            "iteration": it,
            "rmse": float(100 * np.sqrt(np.mean(kept**2))),
            "max_error": float(100 * np.abs(kept).max()),
            "noise": float(100 * np.sqrt(np.mean(se[matched] ** 2))),
        }
        level = row["noise"] if tolerance is None else tolerance
        if row["rmse"] <= level or it == iterations:
            converged = row["rmse"] <= level
            row["step"] = 0.0
            history.append(row)
            if progress:
                progress(row)
            break
        step = np.clip(seat_eta[:, None] * best_gap / gain[:, None], -STEP_LIMIT, STEP_LIMIT)
        step = np.where(matched, step, 0.0)
        appeal = np.clip(best_appeal + step, -APPEAL_LIMIT, APPEAL_LIMIT)
        row["step"] = float(np.sqrt(np.mean(step[matched] ** 2)))
        history.append(row)
        if progress:
            progress(row)
        current = _with_appeal(scenario, appeal, rows)
    appeal = best_appeal
    current = _with_appeal(scenario, appeal, rows)
    residual = best_residual
    after = appeal[rows[:, 0], rows[:, 1]]
    return MatchResult(
        current,
        before,
        after,
        pd.DataFrame(history),
        converged,
        residual[rows[:, 0], rows[:, 1]],
        runs,
        entropy,
    )


def _gain(scenario: Scenario, contests) -> np.ndarray:
    """How much a seat's utility moves per unit of appeal (``2 w_cand``, by urban share)."""
    ch = scenario.spec.choice
    w = contests.urban_share * ch.candidate_weight_urban
    w = w + (1 - contests.urban_share) * ch.candidate_weight_rural
    return np.maximum(2 * w, 0.1)


def _rows_of(candidates: pd.DataFrame, contests) -> np.ndarray:
    """Each candidate row's (seat, slot) on the contests' grid, by constituency and id."""
    where = {}
    for s, k in zip(*np.nonzero(contests.valid), strict=True):
        where[(str(contests.seat_ids[s]), str(contests.candidate_ids[s, k]))] = (s, k)
    keys = zip(
        candidates["constituency"].astype(str), candidates["candidate"].astype(str), strict=True
    )
    return np.array([where[key] for key in keys], dtype=np.int64).reshape(-1, 2)


def _with_appeal(scenario: Scenario, appeal: np.ndarray, rows: np.ndarray) -> Scenario:
    cands = scenario.candidates.copy()
    cands["appeal"] = appeal[rows[:, 0], rows[:, 1]]
    return scenario.with_tables(scenario.constituencies, cands)

"""Match own-choice appeals and seat turnouts so that a scenario's *expected* result is a real one.

A scenario built from an election's own results (mood + appeal = the log of each candidate's
real share, each seat's turnout the real one) reproduces that election only with every delivery
mechanism off: the blocs, landlords, coercion and stuffing then move votes by their own rules on
top, fear keeps voters away and stuffing adds ballots, and the expected result drifts from the
real one. But the real result is the output of own choice *plus* delivered votes. The
functions here therefore solve for the inputs such that the ensemble's mean, with the mechanisms
on, equals the real result:

* :func:`match_shares`: each candidate's appeal, so that its mean vote share is the real one,
  ``appeal_c <- appeal_c + eta * (log real_c - log mean simulated_c) / gain_s``, where
  ``gain_s`` is how strongly appeal enters the seat's utility (``2 w_cand``, urban and rural
  weighted by the seat's urban share);
* :func:`match_turnout`: each seat's turnout input (the constituency table's ``turnout``), so
  that its mean turnout (ballots / registered, fear and stuffing included) is the real one,
  ``logit t_s <- logit t_s + eta * (logit real_s - logit mean simulated_s)``;
* :func:`match_results`: both in one loop (each iteration's runs serve both updates).

A damped fixed point (raking). Every iteration runs the same run indices with the same seed
(common random numbers), so successive iterations differ only by the inputs. A seat whose error
grows goes back to its best inputs so far with half the step (a seat's mean share jumps where a
large bloc switches candidate). The iteration stops when the root mean square error of every
matched quantity is at its Monte Carlo noise (the standard error of the mean over the runs), or
after ``iterations``.

Nothing is specific to one election: any scenario whose seats a target covers can be matched.
Neither appeals nor turnouts are read by the electorate builder, so every iteration reuses one
electorate. Candidates the target gives no votes, or that no real row matched, keep their
appeal, as do those of a seat whose own choice the swing sets (no run reads their appeals:
:mod:`votebank.run.unread`); seats without a real turnout (no roll or no ballots in
the target) keep theirs. A candidate whose delivered votes alone exceed the real share cannot
be matched (its appeal falls to the table's floor) and shows in ``residual``; likewise a seat
whose stuffing alone exceeds its real turnout (its input falls to the table's floor).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from votebank.calibrate.no_turnout import no_turnout_problem
from votebank.calibrate.objective import simulate_ensemble
from votebank.calibrate.raking import Raking, logit
from votebank.calibrate.target import Target, load_target
from votebank.display import listed, plural
from votebank.errors import (
    InputError,
    Problem,
    callback_problem,
    flag_problem,
    integer_problem,
    is_real_number,
    seed_problem,
)
from votebank.kept_arrays import KeptArrays
from votebank.run.contests import build_contests
from votebank.run.unread import SWING_SETS, appeals_unread
from votebank.scenario.check import entry_scenario
from votebank.scenario.load import Scenario
from votebank.scenario.tables import APPEAL_LIMIT

STEP_LIMIT = 2.0  # largest change of one appeal (or one turnout logit) in one iteration
SHARE_FLOOR = 1e-5  # shares below this are treated as this (log of zero)
TURNOUT_RANGE = (0.001, 0.999)  # the constituency table's range of turnout


@dataclass(frozen=True)
class MatchResult:
    """The outcome of :func:`match_results` (and of :func:`match_shares`, :func:`match_turnout`).

    Attributes:
        scenario: The scenario with the matched appeals and/or turnouts in its tables.
        appeal_before: Appeal per candidate row (the candidate table's order) before.
        appeal_after: The matched appeal per candidate row (unchanged if shares not matched).
        history: One row per iteration: ``iteration``; with shares matched ``rmse`` (points,
            of the mean shares against the real ones over the matched candidates, each seat at
            its best appeals so far), ``max_error`` (points), ``noise`` (points: the root mean
            square standard error of the mean shares); with turnout matched ``turnout_rmse``,
            ``turnout_max_error``, ``turnout_noise`` (points of turnout, the same over the seats
            with a real turnout); ``step`` (root mean square change of the appeals, or of the
            turnout logits when only turnout is matched).
        converged: Whether every matched error reached its stopping level.
        residual: Per candidate row, mean simulated share minus real share at the best
            iteration (NaN where not matched, or shares not matched).
        runs: Runs per iteration.
        seed: The ensemble seed every iteration used.
        turnout_before: Turnout input per constituency row before (NaN: the scenario's base).
        turnout_after: The matched turnout input per constituency row.
        turnout_residual: Per constituency row, mean simulated turnout minus real turnout at
            the best iteration (NaN where not matched, or turnout not matched).
    """

    scenario: Scenario
    appeal_before: np.ndarray = field(repr=False)
    appeal_after: np.ndarray = field(repr=False)
    history: pd.DataFrame = field(repr=False)
    converged: bool
    residual: np.ndarray = field(repr=False)
    runs: int
    seed: int
    turnout_before: np.ndarray = field(default_factory=lambda: np.zeros(0), repr=False)
    turnout_after: np.ndarray = field(default_factory=lambda: np.zeros(0), repr=False)
    turnout_residual: np.ndarray = field(default_factory=lambda: np.zeros(0), repr=False)

    @property
    def rmse(self) -> float:
        """The last iteration's root mean square share error (points)."""
        return float(self.history["rmse"].iloc[-1])

    @property
    def noise(self) -> float:
        """The last iteration's Monte Carlo standard error of the mean shares (points)."""
        return float(self.history["noise"].iloc[-1])

    @property
    def turnout_rmse(self) -> float:
        """The last iteration's root mean square turnout error (points)."""
        return float(self.history["turnout_rmse"].iloc[-1])


def match_shares(scenario: Scenario, target: Target, **options) -> MatchResult:
    """Solve the appeals so that the ensemble's mean shares are the target's.

    The options are :func:`match_results`'s (``runs``, ``iterations``, ``eta``, ``seed``,
    ``tolerance``, ``progress``).
    """
    return match_results(scenario, target, shares=True, turnout=False, **options)


def match_turnout(scenario: Scenario, target: Target, **options) -> MatchResult:
    """Solve each seat's turnout input so that the ensemble's mean turnout is the target's.

    The options are :func:`match_results`'s; seats the target gives no turnout keep theirs.
    """
    return match_results(scenario, target, shares=False, turnout=True, **options)


def match_results(
    scenario: Scenario | str,
    target: Target | str,
    *,
    shares: bool = True,
    turnout: bool = True,
    runs: int = 4,
    iterations: int = 15,
    eta: float = 0.8,
    seed: int | None = None,
    tolerance: float | None = None,
    progress: Callable[[dict], None] | None = None,
    kept: KeptArrays | None = None,
) -> MatchResult:
    """Solve the appeals and/or seat turnouts so that the ensemble's means are the target's.

    Args:
        scenario: The scenario (its mechanisms as they are to be run), or a built-in name,
            folder or TOML file.
        target: Real results covering some or all of its seats, or anything
            :func:`~votebank.calibrate.target.load_target` reads.
        shares: Match the candidates' mean shares (through their appeals).
        turnout: Match the seats' mean turnouts (through the constituency table's turnout).
        runs: Runs per iteration (the same indices and seed every time).
        iterations: At most this many updates.
        eta: Damping (0-1]: the share of the log (logit) error corrected per iteration.
        seed: Ensemble seed (default: the scenario's, else 0: matching must be repeatable).
        tolerance: Stop once every matched RMSE (points) is at most this; default: each one's
            Monte Carlo standard error of the mean, measured at each iteration.
        progress: Called with each iteration's history row.
        kept: Where each iteration's runs are kept, so that the same match asked again after a
            stop reads them (:mod:`votebank.kept_arrays`).

    Returns:
        The matched scenario and the iterations' record.

    Raises:
        InputError: bad options (every one named), nothing to match, or a target that covers no
            seat (or gives no votes, or no turnout, for what is to be matched).
    """
    problems = _option_problems(shares, turnout, runs, iterations, eta, seed, tolerance, progress)
    scenario = entry_scenario(scenario, *problems)
    target = load_target(target)
    chosen = seed if seed is not None else scenario.spec.scenario.seed
    entropy = 0 if chosen is None else int(chosen)
    contests = build_contests(scenario)
    aligned = target.align(contests)
    if not aligned.seats.any():
        why = "; ".join([f"covers none of {scenario.name}'s seats", *aligned.notes])
        raise InputError([Problem(target.name, "constituencies", "none", why)])
    real = np.nan_to_num(aligned.shares)
    matched = _matchable(scenario, aligned, contests)
    if shares and (problem := shares_problem(scenario, target, aligned, contests)):
        raise InputError([problem])
    real_t = aligned.turnout
    known = aligned.seats & np.isfinite(real_t) & (real_t > 0) & (real_t < 1)
    if turnout and not known.any():
        alone = "; to match the shares alone, give turnout=False (or call match_shares)"
        raise InputError([no_turnout_problem(target, aligned, contests, scenario.name, alone)])
    rows = _rows_of(scenario.candidates, contests)  # (seat, slot) of each candidate row
    before = scenario.candidates["appeal"].to_numpy(float).copy()
    t_before = scenario.constituencies["turnout"].to_numpy(float).copy()
    base = scenario.spec.turnout.base
    t_start = np.where(np.isnan(contests.turnout), base, contests.turnout)
    appeals = Raking(contests.appeal, eta, matched, -APPEAL_LIMIT, APPEAL_LIMIT, STEP_LIMIT)
    lo, hi = (logit(np.array(TURNOUT_RANGE))).tolist()
    turnouts = Raking(logit(t_start)[:, None], eta, known[:, None], lo, hi, STEP_LIMIT)
    gain = _gain(scenario, contests)[:, None]
    t_known = known if turnout else np.zeros_like(known)
    history: list[dict] = []
    current = scenario
    converged = False
    for it in range(iterations + 1):
        ens = simulate_ensemble(current, runs, entropy, kept=kept)
        row: dict = {"iteration": it}
        levels = []
        if shares:
            runs_shares = ens.shares()
            mean = runs_shares.mean(axis=0)
            gap = np.log(np.maximum(real, SHARE_FLOOR)) - np.log(np.maximum(mean, SHARE_FLOOR))
            observed = appeals.observe(it, mean - real, gap / gain)
            se = runs_shares.std(axis=0, ddof=1) / np.sqrt(runs)
            row |= _errors("", observed, se[matched])
            levels.append((row["rmse"], row["noise"]))
        if turnout:
            runs_t = ens.turnout()
            mean_t = runs_t.mean(axis=0)
            gap_t = logit(np.where(known, real_t, 0.5)) - logit(mean_t)
            observed = turnouts.observe(
                it, (mean_t - np.nan_to_num(real_t))[:, None], gap_t[:, None]
            )
            se_t = runs_t.std(axis=0, ddof=1) / np.sqrt(runs)
            row |= _errors("turnout_", observed, se_t[known])
            levels.append((row["turnout_rmse"], row["turnout_noise"]))
        done = all(err <= (noise if tolerance is None else tolerance) for err, noise in levels)
        if done or it == iterations:
            converged = done
            row["step"] = 0.0
            history.append(row)
            if progress:
                progress(row)
            break
        steps = []
        if shares:
            steps.append(appeals.step())
        if turnout:
            steps.append(turnouts.step())
        row["step"] = max(steps)  # the larger of the appeals' and the turnouts' steps
        history.append(row)
        if progress:
            progress(row)
        current = _with_inputs(scenario, appeals.values, turnouts.values[:, 0], rows, t_known)
    current = _with_inputs(scenario, appeals.best, turnouts.best[:, 0], rows, t_known)
    t_after = current.constituencies["turnout"].to_numpy(float)
    return MatchResult(
        current,
        before,
        appeals.best[rows[:, 0], rows[:, 1]],
        pd.DataFrame(history),
        converged,
        appeals.residual[rows[:, 0], rows[:, 1]],
        int(runs),  # NumPy's as Python's: the result showed runs=np.int64(2)
        entropy,
        t_before,
        t_after,
        turnouts.residual[:, 0],
    )


def _matchable(scenario: Scenario, aligned, contests) -> np.ndarray:
    """Candidates whose share can be matched: real votes, in a seat whose appeals are read."""
    unread = appeals_unread(scenario, contests)
    return aligned.seats[:, None] & contests.valid & (aligned.votes > 0) & ~unread[:, None]


def shares_problem(scenario: Scenario, target: Target, aligned, contests) -> Problem | None:
    """Why no candidate's share can be matched (None: some can)."""
    if _matchable(scenario, aligned, contests).any():
        return None
    if (aligned.seats[:, None] & contests.valid & (aligned.votes > 0)).any():
        # The swing replaces the utilities appeals enter: every iteration would score the
        # same and the inputs be written back as "matched".
        why = (
            "the swing sets the own-choice shares of every seat compared from its "
            "baseline_votes, so no run reads an appeal there and matching them changes nothing "
            "(--no-shares --turnout matches the turnouts alone)"
        )
        return Problem(scenario.name, "[mechanisms.swing]", "enabled = true", why)
    why = f"no candidate of {scenario.name} has real votes there"
    return Problem(target.name, "votes", "none", why)


def unread_note(scenario: Scenario, aligned) -> tuple[str, ...]:
    """A note on the seats compared whose appeals no run reads (they keep their appeals)."""
    contests = build_contests(scenario)
    seats = appeals_unread(scenario, contests) & aligned.seats
    if not seats.any():
        return ()
    ids = contests.seat_ids[seats].astype(str).tolist()
    return (
        f"match keeps the appeals of {plural(len(ids), 'seat')} whose appeals no run reads "
        f"({SWING_SETS}): {listed(ids)}",
    )


def _errors(prefix: str, kept: np.ndarray, se: np.ndarray) -> dict[str, float]:
    """RMSE, largest error and noise (points) of one matched quantity."""
    return {
        f"{prefix}rmse": float(100 * np.sqrt(np.mean(kept**2))),
        f"{prefix}max_error": float(100 * np.abs(kept).max()),
        f"{prefix}noise": float(100 * np.sqrt(np.mean(se**2))),
    }


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


def _with_inputs(
    scenario: Scenario, appeal: np.ndarray, turnout_logit: np.ndarray, rows, known: np.ndarray
) -> Scenario:
    """The scenario with these appeals (seat x slot) and turnouts (logit) where ``known``."""
    cands = scenario.candidates.copy()
    cands["appeal"] = appeal[rows[:, 0], rows[:, 1]]
    cons = scenario.constituencies
    if known.any():
        cons = cons.copy()
        # No more than the real voters can cast (ghosts never vote of themselves): an input above
        # it changes nothing, and the search would chase stuffed ballots with it.
        most = min(TURNOUT_RANGE[1], 1 - scenario.spec.electorate.ghost_share)
        new = np.clip(1 / (1 + np.exp(-turnout_logit)), TURNOUT_RANGE[0], most)
        cons["turnout"] = np.where(known, new, cons["turnout"].to_numpy(float))
    return scenario.with_tables(cons, cands)


def _option_problems(
    shares: object,
    turnout: object,
    runs: object,
    iterations: object,
    eta: object,
    seed: object,
    tolerance: object,
    progress: object,
) -> list[Problem]:
    """Every problem of the options of :func:`match_results`."""
    problems = [
        integer_problem("runs", runs, 2),  # the Monte Carlo noise needs two runs
        integer_problem("iterations", iterations, 1),
        seed_problem(seed),
        callback_problem("progress", progress),
        flag_problem("shares", shares),
        flag_problem("turnout", turnout),
    ]
    if not (is_real_number(eta) and 0 < eta <= 1):
        problems.append(Problem("eta", "", repr(eta), "must be a number in (0, 1]"))
    if tolerance is not None and not (is_real_number(tolerance) and tolerance > 0):
        why = "must be a positive number of points, or None (the Monte Carlo error)"
        problems.append(Problem("tolerance", "", repr(tolerance), why))
    if not (shares or turnout):
        problems.append(Problem("shares, turnout", "", "False", "nothing to match: ask for one"))
    return [p for p in problems if p is not None]

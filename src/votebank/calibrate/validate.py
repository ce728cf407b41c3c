"""Score a scenario's ensemble against real results.

For the constituencies both hold:

* **Seats by party**: the real count against the simulated mean and 5-95% interval;
  *seats wrong* is ``sum over parties |mean - actual| / 2``.
* **Favourites**: a seat's favourite is the party that wins it in most runs; the seats whose
  real winner was not the favourite are listed with both probabilities.
* **Brier score** of the win probabilities: per seat ``sum over parties (p - o)^2`` (``o`` is 1
  for the real winner's party, else 0), averaged over seats; 0 is perfect, 2 the worst. Beside
  it, ``brier_expected = mean(1 - sum p^2)``, the score the forecast expects of itself: a
  forecast whose probabilities are right scores about that; a lower expectation than score
  means overconfidence. A reliability table bins the probabilities.
* **KS distances** (two-sample Kolmogorov-Smirnov statistic, ``max |F_sim - F_real|``) between
  the simulated distribution, pooled over runs and seats, and the real one over seats, of
  constituency turnout, the winner's share, the margin (winner minus runner-up) and the
  effective number of parties (aggregate "others" rows count as one party, as the tables hold
  them).

A seat whose real winner is no candidate of the scenario (a party it does not field there, see
:mod:`votebank.calibrate.align`) is scored by the real winner's party in the seats, favourites
and Brier score, a miss where that party cannot win it, so the real seat count stays the real
one; its shares cannot be laid on the scenario's candidates, so it is left out of the
distributions (KS, means, seats won with >60%). The notes say which seats.

:mod:`votebank.calibrate.swing` scores a plain swing projection the same way.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from votebank.calibrate.align import Aligned, lost_note
from votebank.calibrate.objective import WON_BIG, Ensemble, seat_stats, simulate_ensemble
from votebank.calibrate.scores import (
    brier_score,
    expected_brier,
    favourites,
    ks_distance,
    reliability,
)
from votebank.calibrate.target import Target, load_target
from votebank.calibrate.validate_inputs import over_roll_problems, require_common_seats
from votebank.calibrate.validate_tables import STATS, validation_tables
from votebank.core.labels import ROUTES
from votebank.display import DataTable as Table
from votebank.display import plural, runs_text
from votebank.errors import InputError, Problem, callback_problem, runs_and_seed_problems
from votebank.jsonable import json_safe
from votebank.results.store import MAX_RUNS
from votebank.run.contests import build_contests
from votebank.scenario.check import entry_scenario
from votebank.scenario.load import Scenario


@dataclass(frozen=True)
class Validation:
    """A scenario's ensemble scored against real results (see the module docstring).

    Attributes:
        scenario: Scenario name.
        target: Where the real results come from.
        runs: Runs in the ensemble.
        seed: Ensemble seed.
        seats_compared: Constituencies in both (scored by their real winner).
        unmatched_share: Share of real votes no candidate of the scenario could take.
        seats: ``party``, ``actual``, ``mean``, ``p05``, ``p95``, ``inside``.
        constituencies: Per seat: ``constituency_id``, ``actual_winner``, ``favourite``,
            ``p_favourite``, ``p_actual``, real and mean simulated turnout and winner share.
        brier: Brier score of the win probabilities.
        brier_expected: The Brier score the forecast expects of itself.
        reliability: Binned forecast probability against observed frequency.
        ks: KS distance of each distribution (``turnout``, ``winner_share``, ``margin``,
            ``enp``, and ``independent_share`` over the seats where an independent stands).
        means: Real and simulated means of the same quantities.
        won_over_60: Share of seats won with more than 60% of the vote, ``real`` and
            ``simulated`` (pooled over runs).
        stations_over_roll: Share of polling stations reporting more ballots than voters
            (mean over runs).
        observed_over_roll: The observed share to set beside it (an observers' count, given:
            results files hold no stations), or None.
        route_shares: Share of valid votes by route (own, clan, landlord, coerced, stuffed,
            canvassed): ``mean``, ``p05``, ``p95`` over runs.
        notes: What reading and aligning the results left out or read loosely.
    """

    scenario: str
    target: str
    runs: int
    seed: int
    seats_compared: int
    unmatched_share: float
    seats: pd.DataFrame = field(repr=False)
    constituencies: pd.DataFrame = field(repr=False)
    brier: float = float("nan")
    brier_expected: float = float("nan")
    reliability: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)
    ks: dict[str, float] = field(default_factory=dict)
    means: dict[str, dict[str, float]] = field(default_factory=dict)
    won_over_60: dict[str, float] = field(default_factory=dict)
    stations_over_roll: float = float("nan")
    observed_over_roll: float | None = None
    route_shares: dict[str, dict[str, float]] = field(default_factory=dict)
    notes: tuple[str, ...] = ()

    @property
    def seats_wrong(self) -> float:
        """Sum over parties of |mean simulated seats - actual seats| / 2."""
        return float((self.seats["mean"] - self.seats["actual"]).abs().sum() / 2)

    @property
    def winners_wrong(self) -> int:
        """Constituencies whose real winner was not the simulated favourite."""
        c = self.constituencies
        return int((c["actual_winner"] != c["favourite"]).sum())

    @property
    def wrong_favourites(self) -> pd.DataFrame:
        """The constituencies whose real winner was not the favourite, surest first."""
        c = self.constituencies
        wrong = c[c["actual_winner"] != c["favourite"]]
        return wrong.sort_values("p_favourite", ascending=False).reset_index(drop=True)

    def as_dict(self) -> dict[str, Any]:
        """Everything as plain data."""
        return {
            "scenario": self.scenario,
            "target": self.target,
            "runs": self.runs,
            "seed": self.seed,
            "seats_compared": self.seats_compared,
            "unmatched_share": self.unmatched_share,
            "seats_wrong": self.seats_wrong,
            "winners_wrong": self.winners_wrong,
            "brier": self.brier,
            "brier_expected": self.brier_expected,
            "ks": self.ks,
            "means": self.means,
            "won_over_60": self.won_over_60,
            "stations_over_roll": self.stations_over_roll,
            "observed_over_roll": self.observed_over_roll,
            "route_shares": self.route_shares,
            "seats": self.seats.to_dict(orient="records"),
            "wrong_favourites": self.wrong_favourites.to_dict(orient="records"),
            "reliability": self.reliability.to_dict(orient="records"),
            "wins": self.constituencies[["constituency_id", "wins"]].to_dict(orient="records"),
            "notes": list(self.notes),
        }

    def headline(self) -> dict[str, Any]:
        """The figures a hindcast or forecast record keeps: errors, scores and distances."""
        full = self.as_dict()
        keys = ("winners_wrong", "seats_compared", "seats_wrong", "ks", "means", "won_over_60")
        return {k: full[k] for k in (*keys, "brier", "brier_expected")}

    def to_json(self, indent: int | None = 2) -> str:
        """The validation as JSON (NaN written as null), led by a sentence the report shows."""
        return json.dumps(json_safe({"headline": self.sentence(), **self.as_dict()}), indent=indent)

    def sentence(self) -> str:
        """The main scores in one sentence."""
        scores = f"Brier {self.brier:.3f} (expected {self.brier_expected:.3f})"
        return (
            f"{self.scenario} against {self.target} ({runs_text(self.runs)}): "
            f"{self.winners_wrong:,} of {plural(self.seats_compared, 'winner')} wrong, "
            f"seats wrong {self.seats_wrong:.1f}; " + scores.replace("nan", "–")
        )

    def tables(self, show: int = 15) -> list[Table]:
        """Rich tables: seats by party, the scores, and the worst-missed favourites."""
        return validation_tables(self, show)


def validate_against(
    scenario: Scenario | str | Path,
    results: Target | str | Path,
    *,
    runs: int = 50,
    seed: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    aligned: Aligned | None = None,
    over_roll: float | None = None,
) -> Validation:
    """Run a scenario's ensemble and score it against real results (a :class:`Validation`).

    Args:
        scenario: A scenario, or a built-in name, folder or TOML file.
        results: A :class:`Target`, or anything :func:`load_target` reads
            (``pakistan:2008``, ``uk:2015``, a candidates CSV, a scenario).
        runs: Runs in the ensemble (at least 1).
        seed: Ensemble seed (default: the scenario's, else fresh entropy).
        progress: Called with (runs done, runs).
        aligned: The results already laid on the scenario (as :meth:`Target.align`), if so.
        over_roll: The observed share of stations reporting more ballots than voters (0 to 1,
            an observers' count), shown beside the simulated one; None: none shown.

    Raises:
        InputError: Every problem of the arguments and of the scenario, before any run.
    """
    problems = []
    try:
        scenario = entry_scenario(
            scenario,
            *runs_and_seed_problems(runs, seed, MAX_RUNS),
            callback_problem("progress", progress),
            *over_roll_problems(over_roll),
        )
    except InputError as exc:
        problems = exc.problems
    try:  # the results' problems too: named only once the rest was right
        target = load_target(results)
    except InputError as exc:
        problems += exc.problems
    if problems:
        raise InputError(problems)
    if aligned is None:
        aligned = target.align(build_contests(scenario), scenario.name)
    require_common_seats(aligned, target, scenario.name)  # before the runs, not after them
    ensemble = simulate_ensemble(scenario, runs, seed, progress=progress)
    return validate_ensemble(
        ensemble, target, scenario=scenario.name, aligned=aligned, over_roll=over_roll
    )


def validate_ensemble(
    ensemble: Ensemble,
    target: Target | str | Path,
    *,
    scenario: str = "",
    aligned: Aligned | None = None,
    over_roll: float | None = None,
) -> Validation:
    """Score an ensemble already run against real results (laid on it once, if not given).

    ``target`` may be anything :func:`load_target` reads, and ``over_roll`` is as for
    :func:`validate_against`.
    """
    if not isinstance(ensemble, Ensemble):
        why = "give an Ensemble (simulate_ensemble makes one)"
        raise InputError([Problem("ensemble", "", repr(ensemble)[:80], why)])
    if problems := over_roll_problems(over_roll):
        raise InputError(problems)
    target = load_target(target)
    if aligned is None:
        aligned = target.align(ensemble.contests, scenario)
    require_common_seats(aligned, target, scenario)
    covered = aligned.seats  # real shares on the scenario's candidates
    scored = covered | aligned.unmatched_winner  # a real winner
    parties = list(ensemble.party_ids)
    parties += sorted(set(aligned.winner_party[scored]) - set(parties))
    index = {p: i for i, p in enumerate(parties)}
    won = ensemble.winner_party()[:, scored]  # runs x seats
    won_idx = np.vectorize(index.__getitem__, otypes=[np.int64])(won)
    n_runs, n_seats = won_idx.shape
    probs = np.zeros((n_seats, len(parties)))
    # Counts first, then one division: 1/6 added six times is 0.9999999999999999, not 1.
    np.add.at(probs, (np.broadcast_to(np.arange(n_seats), won_idx.shape), won_idx), 1.0)
    counts = probs.astype(np.int64)
    probs /= n_runs
    actual = np.array([index[p] for p in aligned.winner_party[scored]])
    # A seat the runs split evenly goes to the party with the larger mean share there.
    mean_share = np.zeros_like(probs)
    slot_share = ensemble.shares()[:, scored].mean(axis=0)
    stands = ensemble.party[scored] >= 0
    rows = np.broadcast_to(np.arange(n_seats)[:, None], stands.shape)
    np.add.at(mean_share, (rows[stands], ensemble.party[scored][stands]), slot_share[stands])
    favourite = favourites(probs, mean_share)

    per_run = np.stack([np.bincount(r, minlength=len(parties)) for r in won_idx])
    real_seats = np.bincount(actual, minlength=len(parties))
    seats = pd.DataFrame(
        {
            "party": parties,
            "actual": real_seats,
            "mean": per_run.mean(axis=0),
            "p05": np.quantile(per_run, 0.05, axis=0, method="inverted_cdf"),
            "p95": np.quantile(per_run, 0.95, axis=0, method="inverted_cdf"),
        }
    )
    seats["inside"] = (seats["p05"] <= seats["actual"]) & (seats["actual"] <= seats["p95"])
    seats = seats[(seats["actual"] > 0) | (seats["mean"] > 0)].reset_index(drop=True)

    sim_stats = ensemble.seat_stats()
    turnout, real_shares = ensemble.turnout(), np.nan_to_num(aligned.shares)
    # Turnout over the seats whose real turnout is known (as the loss takes it): a seat
    # without a real roll would be in the simulated sample only.
    rolled = covered & np.isfinite(aligned.turnout)
    sim = {"turnout": turnout[:, rolled], **_sub(sim_stats, covered)}
    real_stats = seat_stats(real_shares, ensemble.can_win)
    real = {"turnout": aligned.turnout[rolled], **_sub(real_stats, covered, runs=False)}
    indep = ensemble.contests.party_independent[np.maximum(ensemble.party, 0)]
    indep &= ensemble.party >= 0
    stands = covered & indep.any(axis=1)
    sim["independent_share"] = (ensemble.shares() * indep).sum(axis=2)[:, stands]
    real["independent_share"] = (real_shares * indep).sum(axis=1)[stands]
    # A measure the results cannot give (no turnout without a roll, no independent standing)
    # is left out, not shown as NaN.
    known = [
        s
        for s in (*STATS, "independent_share")
        if np.isfinite(real[s]).any() and np.isfinite(sim[s]).any()
    ]
    routes = {}
    if ensemble.route_votes.size:
        share = ensemble.route_votes / np.maximum(ensemble.route_votes.sum(axis=1), 1)[:, None]
        routes = {
            name: {
                "mean": float(share[:, k].mean()),
                "p05": float(np.quantile(share[:, k], 0.05)),
                "p95": float(np.quantile(share[:, k], 0.95)),
            }
            for k, name in enumerate(ROUTES)
        }
    names = np.array(parties, dtype=object)
    constituencies = pd.DataFrame(
        {
            "constituency_id": ensemble.seat_ids[scored],
            "actual_winner": names[actual],
            "favourite": names[favourite],
            "p_favourite": probs[np.arange(n_seats), favourite],
            "p_actual": probs[np.arange(n_seats), actual],
            "turnout_real": aligned.turnout[scored],
            "turnout_simulated": turnout[:, scored].mean(axis=0),
            # NaN where the real shares are not on the scenario's candidates.
            "winner_share_real": np.where(covered, real_stats["winner_share"], np.nan)[scored],
            "winner_share_simulated": sim_stats["winner_share"][:, scored].mean(axis=0),
            # Runs won by party: what the Brier score and reliability table are from.
            "wins": [{names[j]: int(c) for j, c in enumerate(r) if c} for r in counts],
        }
    )
    notes = aligned.notes + lost_note(
        aligned,
        scenario,
        "validate-against scores",
        " by the real winner's party (a miss where that party does not stand) and leaves them "
        "out of the distributions (KS, means, >60%)",
    )
    return Validation(
        scenario=scenario,
        target=target.name,
        runs=n_runs,
        seed=ensemble.seed,
        seats_compared=int(n_seats),
        unmatched_share=aligned.unmatched_share,
        seats=seats,
        constituencies=constituencies,
        brier=brier_score(probs, actual),
        brier_expected=expected_brier(probs),
        reliability=reliability(probs, actual),
        ks={s: ks_distance(sim[s], real[s]) for s in known},
        means={
            s: {"real": float(np.nanmean(real[s])), "simulated": float(np.nanmean(sim[s]))}
            for s in known
        },
        won_over_60=(
            {
                "real": float(np.mean(real["winner_share"] > WON_BIG)),
                "simulated": float(np.mean(sim["winner_share"] > WON_BIG)),
            }
            if covered.any()
            else {}
        ),
        stations_over_roll=(
            float(ensemble.over_roll.mean()) if ensemble.over_roll.size else float("nan")
        ),
        observed_over_roll=None if over_roll is None else float(over_roll),
        route_shares=routes,
        notes=notes,
    )


def _sub(stats: Mapping[str, np.ndarray], covered: np.ndarray, runs: bool = True) -> dict:
    return {k: (v[:, covered] if runs else v[covered]) for k, v in stats.items()}

"""Paired counterfactuals: the same runs of two scenario variants, with common random numbers.

Run ``i`` of variant A and run ``i`` of variant B use the same ensemble seed and run index, and
every decision draws from a stream keyed by its name and its constituency, so voters whom the
change does not touch decide the same way in both. The differences are then averaged over runs,
with standard errors from the paired differences.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from votebank.ensemble.cluster import client_or_scheduler_problems, cluster_client
from votebank.ensemble.pairing import pairing_problems
from votebank.errors import InputError, callback_problem, integer_problem, seed_problem
from votebank.results.store import MAX_RUNS
from votebank.results.summary import mean_se, prob_se
from votebank.rng import fresh_entropy
from votebank.run.many import Tables, in_order, many_runs
from votebank.run.unread import changed_paths, same_runs_hint
from votebank.scenario.check import entry_scenario
from votebank.scenario.load import Scenario


@dataclass(frozen=True)
class Comparison:
    """The paired differences B - A.

    Attributes:
        runs: Runs compared.
        seed: The shared ensemble seed.
        parties: Per party: seats in A and B (mean; each run's ``total`` of its ``seats``
            table, so after joins and by-elections and with reserved seats where the
            scenario has them), mean difference and its s.e.; votes in A
            and B (mean, summed over seats), mean difference (``difference_votes``) and its s.e.
        seats: Per constituency: P(winner changes) and each variant's usual winning party
            (``winner_a``, ``winner_b``: those that win as often joined by " / ").
        candidates: Per candidate: its party in A (``party``) and in B (``party_b``, another
            where B has it stand for another party), mean votes in A and B, mean difference
            and its s.e.
        winners_changed: Mean number of constituencies whose polling-day winning party differs
            between A and B in the same run.
        winners_changed_se: Its standard error (sd of the per-run counts / sqrt(runs)).
    """

    runs: int
    seed: int
    # Shown by their own cells: the repr printed all three tables, cut by pandas mid-row.
    parties: pd.DataFrame = field(repr=False)
    seats: pd.DataFrame = field(repr=False)
    candidates: pd.DataFrame = field(repr=False)
    winners_changed: float = float("nan")
    winners_changed_se: float = float("nan")


def shared_seed(a: Scenario, seed: int | None) -> int:
    """The seed both variants use: given, else A's, else fresh entropy."""
    if seed is not None:
        return seed
    return a.spec.scenario.seed if a.spec.scenario.seed is not None else fresh_entropy()


def paired_runs(
    a: Scenario,
    b: Scenario,
    *,
    runs: int,
    seed: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    client: Any = None,
):
    """Yield ``(run_index, result_a, result_b)`` for runs 0..runs-1 with a shared seed.

    With a Dask ``client`` both variants' runs go to its workers; pairs still come in run
    order, with the same numbers as in one process.
    """
    entropy = shared_seed(a, seed)
    tables = Tables(station_runs=0)
    side_a = in_order(many_runs(a, entropy, range(runs), tables, client=client), range(runs))
    side_b = in_order(many_runs(b, entropy, range(runs), tables, client=client), range(runs))
    for (i, result_a), (_, result_b) in zip(side_a, side_b, strict=True):
        yield i, result_a, result_b
        if progress:
            progress(i + 1, runs)


def compare(
    a: Scenario | str | Path,
    b: Scenario | str | Path,
    *,
    runs: int,
    seed: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    client: Any = None,
    scheduler: str | None = None,
) -> Comparison:
    """Run both variants on the same runs and summarise B - A.

    Args:
        a: The baseline scenario, or a built-in name, folder or TOML file.
        b: The variant, the same way; given in memory or as a file, it may switch off what
            another mechanism needs (that is the question asked): in memory, as
            ``a.with_overrides({"mechanisms.landlords.enabled": False}, requirements=False)``.
        runs: Paired runs (at least 2, as ``votebank compare --runs``: one gives no standard
            error).
        seed: Shared ensemble seed (default: A's seed, else fresh entropy).
        progress: Called with (done, total) after each pair.
        client: A Dask client whose workers make the runs (None: in this process).
        scheduler: Or the address of a Dask scheduler (``tcp://HOST:PORT``), as
            :func:`~votebank.api.run_ensemble` takes it; not with ``client``.

    Returns:
        The paired differences.

    Raises:
        InputError: Every problem of the arguments and of both scenarios, before any run.

    Warns:
        UserWarning: Every run of B drew A's votes though B sets fields otherwise (a mechanism
            that is off, a default every seat's table cell overrides, such as
            ``mechanisms.fear.threat`` in na184-2008): not an effect of zero.
    """
    checked = [
        # Two at least, as the command line asks: one run's differences have no spread.
        integer_problem("runs", runs, 2, MAX_RUNS),
        seed_problem(seed),
        callback_problem("progress", progress),
    ]
    found = [p for p in checked if p] + client_or_scheduler_problems(client, scheduler)
    sides = []
    for name, sc in (("a", a), ("b", b)):
        try:  # B may switch off what another mechanism needs (the question asked)
            sides.append(entry_scenario(sc, shown=name, requirements=name == "a"))
        except InputError as exc:  # A's tables and B's are named beside their TOML files
            found += exc.problems
    if found:
        raise InputError(found)
    if scheduler is None:
        return compare_checked(*sides, runs=runs, seed=seed, progress=progress, client=client)
    with cluster_client(1, scheduler, python=True) as client:
        return compare_checked(*sides, runs=runs, seed=seed, progress=progress, client=client)


def compare_checked(
    a: Scenario,
    b: Scenario,
    *,
    runs: int,
    seed: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    client: Any = None,
) -> Comparison:
    """:func:`compare` of scenarios loaded or checked, with checked counts.

    For callers that have checked them already (the command line, a scenario's declared
    counterfactuals, prepared organisation variants): a check costs about 0.15 s on uk-2015.
    """
    if problems := pairing_problems(a, b):
        raise InputError(problems)
    seats, votes, party_votes, winners = ([], []), ([], []), ([], []), ([], [])
    stands: tuple[pd.Series, ...] = ()  # each side's party of every candidate
    entropy = shared_seed(a, seed)
    pairs = paired_runs(a, b, runs=runs, seed=entropy, progress=progress, client=client)
    for _, *pair in pairs:
        # A candidate is paired with itself even where B has it stand for another party (a
        # switcher undone): keyed by party too, its votes would split into two rows.
        keyed = [r["candidates"].set_index(["constituency_id", "candidate_id"]) for r in pair]
        stands = stands or tuple(k["party"] for k in keyed)
        for side, result in enumerate(pair):
            cands = result["candidates"]
            seats[side].append(result["seats"].set_index("party")["total"])
            votes[side].append(keyed[side]["votes"])
            # A party with no candidate anywhere polls 0 votes, not a missing number.
            total = cands.groupby("party")["votes"].sum()
            index = total.index.union(result["seats"]["party"])
            party_votes[side].append(total.reindex(index, fill_value=0))
            winners[side].append(
                result["constituencies"].set_index("constituency_id")["winner_party"]
            )
    parties = _paired(*seats, "seats").merge(
        _paired(*party_votes, "votes"), on="party", how="outer", suffixes=("", "_votes")
    )
    changed = (pd.concat(winners[0], axis=1) != pd.concat(winners[1], axis=1)).sum(axis=0)
    n = len(changed)
    # Votes and seats: joins and by-elections move seats without a vote (join_prob).
    alike = all(x.equals(y) for side in (votes, seats) for x, y in zip(*side, strict=True))
    if alike and (paths := changed_paths(a, b)):
        # Read as "no effect", B's runs drawn as A's would mislead (as sweep's points do).
        hint = same_runs_hint(paths, [b])
        why = f"every run of B drew A's: {', '.join(paths)} changed no run ({hint})"
        warnings.warn(why, stacklevel=3)  # the caller of compare()
    return Comparison(
        int(runs),  # a NumPy count as Python's, as the seed
        int(entropy),
        parties,
        _seat_changes(*winners),
        _with_parties(_paired(*votes, "votes"), *stands),
        float(changed.mean()),
        float(mean_se(changed.std(ddof=1), n)) if n > 1 else float("nan"),
    )


def usual_winner(winners: pd.DataFrame) -> np.ndarray:
    """Each seat's most frequent winner over the runs; parties as frequent joined by " / ".

    The first of a tie alone would name whichever comes first in the alphabet.
    """
    modes = winners.mode(axis=1)
    return np.array([" / ".join(str(w) for w in row.dropna()) for _, row in modes.iterrows()])


def _paired(a: list[pd.Series], b: list[pd.Series], what: str) -> pd.DataFrame:
    """Mean of A, of B, and of the paired difference with its standard error."""
    fa, fb = pd.concat(a, axis=1), pd.concat(b, axis=1)
    index = fa.index.union(fb.index)
    fa, fb = fa.reindex(index).fillna(0), fb.reindex(index).fillna(0)
    diff = fb.to_numpy(float) - fa.to_numpy(float)
    n = diff.shape[1]
    sd = diff.std(axis=1, ddof=1) if n > 1 else np.full(len(diff), np.nan)
    return pd.DataFrame(
        {
            f"{what}_a": fa.mean(axis=1),
            f"{what}_b": fb.mean(axis=1),
            "difference": diff.mean(axis=1),
            "difference_se": mean_se(sd, n),
        },
        index=fa.index,
    ).reset_index()


def _with_parties(cands: pd.DataFrame, in_a: pd.Series, in_b: pd.Series) -> pd.DataFrame:
    """``cands`` with each candidate's party in A (``party``; B's if only in B) and B."""
    keys = pd.MultiIndex.from_frame(cands[["constituency_id", "candidate_id"]])
    party_b = in_b.reindex(keys).fillna(in_a.reindex(keys)).to_numpy()
    party = in_a.reindex(keys).fillna(in_b.reindex(keys)).to_numpy()
    at = cands.columns.get_loc("candidate_id") + 1
    return cands.assign(party=party, party_b=party_b)[
        [*cands.columns[:at], "party", "party_b", *cands.columns[at:]]
    ]


def _seat_changes(a: list[pd.Series], b: list[pd.Series]) -> pd.DataFrame:
    """How often each seat's winning party differs between the variants."""
    wa, wb = pd.concat(a, axis=1), pd.concat(b, axis=1)
    changed = (wa != wb).to_numpy()
    p = changed.mean(axis=1)
    n = changed.shape[1]
    return pd.DataFrame(
        {
            "constituency_id": wa.index,
            "p_changed": p,
            "p_changed_se": prob_se(p, n),
            "winner_a": usual_winner(wa),
            "winner_b": usual_winner(wb),
        }
    )

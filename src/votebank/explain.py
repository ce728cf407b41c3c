"""Which route decided a seat: paired runs with one mechanism switched off at a time.

For each mechanism a scenario switches on, the same runs are made with it off (common random
numbers: every other decision draws the same numbers), and the seat's winning party is compared
run by run. The probability that the winner changes, with its standard error, says whether
the mechanism decides the seat or only moves its margin. Switching the landlords off also takes
them out of the electorate (the builder reads that switch), so that comparison shares fewer
random numbers than the others.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from votebank.ensemble.cluster import client_or_scheduler_problems, cluster_client
from votebank.ensemble.compare import shared_seed, usual_winner
from votebank.errors import InputError, Problem, integer_problem, seed_problem
from votebank.results.deciding import COLUMNS
from votebank.results.store import MAX_RUNS, ResultsStore
from votebank.results.summary import mean_se, prob_se
from votebank.run.many import many_runs
from votebank.run.model import Model
from votebank.scenario.check import entry_scenario
from votebank.scenario.kept_seats import no_such_seat
from votebank.scenario.load import Scenario
from votebank.scenario.overrides import with_overrides

# Steps after the count allot seats and hold by-elections; they decide no route of a vote.
NOT_ROUTES = ("multiple_seats", "reserved_seats")
BASE = "every mechanism on"
"""The name :func:`all_deciding_routes` gives its progress for the scenario's own runs."""


def route_variants(scenario: Scenario) -> list[tuple[str, Scenario]]:
    """One variant per mechanism the scenario switches on, with that mechanism off."""
    out = []
    for name, params in scenario.spec.mechanisms:
        if not params.enabled or name in NOT_ROUTES:
            continue
        spec = with_overrides(scenario.spec, {f"mechanisms.{name}.enabled": False})
        out.append((name, scenario.with_spec(spec)))
    return out


def seat_winners(model: Model, run_index: int) -> np.ndarray:
    """Reader: each seat's winning party at the count (as in the ``constituencies`` table)."""
    o = model.outcome(run_index)
    c = o.contests
    party = np.asarray(c.party_ids, dtype=object)
    return party[c.party[np.arange(c.seats), o.seat_winner]].astype(str)


def all_deciding_routes(
    scenario: Scenario,
    *,
    entropy: int,
    runs: list[int],
    base: pd.DataFrame | None = None,
    progress: Callable[[str, int], None] | None = None,
    client: Any = None,
) -> pd.DataFrame:
    """Every seat's deciding routes at once: one paired variant per mechanism switched off.

    Run ``i`` of each variant shares the seed and run index of run ``i`` of the scenario
    (common random numbers), so the only differences are the mechanism's.

    Args:
        scenario: The scenario as run.
        entropy: The ensemble seed.
        runs: Run indices to pair.
        base: The scenario's own winners, seats x runs (columns = ``runs``, index = seat ids),
            e.g. read back from the store; None runs the scenario again.
        progress: Called with (mechanism, runs done) after each variant run, and with
            (:data:`BASE`, runs done) after each run of the scenario itself when ``base`` is None.
        client: A Dask client to spread the runs over (the same numbers), or None.

    Returns:
        Columns ``constituency_id``, ``mechanism``, ``runs``, ``p_changed``,
        ``p_changed_se``, ``winner_with``, ``winner_without`` and ``changed_se`` (the s.e.
        over runs of the mechanism's winners changed per run, the same in its every row).
    """
    seat_ids = scenario.constituencies["id"].astype(str).to_numpy()
    if base is None:
        base = _winners(scenario, entropy, runs, BASE, progress, client)
    base = base.reindex(index=seat_ids, columns=runs)
    with_mode = usual_winner(base)
    frames = []
    for name, variant in route_variants(scenario):
        off = _winners(variant, entropy, runs, name, progress, client)
        differs = base.to_numpy() != off.to_numpy()
        changed = differs.mean(axis=1)
        # Winners changed per run, and its s.e. over runs (as compare's): the seats of one
        # run share its draws, so their estimates are not independent.
        per_run = differs.sum(axis=0)
        changed_se = float(mean_se(per_run.std(ddof=1), len(runs))) if len(runs) > 1 else None
        frames.append(
            pd.DataFrame(
                {
                    "constituency_id": seat_ids,
                    "mechanism": name,
                    "runs": len(runs),
                    "p_changed": changed,
                    "p_changed_se": prob_se(changed, len(runs)),
                    "winner_with": with_mode,
                    "winner_without": usual_winner(off),
                    "changed_se": changed_se,
                }
            )
        )
    if not frames:
        return pd.DataFrame(columns=list(COLUMNS))
    return pd.concat(frames, ignore_index=True)


def _winners(
    scenario: Scenario, entropy: int, runs: list[int], name: str, progress, client
) -> pd.DataFrame:
    """Each seat's winning party (rows) in each run (columns), telling ``progress`` by name."""
    cols = {}
    for done, (i, winners) in enumerate(
        many_runs(scenario, entropy, runs, seat_winners, client=client), 1
    ):
        cols[i] = winners
        if progress:
            progress(name, done)
    seat_ids = scenario.constituencies["id"].astype(str).to_numpy()
    return pd.DataFrame({i: cols[i] for i in runs}, index=seat_ids)


def stored_winners(store_path: Path, ensemble_id: str, n: int) -> tuple[list[int], pd.DataFrame]:
    """The first ``n`` stored runs of an ensemble and its winners (seats x runs)."""
    with ResultsStore(store_path, read_only=True) as store:
        runs = sorted(store.done_runs(ensemble_id))[:n]
        df = store.query(
            "SELECT run_index, constituency_id, winner_party FROM constituencies"
            " WHERE ensemble_id = ? AND list_contains(?::INTEGER[], run_index)",
            [ensemble_id, runs],
        )
    table = df.pivot(index="constituency_id", columns="run_index", values="winner_party")
    return runs, table


def deciding_routes(
    scenario: Scenario | str | Path,
    seat: str,
    *,
    runs: int = 100,
    seed: int | None = None,
    client: Any = None,
    scheduler: str | None = None,
) -> pd.DataFrame:
    """Per mechanism switched on: P(the seat's winner changes without it) and its s.e.

    What ``votebank explain SEAT`` prints. With a Dask ``client`` or ``scheduler`` the paired
    runs go to its workers (the same numbers).

    Args:
        scenario: A scenario, or a built-in name, folder or TOML file.
        seat: The constituency's id, e.g. ``"NA-184"``.
        runs: Paired runs per mechanism (at least 2, as ``votebank explain --runs``: one gives
            no standard error).
        seed: Shared ensemble seed (default: the scenario's, else fresh entropy).
        client: A Dask client whose workers make the runs (None: in this process).
        scheduler: Or the address of a Dask scheduler (``tcp://HOST:PORT``), as
            :func:`~votebank.api.run_ensemble` takes it; not with ``client``.

    Returns:
        Columns ``mechanism``, ``p_changed``, ``p_changed_se``, ``winner_with``,
        ``winner_without`` (the usual winning party with and without the mechanism: those
        as usual joined by " / ");
        ``attrs["seed"]`` is the seed the runs used (given, the scenario's or fresh entropy).

    Raises:
        InputError: Every problem of the arguments and of the scenario, a seat that is not
            text, or no such seat.
    """
    # Two at least, as the command line asks: one run's P(changed) is 0 or 1 with s.e. 0.
    counts = [
        integer_problem("runs", runs, 2, MAX_RUNS),
        seed_problem(seed),
        *client_or_scheduler_problems(client, scheduler),
    ]
    if not isinstance(seat, str):  # a list failed deep inside as unhashable
        counts.append(Problem("seat", "", repr(seat)[:80], "give a constituency's id as text"))
    try:
        sc = entry_scenario(scenario)
    except InputError as exc:
        raise InputError([p for p in counts if p] + exc.problems) from None
    if isinstance(seat, str) and seat not in set(sc.constituencies["id"]):
        # Named with the other arguments' problems, and as the argument is named here.
        why = no_such_seat(sc.constituencies, seat, sc.name)
        counts.append(Problem("seat", "", seat or "''", why))
    if found := [p for p in counts if p]:
        raise InputError(found)
    if scheduler is None:
        return seat_routes(sc, seat, runs=int(runs), seed=seed, client=client)
    with cluster_client(1, scheduler, python=True) as client:
        return seat_routes(sc, seat, runs=int(runs), seed=seed, client=client)


def seat_routes(
    scenario: Scenario,
    seat: str,
    *,
    runs: int,
    seed: int | None,
    client: Any = None,
    progress: Callable[[str, int], None] | None = None,
) -> pd.DataFrame:
    """:func:`deciding_routes` of a loaded scenario and checked counts (the command line's).

    ``progress``: as :func:`all_deciding_routes`'s, the scenario's own runs included.
    """
    if seat not in set(scenario.constituencies["id"]):
        # An empty id ("$SEAT" unset) would show no value at all: show it quoted.
        given = seat or "''"
        why = no_such_seat(scenario.constituencies, seat, scenario.name)
        raise InputError([Problem("SEAT", "", given, why)])
    entropy = shared_seed(scenario, seed)
    found = all_deciding_routes(
        scenario, entropy=entropy, runs=list(range(runs)), client=client, progress=progress
    )
    found = found[found["constituency_id"] == seat]
    out = found.drop(columns=["constituency_id", "runs", "changed_se"]).reset_index(drop=True)
    out.attrs["seed"] = entropy  # fresh entropy too: the record that repeats the runs
    return out

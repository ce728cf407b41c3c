"""Which route decided a seat: paired runs with one mechanism switched off at a time.

For each mechanism a scenario switches on, the same runs are made with it off (common random
numbers: every other decision draws the same numbers), and the seat's winning party is compared
run by run. The probability that the winner changes, with its standard error, says whether
the mechanism decides the seat or only moves its margin. Switching the landlords off also takes
them out of the electorate (the builder reads that switch), so that comparison shares fewer
random numbers than the others.
"""

from __future__ import annotations

from typing import Annotated, Any

import pandas as pd
import typer

from votebank.commands.options import SchedulerOption, WorkersOption
from votebank.display import DataTable as Table
from votebank.display import safe
from votebank.ensemble.compare import compare
from votebank.errors import InputError, Problem
from votebank.scenario.load import Scenario, load_scenario
from votebank.scenario.overrides import with_overrides

# Steps after the count allot seats and hold by-elections; they decide no route of a vote.
NOT_ROUTES = ("multiple_seats", "reserved_seats")


def deciding_routes(
    scenario: Scenario, seat: str, *, runs: int, seed: int | None, client: Any = None
) -> pd.DataFrame:
    """Per mechanism switched on: P(the seat's winner changes without it) and its s.e.

    With a Dask ``client`` the paired runs go to its workers (the same numbers).

    Returns:
        Columns ``mechanism``, ``p_changed``, ``p_changed_se``, ``winner_with``,
        ``winner_without`` (the usual winning party with and without the mechanism).

    Raises:
        InputError: If the scenario has no such seat.
    """
    if seat not in set(scenario.constituencies["id"]):
        raise InputError([Problem("SEAT", "", seat, f"no such constituency in {scenario.name}")])
    rows = []
    for name, params in scenario.spec.mechanisms:
        if not params.enabled or name in NOT_ROUTES:
            continue
        off = scenario.with_spec(
            with_overrides(scenario.spec, {f"mechanisms.{name}.enabled": False})
        )
        result = compare(scenario, off, runs=runs, seed=seed, client=client)
        row = result.seats.set_index("constituency_id").loc[seat]
        rows.append(
            {
                "mechanism": name,
                "p_changed": float(row["p_changed"]),
                "p_changed_se": float(row["p_changed_se"]),
                "winner_with": str(row["winner_a"]),
                "winner_without": str(row["winner_b"]),
            }
        )
    return pd.DataFrame(
        rows, columns=["mechanism", "p_changed", "p_changed_se", "winner_with", "winner_without"]
    )


def explain_command(
    seat: Annotated[str, typer.Argument(help="Constituency id, e.g. NA-184.")],
    scenario: Annotated[str, typer.Option(help="Name, folder or TOML file.")] = "na184-2008",
    runs: Annotated[int, typer.Option(min=2, max=100_000, help="Paired runs per mechanism.")] = 100,
    seed: Annotated[int | None, typer.Option(min=0, help="Shared seed.")] = None,
    workers: WorkersOption = 1,
    scheduler: SchedulerOption = None,
) -> None:
    """Which mechanisms decide a seat: P(the winner changes) with each one switched off."""
    from rich.console import Console

    from votebank.ensemble.cluster import cluster_client

    sc = load_scenario(scenario)
    with cluster_client(workers, scheduler) as client:
        found = deciding_routes(sc, seat, runs=runs, seed=seed, client=client)
    table = Table(
        title=f"What decides {seat} ({sc.name}, {runs} paired runs per mechanism)",
        caption="a mechanism decides the seat where its removal changes the winner",
        title_justify="left",
    )
    for head in ("Switched off", "P(winner changes)", "± s.e.", "Winner with", "Winner without"):
        table.add_column(
            head, justify="left" if head.startswith(("Switched", "Winner")) else "right"
        )
    for r in found.itertuples(index=False):
        table.add_row(
            r.mechanism,
            f"{r.p_changed:.1%}",
            f"{r.p_changed_se:.1%}",
            r.winner_with,
            r.winner_without,
        )
    Console().print(table)
    if found.empty:
        Console().print(f"{safe(sc.name)} switches on no mechanism that delivers votes")

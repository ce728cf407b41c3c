"""``votebank explain``: the command line of :mod:`votebank.explain` (one seat, or --all)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from votebank.commands.options import SchedulerOption, WorkersOption
from votebank.display import DataTable as Table
from votebank.display import bound_note, plural, probability, safe
from votebank.errors import InputError, Problem
from votebank.explain import all_deciding_routes, route_variants, seat_routes, stored_winners
from votebank.outputs import check_outputs
from votebank.results.deciding import render_deciding, write_deciding
from votebank.results.store import STORE_NAME, ResultsStore
from votebank.results.store_errors import require_store, warn_unmerged
from votebank.results.tables_json import tables_json
from votebank.scenario.kept_seats import no_such_seat, seat_named
from votebank.scenario.load import load_scenario
from votebank.stored_scenario import scenario_run_on

DEFAULT_ALL_RUNS = 20
"""Paired runs per mechanism for ``explain --all`` (every seat, so kept small by default)."""
DEFAULT_OUT = Path("votebank-out")
DECIDES_SEAT = "a mechanism decides the seat where its removal changes the winner at the poll"


def explain_command(
    seat: Annotated[
        str | None, typer.Argument(help="Constituency id, e.g. NA-184 (or --all).")
    ] = None,
    scenario: Annotated[
        str | None,
        typer.Option(
            help="Name, folder or TOML file (default: na184-2008; with --all, the ensemble's)."
        ),
    ] = None,
    runs: Annotated[
        int | None,
        typer.Option(
            min=2,
            max=100_000,
            help=f"Paired runs per mechanism (default 100; with --all {DEFAULT_ALL_RUNS}).",
        ),
    ] = None,
    seed: Annotated[
        int | None, typer.Option(min=0, help="Shared seed (not with --all: the ensemble's).")
    ] = None,
    all_seats: Annotated[
        bool,
        typer.Option(
            "--all",
            help="Every seat of a stored ensemble, on its own runs; stored in OUT's "
            "deciding_routes table for summary and report.",
        ),
    ] = False,
    out: Annotated[
        Path, typer.Option("--out", help="With --all: output folder (holds votebank.duckdb).")
    ] = DEFAULT_OUT,
    ensemble: Annotated[
        str | None, typer.Option(help="With --all: ensemble id (default: the latest).")
    ] = None,
    workers: WorkersOption = 1,
    scheduler: SchedulerOption = None,
    as_json: Annotated[
        bool,
        typer.Option(
            "--json",
            help="Print each mechanism's P(the winner changes) as one JSON object (records), "
            "not as a table: for jq and scripts.",
        ),
    ] = False,
) -> None:
    """Which mechanisms decide a seat: P(the winner changes) with each one switched off."""
    from rich.console import Console

    from votebank.ensemble.cluster import cluster_client
    from votebank.run.electorate_memory import refuse_past_memory

    if all_seats:
        problems = [Problem("SEAT", "", seat, "give a seat or --all, not both")] if seat else []
        if seed is not None:  # the stored runs were drawn with the ensemble's seed
            why = "--all re-runs the stored ensemble's runs on its own seed: leave --seed out"
            problems.append(Problem("--seed", "", str(seed), why))
        if problems:
            raise InputError(problems)
        with cluster_client(workers, scheduler) as client:
            explain_all(out, ensemble, scenario, runs, client, as_json=as_json)
        return
    problems = [Problem("SEAT", "", "", "give a constituency id, or --all")] if seat is None else []
    # One seat is worked out afresh: a stored ensemble named here would be silently ignored.
    stray = {"--ensemble": ensemble, "--out": None if out == DEFAULT_OUT else str(out)}
    why = "read only with --all (a stored ensemble); one seat runs the scenario afresh"
    problems += [Problem(name, "", v, why) for name, v in stray.items() if v is not None]
    if problems:
        raise InputError(problems)
    runs = runs or 100
    sc = load_scenario(scenario or "na184-2008")
    if scenario is None and seat not in set(sc.constituencies["id"]):  # not NA-154 of its own
        why = no_such_seat(sc.constituencies, seat, f"{sc.name}, the default scenario")
        if why.endswith("scenario"):  # nothing like it there: a seat of another scenario
            why += ": name yours with --scenario, e.g. --scenario pakistan-2008"
        raise InputError([Problem("SEAT", "", seat or "''", why)])
    from votebank.terminal import bar_columns, err, transient_bar

    refuse_past_memory([sc], workers, scheduler)
    # (mechanisms + 1) x runs runs: 700 national runs by default, minutes with nothing shown.
    total = (len(route_variants(sc)) + 1) * runs
    with (
        cluster_client(workers, scheduler) as client,
        transient_bar(*bar_columns(), console=err) as bar,
    ):
        task = bar.add_task(f"{safe(sc.name)}: paired runs", total=total, rate="")
        found = seat_routes(
            sc, seat, runs=runs, seed=seed, client=client, progress=lambda *_: bar.advance(task)
        )
    if as_json:  # the seed drawn where none was given, as the table's last line says
        said = {"scenario": sc.name, "seat": seat, "runs": runs, "seed": found.attrs["seed"]}
        typer.echo(tables_json(**said, routes=found))
        return
    table = Table(
        title=f"What decides {seat_named(sc.constituencies, seat)} "
        f"({sc.name}, {runs} paired runs per mechanism)",
        caption="; ".join(
            filter(None, [DECIDES_SEAT, bound_note(found["p_changed"].tolist(), runs)])
        ),
        title_justify="left",
    )
    for head in ("Switched off", "P(winner changes)", "± s.e.", "Winner with", "Winner without"):
        table.add_column(
            head, justify="left" if head.startswith(("Switched", "Winner")) else "right"
        )
    for r in found.itertuples(index=False):
        table.add_row(
            r.mechanism,
            probability(r.p_changed),
            f"{r.p_changed_se:.1%}",
            r.winner_with,
            r.winner_without,
        )
    if found.empty:  # headers alone would read as rows lost
        Console().print(f"{safe(sc.name)} switches on no mechanism that delivers votes")
    else:
        Console().print(table)
        # A seedless scenario's fresh entropy: the seed that repeats these runs.
        Console().print(f"[dim]{plural(runs, 'paired run')}, seed {found.attrs['seed']}[/dim]")


def explain_all(
    out: Path,
    ensemble: str | None,
    scenario: str | None,
    runs: int | None,
    client: Any = None,
    *,
    as_json: bool = False,
) -> None:
    """``explain --all``: every seat's deciding routes on a stored ensemble's runs, stored.

    ``runs``: the first runs to take (None: :data:`DEFAULT_ALL_RUNS`); ``as_json``: print the
    rows as JSON (the note of where they are stored on stderr).
    """
    from rich.console import Console

    from votebank.terminal import bar_columns, err, transient_bar

    check_outputs(folders={"--out": out})  # the rows are stored there: refused before the runs
    path = require_store(out / STORE_NAME)
    with ResultsStore(path, read_only=True) as store:
        eid = store.chosen_ensemble(ensemble)
        stored = store.require_runs(eid)
        ens = store.ensemble(eid)
    if stored < 2:  # as explain SEAT --runs 1 is refused: P of 0 or 1 with s.e. 0
        why = (
            "holds one stored run: each P(winner changes) would be 0 or 1 with no standard "
            "error; run an ensemble of 2 runs or more"
        )
        raise InputError([Problem(f"ensemble {eid}", "runs", "1", why)])
    sc = scenario_run_on(str(ens["scenario_name"]), str(ens["scenario_hash"]), eid, scenario)
    wanted = runs or DEFAULT_ALL_RUNS
    done, base = stored_winners(path, eid, wanted)
    if len(done) < wanted:  # the header's "(30 runs)" was all that said --runs 50 was not met
        verb = "is" if len(done) == 1 else "are"
        held = f"{plural(len(done), 'run')} of ensemble {safe(eid)} {verb} stored"
        # Without --runs nothing was asked for: "the 20 asked for" named a number never given.
        how = "asked for" if runs else "explain --all takes by default"
        err.print(f"only {held}, not the {wanted:,} {how}: all are taken")
    variants = len(route_variants(sc))
    with transient_bar(*bar_columns(), console=err) as bar:
        task = bar.add_task(f"{safe(sc.name)}: paired runs", total=variants * len(done), rate="")
        found = all_deciding_routes(
            sc,
            entropy=int(ens["seed_entropy"]),
            runs=done,
            base=base,
            progress=lambda _name, _done: bar.advance(task),
            client=client,
        )
    write_deciding(path, eid, found)
    warn_unmerged(path, "deciding routes", "run the same command again")
    console = Console(stderr=as_json)  # with --json, stdout is the JSON alone
    if as_json:
        typer.echo(tables_json(scenario=sc.name, ensemble=eid, runs=len(done), routes=found))
    elif found.empty:
        console.print(f"{safe(sc.name)} switches on no mechanism that delivers votes")
        return
    else:
        console.print(render_deciding(found, len(sc.constituencies)))
    # An id given from Python is user text: "[red]" in it would be read as markup.
    console.print(
        f"[dim]{plural(len(found), 'row')} stored in {safe(path)} (table deciding_routes, "
        f"ensemble {safe(eid)}); `votebank summary` and `votebank report` show them[/dim]",
        soft_wrap=True,  # the store's path whole: cut at 80 columns (a pipe's) it names nothing
    )

"""``votebank run`` and ``votebank summary``."""

from __future__ import annotations

import json
import shlex
from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer

from votebank.commands.options import (
    MAX_WORKERS,
    ParameterUncertaintyOption,
    bounded,
    tls_files,
)
from votebank.display import plural, runs_text, safe
from votebank.errors import InputError
from votebank.outputs import check_outputs, input_folder_problems, move_into
from votebank.results.store import DEFAULT_STATION_RUNS, MAX_RUNS, STORE_NAME, ResultsStore
from votebank.results.store_errors import (
    require_store,
    resume_options,
    stored_spec,
    warn_unmerged,
)
from votebank.scenario.catalogue import (
    DEFAULT_RUNS_NATIONAL,
    DEFAULT_RUNS_SMALL,
    SMALL_SCENARIO_SEATS,
    default_runs,
)
from votebank.scenario.load import Scenario, load_scenario
from votebank.terminal import bar_columns, console, err, transient_bar

DEFAULT_SCENARIO = "pakistan-2008"
OutOption = Annotated[Path, typer.Option("--out", help="Output folder (holds votebank.duckdb).")]

# Small scenarios (case studies) also list every candidate's votes.
CANDIDATE_TABLE_MAX_SEATS = 5


def store_path(out: Path) -> Path:
    """The store in an output folder (which must not be a file)."""
    check_outputs(folders={"--out": out})
    return out / STORE_NAME


def existing_store(out: Path, maker: str = "votebank run") -> Path:
    """The store in ``out``, which must already exist; ``out`` is only read (may be read-only).

    ``maker``: the command that stores what is asked for, named when there is no store.
    """
    problems = input_folder_problems("--out", out)
    if problems:
        raise InputError(problems)
    return require_store(out / STORE_NAME, maker)


def run(
    scenario: Annotated[
        str, typer.Argument(help="Built-in name, folder or TOML file.")
    ] = DEFAULT_SCENARIO,
    runs: Annotated[
        int | None,
        typer.Option(
            callback=bounded(1, MAX_RUNS),
            help=f"Runs, 1 to {MAX_RUNS:,} (default: the scenario's, at least "
            f"{DEFAULT_RUNS_NATIONAL}, or {DEFAULT_RUNS_SMALL} for {SMALL_SCENARIO_SEATS} seats "
            "or fewer).",
        ),
    ] = None,
    seed: Annotated[int | None, typer.Option(min=0, help="Ensemble seed.")] = None,
    out: OutOption = Path("votebank-out"),
    workers: Annotated[
        int,
        typer.Option(
            callback=bounded(1, MAX_WORKERS),
            help=f"Local worker processes, 1 to {MAX_WORKERS}.",
        ),
    ] = 1,
    scheduler: Annotated[
        str | None,
        typer.Option(help="Dask scheduler, tcp://HOST:PORT or tls://HOST:PORT (see README)."),
    ] = None,
    resume: Annotated[bool, typer.Option(help="Complete an interrupted ensemble.")] = False,
    station_runs: Annotated[
        int, typer.Option(min=-1, help="Runs that keep polling-station detail (-1: all).")
    ] = DEFAULT_STATION_RUNS,
    report: Annotated[bool, typer.Option(help="Also write OUT/report.html.")] = False,
    parameter_uncertainty: ParameterUncertaintyOption = False,
    tls_ca_file: Annotated[
        Path | None, typer.Option(help="CA certificate (PEM) that signed the tls:// scheduler's.")
    ] = None,
    tls_cert: Annotated[
        Path | None, typer.Option(help="This client's TLS certificate (PEM).")
    ] = None,
    tls_key: Annotated[
        Path | None, typer.Option(help="This client's TLS key (PEM), if not in --tls-cert.")
    ] = None,
) -> None:
    """Run a scenario's ensemble, store every run, and print the summary."""
    from votebank.ensemble.runner import EnsembleRequest, run_ensemble

    tls = tls_files(scheduler, tls_ca_file, tls_cert, tls_key)
    from votebank.ensemble.cluster import OPTIONS, workers_problem

    if problem := workers_problem(workers, scheduler, OPTIONS):  # before the runs are counted
        raise InputError([problem])
    if report:  # refused now, not after every run
        from votebank.report.cli import report_problems

        if problems := report_problems(out, None, "--report writes OUT/report.html"):
            raise InputError(problems)
    sc = load_scenario(scenario)
    organisations = has_organisations(sc)
    if parameter_uncertainty:
        from votebank.run.uncertainty import describe, with_parameter_draws

        sc = with_parameter_draws(sc)
        err.print(safe(describe(sc.spec)), highlight=False)
    seats, asked = len(sc.constituencies), sc.spec.scenario.runs
    n = runs or default_runs(seats, asked)
    if runs:
        why = "asked for"
    elif n == asked:
        why = "the scenario's runs; --runs to change"
    else:  # raised so the first screen shows intervals, not one run's numbers
        why = f"the scenario asks for {asked:,}; at least {n:,} for {plural(seats, 'seat')}"
        why += "; --runs to change"
    request = EnsembleRequest(
        sc, n, seed, store_path(out), workers, scheduler, resume, station_runs, tls
    )
    if resume:
        from votebank.ensemble.resume import resumed_runs

        stored = resumed_runs(request)
        if stored is not None and runs is None and stored[0] != n:
            # Without --runs, --resume finishes the runs the stopped ensemble asked for: fewer
            # by the default would never run them (the summary would keep asking for a
            # --resume), more would add runs nobody asked for.
            n, why = stored[0], "the stored ensemble's; --runs to change"
            request = replace(request, runs=n)
            stored = resumed_runs(request)  # the runs missing of the stored ensemble's count
        if stored is not None and 0 < stored[1] < n:
            why += f"; {stored[1]:,} stored already, {stored[2]:,} to run"
        elif stored is not None and stored[1] >= n:
            # Said before "(asked for)" and a summary of more runs than asked, without a word.
            verb = "is" if stored[2] == 1 else "are"
            to_make = f"only the {stored[2]:,} missing {verb} run" if stored[2] else "none is run"
            why += f"; {stored[1]:,} are stored already, so {to_make}"
    plan = f"{safe(sc.name)}: {n:,} run{'s' if n > 1 else ''} ({why})"
    with transient_bar(*bar_columns(), console=err) as bar:
        task = bar.add_task(f"{safe(sc.name)}: runs", total=n, rate="")
        first: list[int] = []  # the runs stored before this command: a --resume's

        def advance(done: int, total: int) -> None:
            # The rate of the runs made here: a --resume that counted the runs stored before
            # it showed 64 runs/s for 0.4.
            if not first:  # the first call comes once every check has passed
                err.print(plan, highlight=False)  # before, it stood above a refusal
                first.append(done)
            made = done - first[0]
            elapsed = bar.tasks[task].elapsed or 0.0
            rate = f"{made / elapsed:.2f} runs/s" if elapsed and made > 0 else ""
            bar.update(task, completed=done, rate=rate)

        eid = run_ensemble(request, progress=advance)
    print_summary(request.store_path, eid)
    warn_unmerged(request.store_path)
    ensemble_seed = ensemble_entropy(request.store_path, eid)
    if sc.spec.scenario.counterfactuals:
        from votebank.commands.compare import print_counterfactuals
        from votebank.ensemble.cluster import cluster_client

        # On the workers or cluster the main ensemble ran on (they ran in one process).
        with cluster_client(workers, scheduler, tls) as client:
            rows = print_counterfactuals(sc, n, ensemble_seed, client)
        headline = f"Paired runs of each variant minus {sc.name} ({plural(n, 'run')}, same seeds)."
        write_json(
            out / "counterfactuals.json", {"headline": headline, "rows": rows, "ensemble_id": eid}
        )
    if report:
        from votebank.report.cli import report_command

        report_command(out=out, ensemble=eid, to=None)
    if organisations:
        # Members, the membership rules' effect on canvass capacity, and the seats they cost.
        from votebank.organisations.cli import organisations_command
        from votebank.scenario.organisations.load import load_organisations

        # --seed is the seed of everything (as `votebank organisations --seed`); without it the
        # section's own seed, else the ensemble's (fresh entropy, printed, when none is set).
        own = load_organisations(sc).seed
        org_seed = seed if seed is not None else own if own is not None else ensemble_seed
        # Two seat tables that disagree read as a contradiction unless each says what it ran.
        console.print(
            "The ensemble above is the scenario's tables and mechanisms alone: its "
            "\\[organisations] section (members, rules, selections) acts in none of its runs. "
            "Below, as `votebank organisations`: paired runs with the members' canvass and "
            "local selections, without and with the membership rules (not stored).",
            style="bold",
        )
        organisations_command(scenario=scenario, runs=n, seed=org_seed)


def has_organisations(sc: Scenario) -> bool:
    """Whether the scenario has an ``[organisations]`` section, checked now, not after the runs.

    In its TOML or in ``organisations.toml`` beside it, as ``votebank organisations`` reads it.
    """
    from votebank.scenario.organisations.load import load_organisations
    from votebank.scenario.organisations.section_spec import ORGANISATIONS_FILE

    beside = Path(sc.source).parent / ORGANISATIONS_FILE
    if sc.spec.organisations is None and not beside.exists():  # a folder is refused, not skipped
        return False
    load_organisations(sc)  # refused before any run: two sections, or the file's problems
    return True


def ensemble_entropy(path: Path, eid: str) -> int:
    """The seed an ensemble was run with."""
    with ResultsStore(path, read_only=True) as store:
        return int(store.ensemble(eid)["seed_entropy"])


def write_json(path: Path, value: dict) -> None:
    """Write JSON atomically: a temporary file in the same folder, then a rename.

    A value that is not a number (the standard error of one run) is written as null: NaN is
    not JSON, and strict readers refuse the file.
    """
    from votebank.jsonable import json_safe

    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(json_safe(value), indent=1, allow_nan=False), encoding="utf-8")
    move_into(tmp, path)  # a link is written through


def summary(
    out: OutOption = Path("votebank-out"),
    ensemble: Annotated[str | None, typer.Option(help="Ensemble id (default: latest).")] = None,
    as_json: Annotated[
        bool,
        typer.Option(
            "--json",
            help="Print the summary's tables as one JSON object (records; null for no value), "
            "not as tables: for jq and scripts.",
        ),
    ] = False,
) -> None:
    """Print the summary of a stored ensemble."""
    path = existing_store(out)
    with ResultsStore(path, read_only=True) as store:
        eid = store.chosen_ensemble(ensemble)
        if as_json:
            from votebank.results.summary import summarize
            from votebank.results.tables_json import tables_json

            meta = stored_spec(path, eid, store.ensemble(eid)["scenario_json"]).get("scenario", {})
            found = tables_json(summarize(store, eid, meta.get("majority")))
    if as_json:
        typer.echo(found)
        return
    print_summary(path, eid)


def print_summary(path: Path, eid: str) -> None:
    """Print an ensemble's summary; the scenario's actual seats and votes come from the store."""
    from votebank.ensemble.resume import station_runs_hint
    from votebank.results.backgrounds import without_backgrounds
    from votebank.results.deciding import read_deciding, render_deciding
    from votebank.results.real_votes import read_real_votes
    from votebank.results.render import (
        OWN_CHOICE_ONLY,
        own_choice_only,
        render_backgrounds,
        render_candidates,
        render_closest,
        render_provenance,
        render_seats,
        render_turnout,
    )
    from votebank.results.summary import summarize

    with ResultsStore(path, read_only=True) as store:
        row = store.ensemble(eid)
        meta = stored_spec(path, eid, row["scenario_json"]).get("scenario", {})
        s = summarize(store, eid, meta.get("majority"))
        deciding = read_deciding(store, eid)
        real_votes = read_real_votes(store, eid)
        stations, unknown = station_runs_hint(store, eid, int(row["runs_requested"]))
    width = console.width
    console.print(render_seats(s, meta.get("actual_seats") or None, width=width))
    console.print(render_turnout(s))
    if own_choice_only(s):  # a UK election: a table of 0% clan, landlord, ... says nothing
        console.print(OWN_CHOICE_ONLY)
    else:
        console.print(render_provenance(s, width=width))
    if not without_backgrounds(s.backgrounds):  # all "none" (a UK election): nothing to say
        console.print(render_backgrounds(s, "background" in meta.get("synthetic", [])))
    if s.constituencies["constituency_id"].nunique() <= CANDIDATE_TABLE_MAX_SEATS:
        console.print(render_candidates(s, real_votes, width=width))
        if real_votes is None:
            console.print(
                "[yellow]real votes: not shown, as this ensemble was stored by an earlier "
                "votebank, which did not keep them; `votebank run` of its scenario with "
                f"`--seed {row['seed_entropy']} --out {safe(shlex.quote(str(path.parent)))} "
                "--resume` adds them (no run is repeated)[/yellow]"
            )
    console.print(render_closest(s, width=width))
    if deciding is not None:
        console.print(render_deciding(deciding, s.constituencies["constituency_id"].nunique()))
    if s.runs < 2:
        console.print(
            "[yellow]one run: no intervals or probabilities; run more (--runs) to see the "
            "uncertainty[/yellow]"
        )
    # soft_wrap: a path cut at the terminal's width (80 columns in a pipe) names nothing.
    console.print(f"[dim]{runs_text(s.runs)}; ensemble {eid} in {safe(path)}[/dim]", soft_wrap=True)
    # As the report's header says it: what repeats the figures, and what a range is.
    said = f"seed {row['seed_entropy']}: the same scenario, seed and runs give the same figures"
    if s.runs > 1:
        said += "; a 5–95% range is the middle 90% of the runs, not a margin of error"
    console.print(f"[dim]{said}[/dim]")
    requested = int(row["runs_requested"])
    if s.runs < requested:  # a run that was stopped: its figures are of fewer runs than asked
        console.print(
            f"[yellow]only {s.runs:,} of the {requested:,} runs asked for "
            f"{'is' if s.runs == 1 else 'are'} stored (the run "
            f"was stopped); `votebank run ... {resume_options(row)}{stations} "
            f"--out {safe(shlex.quote(str(path.parent)))} --resume` finishes it{unknown}[/yellow]"
        )

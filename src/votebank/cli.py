"""The ``votebank`` command line: thin wrappers over the Python API."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from votebank.display import DataTable as Table
from votebank.display import safe
from votebank.errors import InputError, Problem, StoreError, VotebankError
from votebank.results.store import DEFAULT_STATION_RUNS, MAX_RUNS, STORE_NAME
from votebank.scenario.load import builtin_names, load_scenario

app = typer.Typer(
    add_completion=False, no_args_is_help=True, help="Simulate how parliamentary elections are won."
)
console = Console()
err = Console(stderr=True)

DEFAULT_SCENARIO = "pakistan-2008"
MAX_WORKERS = 256
OutOption = Annotated[Path, typer.Option("--out", help="Output folder (holds votebank.duckdb).")]


def bounded(lo: int, hi: int):
    """An option callback that names the value when it is out of range (click's does not)."""

    def check(value: int | None) -> int | None:
        if value is not None and not lo <= value <= hi:
            raise typer.BadParameter(f"{value} is not between {lo:,} and {hi:,}")
        return value

    return check


def _tls_files(scheduler: str | None, ca: Path | None, cert: Path | None, key: Path | None):
    """The TLS files of a tls:// scheduler: none, or a CA and a certificate (and a key)."""
    from votebank.ensemble.security import TlsFiles, check_scheduler

    given = {"--tls-ca-file": ca, "--tls-cert": cert, "--tls-key": key}
    if not any(given.values()):
        if scheduler:
            check_scheduler(scheduler, None)
        return None
    lacking = [name for name in ("--tls-ca-file", "--tls-cert") if given[name] is None]
    if lacking or not scheduler:
        needs = "a tls:// --scheduler" if not scheduler else ", ".join(lacking)
        shown = ", ".join(f"{k} {v}" for k, v in given.items() if v)
        raise InputError([Problem(" ".join(lacking) or "--scheduler", "", shown, f"needs {needs}")])
    tls = TlsFiles(ca, cert, key)
    check_scheduler(scheduler, tls)
    return tls


def _store_path(out: Path) -> Path:
    if out.exists() and not out.is_dir():
        raise InputError([Problem("--out", "", str(out), "is a file; give a folder")])
    return out / STORE_NAME


def _existing_store(out: Path) -> Path:
    """The store in ``out``, which must already exist."""
    path = _store_path(out)
    if not path.exists():
        raise VotebankError(f"no results store at {path}; run `votebank run` first")
    return path


@app.command()
def run(
    scenario: Annotated[
        str, typer.Argument(help="Built-in name, folder or TOML file.")
    ] = DEFAULT_SCENARIO,
    runs: Annotated[
        int | None,
        typer.Option(callback=bounded(1, MAX_RUNS), help="Runs (default: the scenario's)."),
    ] = None,
    seed: Annotated[int | None, typer.Option(min=0, help="Ensemble seed.")] = None,
    out: OutOption = Path("votebank-out"),
    workers: Annotated[
        int, typer.Option(callback=bounded(1, MAX_WORKERS), help="Local worker processes.")
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

    tls = _tls_files(scheduler, tls_ca_file, tls_cert, tls_key)
    sc = load_scenario(scenario)
    n = runs or sc.spec.scenario.runs
    request = EnsembleRequest(
        sc, n, seed, _store_path(out), workers, scheduler, resume, station_runs, tls
    )
    with Progress(*_bar_columns(), console=err) as bar:
        task = bar.add_task(f"{safe(sc.name)}: runs", total=n, rate="")

        def advance(done: int, total: int) -> None:
            elapsed = bar.tasks[task].elapsed or 0.0
            rate = f"{done / elapsed:.2f} runs/s" if elapsed and done else ""
            bar.update(task, completed=done, rate=rate)

        eid = run_ensemble(request, progress=advance)
    real = sc.candidates.set_index("candidate")["actual_votes"]
    _print_summary(request.store_path, eid, real[real >= 0].to_dict())
    ensemble_seed = _ensemble_seed(request.store_path, eid)
    if sc.spec.scenario.counterfactuals:
        rows = _print_counterfactuals(sc, n, ensemble_seed)
        headline = f"Paired runs of each variant minus {sc.name} ({n} runs, same seeds)."
        _write_json(
            out / "counterfactuals.json", {"headline": headline, "rows": rows, "ensemble_id": eid}
        )
    if report:
        from votebank.report.cli import report_command

        report_command(out=out, ensemble=eid, to=None)
    if sc.spec.organisations is not None:
        # Members, the membership rules' effect on canvass capacity, and the seats they cost.
        from votebank.organisations.cli import organisations_command

        organisations_command(scenario=scenario, runs=n, seed=ensemble_seed)


PARTY_DIFFERENCE_FORMATS = {
    "seats_a": ".2f",
    "seats_b": ".2f",
    "difference": "+.2f",
    "difference_se": ".2f",
    "votes_a": ",.0f",
    "votes_b": ",.0f",
    "difference_votes": "+,.0f",
    "difference_se_votes": ",.0f",
}


def _ensemble_seed(path: Path, eid: str) -> int:
    from votebank.results.store import ResultsStore

    with ResultsStore(path, read_only=True) as store:
        return int(store.ensemble(eid)["seed_entropy"])


def _write_json(path: Path, value: dict) -> None:
    """Write JSON atomically: a temporary file in the same folder, then a rename."""
    import json
    import os

    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(value, indent=1), encoding="utf-8")
    os.replace(tmp, path)


def _print_counterfactuals(sc, runs: int, seed: int) -> list[dict]:
    """The scenario's declared what-ifs: the same runs of each variant, differences with s.e."""
    from votebank.ensemble.compare import compare as run_compare

    table = Table(
        title=f"Counterfactuals ({runs} paired runs, seed {seed}): variant minus {sc.name}",
        title_justify="left",
    )
    for col in (
        "variant",
        "party",
        "votes",
        "variant votes",
        "difference",
        "± s.e.",
        "seats difference",
        "± s.e. ",
    ):
        table.add_column(col, justify="left" if col in ("variant", "party") else "right")
    found: list[dict] = []
    with Progress(*_bar_columns(), console=err) as bar:
        for cf in sc.spec.scenario.counterfactuals:
            task = bar.add_task(f"what if: {safe(cf.name)}", total=runs, rate="")
            result = run_compare(
                sc,
                sc.variant(cf),
                runs=runs,
                seed=seed,
                progress=lambda done, total, t=task: bar.update(t, completed=done),
            )
            rows = result.parties.sort_values("votes_a", ascending=False)
            for i, row in enumerate(rows.itertuples(index=False)):
                if row.votes_a <= 0 and row.votes_b <= 0:
                    continue
                found.append(
                    {
                        "variant": cf.name,
                        "party": str(row.party),
                        "votes": row.votes_a,
                        "variant votes": row.votes_b,
                        "difference": row.difference_votes,
                        "s.e.": row.difference_se_votes,
                        "seats difference": row.difference,
                        "seats s.e.": row.difference_se,
                    }
                )
                table.add_row(
                    cf.name if i == 0 else "",
                    str(row.party),
                    f"{row.votes_a:,.0f}",
                    f"{row.votes_b:,.0f}",
                    f"{row.difference_votes:+,.0f}",
                    f"{row.difference_se_votes:,.0f}",
                    f"{row.difference:+.2f}",
                    f"{row.difference_se:.2f}",
                )
            table.add_section()
    console.print(table)
    return found


@app.command()
def summary(
    out: OutOption = Path("votebank-out"),
    ensemble: Annotated[str | None, typer.Option(help="Ensemble id (default: latest).")] = None,
) -> None:
    """Print the summary of a stored ensemble."""
    from votebank.results.store import ResultsStore

    path = _existing_store(out)
    with ResultsStore(path, read_only=True) as store:
        eid = ensemble or store.latest_ensemble()
        if eid is None:
            raise VotebankError(f"{path} holds no ensemble")
        if not store.has_ensemble(eid):
            raise VotebankError(f"{path} has no ensemble {eid}")
    _print_summary(path, eid)


# Small scenarios (case studies) also list every candidate's votes.
CANDIDATE_TABLE_MAX_SEATS = 5


def _print_summary(path: Path, eid: str, real_votes: dict[str, int] | None = None) -> None:
    """Print an ensemble's summary; the scenario's actual seats come from the store."""
    import json

    from votebank.results.store import ResultsStore
    from votebank.results.summary import (
        render_backgrounds,
        render_candidates,
        render_closest,
        render_provenance,
        render_seats,
        render_turnout,
        summarize,
    )

    with ResultsStore(path, read_only=True) as store:
        meta = json.loads(store.ensemble(eid)["scenario_json"])["scenario"]
        s = summarize(store, eid, meta.get("majority"))
    console.print(render_seats(s, meta.get("actual_seats") or None))
    console.print(render_turnout(s))
    console.print(render_provenance(s))
    console.print(render_backgrounds(s, "background" in meta.get("synthetic", [])))
    if s.constituencies["constituency_id"].nunique() <= CANDIDATE_TABLE_MAX_SEATS:
        console.print(render_candidates(s, real_votes))
    console.print(render_closest(s))
    console.print(f"[dim]ensemble {eid} in {safe(path)}[/dim]")


@app.command()
def compare(
    a: Annotated[str, typer.Argument(help="Baseline scenario: name, folder or TOML file.")],
    b: Annotated[str, typer.Argument(help="Variant scenario.")],
    runs: Annotated[int, typer.Option(callback=bounded(2, MAX_RUNS), help="Paired runs.")] = 100,
    seed: Annotated[int | None, typer.Option(min=0, help="Shared seed.")] = None,
    show: Annotated[int, typer.Option(help="Rows of the seat and candidate tables.")] = 15,
    set_: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            help="Set a field of B, PATH=VALUE (TOML value; repeat), e.g. "
            "mechanisms.biradari.enabled=false: B can be A itself with one thing changed.",
        ),
    ] = None,
) -> None:
    """Paired counterfactual: the same runs of A and B (common random numbers), B - A."""
    import tomllib

    from votebank.ensemble.compare import compare as run_compare
    from votebank.scenario.schema import Counterfactual

    sa, sb = load_scenario(a), load_scenario(b)
    if set_:
        values = {}
        for item in set_:
            path, eq, text = item.partition("=")
            if not eq:
                raise VotebankError(f"--set {item!r}: write PATH=VALUE")
            try:
                values[path.strip()] = tomllib.loads(f"v = {text.strip()}")["v"]
            except tomllib.TOMLDecodeError:
                values[path.strip()] = text.strip()  # a bare word: a string
        name = ",".join(f"{k}={v}" for k, v in values.items())
        try:
            sb = sb.variant(Counterfactual(name=name, set=values))
        except KeyError as exc:
            raise VotebankError(f"--set: {exc.args[0]}") from None
    with Progress(*_bar_columns(), console=err) as bar:
        task = bar.add_task("paired runs", total=runs, rate="")
        result = run_compare(
            sa,
            sb,
            runs=runs,
            seed=seed,
            progress=lambda done, total: bar.update(task, completed=done),
        )
    parties = result.parties[(result.parties.seats_a > 0) | (result.parties.seats_b > 0)]
    console.print(
        _frame_table(
            f"Seats, {sb.name} minus {sa.name} ({runs} paired runs)",
            parties,
            PARTY_DIFFERENCE_FORMATS,
        )
    )
    console.print(
        f"Constituencies won by another party: {result.winners_changed:.2f} "
        f"± {result.winners_changed_se:.2f} (s.e.) of {len(result.seats)} per run, "
        f"{result.winners_changed / max(len(result.seats), 1):.1%}"
    )
    seats = result.seats.sort_values("p_changed", ascending=False).head(show)
    console.print(
        _frame_table(
            "Seats most often won by another party",
            seats,
            {"p_changed": ".1%", "p_changed_se": ".1%"},
        )
    )
    cands = result.candidates.reindex(
        result.candidates.difference.abs().sort_values(ascending=False).index
    ).head(show)
    console.print(
        _frame_table(
            "Largest changes in candidates' votes",
            cands,
            {"votes_a": ",.0f", "votes_b": ",.0f", "difference": "+,.1f", "difference_se": ",.1f"},
        )
    )
    console.print(f"[dim]seed {result.seed}[/dim]")


def _frame_table(title: str, frame, formats: dict[str, str]) -> Table:
    table = Table(title=title, title_justify="left")
    for col in frame.columns:
        table.add_column(col.replace("_", " "), justify="right" if col in formats else "left")
    for row in frame.itertuples(index=False):
        table.add_row(
            *(
                format(v, formats[c]) if c in formats else str(v)
                for c, v in zip(frame.columns, row, strict=True)
            )
        )
    return table


def _bar_columns():
    return (
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
        TextColumn("left"),
        TimeRemainingColumn(),
    )


@app.command()
def scenarios() -> None:
    """List the built-in scenarios."""
    table = Table(title="Built-in scenarios")
    for col in ("name", "title", "seats", "runs"):
        table.add_column(col)
    for name in builtin_names():
        sc = load_scenario(name)
        table.add_row(
            name, sc.spec.scenario.title, str(len(sc.constituencies)), str(sc.spec.scenario.runs)
        )
    console.print(table)


@app.command()
def validate(scenario: Annotated[str, typer.Argument(help="Name, folder or TOML file.")]) -> None:
    """Check a scenario and its tables; report every problem."""
    sc = load_scenario(scenario)
    on = [name for name, p in sc.spec.mechanisms if p.enabled]
    console.print(
        f"[green]ok[/green] {safe(sc.name)}: {len(sc.constituencies)} constituencies, "
        f"{len(sc.candidates)} candidates; mechanisms on: {', '.join(on) or 'none'}",
        soft_wrap=True,  # wrapping a long name word by word is quadratic in its length
    )


@app.command()
def steps(
    scenario: Annotated[str, typer.Argument(help="Name, folder or TOML file.")] = DEFAULT_SCENARIO,
) -> None:
    """Print the order of a run's steps: what each reads, writes and draws, and which are on."""
    from votebank.mechanisms.registry import STEPS
    from votebank.run.schedule import schedule

    sc = load_scenario(scenario)
    active = {s.name for s in schedule(sc.spec)}
    table = Table(title=f"Steps of a {sc.name} run", show_lines=True)
    for col in ("#", "step", "phase", "on", "what it does", "reads", "writes", "draws"):
        table.add_column(col, overflow="fold")
    for i, s in enumerate(STEPS, 1):
        owner = "" if s.owner in ("core", s.name) else f" ({s.owner})"
        table.add_row(
            str(i),
            s.name + owner,
            s.phase,
            "yes" if s.name in active else "-",
            s.doc,
            ", ".join(s.reads) or "-",
            ", ".join(s.writes) or "-",
            ", ".join(s.streams) or "-",
        )
    console.print(table)


@app.command()
def export(
    out: OutOption = Path("votebank-out"),
    to: Annotated[Path, typer.Option(help="Folder for the exported files.")] = Path(
        "votebank-out/export"
    ),
    fmt: Annotated[str, typer.Option("--format", help="parquet or csv.")] = "parquet",
    ensemble: Annotated[str | None, typer.Option(help="Ensemble id (default: all).")] = None,
) -> None:
    """Write the stored tables as Parquet or CSV files."""
    from votebank.results.export import export_tables
    from votebank.results.store import ResultsStore

    path = _existing_store(out)
    with ResultsStore(path, read_only=True) as store:
        written = export_tables(store, to, fmt=fmt, ensemble_id=ensemble)
    for f in written:
        console.print(str(f))


def _register_parts() -> None:
    """Commands whose bodies live with the part they drive (forensics, report, ...)."""
    from votebank.backtest.cli import backtest_command
    from votebank.calibrate.cli import calibrate_command, validate_command
    from votebank.canvass_plan import plan_canvass_command
    from votebank.forensics.cli import forensics_command
    from votebank.forensics.power_cli import forensics_power_command, forensics_run_command
    from votebank.organisations.cli import organisations_command
    from votebank.report.cli import report_command
    from votebank.scenario.synth_cli import synth_command
    from votebank.uk.carloads import carloads_command
    from votebank.uk.importer import import_uk_command
    from votebank.uk.project import projection_command

    app.command("forensics")(forensics_command)
    app.command("report")(report_command)
    app.command("forensics-power")(forensics_power_command)
    app.command("forensics-run")(forensics_run_command)
    app.command("import-uk")(import_uk_command)
    app.command("uk-projection")(projection_command)
    app.command("copeland-carloads")(carloads_command)
    app.command("plan-canvass")(plan_canvass_command)
    app.command("organisations")(organisations_command)
    app.command("calibrate")(calibrate_command)
    app.command("validate-against")(validate_command)
    app.command("synth")(synth_command)
    app.command("backtest")(backtest_command)


_register_parts()


def main() -> None:
    """Entry point: run the app, turning votebank's errors into messages and exit codes."""
    try:
        app()
    except InputError as exc:
        err.print(f"[red]{escape(exc.render())}[/red]", highlight=False)
        sys.exit(2)
    except StoreError as exc:  # a broken, full or misplaced store: the user's to fix
        err.print(f"[red]error:[/red] {escape(str(exc))}", highlight=False)
        sys.exit(2)
    except VotebankError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}", highlight=False)
        sys.exit(1)
    except KeyboardInterrupt:
        err.print("[yellow]interrupted: completed runs are stored; add --resume to finish[/yellow]")
        sys.exit(130)

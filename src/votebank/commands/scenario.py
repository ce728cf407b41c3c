"""``votebank validate`` and ``votebank steps``: a scenario before it runs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from votebank.commands.ensemble import DEFAULT_SCENARIO
from votebank.display import DataTable as Table
from votebank.display import plural, safe
from votebank.errors import InputError
from votebank.run.unread import unread_reason
from votebank.scenario.load import load_scenario
from votebank.scenario.naming import resolve
from votebank.terminal import console


def validate(scenario: Annotated[str, typer.Argument(help="Name, folder or TOML file.")]) -> None:
    """Check a scenario and its tables; report every problem."""
    from votebank.results.invariants import house_problems
    from votebank.scenario.organisations.load import load_organisations, read_organisations_file
    from votebank.scenario.organisations.section_spec import ORGANISATIONS_FILE

    try:
        sc = load_scenario(scenario)
    except InputError as exc:
        # Every problem at once: organisations.toml's own too, not after the scenario's are fixed.
        beside = resolve(scenario).parent / ORGANISATIONS_FILE
        if beside.exists():
            try:
                read_organisations_file(beside)
            except InputError as more:
                raise InputError([*exc.problems, *more.problems]) from None
        raise
    # The organisations.toml beside the TOML is the scenario's [organisations]: `ok` said
    # nothing of it, while `votebank organisations` refused it.
    if (Path(sc.source).parent / ORGANISATIONS_FILE).exists():  # a folder too: it is refused
        load_organisations(sc)
    on = [name for name, p in sc.spec.mechanisms if p.enabled]
    seats = plural(len(sc.constituencies), "constituency", "constituencies")
    console.print(
        f"[green]ok[/green] {safe(sc.name)}: {seats}, "
        f"{plural(len(sc.candidates), 'candidate')}; mechanisms on: {', '.join(on) or 'none'}",
        soft_wrap=True,  # wrapping a long name word by word is quadratic in its length
    )
    for p in house_problems(sc, str(sc.source)):
        # Not refused (a subset keeps the country's figures), but P(majority) would be 0.
        console.print(f"[yellow]note: {safe(str(p))}[/yellow]", soft_wrap=True)


def steps(
    scenario: Annotated[str, typer.Argument(help="Name, folder or TOML file.")] = DEFAULT_SCENARIO,
    values: Annotated[
        bool,
        typer.Option(
            "--values",
            help="Also print the value of every parameter of each mechanism switched on, beside "
            "its default.",
        ),
    ] = False,
) -> None:
    """Print the order of a run's steps: what each reads, writes and draws, and which are on."""
    from votebank.mechanisms.registry import STEPS
    from votebank.run.schedule import schedule

    sc = load_scenario(scenario)
    active = {s.name for s in schedule(sc.spec)}
    table = Table(title=f"Steps of a {sc.name} run", show_lines=True, title_justify="left")
    for col in ("#", "Step", "Phase", "On"):
        table.add_column(col)
    # What a step reads, writes and draws goes under what it does: eight columns need 200.
    table.add_column("What it does; reads, writes, draws", overflow="fold")
    for i, s in enumerate(STEPS, 1):
        owner = "" if s.owner in ("core", s.name) else f" ({s.owner})"
        table.add_row(
            str(i),
            s.name + owner,
            s.phase,
            "yes" if s.name in active else "-",
            Text(s.doc).append(
                f"\nreads: {', '.join(s.reads) or '-'}\nwrites: {', '.join(s.writes) or '-'}"
                f"\ndraws: {', '.join(s.streams) or '-'}",
                style="dim",
            ),
        )
    console.print(table)
    if values:
        console.print(values_table(sc))


def values_table(sc) -> Table:
    """Each parameter of the mechanisms switched on: the scenario's value and the default."""
    table = Table(title=f"Values of the mechanisms on in {sc.name}", title_justify="left")
    for col in ("Mechanism", "Parameter", "Value", "Default"):
        table.add_column(col, overflow="fold")
    for name, params in sc.spec.mechanisms:
        if not params.enabled:
            continue
        default = type(params)().model_dump()
        for key, value in params.model_dump().items():
            if key == "enabled":
                continue
            # A value no run reads (each seat's table cell overrides it) would mislead bare.
            unread = unread_reason(("mechanisms", name, key), sc)
            shown = toml_text(value) + (f" (not read: {unread})" if unread else "")
            same = value == default.get(key)
            table.add_row(name, key, shown, "=" if same else toml_text(default[key]))
    table.caption = "= : the value is the default (docs/scenario-format.md gives each source)"
    return table


def toml_text(value: object) -> str:
    """A value as a scenario's TOML writes it: true, [1, 2], {North = 1}."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k} = {toml_text(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml_text(v) for v in value) + "]"
    if isinstance(value, float):
        return f"{value:.1f}" if value.is_integer() else f"{value:.6g}"
    return json.dumps(value) if isinstance(value, str) else str(value)

"""``votebank organisations``: members and canvass capacity before and after the rules.

Registered in ``votebank/cli.py`` (``COMMANDS``), imported only when the command runs.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Annotated

import pandas as pd
import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from votebank.display import DataTable as Table
from votebank.display import plural, safe
from votebank.scenario.kept_seats import seat_names
from votebank.terminal import Column, fitted_table, heading

console = Console()
err = Console(stderr=True)


def _table(
    title: str,
    frame: pd.DataFrame,
    formats: dict[str, str] | None = None,
    headings: dict[str, str] | None = None,
) -> Table:
    """A table under human headings that fits the terminal (columns after the second may go)."""
    formats, headings = formats or {}, headings or {}
    columns = []
    for i, col in enumerate(frame.columns):
        numeric = pd.api.types.is_numeric_dtype(frame[col]) and frame[col].dtype != bool
        cells = [_cell(v, formats.get(col)) for v in frame[col].tolist()]
        columns.append(Column(headings.get(col, heading(col)), cells, numeric, max(0, i - 1)))
    return fitted_table(title, columns)


def _cell(value, fmt: str | None) -> str:
    if isinstance(value, float) and value != value:
        return "–"  # no base to change from (a share of nothing)
    if fmt and isinstance(value, int | float):
        return format(value, fmt)
    if isinstance(value, float):
        return f"{value:,.0f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def later_rules_note(effects, on: dt.date) -> str:
    """Say which rules fall due after election day: only their early compliers count by then."""
    later = [e.rule for e in effects if e.rule.date > on]
    if not later:
        return ""
    named = ", ".join(f"{r.org}: {r.kind} {r.other} ({r.date})" for r in later)
    return (
        f"Dated after election day {on}: {named}. By then such a rule has removed no one; "
        "only members who joined to comply ahead of its date count."
    )


def organisations_command(
    scenario: Annotated[
        str, typer.Argument(help="Built-in name, folder or TOML file (with \\[organisations]).")
    ] = "momentum-2017",
    runs: Annotated[
        int,
        typer.Option(min=0, max=1_000_000, help="Paired general-election runs (0: capacity only)."),
    ] = 20,
    seed: Annotated[int | None, typer.Option(min=0, help="Seed of everything.")] = None,
    as_of: Annotated[
        str | None, typer.Option(help="Election day, YYYY-MM-DD (default: the section's).")
    ] = None,
    selection: Annotated[bool, typer.Option(help="Run local candidate selection.")] = True,
    internal: Annotated[bool, typer.Option(help="Count the internal elections.")] = True,
) -> None:
    """Members, rules, internal elections and the seats the rules buy or cost.

    Prints each organisation's members and the canvass capacity on election day without and
    with the membership rules, the internal elections under every counting rule, the local
    selections, and the general-election seats difference (with the rules minus without) from
    paired runs with common random numbers, with Monte Carlo standard errors.
    """
    from votebank.canvass_render import off_note
    from votebank.errors import InputError, Problem
    from votebank.organisations.counterfactual import (
        counterfactual,
        election_day,
        membership_seed,
    )
    from votebank.organisations.internal import compare_rules
    from votebank.organisations.rules import effects_frame
    from votebank.scenario.load import load_scenario
    from votebank.scenario.organisations.load import load_organisations

    problems = []
    day = None
    if as_of is not None:  # an empty --as-of is a mistake, not the section's day
        try:
            day = dt.date.fromisoformat(as_of)
        except ValueError:
            why = "not a date YYYY-MM-DD" if as_of.strip() else "empty: give a date YYYY-MM-DD"
            problems.append(Problem("--as-of", "", as_of.strip(), why))  # no repr's quotes
    try:  # the scenario's problems and the options' are reported together
        sc = load_scenario(scenario)
        spec = load_organisations(sc)
    except InputError as exc:
        raise InputError(problems + exc.problems) from None
    if problems:
        raise InputError(problems)
    try:  # the day the option gave, named as the option (the API calls it as_of)
        election_day(spec, day)
    except InputError as exc:
        raise InputError([dataclasses.replace(p, file="--as-of") for p in exc.problems]) from None
    s = membership_seed(sc, spec, seed)
    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        disable=runs == 0,
    ) as bar:
        task = bar.add_task("paired runs", total=runs)
        cf = counterfactual(
            sc,
            spec,
            runs=runs,
            seed=s,
            as_of=day,
            selection=selection,
            progress=lambda done, total: bar.update(task, completed=done),
        )
    on = cf.as_of.isoformat()
    console.print(
        f"[bold]{safe(sc.spec.scenario.title or sc.name)}[/bold]: election day {on}, seed {s}"
    )
    if note := off_note(sc, "members'", "hours"):  # their hours switch the canvass on
        console.print(safe(note), highlight=False)
    m = cf.members
    members = pd.DataFrame(
        {
            "Organisation": m["organisation"],
            "Members without the rules": m["members_without"],
            "With the rules": m["members_with"],
            "Difference": m["members_with"] - m["members_without"],
            "Active without": m["active_without"],
            "Active with": m["active_with"],
        }
    )
    console.print(_table(f"Members on {on}", members, {"Difference": "+,d"}))
    # Rules act over the whole span simulated: count only what they had done by the day.
    rules = effects_frame(cf.with_rules.effects, cf.as_of)
    if len(rules):
        said = rules["org"] + ": " + rules["kind"] + " " + rules["other"] + ", " + rules["date"]
        rules = pd.concat([said.rename("rule"), rules.iloc[:, 5:]], axis=1)
        console.print(_table(f"What each rule did by {on} (persons)", rules))
        if note := later_rules_note(cf.with_rules.effects, cf.as_of):
            console.print(safe(note), highlight=False)
    c = cf.capacity
    cap = pd.DataFrame(
        {
            "Party": c["party"],
            "Where": c["seats"],
            "Seats": c["n_seats"],
            "Hours without the rules": c["hours_without"],
            "With the rules": c["hours_with"],
            "Difference": c["difference"],
            "Change": c["difference"] / c["hours_without"].where(c["hours_without"] > 0),
        }
    )
    console.print(
        _table(
            f"Canvass capacity on {on} (volunteer-hours worked in the seats)",
            cap,
            {"Difference": "+,.0f", "Change": "+.1%"},
        )
    )
    if internal and spec.internal:
        for i, election in enumerate(spec.internal):
            frame = compare_rules(cf.with_rules.members, spec, i, s)
            frame = frame[[*(c for c in frame.columns if c != "elected"), "elected"]]
            console.print(
                _table(
                    f"{election.org}: {election.office}, {plural(election.seats, 'place')}, "
                    f"{election.date} (declared rule: {election.rule}); places by faction",
                    frame,
                )
            )
    for label, prepared in (("without", cf.without), ("with", cf.with_rules)):
        if prepared.selection is not None:
            seats = prepared.selection.seats
            contested = int((seats["challenger_side"] != "").sum())
            console.print(
                f"Selections {label} the rules: {contested} contested, "
                f"{plural(prepared.selection.deselected, 'sitting candidate')} replaced"
            )
    if cf.comparison is not None:
        parties = cf.comparison.parties
        parties = parties.loc[
            (parties.seats_a > 0) | (parties.seats_b > 0),
            ["party", "seats_a", "seats_b", "difference", "difference_se"],
        ].rename(
            columns={
                "party": "Party",
                "seats_a": "Seats without the rules",
                "seats_b": "With the rules",
                "difference": "Difference",
                "difference_se": "± s.e.",
            }
        )
        console.print(
            _table(
                "General-election seats, with the rules minus without "
                f"({plural(runs, 'paired run')}, common random numbers; s.e. = Monte Carlo "
                "standard error)",
                parties,
                {
                    "Seats without the rules": ".2f",
                    "With the rules": ".2f",
                    "Difference": "+.3f",
                    "± s.e.": ".3f",
                },
            )
        )
        flips = cf.comparison.seats
        flips = flips[flips["p_changed"] > 0].sort_values("p_changed", ascending=False)
        title = "Seats whose winner changes in some runs"
        if len(flips) > 10:  # only the first ten are shown: say how many there are
            title += f": the 10 most often of {len(flips):,}"
        flips = flips.head(10)
        names = seat_names(sc.constituencies)  # E14000572 says nothing of Blackpool North
        flips.insert(1, "name", [names.get(str(i), "") for i in flips["constituency_id"]])
        if len(flips):
            console.print(
                _table(
                    title,
                    flips,
                    {"p_changed": ".1%", "p_changed_se": ".1%"},
                    {"winner_a": "Usual winner without", "winner_b": "Usual winner with"},
                )
            )

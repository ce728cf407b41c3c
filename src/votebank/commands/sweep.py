"""``votebank sweep``: one ensemble per value of a lever, the same runs at every point."""

from __future__ import annotations

import math
import tomllib
import warnings
from dataclasses import replace
from pathlib import Path
from typing import Annotated

import pandas as pd
import typer

from votebank.api import FORMATS
from votebank.commands.options import SchedulerOption, WorkersOption, bounded
from votebank.display import listed, safe, unseen_note
from votebank.errors import InputError, Problem
from votebank.outputs import check_outputs
from votebank.results.store import MAX_RUNS
from votebank.run.electorate_memory import refuse_past_memory
from votebank.scenario.load import load_scenario
from votebank.terminal import Col, bar_columns, console, err, frame_table, transient_bar

VARY = "--vary"


def sweep_command(
    scenario: Annotated[str, typer.Argument(help="Scenario: name, folder or TOML file.")],
    vary: Annotated[
        list[str],
        typer.Option(
            VARY,
            help="A field and its values, PATH=[V1, V2, ...] (TOML values; repeat for a grid), "
            "e.g. mechanisms.biradari.cohesion=[0.5, 0.7, 0.9].",
        ),
    ],
    runs: Annotated[
        int, typer.Option(callback=bounded(2, MAX_RUNS), help="Runs per point, 2 or more.")
    ] = 100,
    seed: Annotated[int | None, typer.Option(min=0, help="One seed for every point.")] = None,
    base: Annotated[int, typer.Option(min=0, help="The point the others are measured from.")] = 0,
    out: Annotated[
        Path | None,
        typer.Option(help="Folder for every table, its points stacked (none: print only)."),
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="parquet or csv (with --out).")] = "parquet",
    workers: WorkersOption = 1,
    scheduler: SchedulerOption = None,
) -> None:
    """One ensemble per value of a lever (the same runs at each): seats and paired differences.

    Every point runs the same runs (one seed, the same run indices), so a point's seats minus
    the base point's, run by run, measure the lever alone; the s.e. is that of the difference.
    """
    from votebank.sweeps import grid_problems, sweep

    grid, problems = parse_vary(vary)
    if problems:  # with what the values that read are wrong in, all in one round
        problems += grid_problems(scenario, grid) if grid else []
        raise InputError([_as_option(p) for p in problems])
    if out is not None:  # refused now, not after every point's runs
        check_outputs(folders={"--out": out})
        if fmt.lower() not in FORMATS:
            raise InputError([Problem("--format", "", fmt, f"choose one of {listed(FORMATS)}")])
    points = math.prod(len(values) for values in grid.values())
    if points < 2:
        why = "give two values or more: one point has nothing to be measured from"
        raise InputError([Problem(VARY, "", " ".join(vary), why)])
    if base >= points:
        raise InputError([Problem("--base", "", str(base), f"give 0 to {points - 1}")])
    sc = load_scenario(scenario)
    refuse_past_memory([sc], workers, scheduler)  # named as this command's option
    with (
        warnings.catch_warnings(record=True) as said,
        transient_bar(*bar_columns(), console=err) as bar,
    ):
        warnings.simplefilter("always")
        task = bar.add_task("sweep", total=points * runs, rate="")
        try:
            result = sweep(
                sc,
                grid,
                runs=runs,
                seed=seed,
                workers=workers,
                scheduler=scheduler,
                progress=lambda done, total: bar.update(task, completed=done),
            )
        except InputError as exc:  # the API names its argument "grid": here it is --vary
            raise InputError([_as_option(p) for p in exc.problems]) from None
    for warning in said:  # "every point drew the same runs": a line, not Python's warning
        if issubclass(warning.category, UserWarning):
            err.print(f"[yellow]Note:[/yellow] {safe(str(warning.message))}")
    _print(result, base)
    if out is not None:
        for path in result.export(out, fmt=fmt):
            console.print(str(path), soft_wrap=True, markup=False, highlight=False)


def parse_vary(items: list[str]) -> tuple[dict[str, list], list[Problem]]:
    """``PATH=[V1, V2]`` (or ``PATH=V1, V2``) items as a grid, and every item that does not read."""
    grid, problems = {}, []
    for item in items:
        path, eq, text = item.partition("=")
        path = path.strip()
        values = _values(text.strip()) if eq and path else None
        if values is None:
            why = "write PATH=[V1, V2, ...] with TOML values (text in quotes)"
            problems.append(Problem(VARY, path, item, why))
        elif not values:
            problems.append(Problem(VARY, path, item, "give at least one value"))
        elif path in grid:
            problems.append(Problem(VARY, path, item, "give each path once"))
        else:
            grid[path] = values
    return grid, problems


def _values(text: str) -> list | None:
    """A TOML array, a value, or values separated by commas, as a list; None if none reads."""
    for shown in (text, f"[{text}]"):
        try:
            value = tomllib.loads(f"v = {shown}")["v"]
        except tomllib.TOMLDecodeError:
            continue
        return value if isinstance(value, list) else [value]
    return None


# The API's arguments, as this command's options.
OPTIONS = {
    "grid": VARY,
    "runs": "--runs",
    "seed": "--seed",
    "workers": "--workers",
    "scheduler": "--scheduler",
}


def _as_option(problem: Problem) -> Problem:
    return replace(problem, file=OPTIONS.get(problem.file, problem.file))


def _print(result, base: int) -> None:
    """Seats by point and party beside the base point, then the winners changed."""
    paths = list(result.paths)
    summary = result.summary()
    diff = result.differences(base=base)
    # The base's mean votes are every other point's votes_base: not summed a second time.
    at_base = diff[diff["point"] == diff["point"].iloc[0]][["party", "votes_base"]]
    votes = pd.concat(
        [diff[["point", "party", "votes"]], at_base.rename(columns={"votes_base": "votes"})]
    )
    votes["point"] = votes["point"].fillna(base).astype(int)
    table = summary.merge(votes, on=["point", "party"], how="left")
    table = table.merge(
        diff.drop(columns=[*paths, "seats_base", "seats", "votes"]),
        on=["point", "party"],
        how="left",
    )
    # Parties with seats or votes somewhere: a lever may move one's votes without a seat.
    some = (table["mean"] > 0) | (table["votes"] > 0)
    table = table[some.groupby(table["party"]).transform("any")]
    table = table.assign(
        interval=[f"{a:.0f}–{b:.0f}" for a, b in zip(table.q05, table.q95, strict=True)]
    )
    first = result.ensembles[0]
    short = short_headings(paths)
    value_cols = [Col(p, short[p]) for p in paths]
    named = "; ".join(f"{short[p]}: {p}" for p in paths if short[p] != p)
    cols = [
        Col("point", "Point", "d"),
        *value_cols,
        Col("party", "Party"),
        Col("mean", "Seats", ".2f"),
        Col("interval", "90% interval", priority=3),
        Col("p_largest", "P(largest)", ".0%", 2),
        Col("difference", f"vs point {base}", "+.2f"),
        Col("difference_se", "± s.e.", ".2f"),
        Col("votes", "Votes", ",.0f", 2),
        Col("difference_votes", "Votes diff.", "+,.0f", 1),
        Col("difference_se_votes", "± s.e. ", ",.0f", 1),
    ]
    title = f"Seats by point: {safe(first.scenario)}, {first.runs:,} runs a point"
    caption = (
        f"the same runs (seed {first.seed}) at every point: the difference is paired, "
        f"run by run; – at point {base} itself" + (f"; {named}" if named else "")
    )
    console.print(frame_table(title, _text_cells(table, paths), cols, caption=caption))
    changed = result.winners_changed(base=base)
    won = Col("winners_changed", f"Seats won by another party than at point {base}", ".2f")
    cols = [
        Col("point", "Point", "d"),
        *value_cols,
        won,
        Col("winners_changed_se", "± s.e.", ".2f"),
    ]
    unseen = [unseen_note(first.runs)] if (changed["winners_changed"] == 0).any() else []
    caption = "; ".join([*unseen, *([named] if named else [])])
    console.print(
        frame_table("Winners changed", _text_cells(changed, paths), cols, caption=caption)
    )


def short_headings(paths: list[str]) -> dict[str, str]:
    """Each path's last part as its heading, unless two paths end alike: then both whole.

    A whole path took the width the votes columns need.
    """
    last = {p: p.rsplit(".", 1)[-1] for p in paths}
    clash = {x for x in last.values() if list(last.values()).count(x) > 1}
    return {p: p if last[p] in clash else last[p] for p in paths}


def _text_cells(frame: pd.DataFrame, paths: list[str]) -> pd.DataFrame:
    """The swept values as text cells (booleans as TOML writes them, a None as a dash)."""

    def text(v: object) -> str | None:
        return None if v is None else str(v).lower() if isinstance(v, bool) else str(v)

    return frame.assign(**{p: [text(v) for v in frame[p]] for p in paths})

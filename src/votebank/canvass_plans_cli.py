"""``votebank plans``: the canvass plans a store holds, and one of them as it was printed."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from votebank.commands.ensemble import OutOption


def plans_command(
    out: OutOption = Path("votebank-out"),
    plan: Annotated[
        str | None,
        typer.Option(help="A plan to show: its number in the list, its id, or latest."),
    ] = None,
    top: Annotated[int, typer.Option(help="Seats of the plan shown (>= 1).")] = 30,
) -> None:
    """List the stored canvass plans, or show one (--plan) as plan-canvass printed it."""
    from rich.console import Console

    from votebank.canvass_read import read_plan, stored_plans
    from votebank.canvass_render import reach_text, render_plan
    from votebank.commands.ensemble import existing_store
    from votebank.display import safe
    from votebank.errors import InputError, Problem

    if top < 1:
        raise InputError([Problem("--top", "", str(top), "give 1 or more seats")])
    path = existing_store(out, maker="votebank plan-canvass")
    console = Console(emoji=False, soft_wrap=True)  # ":A:" of an id no 🅰, a path unfolded
    if plan is None:
        listed = stored_plans(path)
        if listed.empty:
            console.print(f"No canvass plan in {safe(path)}: `votebank plan-canvass` stores one.")
            return
        console.print(render_plans(listed), soft_wrap=False)
        return
    shown = read_plan(path, plan)
    a = shown.attrs
    console.print(render_plan(shown, top=top), soft_wrap=False)
    made = f"made {a['created']:%Y-%m-%d %H:%M} UTC by votebank {a['version']}"
    inputs = f"{a['runs']:,} runs a batch, seed {a['seed']}, step {a['step_hours']:g} h"
    if a.get("regions") or a.get("home_seats") is not None:
        inputs += f"; {reach_text(a)}"
    # The id unfolded (to be copied whole); what follows it wrapped at the terminal's width:
    # one line of both ran to 130 columns.
    console.print(f"[dim]plan {safe(a['plan_id'])}:[/dim]")
    console.print(f"[dim]{made};[/dim]", soft_wrap=False)
    console.print(f"[dim]{inputs}[/dim]", soft_wrap=False)


def render_plans(listed):
    """A table of the stored plans, oldest first, numbered as ``--plan`` takes them."""
    import pandas as pd

    from votebank.canvass_render import hours_text
    from votebank.terminal import Column, fitted_table

    def fresh(gain, se) -> str:
        return "-" if pd.isna(gain) else f"{gain:+.2f} ± {se:.2f}"

    columns = [
        Column("#", [str(i) for i in range(1, len(listed) + 1)]),
        Column("made (UTC)", [f"{t:%Y-%m-%d %H:%M}" for t in listed["created"]], optional=True),
        Column("scenario", [str(s) for s in listed["scenario"]], right=False),
        Column("party", [str(p) for p in listed["party"]], right=False),
        Column("hours", [hours_text(h) for h in listed["hours"]]),
        Column("seats", [f"{n:,}" for n in listed["seats"]], priority=1),
        Column("gain", [f"{g:+.2f}" for g in listed["gain"]]),
        Column(
            "fresh runs",
            [
                fresh(g, s)
                for g, s in zip(listed["check_gain"], listed["check_gain_se"], strict=True)
            ],
        ),
    ]
    caption = (
        "hours: volunteer-hours placed; seats: the seats given hours (not seats won); gain: "
        "expected seats won on the plan's own runs; fresh runs: on runs it was not chosen on "
        "(± s.e.; - where not checked). `votebank plans --plan N` shows one"
    )
    return fitted_table("Stored canvass plans", columns, caption=caption)

"""Command body of ``votebank synth``: write a synthetic country as a scenario folder."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError
from rich.console import Console

from votebank.errors import InputError, Problem
from votebank.scenario.synth import PAKISTANI, PRESETS, Synth, write_synth

console = Console()


def synth_command(
    out: Annotated[Path, typer.Argument(help="Folder to write the scenario into.")],
    preset: Annotated[
        str | None, typer.Option(help=f"A built-in size: {', '.join(PRESETS)}.")
    ] = None,
    seats: Annotated[int | None, typer.Option(help="Constituencies.")] = None,
    registered: Annotated[int | None, typer.Option(help="Registered voters in all.")] = None,
    stations: Annotated[int | None, typer.Option(help="Polling stations in all.")] = None,
    regions: Annotated[int | None, typer.Option(help="Regions.")] = None,
    parties: Annotated[int, typer.Option(help="Parties.")] = 5,
    mechanisms: Annotated[
        str, typer.Option(help="Mechanisms switched on, comma-separated ('' for none).")
    ] = ",".join(PAKISTANI),
    seed: Annotated[int, typer.Option(help="Seed of the synthetic country.")] = 0,
) -> None:
    """Write a synthetic country of any size (for scaling studies and teaching)."""
    if preset is not None and preset not in PRESETS:
        raise InputError([Problem("--preset", "", preset, f"choose one of {sorted(PRESETS)}")])
    given = {"seats": seats, "registered": registered, "stations": stations, "regions": regions}
    values = {**PRESETS.get(preset or "", {}), **{k: v for k, v in given.items() if v is not None}}
    chosen = tuple(m for m in mechanisms.split(",") if m)
    try:
        spec = Synth(
            name=preset or out.name, parties=parties, mechanisms=chosen, seed=seed, **values
        )
        toml = write_synth(spec, out)
    except ValidationError as exc:
        raise InputError(
            [
                Problem(
                    "votebank synth", ".".join(map(str, e["loc"])), str(e.get("input")), e["msg"]
                )
                for e in exc.errors()
            ]
        ) from None
    except ValueError as exc:
        raise InputError([Problem("--mechanisms", "", mechanisms, str(exc))]) from None
    console.print(
        f"wrote {toml}: {spec.seats} seats, {spec.registered:,} registered, "
        f"{spec.stations:,} stations; run it with: votebank run {out}"
    )

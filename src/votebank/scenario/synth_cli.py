"""Command body of ``votebank synth``: write a synthetic country as a scenario folder."""

from __future__ import annotations

import os
import shlex
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError
from rich.console import Console

from votebank.display import joined, plural, safe
from votebank.errors import InputError, Problem
from votebank.scenario.bounds import MAX_REGISTERED, MAX_TOTAL_STATIONS
from votebank.scenario.catalogue import builtin_names
from votebank.scenario.field_errors import plain_reason
from votebank.scenario.naming import written_note
from votebank.scenario.synth import (
    OUT,
    PAKISTANI,
    PRESETS,
    SEAT_REGISTERED,
    SEAT_STATIONS,
    VOTERS_PER_STATION,
    Synth,
    checked_tables,
    folder_problems,
    mechanism_problems,
    write_scenario,
)

console = Console()
err = Console(stderr=True)  # notes (the scenario layer does not import votebank.terminal)

OPTIONS = {"seats", "registered", "stations", "regions", "parties", "seed", "mechanisms"}
"""Fields of :class:`Synth` that the command sets from an option of the same name."""

# Seat sizes vary around the average (log-normal, sd 0.15): the least of 10,000 seats is about
# half of it, the largest of the few the totals allow under 1.5 times. These averages keep every
# seat within the column's bounds.
AVERAGE_REGISTERED = (2 * SEAT_REGISTERED[0], SEAT_REGISTERED[1] // 2)
AVERAGE_STATIONS = (1, SEAT_STATIONS // 2)
# Mechanisms that act only on rows synth does not write: each would be listed as on and do
# nothing. (A scenario of the user's is not refused for them: a copy cut to some seats may
# have left out the one person standing twice.)
IDLE_HERE = {
    "switching": "candidates who switched party (switched_from) into one of its punished_parties",
    "transport": "candidates with a budget",
    "compilation": "candidates of a favoured or governing party",
    "multiple_seats": "a person standing in several seats (person)",
}
DEFAULT_MECHANISMS = tuple(m for m in PAKISTANI if m not in IDLE_HERE)
_DEFAULT = {name: Synth.model_fields[name].default for name in ("seats", "registered", "stations")}
_DEFAULT["regions"] = Synth.model_fields["regions"].default


def synth_command(
    out: Annotated[
        Path,
        typer.Argument(
            metavar=OUT,
            help="Folder to write the scenario into (made if missing). A folder that already "
            "holds a scenario is refused unless --force is given.",
        ),
    ],
    preset: Annotated[
        str | None, typer.Option(help=f"A built-in size: {', '.join(PRESETS)}.")
    ] = None,
    seats: Annotated[
        int | None,
        typer.Option(help=f"Constituencies (default {_DEFAULT['seats']:,}, or the --preset's)."),
    ] = None,
    registered: Annotated[
        int | None,
        typer.Option(
            help=f"Registered voters in all (default {_DEFAULT['registered']:,}, or the "
            f"--preset's), at most {MAX_REGISTERED:,} in all. Seat sizes vary around the "
            f"average, and a seat outside {SEAT_REGISTERED[0]:,} to {SEAT_REGISTERED[1]:,} is "
            f"refused: an average of {AVERAGE_REGISTERED[0]:,} to {AVERAGE_REGISTERED[1]:,} "
            "a seat keeps every seat inside."
        ),
    ] = None,
    stations: Annotated[
        int | None,
        typer.Option(
            help=f"Polling stations in all (default {_DEFAULT['stations']:,}, or the --preset's): "
            f"a seat may have at most {SEAT_STATIONS:,} (an average of {AVERAGE_STATIONS[0]:,} "
            f"to {AVERAGE_STATIONS[1]:,} a seat keeps every seat inside), with "
            f"{VOTERS_PER_STATION[0]:g} to "
            f"{VOTERS_PER_STATION[1]:,.0f} registered voters each, at most "
            f"{MAX_TOTAL_STATIONS:,} in all."
        ),
    ] = None,
    regions: Annotated[
        int | None,
        typer.Option(help=f"Regions (default {_DEFAULT['regions']:,}, or the --preset's)."),
    ] = None,
    parties: Annotated[int, typer.Option(help="Parties.")] = 5,
    mechanisms: Annotated[
        str, typer.Option(help="Mechanisms switched on, comma-separated ('' for none).")
    ] = ",".join(DEFAULT_MECHANISMS),
    seed: Annotated[int, typer.Option(help="Seed of the synthetic country.")] = 0,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Replace the scenario (scenario.toml and its two tables) in an OUT folder that "
            "already holds one; other files there are left alone (an organisations.toml left "
            "there is read with the new scenario: synth says so).",
        ),
    ] = False,
) -> None:
    """Write a synthetic country of any size (for scaling studies and teaching).

    Sizes a scenario cannot hold (more registered voters or stations in a seat than a scenario
    allows, more stations than voters, more voters per station than allowed) are refused before
    anything is written, every problem at once; so is an OUT that is a file or already holds a
    scenario (give --force to replace it), and mechanisms the scenario could not run (swing and
    incumbency need baseline_votes, canvass campaigns, alliances stand-downs or boycotts, none
    of which synth writes, nor switching its switchers, transport budgets, compilation a
    governing party, multiple_seats a person standing twice; flows and factions need swing and
    biradari on, stuffing and coercion need landlords on). The confirmation reports what was
    written.
    """
    problems: list[Problem] = []
    if preset is not None and preset not in PRESETS:
        problems.append(Problem("--preset", "", preset, f"choose one of {joined(sorted(PRESETS))}"))
    given = {"seats": seats, "registered": registered, "stations": stations, "regions": regions}
    values = {**PRESETS.get(preset or "", {}), **{k: v for k, v in given.items() if v is not None}}
    chosen = tuple(m.strip() for m in mechanisms.split(",") if m.strip())
    unknown = mechanism_problems(chosen)  # named again with the known ones' problems, below
    problems += unknown
    problems += [
        Problem(
            "--mechanisms",
            "",
            m,
            f"acts only on {IDLE_HERE[m]}, which synth does not write: leave it out",
        )
        for m in chosen
        if m in IDLE_HERE
    ]
    # The folder's own name: "." and ".." name none (abspath, not resolve: a link keeps its own).
    # Not the preset's: a stored run finds its scenario again by name (explain --all), and
    # a 30-seat country made from --preset pakistan-2024 is no Pakistan 2024.
    name = Path(os.path.abspath(out)).name or "synthetic"
    spec = None
    try:
        spec = Synth(name=name, parties=parties, mechanisms=chosen, seed=seed, **values)
    except ValidationError as exc:
        problems += [_problem(e, out) for e in exc.errors()]
    problems += folder_problems(out, force=force)
    if spec is None or any(p not in unknown for p in problems):
        raise InputError(problems)
    doc, cons, cands = checked_tables(spec)
    toml = write_scenario(out, doc, cons, cands, force=force)
    sizes = ", ".join(
        [
            plural(len(cons), "seat"),
            f"{int(cons['registered'].sum()):,} registered",
            plural(int(cons["stations"].sum()), "station"),
            _regions_said(cons["region"].nunique(), values.get("regions")),
            _parties_said(parties, cands),
        ]
    )
    on = ", ".join(chosen) if chosen else "none"
    # Quoted as a shell needs it: a folder with a space is one argument.
    command = f"votebank run {shlex.quote(str(out))}"
    console.print(f"wrote {safe(toml)}: {sizes}; mechanisms on: {on}; run it with: {safe(command)}")
    # From here, the name reads this folder, not the built-in: however OUT was spelt
    # (/abs/path/tiny, ../here/tiny), so long as the folder is here.
    if out.name in builtin_names() and out.resolve().parent == Path.cwd().resolve():
        note = f"[yellow]note:[/yellow] {safe(written_note(out.name))}"
        err.print(note, soft_wrap=True, highlight=False)
    _note_organisations(out)


def _note_organisations(out: Path) -> None:
    # Not synth's to remove (it may be the user's work), but validate and run read it as the
    # scenario's [organisations]: the new country would be checked against an old one.
    from votebank.scenario.organisations.section_spec import ORGANISATIONS_FILE

    beside = out / ORGANISATIONS_FILE
    if beside.is_file():  # a note: on stderr, as the other note here
        err.print(
            f"[yellow]note: {safe(beside)}, left in place, is read with this scenario (validate, "
            "run) as its \\[organisations]; synth did not write it: move it away unless it "
            "fits this synthetic country[/yellow]",
            soft_wrap=True,
        )


def _regions_said(made: int, asked: int | None) -> str:
    # Every region holds a seat: fewer seats than regions asked for make fewer regions.
    said = plural(made, "region")
    if asked is None or made == asked:  # the default's 4 was not asked for
        return said
    return f"{said} (of {asked:,} asked for: a region needs a seat)"


def _parties_said(parties: int, cands) -> str:
    # A seat fields the parties strongest there, a few a seat: with many parties, some stand
    # nowhere and the summary lists them at 0 seats, unexplained.
    said = plural(parties, "party", "parties")
    standing = cands["party"].nunique()
    if standing == parties:
        return said
    per_seat = plural(int(cands.groupby("constituency").size().max()), "candidate")
    return f"{said} ({standing:,} of them stand anywhere: {per_seat} a seat)"


def _problem(error: dict, out: Path) -> Problem:
    """A pydantic error about a field of :class:`Synth`, named by its option."""
    field = str(error["loc"][0]) if error["loc"] else ""
    if field == "name":
        return Problem(OUT, "", str(out), f"the scenario's name (the folder's): {error['msg']}")
    option = f"--{field}" if field in OPTIONS else "votebank synth"
    where = "" if field in OPTIONS else ".".join(map(str, error["loc"]))
    value = error.get("input")
    why = plain_reason(error) or error["msg"]  # "must be at least 1", as a scenario file reads
    return Problem(option, where, ",".join(value) if field == "mechanisms" else str(value), why)

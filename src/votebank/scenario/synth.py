"""A synthetic country from a few numbers: seats, voters, stations, regions, a party system.

For scaling studies and teaching: the scenario it writes is an ordinary scenario folder (TOML and
two tables) that loads and validates like any other, with every mechanism available. Seat sizes
vary around the mean (log-normal, sd ``size_sd``); each region leans to some parties (a normal
shift of each party's mood, sd ``region_sd``); each seat fields the parties strong enough there.
Nothing in it is real: its description says so.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import numpy as np
import pandas as pd
from pydantic import Field, ValidationError, model_validator
from pydantic_core import InitErrorDetails, PydanticCustomError

from votebank.core.params import Strict
from votebank.display import joined, plural
from votebank.errors import InputError, Problem
from votebank.mechanisms.registry import MECHANISMS
from votebank.mechanisms.reserved_seats import largest_remainder
from votebank.outputs import output_problems, write_texts
from votebank.scenario.bounds import MAX_REGISTERED, MAX_TOTAL_STATIONS
from votebank.scenario.key_hints import nearest
from votebank.scenario.schema import Electorate, ScenarioSpec
from votebank.scenario.synth_loadable import loader_problems
from votebank.scenario.tables import CANDIDATE_COLUMNS, CONSTITUENCY_COLUMNS
from votebank.scenario.toml_writer import to_toml

# Built-in sizes: registered voters, stations and seats of real rolls [S].
PRESETS = {
    # ECP: 128.6 million registered, about 90,600 stations, 266 general seats polled (2024).
    "pakistan-2024": {"seats": 266, "registered": 128_600_000, "stations": 90_600, "regions": 4},
    # ECI: about 968.8 million electors, about 1.05 million stations, 543 seats (2024).
    "india-2024": {"seats": 543, "registered": 968_800_000, "stations": 1_050_000, "regions": 36},
}
PAKISTANI = ("biradari", "landlords", "coercion", "stuffing", "fear", "switching")

SCENARIO_FILES = ("scenario.toml", "constituencies.csv", "candidates.csv")
"""The files a synthetic scenario is made of."""
OUT = "OUT"
"""How problems with the output folder name it (the argument of ``votebank synth``)."""

# The limits a scenario is held to when it loads: a synthetic one must meet them too.
_COLUMNS = {c.name: c for c in CONSTITUENCY_COLUMNS}
SEAT_REGISTERED = (int(_COLUMNS["registered"].low), int(_COLUMNS["registered"].high))
"""Registered voters a seat may hold (column ``registered`` of ``constituencies.csv``)."""
SEAT_STATIONS = int(_COLUMNS["stations"].high)
"""Most polling stations a seat may have (column ``stations`` of ``constituencies.csv``)."""
_VPS = Electorate.model_fields["voters_per_station"].metadata
VOTERS_PER_STATION = (
    next(float(m.ge) for m in _VPS if hasattr(m, "ge")),
    next(float(m.le) for m in _VPS if hasattr(m, "le")),
)
"""Bounds of ``[electorate] voters_per_station`` (registered / stations)."""


class Synth(Strict):
    """What the synthetic country is made of.

    Its sizes must make a scenario that loads: every seat holds between
    :data:`SEAT_REGISTERED` voters and has between one and :data:`SEAT_STATIONS` stations, and
    ``registered / stations`` lies within :data:`VOTERS_PER_STATION`. A country that cannot is
    refused, each problem at the field that causes it.
    """

    name: str = Field("synthetic", min_length=1)
    seats: int = Field(100, ge=1, le=10_000)
    registered: int = Field(10_000_000, ge=1)
    stations: int = Field(10_000, ge=1)
    regions: int = Field(4, ge=1, le=1_000)
    parties: int = Field(5, ge=2, le=50)
    candidates_per_seat: int = Field(4, ge=1, le=50)
    fragmentation: float = Field(1.2, gt=0, le=5, description="Zipf exponent of party sizes.")
    region_sd: float = Field(0.5, ge=0, le=5, description="Regional lean of a party (logit).")
    size_sd: float = Field(0.15, ge=0, le=2, description="Spread of seat sizes (log scale).")
    mechanisms: tuple[str, ...] = PAKISTANI
    seed: int = Field(0, ge=0, le=2**63 - 1)  # TOML holds 64-bit signed integers

    @model_validator(mode="after")
    def _check(self) -> Synth:
        found = size_problems(self)
        if found:
            raise ValidationError.from_exception_data(
                "Synth",
                [
                    InitErrorDetails(
                        type=PydanticCustomError("value_error", "{why}", {"why": why}),
                        loc=(field,),
                        input=getattr(self, field),
                    )
                    for field, why in found
                ],
            )
        return self


def size_problems(s: Synth) -> list[tuple[str, str]]:
    """Sizes that would make a scenario that does not load: (field, what is wrong) pairs.

    Every seat needs at least one voter and one station and at most :data:`SEAT_REGISTERED`
    voters and :data:`SEAT_STATIONS` stations, on average; a station needs between
    :data:`VOTERS_PER_STATION` voters. (Seat sizes vary around the average: a seat that still
    breaks a bound is refused by :func:`table_problems`.)
    """
    seats, registered, stations = s.seats, s.registered, s.stations
    in_seats = plural(seats, "seat")
    low, high = SEAT_REGISTERED
    vps_low, vps_high = VOTERS_PER_STATION
    found = []
    if registered > seats * high:
        found.append(
            (
                "registered",
                f"{registered // seats:,} registered per seat ({in_seats}); a seat may "
                f"hold at most {high:,} (constituencies.csv, column registered): give more "
                "seats or fewer registered",
            )
        )
    if registered > MAX_REGISTERED:
        found.append(("registered", f"at most {MAX_REGISTERED:,} registered in a scenario"))
    if stations > MAX_TOTAL_STATIONS:
        found.append(("stations", f"at most {MAX_TOTAL_STATIONS:,} stations in a scenario"))
    if registered < seats * low:
        found.append(("registered", f"fewer than {low:,} registered per seat ({in_seats})"))
    if stations > seats * SEAT_STATIONS:
        found.append(
            (
                "stations",
                f"{stations // seats:,} stations per seat ({in_seats}); a seat may have "
                f"at most {SEAT_STATIONS:,} (constituencies.csv, column stations)",
            )
        )
    if stations < seats:
        found.append(("stations", f"fewer stations than seats ({seats:,}): every seat needs one"))
    if stations > registered / vps_low:
        found.append(
            (
                "stations",
                f"more stations than the {registered:,} registered voters allow: a station "
                f"needs at least {plural(int(vps_low), 'voter')} (electorate.voters_per_station)",
            )
        )
    if registered / stations > vps_high:  # the count exactly: a float prints noise past 2**53
        found.append(
            (
                "stations",
                f"{round(Fraction(registered, stations)):,} voters per station "
                f"({registered:,} registered); "
                f"at most {vps_high:,.0f} (electorate.voters_per_station): give at least "
                f"{-(-registered // int(vps_high)):,} stations",
            )
        )
    return found


def synth_tables(s: Synth) -> tuple[dict, pd.DataFrame, pd.DataFrame]:
    """The scenario's TOML document and its two tables."""
    gen = np.random.default_rng(s.seed)
    # Zero-padded past 9 (P01 ... P12): tables sort ids as text, and P10 came before P2.
    regions = [f"R{r + 1:0{len(str(s.regions))}}" for r in range(s.regions)]
    parties = [f"P{p + 1:0{len(str(s.parties))}}" for p in range(s.parties)]
    size = np.exp(gen.normal(0, s.size_sd, s.seats))
    registered = largest_remainder(s.registered, size)
    stations = largest_remainder(s.stations, registered.astype(float))
    if (stations < 1).any():  # every seat needs one: one each, the rest by size, same total
        stations = 1 + largest_remainder(s.stations - s.seats, registered - 1.0)
    region = gen.permutation(np.arange(s.seats) % s.regions)  # every region holds a seat
    cons = pd.DataFrame(
        {
            "id": [f"S{i + 1}" for i in range(s.seats)],
            "name": [f"Seat {i + 1}" for i in range(s.seats)],
            "region": np.array(regions)[region],
            "registered": registered,
            "urban_share": np.round(gen.beta(1.5, 3.5, s.seats), 3),
            "turnout": np.round(np.clip(gen.normal(0.55, 0.08, s.seats), 0.2, 0.9), 3),
            "stations": stations,
        }
    )
    national = -s.fragmentation * np.log(np.arange(1, s.parties + 1))
    lean = gen.normal(0, s.region_sd, (s.regions, s.parties))
    strength = national + lean[region]  # seat x party
    k = min(s.candidates_per_seat, s.parties)
    fielded = np.argsort(-(strength + gen.gumbel(0, 0.5, strength.shape)), axis=1)[:, :k]
    seat = np.repeat(np.arange(s.seats), k)
    slot = np.tile(np.arange(k), s.seats)
    cands = pd.DataFrame(
        {
            "constituency": cons["id"].to_numpy()[seat],
            "candidate": [f"S{i + 1}-{j + 1}" for i, j in zip(seat, slot, strict=True)],
            "name": [
                f"{parties[q]} candidate, Seat {i + 1}"
                for i, q in zip(seat, fielded.ravel(), strict=True)
            ],
            "party": np.array(parties)[fielded.ravel()],
            "appeal": np.round(gen.normal(0, 0.3, len(seat)), 3),
        }
    )
    table = np.round(np.vstack([national, lean]), 3) + 0.0  # + 0.0: no "-0.0" (-1.2 log 1)
    mood = {"national": dict(zip(parties, table[0].tolist(), strict=True))}
    for i in np.unique(region):
        mood[regions[i]] = dict(zip(parties, table[i + 1].tolist(), strict=True))
    doc = {
        "scenario": {
            "name": s.name,
            "title": f"A synthetic country: {plural(s.seats, 'seat')}, {s.registered:,} registered",
            "description": f"Synthetic: no seat, party or number in it is real (votebank synth, "
            f"seed {s.seed}).",
            "seed": s.seed,
        },
        "tables": {"constituencies": "constituencies.csv", "candidates": "candidates.csv"},
        "parties": [{"id": p} for p in parties],
        "mood": mood,
        "electorate": {"voters_per_station": max(1.0, s.registered / s.stations)},
        "mechanisms": {m: {"enabled": True} for m in s.mechanisms},
    }
    return doc, cons, cands


_SHOWN_SEATS = 5  # seats named per broken column: enough to see the pattern


def table_problems(doc: dict, cons: pd.DataFrame, cands: pd.DataFrame) -> list[Problem]:
    """Whatever in a synthetic scenario its loader would refuse (none, if all is well).

    The sizes are checked before the draw (:class:`Synth`); seat sizes vary around the average,
    so a seat may still break a bound: the tables are checked against the loader's column
    limits and the TOML document against its schema.
    """
    problems = []
    options = {"registered": "--registered", "stations": "--stations"}
    # Which way to move the average depends on the bound broken: a seat below the least
    # needs more voters each, not fewer.
    average = "seat sizes vary around the average: give {} --seats or {} {}"
    for table, frame, columns in (
        ("constituencies.csv", cons, CONSTITUENCY_COLUMNS),
        ("candidates.csv", cands, CANDIDATE_COLUMNS),
    ):
        for col in columns:
            if col.name not in frame or (col.low is None and col.high is None):
                continue
            values = frame[col.name].to_numpy(dtype=float)
            low = -np.inf if col.low is None else col.low
            high = np.inf if col.high is None else col.high
            bad = np.flatnonzero(~((values >= low) & (values <= high)))
            problems += [
                Problem(
                    options.get(col.name, "votebank synth"),
                    f"seat {cons['id'].iloc[i]}" if frame is cons else f"{table} row {i + 2}",
                    f"{values[i]:,.0f}" if col.kind == "int" else f"{values[i]:g}",
                    f"{table}, column {col.name}, must be within [{_num(low)}, {_num(high)}]"
                    + (
                        f" ({average.format(*_directions(values[i] < low), options[col.name])})"
                        if col.name in options
                        else ""
                    ),
                )
                for i in bad[:_SHOWN_SEATS]
            ]
    spec = None
    try:
        spec = ScenarioSpec.model_validate(doc)
    except ValidationError as exc:
        problems += [
            Problem(
                "votebank synth",
                "scenario.toml: " + ".".join(map(str, e["loc"])),
                str(e.get("input"))[:120],
                e["msg"],
            )
            for e in exc.errors()
        ]
    return problems or loader_problems(spec, cons, cands)


def _directions(too_small: bool) -> tuple[str, str]:
    """How to change --seats and the option, for a seat too small or too large."""
    return ("fewer", "more") if too_small else ("more", "fewer")


def _num(x: float) -> str:
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:g}"


def mechanism_problems(mechanisms: tuple[str, ...]) -> list[Problem]:
    """Mechanisms that do not exist, named by the ``--mechanisms`` option (with the one meant)."""
    return [
        Problem("--mechanisms", "", m, _unknown_mechanism(m))
        for m in mechanisms
        if m not in MECHANISMS
    ]


def _unknown_mechanism(typed: str) -> str:
    # "stufing" or "Stuffing": the one meant, not all 22 to read through ("vans" is not
    # "agents": closer than the 0.6 of a misspelt key).
    if close := nearest(typed.lower(), MECHANISMS, cutoff=0.75):
        return f"no such mechanism; did you mean {close!r}?"
    return f"no such mechanism; known: {joined(sorted(MECHANISMS))}"


def folder_problems(folder: Path, *, force: bool = False, option: str = OUT) -> list[Problem]:
    """Why a scenario cannot be written into ``folder`` (given as ``option``).

    A file in the way (the folder, or one of its parents, is a file), or a scenario already
    there (unless ``force``).
    """
    blocked = output_problems(folders={option: folder})
    if blocked:
        return blocked
    present = [name for name in SCENARIO_FILES if (folder / name).exists()]
    folders = [name for name in present if (folder / name).is_dir()]
    if folders:
        return [
            Problem(option, name, str(folder / name), "is a folder; give a file")
            for name in folders
        ]
    if present and not force:
        why = f"already holds a scenario ({', '.join(present)}); give --force to replace it"
        return [Problem(option, "", str(folder), why)]
    return []


def write_scenario(
    folder: Path, doc: dict, cons: pd.DataFrame, cands: pd.DataFrame, *, force: bool = False
) -> Path:
    """Write a scenario folder (TOML and two tables): all of it, or nothing.

    Args:
        folder: The folder (made, with its parents, if missing).
        doc: The TOML document.
        cons: The constituency table.
        cands: The candidate table.
        force: Replace the scenario files of a folder that already holds them; without it, such
            a folder is refused. Other files in the folder are left alone.

    Returns:
        The TOML file.

    Raises:
        InputError: If ``folder`` (or a parent) is a file, already holds a scenario and
            ``force`` is not given, or cannot be written (the OS's reason, with the path).
            Whatever this call made is removed: files, and folders it created.
    """
    problems = folder_problems(folder, force=force)
    if problems:
        raise InputError(problems)
    texts = {
        "constituencies.csv": cons.to_csv(index=False),
        "candidates.csv": cands.to_csv(index=False),
        "scenario.toml": to_toml(doc),
    }
    made = [p for p in (folder, *folder.parents) if not p.exists()]  # deepest first
    try:
        write_texts(texts, folder)  # every file whole before any is replaced
    except OSError as exc:
        for path in made:
            try:
                path.rmdir()
            except OSError:
                break
        # A staged file's name (".candidates.csv.*.tmp") is none of the user's: its folder.
        named = exc.filename and not Path(exc.filename).name.startswith(".")
        where = exc.filename if named else folder
        why = exc.strerror or str(exc)
        raise InputError([Problem(OUT, "", str(where), f"cannot write here: {why}")]) from None
    return folder / "scenario.toml"


def write_synth(s: Synth, folder: Path, *, force: bool = False) -> Path:
    """Write the scenario folder; returns its TOML file.

    Raises:
        InputError: Every problem found (unknown mechanisms, a seat the loader would refuse, a
            folder that cannot take it); nothing is written then.
    """
    doc, cons, cands = checked_tables(s)
    return write_scenario(folder, doc, cons, cands, force=force)


def checked_tables(s: Synth) -> tuple[dict, pd.DataFrame, pd.DataFrame]:
    """The scenario's TOML document and tables, checked as the loader would check them.

    Raises:
        InputError: Unknown mechanisms, named together with what the loader would refuse
            among the known ones (swing needs baseline_votes).
    """
    unknown = mechanism_problems(s.mechanisms)
    known = s.model_copy(update={"mechanisms": tuple(m for m in s.mechanisms if m in MECHANISMS)})
    doc, cons, cands = synth_tables(known)
    problems = unknown + table_problems(doc, cons, cands)
    if problems:
        raise InputError(problems)
    return doc, cons, cands

"""A synthetic country from a few numbers: seats, voters, stations, regions, a party system.

For scaling studies and teaching: the scenario it writes is an ordinary scenario folder (TOML and
two tables) that loads and validates like any other, with every mechanism available. Seat sizes
vary around the mean (log-normal, sd ``size_sd``); each region leans to some parties (a normal
shift of each party's mood, sd ``region_sd``); each seat fields the parties strong enough there.
Nothing in it is real: its description says so.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from pydantic import Field

from votebank.core.params import Strict
from votebank.mechanisms.registry import MECHANISMS
from votebank.mechanisms.reserved_seats import largest_remainder
from votebank.scenario.toml_writer import to_toml

# Built-in sizes: registered voters, stations and seats of real rolls [S].
PRESETS = {
    # ECP: 128.6 million registered, about 90,600 stations, 266 general seats polled (2024).
    "pakistan-2024": {"seats": 266, "registered": 128_600_000, "stations": 90_600, "regions": 4},
    # ECI: about 968.8 million electors, about 1.05 million stations, 543 seats (2024).
    "india-2024": {"seats": 543, "registered": 968_800_000, "stations": 1_050_000, "regions": 36},
}
PAKISTANI = ("biradari", "landlords", "coercion", "stuffing", "fear", "switching")


class Synth(Strict):
    """What the synthetic country is made of."""

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
    seed: int = Field(0, ge=0)


def synth_tables(s: Synth) -> tuple[dict, pd.DataFrame, pd.DataFrame]:
    """The scenario's TOML document and its two tables."""
    gen = np.random.default_rng(s.seed)
    regions = [f"R{r + 1}" for r in range(s.regions)]
    parties = [f"P{p + 1}" for p in range(s.parties)]
    size = np.exp(gen.normal(0, s.size_sd, s.seats))
    registered = largest_remainder(s.registered, size)
    stations = np.maximum(1, largest_remainder(s.stations, registered.astype(float)))
    region = gen.permutation(np.arange(s.seats) % s.regions)  # every region holds a seat
    cons = pd.DataFrame(
        {
            "id": [f"S{i + 1}" for i in range(s.seats)],
            "name": [f"Seat {i + 1}" for i in range(s.seats)],
            "region": np.array(regions)[region],
            "registered": registered,
            "urban_share": np.round(gen.beta(1.5, 3.5, s.seats), 3),
            "turnout": np.round(np.clip(gen.normal(0.55, 0.08, s.seats), 0.2, 0.9), 3),
            "stations": np.minimum(stations, registered),
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
            "party": np.array(parties)[fielded.ravel()],
            "appeal": np.round(gen.normal(0, 0.3, len(seat)), 3),
        }
    )
    mood = {"national": dict(zip(parties, np.round(national, 3).tolist(), strict=True))}
    for i in np.unique(region):
        mood[regions[i]] = dict(zip(parties, np.round(lean[i], 3).tolist(), strict=True))
    doc = {
        "scenario": {
            "name": s.name,
            "title": f"A synthetic country: {s.seats} seats, {s.registered:,} registered",
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


def write_synth(s: Synth, folder: Path) -> Path:
    """Write the scenario folder; returns its TOML file."""
    unknown = sorted(set(s.mechanisms) - set(MECHANISMS))
    if unknown:
        raise ValueError(f"unknown mechanisms {unknown}; known: {sorted(MECHANISMS)}")
    doc, cons, cands = synth_tables(s)
    folder.mkdir(parents=True, exist_ok=True)
    cons.to_csv(folder / "constituencies.csv", index=False)
    cands.to_csv(folder / "candidates.csv", index=False)
    toml = folder / "scenario.toml"
    toml.write_text(to_toml(doc), encoding="utf-8")
    return toml

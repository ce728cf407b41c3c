"""Pydantic models of the scenario TOML file (the hand-written part of a scenario).

Every field is documented in ``docs/scenario-format.md``. Defaults carry their source in the
field description: [S] sourced, [E] an estimate (domain brief: docs/pakistan-2008.md).
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import Field, ValidationInfo, create_model, field_validator, model_validator

from votebank.core.labels import CLASSES
from votebank.core.params import Choice, Strict, Turnout
from votebank.display import joined
from votebank.mechanisms.registry import MECHANISMS
from votebank.scenario.key_hints import nearest
from votebank.scenario.organisations.section_spec import OrganisationsSpec
from votebank.scenario.tables import CANDIDATE_COLUMNS
from votebank.strict import MAX_SEATS, SeatCount


class Counterfactual(Strict):
    """One ``[[scenario.counterfactuals]]`` entry: a variant compared with paired runs."""

    name: str = Field(min_length=1, description="Short name shown in the comparison.")
    set: dict[str, Any] = Field(
        min_length=1,
        description="Dotted field paths of this file and their values in the variant, e.g. "
        '{ "mechanisms.canvass.campaigns.0.cars" = 0 }.',
    )
    description: str = Field("", description="What the variant asks.")


class Meta(Strict):
    """The ``[scenario]`` table: what the scenario is and how to run it."""

    name: str = Field(min_length=1, description="Short name, used in results.")
    title: str = Field("", description="One-line title for reports.")
    description: str = Field("", description="What the scenario represents and its sources.")
    seed: int | None = Field(
        None, ge=0, description="Ensemble seed; absent means fresh OS entropy, recorded."
    )
    runs: int = Field(1, ge=1, le=1_000_000, description="Runs in the ensemble.")
    majority: int | None = Field(
        None,
        ge=1,
        le=MAX_SEATS,
        description="Seats needed for a majority of the house (None: half + 1).",
    )
    actual_seats: dict[str, SeatCount] = Field(
        default_factory=dict, description="Real general seats by party id, for comparison."
    )
    actual_source: str = Field("", description="Where the actual results come from.")
    parameter_uncertainty: dict[str, Annotated[float, Field(ge=0)]] = Field(
        default_factory=dict,
        description="Standard deviation of calibrated values, by dotted path of this file "
        "(e.g. 'mechanisms.biradari.win_weight'); recorded with the calibration.",
    )
    draw_parameters: bool = Field(
        False,
        description="Each run draws the parameter_uncertainty parameters (truncated normal in "
        "the field's range, one stream per run); those the electorate builder reads stay fixed.",
    )
    synthetic: list[str] = Field(
        default_factory=list,
        description="Candidate columns drawn at random, not taken from data (e.g. "
        "'background'); outputs resting on them say so.",
    )
    counterfactuals: list[Counterfactual] = Field(
        default_factory=list,
        description="Variants that `votebank run` compares with the scenario, run for run.",
    )

    @field_validator("synthetic")
    @classmethod
    def _columns(cls, columns: list[str]) -> list[str]:
        # A misspelt "backgrund" was taken, and the summary then called drawn backgrounds real.
        known = [c.name for c in CANDIDATE_COLUMNS]
        unknown = [name for name in columns if name not in known]
        if unknown:
            near = [m for name in unknown if (m := nearest(name, known))]
            hint = f"did you mean {joined(near)}?" if len(near) == len(unknown) else ""
            raise ValueError(
                f"{joined(unknown)}: not a column of the candidate table; "
                f"{hint or 'the columns: ' + joined(known)}"
            )
        return columns


class Tables(Strict):
    """The ``[tables]`` table: CSV files next to the TOML file."""

    constituencies: str = Field(description="Constituency table (CSV), relative path.")
    candidates: str = Field(description="Candidate table (CSV), relative path.")


class Party(Strict):
    """One ``[[parties]]`` entry."""

    id: str = Field(min_length=1, description="Party code used in the candidate table.")
    name: str = Field("", description="Full name.")
    colour: str = Field("#888888", description="Chart colour, #RRGGBB.")
    government: bool = Field(
        False, description="In government before the poll (bloc leaders trust its promises)."
    )
    forms_government: bool = Field(
        False,
        description="Forms the government after the poll: independents join it, by-elections "
        "swing to it (none marked: the pre-poll government does).",
    )
    aggregate: bool = Field(
        False, description="Stands for several candidates together ('others'): never wins."
    )
    independent: bool = Field(
        False, description="Independents: may join a party after the count (reserved seats)."
    )

    @field_validator("colour")
    @classmethod
    def _hex_colour(cls, colour: str) -> str:
        # pydantic's own words were a regular expression: "String should match pattern ...".
        if not re.fullmatch(r"#[0-9a-fA-F]{6}", colour):
            raise ValueError("must be a colour written #RRGGBB in hexadecimal, e.g. #D55E00")
        return colour


class Electorate(Strict):
    """The ``[electorate]`` table: how the synthetic social structure is drawn."""

    voters_per_station: float = Field(1260.0, ge=1, le=100_000, description="[S] ECP 2008 mean.")
    station_size_sd: float = Field(
        250.0, ge=0, le=100_000, description="[E] spread of station sizes."
    )
    station_size_min: int = Field(400, ge=1, le=100_000, description="[E] smallest station.")
    # Checked at its default too: a station_size_min set above it is refused (_sizes below).
    station_size_max: int = Field(
        3000, ge=1, le=100_000, validate_default=True, description="[E] largest station."
    )
    stations_per_locality: tuple[int, int] = Field(
        (1, 3), description="[E] a village or ward holds this many stations (min, max)."
    )
    clans_per_locality: tuple[int, int] = Field((3, 10), description="[E] biradaris per village.")
    largest_clan_share: tuple[float, float] = Field(
        (0.25, 0.40), description="[E] the largest biradari's share of its village."
    )
    blocs_per_locality: tuple[int, int] = Field(
        (1, 3), description="[E] village vote blocs (dharras) per village."
    )
    bloc_membership_rural: float = Field(
        0.70, ge=0, le=1, description="[E, anchored on Mohmand 2011] rural voters in blocs."
    )
    bloc_membership_urban: float = Field(0.25, ge=0, le=1, description="[E] urban bloc share.")
    dependent_share: float = Field(
        0.07, ge=0, le=1, description="[S] Mohmand 2011: voters dependent on a landlord."
    )
    landlord_locality_share: float = Field(
        0.35, ge=0, le=1, description="[E] rural villages with a resident landlord family."
    )
    female_share: float = Field(0.44, ge=0, le=1, description="[S] women on the 2008-18 roll.")
    party_id_share: float = Field(
        0.30, ge=0, le=1, description="[E] voters who identify with a contesting party."
    )
    ghost_share: float = Field(
        0.0, ge=0, lt=1, description="[E] mean share of roll entries that are ghosts."
    )
    class_shares_rural: dict[str, float] = Field(
        default_factory=lambda: {"rural_poor": 0.70, "middle": 0.25, "urban": 0.05},
        description="[E] class mix of rural biradaris.",
    )
    class_shares_urban: dict[str, float] = Field(
        default_factory=lambda: {"rural_poor": 0.15, "middle": 0.45, "urban": 0.40},
        description="[E] class mix of urban wards.",
    )
    resample_each_run: bool = Field(
        False, description="Draw a new social structure for every run (else once per seed)."
    )

    # One check per field, so that every bad field is reported together.
    @field_validator("stations_per_locality", "clans_per_locality", "blocs_per_locality")
    @classmethod
    def _count_range(cls, value: tuple[int, int], info: ValidationInfo) -> tuple[int, int]:
        field, (lo, hi) = info.field_name, value
        cap = RANGE_MAX[field]
        if not 1 <= lo <= hi <= cap:
            raise ValueError(f"{field} must be (min, max) with 1 <= min <= max <= {cap}")
        return value

    @field_validator("largest_clan_share")
    @classmethod
    def _share_range(cls, value: tuple[float, float]) -> tuple[float, float]:
        lo, hi = value
        if not 0 < lo <= hi <= 1:
            raise ValueError("largest_clan_share must be (min, max) within (0, 1]")
        return value

    @field_validator("class_shares_rural", "class_shares_urban")
    @classmethod
    def _class_mix(cls, shares: dict[str, float]) -> dict[str, float]:
        unknown = set(shares) - set(CLASSES)
        if unknown:
            raise ValueError(f"unknown class {joined(sorted(unknown))}; use {joined(CLASSES)}")
        total = sum(shares.values())
        if any(v < 0 for v in shares.values()) or abs(total - 1) > 1e-6:
            raise ValueError(f"the shares must be non-negative and sum to 1, not {total:g}")
        return shares

    @field_validator("station_size_max")
    @classmethod
    def _sizes(cls, largest: int, info: ValidationInfo) -> int:
        smallest = info.data.get("station_size_min")  # absent if it failed its own check
        if smallest is not None and smallest > largest:
            raise ValueError(f"station_size_min ({smallest}) exceeds station_size_max")
        return largest


# Most of each per-village count: memory grows with them (clans up to 1e9 asked for 89 GiB).
RANGE_MAX = {"stations_per_locality": 100, "clans_per_locality": 200, "blocs_per_locality": 100}


# The ``[mechanisms.*]`` tables: one per mechanism of the registry, each with ``enabled``.
Mechanisms = create_model(
    "Mechanisms",
    __base__=Strict,
    __doc__="The ``[mechanisms.*]`` tables: one per mechanism, each with ``enabled``.",
    **{name: (params, params()) for name, params in MECHANISMS.items()},
)


# The logit scale of a candidate's appeal (tables.py): beyond +-20 a share is 0 or 1.
MOOD_LIMIT = 20.0


class ScenarioSpec(Strict):
    """The whole TOML file."""

    scenario: Meta
    tables: Tables
    parties: list[Party] = Field(min_length=1)
    mood: dict[str, dict[str, Annotated[float, Field(ge=-MOOD_LIMIT, le=MOOD_LIMIT)]]] = Field(
        default_factory=dict,
        description="Party strength (logit) by region; the key 'national' applies everywhere.",
    )
    electorate: Electorate = Electorate()
    choice: Choice = Choice()
    turnout: Turnout = Turnout()
    mechanisms: Mechanisms = Mechanisms()
    organisations: OrganisationsSpec | None = Field(
        None,
        description="Parties and movements as organisations: members, rules, internal "
        "elections, selection (docs/organisations.md).",
    )

    @model_validator(mode="after")
    def _check(self) -> ScenarioSpec:
        found = whole_file_messages([p.id for p in self.parties], self.mood)
        if found:
            raise ValueError(found[0])  # the loader names the rest (whole_file_problems)
        return self


def whole_file_messages(ids: list | None, mood: dict) -> list[str]:
    """Every break of a rule across the file's tables (``ids`` None: the parties are unread).

    Read from the file's own values too (``whole_file_problems``): a validator runs once every
    field is right, and stops at its first error.
    """
    if ids is None:
        return []
    found = []
    # Each repeat at its own entry: parties.2.id, not the whole list of parties.
    found += [
        f"parties.{j}.id: a duplicate party id, given first as parties.{ids.index(i)}.id"
        for j, i in enumerate(ids)
        if ids.index(i) < j
    ]
    for region, row in mood.items():
        unknown = set(row) - set(ids) if isinstance(row, dict) else set()
        # Each at its own key, the line of the file to correct: mood.North.PINK.
        for party in sorted(unknown):
            found.append(f"mood.{region}.{party}: unknown party (the parties: {', '.join(ids)})")
    return found

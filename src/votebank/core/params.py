"""Parameter models: the strict base every scenario table uses, and the core steps' own tables.

A mechanism's parameters subclass :class:`MechanismParams` in the mechanism's own file; the
``[choice]`` and ``[turnout]`` tables belong to the core steps (choice, turnout, count).
"""

from __future__ import annotations

from pydantic import ConfigDict, Field, field_validator

from votebank.core.labels import BACKGROUNDS, CLASSES
from votebank.strict import StrictModel


class Strict(StrictModel):
    """Base of every scenario table: strict keys and numbers, frozen once read.

    Unknown keys, NaN, infinity and booleans posing as numbers are errors.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)


class MechanismParams(Strict):
    """Base of every mechanism's parameters: strict keys, an on/off switch."""

    enabled: bool = Field(False, description="Switch the mechanism on.")


# A term of a utility (logit) or of a bloc's score. Appeals and moods lie within +-20
# (scenario/tables.py, scenario/schema.py); a weight or a shock's sd that spans that whole
# range means nothing, and a huge one only overflows or turns every run into noise.
UTILITY_LIMIT = 20.0
SHOCK_SD_LIMIT = UTILITY_LIMIT


class Choice(Strict):
    """The ``[choice]`` table: the baseline multinomial-logit vote choice."""

    party_id_bonus: float = Field(
        1.5, ge=0, le=UTILITY_LIMIT, description="[E] utility bonus for one's own party."
    )
    candidate_weight_rural: float = Field(
        0.7, ge=0, le=1, description="[E, direction S] weight of candidate vs party, rural."
    )
    candidate_weight_urban: float = Field(0.3, ge=0, le=1, description="[E] same, urban.")
    class_affinity: dict[str, dict[str, float]] = Field(
        default_factory=lambda: {
            "rural_poor": {"feudal": 0.2, "religious": 0.1},
            "middle": {"middle_class": 0.3, "feudal": -0.2},
            "urban": {"middle_class": 0.4, "feudal": -0.3, "dynastic": -0.1},
        },
        description="[E] utility of a candidate background to a voter class.",
    )
    candidate_shock_sd: float = Field(
        0.25,
        ge=0,
        le=SHOCK_SD_LIMIT,
        description="[E] per-run shock to each candidate's utility (campaign events).",
    )
    region_shock_sd: float = Field(
        0.10,
        ge=0,
        le=SHOCK_SD_LIMIT,
        description="[E] per-run shock to each party's mood in each region.",
    )
    national_shock_sd: float = Field(
        0.0,
        ge=0,
        le=SHOCK_SD_LIMIT,
        description="[E] per-run shock to each party's mood in every region at once (an error "
        "of the national forecast); 0 = off.",
    )

    # A check of its own field, so that it is reported beside the table's other bad fields;
    # each message names the class first, where the report then points.
    @field_validator("class_affinity")
    @classmethod
    def _affinity(cls, value: dict[str, dict[str, float]]) -> dict[str, dict[str, float]]:
        for name, row in value.items():
            if name not in CLASSES:
                raise ValueError(f"{name}: unknown class; use {', '.join(CLASSES)}")
            unknown = set(row) - set(BACKGROUNDS)
            if unknown:
                raise ValueError(f"{name}: unknown background {', '.join(sorted(unknown))}")
        return value


class Turnout(Strict):
    """The ``[turnout]`` table."""

    base: float = Field(
        0.44, gt=0, lt=1, description="[S] 2008 national turnout; used where a seat gives none."
    )
    female_ratio: float = Field(0.80, gt=0, le=1.5, description="[E] women's turnout / men's.")
    seat_sd: float = Field(
        0.15,
        ge=0,
        le=SHOCK_SD_LIMIT,  # on the logit scale too: 20 already throws turnout to 0% or 100%
        description="[E] per-run logit shock to a seat's turnout.",
    )
    rejected_share: float = Field(
        0.045, ge=0, lt=1, description="[S-weak] share of genuine ballots rejected at the count."
    )
    instructed_boost: float = Field(
        0.5, ge=0, description="[E] logit boost to turnout of voters a patron instructs."
    )

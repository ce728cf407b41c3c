"""Who the members are: the section's organisations and factions, and what their members do.

Field tags as in :mod:`votebank.scenario.organisations.section_spec`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import Field

from votebank.scenario.organisations.section_rules import Found
from votebank.scenario.organisations.strict_table import StrictTable


class Organisation(StrictTable):
    """One ``[[organisations.organisation]]`` entry: a party or a movement and its members.

    Members are generated at ``[organisations] start``; between ``start`` and the last date
    the section uses, new members join and members lapse or are expelled at the given rates.
    """

    id: str = Field(min_length=1, description="Organisation id, used by rules and elections.")
    name: str = Field("", description="Full name.")
    kind: Literal["party", "movement"] = Field(
        "party", description="A party selects candidates; a movement campaigns for one."
    )
    party: str = Field(
        min_length=1, description="Party id (in [[parties]]) whose candidates members work for."
    )
    members: int = Field(ge=0, le=20_000_000, description="Members at the start date.")
    groups: int = Field(
        0, ge=0, le=1_000_000, description="Local groups (0: none); seats are shared out."
    )
    founded: dt.date | None = Field(
        None, description="Earliest join date of the start's members (default: 2 years before)."
    )
    join_rate: float = Field(
        0.0, ge=0, le=10, description="New members a year, as a share of `members` [E]."
    )
    lapse_rate: float = Field(0.0, ge=0, le=10, description="Annual hazard of lapsing [E].")
    expel_rate: float = Field(0.0, ge=0, le=10, description="Annual hazard of expulsion [E].")
    active_share: float = Field(
        0.1, ge=0, le=1, description="Members who campaign at all (its recruits) [E]."
    )
    hours_per_week: float = Field(
        3.0, ge=0, le=80, description="Mean campaign hours a week of an active member [E]."
    )
    travel_share: float = Field(
        0.0, ge=0, le=1, description="Share of hours spent in the target seats of the region [E]."
    )
    targets: list[str] = Field(
        default_factory=list, description="Constituency ids the organisation sends members to."
    )
    target_marginals: int = Field(
        0, ge=0, description="Also target the party's N most marginal seats (by appeal shares)."
    )
    area_tilt: float = Field(
        1.0,
        ge=0,
        le=5,
        description="Home seats drawn in proportion to registered x party share^tilt [E].",
    )
    also_members: dict[str, float] = Field(
        default_factory=dict,
        description="Share of its members who are also members of each later-listed organisation.",
    )
    factions: dict[str, float] = Field(
        default_factory=dict, description="Faction shares among the members it recruits."
    )

    @classmethod
    def _problems(cls, view: Any) -> Found:
        found: Found = [
            ((name, k), v, "a share must be in [0, 1]")
            for name in ("also_members", "factions")
            for k, v in (getattr(view, name) or {}).items()
            if not 0 <= v <= 1
        ]
        total = sum((view.factions or {}).values())
        if view.factions and abs(total - 1) > 1e-6:
            found.append((("factions",), view.factions, f"shares must sum to 1, not {total:g}"))
        return found


class Faction(StrictTable):
    """One ``[[organisations.faction]]`` entry: a faction, its side and its slate."""

    id: str = Field(min_length=1, description="Faction id, used in `factions` shares.")
    name: str = Field("", description="Full name.")
    side: str = Field(
        "", description="Side in candidate selection (e.g. left, right); empty: the id."
    )
    turnout: float = Field(
        0.5, ge=0, le=1, description="Members who vote in internal elections [E]."
    )
    loyalty: float = Field(
        0.8, ge=0, le=1, description="Voters who rank their faction's slate (side) first [E]."
    )
    slate: list[str] = Field(
        default_factory=list, description="The faction's candidates in internal elections."
    )

    @property
    def side_name(self) -> str:
        """The side, defaulting to the faction's id."""
        return self.side or self.id

"""The organisations' internal elections: ``[[organisations.internal]]`` entries.

Field tags as in :mod:`votebank.scenario.organisations.section_spec`.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from votebank.scenario.organisations.strict_table import StrictTable

MAX_ORDER_NOISE = 100.0
"""Largest ``order_noise``. Slate places are 1 apart, so at 100 a loyal voter's order of the
slate is already all but random (the built-ins use 0.5); and 100 times the largest Gumbel draw
(about 38) stays far below the 1e6 that puts a loyal voter's own slate before every rival: a
larger scale changed nothing more, or ranked a rival slate first, or overflowed."""


class InternalElection(StrictTable):
    """One ``[[organisations.internal]]`` entry: a one-member-one-vote internal election."""

    org: str = Field(min_length=1, description="Organisation whose members vote.")
    office: str = Field("committee", description="What is elected (a committee, a leader).")
    seats: int = Field(1, ge=1, le=100, description="Places to fill (1: a leader).")
    rule: Literal["plurality", "block", "stv"] = Field(
        "stv",
        description="plurality (first preferences; SNTV for several seats), block (each voter "
        "backs as many as there are seats) or STV (Droop quota, fractional transfers).",
    )
    date: dt.date = Field(description="Polling day: who is a member then votes.")
    factions: list[str] = Field(
        default_factory=list, description="Factions whose slates stand (empty: all with a slate)."
    )
    ranks: int = Field(
        0, ge=0, le=10_000, description="Preferences a ballot gives (0: every candidate)."
    )
    order_noise: float = Field(
        0.5,
        ge=0,
        le=MAX_ORDER_NOISE,
        description="Gumbel scale of a loyal voter's reordering of the slate "
        f"(0 to {MAX_ORDER_NOISE:g}) [E].",
    )

"""The local selection of the party's candidates: the ``[organisations.selection]`` table.

Field tags as in :mod:`votebank.scenario.organisations.section_spec`.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import Field

from votebank.scenario.organisations.section_rules import Found
from votebank.scenario.organisations.strict_table import StrictTable

MAX_ENTHUSIASM = 10.0
"""Largest hours multiplier of ``[organisations.selection] enthusiasm``."""

APPEAL_LIMIT = 20.0
"""Largest size of an ``appeal_shift``: the candidate table's range of appeal
(``votebank.scenario.tables.APPEAL_LIMIT``, not imported: the scenario loader reads this
spec), to which a selection clips it, so 20 each way already spans it; larger overflowed."""


class Selection(StrictTable):
    """The ``[organisations.selection]`` table: local members select the party's candidates.

    In every seat where the party stands (or those in ``seats``) the sitting candidate, of a side
    drawn from ``sitting_sides``, faces a challenger of another side with probability
    ``challenge_prob``. The local members of ``org`` on ``date`` vote (turnout and loyalty of
    their faction); the challenger wins on a majority of the votes cast.
    """

    enabled: bool = Field(False, description="Switch selection on.")
    org: str = Field("", description="The party organisation whose local members select.")
    date: dt.date | None = Field(None, description="Selection day (default: the election).")
    seats: list[str] = Field(
        default_factory=list, description="Constituency ids (empty: all the party contests)."
    )
    sitting_sides: dict[str, float] = Field(
        default_factory=dict, description="Sides of the sitting candidates (shares) [E]."
    )
    challenge_prob: float = Field(
        1.0, ge=0, le=1, description="Probability a challenger of another side stands [E]."
    )
    turnout: float | None = Field(
        None, ge=0, le=1, description="Turnout of local members (default: each faction's)."
    )
    appeal_shift: dict[str, Annotated[float, Field(ge=-APPEAL_LIMIT, le=APPEAL_LIMIT)]] = Field(
        default_factory=dict,
        description="Logit shift to a candidate's appeal with floating voters, by side "
        f"({-APPEAL_LIMIT:g} to {APPEAL_LIMIT:g}) [E].",
    )
    deselection_penalty: float = Field(
        0.0, ge=0, le=5, description="Appeal lost with a sitting candidate's personal vote [E]."
    )
    # Bounded as other multipliers of effort are: 10 times the hours is far beyond any
    # campaign, and an unbounded one overflowed the hours to inf.
    enthusiasm: dict[str, dict[str, Annotated[float, Field(ge=0, le=MAX_ENTHUSIASM)]]] = Field(
        default_factory=dict,
        description="Hours multiplier of members by their side, then the candidate's side "
        f"(0 to {MAX_ENTHUSIASM:g}) [E].",
    )

    @classmethod
    def _problems(cls, view: Any) -> Found:
        shares = view.sitting_sides or {}
        found: Found = [
            (("sitting_sides", k), v, "a share must be non-negative")
            for k, v in shares.items()
            if v < 0
        ]
        total = sum(shares.values())
        if shares and abs(total - 1) > 1e-6:
            found.append((("sitting_sides",), shares, f"shares must sum to 1, not {total:g}"))
        return found

"""The membership rules the organisations declare: ``[[organisations.rule]]`` entries.

Field tags as in :mod:`votebank.scenario.organisations.section_spec`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import Field

from votebank.scenario.organisations.section_rules import Found
from votebank.scenario.organisations.strict_table import StrictTable


class Rule(StrictTable):
    """One ``[[organisations.rule]]`` entry: a membership rule of ``org`` about ``other``.

    * ``must_belong``: members of ``org`` must be members of ``other`` on ``date``; later joiners
      must be members of ``other`` when they join. Members who are not get a chance
      ``comply_prob`` to join ``other`` before the date and so stay.
    * ``expelled_resigned``: a member of ``org`` expelled from ``other`` is deemed to have
      resigned from ``org`` (with probability ``apply_prob``) on the expulsion day or on
      ``date``, whichever is later.

    Either rule may give the removed a hearing that reinstates them with probability
    ``hearing_prob`` ``hearing_delay_days`` after their removal.
    """

    kind: Literal["must_belong", "expelled_resigned"] = Field(description="What the rule says.")
    org: str = Field(min_length=1, description="Organisation whose membership the rule governs.")
    other: str = Field(min_length=1, description="The organisation it refers to.")
    date: dt.date = Field(description="Deadline (must_belong) or start (expelled_resigned).")
    comply_prob: float = Field(
        0.0, ge=0, le=1, description="must_belong: non-members of `other` who join it in time."
    )
    apply_prob: float = Field(
        1.0, ge=0, le=1, description="expelled_resigned: expelled members deemed resigned."
    )
    hearing_prob: float = Field(
        0.0, ge=0, le=1, description="Probability a hearing reinstates a removed member."
    )
    hearing_delay_days: int = Field(
        0, ge=0, le=36_500, description="Days from removal to reinstatement."
    )

    @classmethod
    def _problems(cls, view: Any) -> Found:
        # A rule of an organisation about itself removes no one: surely a slip.
        if view.org is not None and view.org == view.other:
            return [(("other",), view.other, "must be another organisation than `org`")]
        return []

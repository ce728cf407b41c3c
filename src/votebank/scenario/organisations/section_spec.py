"""The whole ``[organisations]`` section: parties and movements as organisations.

The section describes mass-membership organisations (a party and the movements affiliated to
it), the factions their members belong to (:mod:`~votebank.scenario.organisations.member_spec`),
the membership rules they declare (:mod:`~votebank.scenario.organisations.rule_spec`), internal
elections (:mod:`~votebank.scenario.organisations.internal_spec`), and the local selection of
the party's candidates (:mod:`~votebank.scenario.organisations.selection_spec`). It lives in the
scenario's TOML file (``ScenarioSpec.organisations``), else in a file ``organisations.toml``
next to it (:func:`votebank.scenario.organisations.load.load_organisations`).

Validation reports every problem at once: each table's fields and its own checks together
(:class:`~votebank.scenario.organisations.strict_table.StrictTable`), the section's names,
dates, candidates and shared members against each other (:meth:`OrganisationsSpec._problems`),
and, once the scenario's tables are read, its parties, seats and member counts against them
(:mod:`votebank.scenario.organisations.scenario_checks`).

Dates are TOML dates (``2017-07-01``). Shares are fractions. Rates are per year. Tags in the
field descriptions: [S] sourced, [A] from the article the scenario is built on, [E] estimate.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
from pydantic import Field

from votebank.scenario.organisations.internal_spec import InternalElection
from votebank.scenario.organisations.member_spec import Faction, Organisation
from votebank.scenario.organisations.rule_spec import Rule
from votebank.scenario.organisations.section_rules import (
    Found,
    candidate_problems,
    date_problems,
    name_problems,
    shared_problems,
    size_problems,
)
from votebank.scenario.organisations.selection_spec import Selection
from votebank.scenario.organisations.strict_table import StrictTable

ORGANISATIONS_FILE = "organisations.toml"
"""The file next to the scenario's TOML that holds the section when the TOML has none."""


class OrganisationsSpec(StrictTable):
    """The whole ``[organisations]`` section."""

    start: dt.date = Field(description="Date the organisations' `members` counts refer to.")
    election: dt.date = Field(description="General election day: rules apply as of then.")
    seed: int | None = Field(
        None, ge=0, description="Seed of the membership draws (default: the scenario's)."
    )
    campaign_weeks: float = Field(
        4.0, ge=0, le=52, description="Weeks of the short campaign members work in [E]."
    )
    canvass_share: float = Field(
        0.5, ge=0, le=1, description="Share of campaign hours spent knocking on doors [E]."
    )
    organisation: list[Organisation] = Field(min_length=1)
    faction: list[Faction] = Field(default_factory=list)
    rule: list[Rule] = Field(default_factory=list)
    internal: list[InternalElection] = Field(default_factory=list)
    selection: Selection = Selection()

    @classmethod
    def _problems(cls, view: Any) -> Found:
        """The section's names, dates, candidates and shared members, every problem."""
        return (
            name_problems(view)
            + date_problems(view)
            + candidate_problems(view)
            + shared_problems(view)
            + size_problems(view)
        )

    def org_index(self, org_id: str) -> int:
        """Index of an organisation by id."""
        return [o.id for o in self.organisation].index(org_id)

    @property
    def faction_ids(self) -> tuple[str, ...]:
        """Faction ids in declared order."""
        return tuple(f.id for f in self.faction)

    @property
    def sides(self) -> tuple[str, ...]:
        """Distinct sides of the factions, in order of first appearance."""
        return tuple(dict.fromkeys(f.side_name for f in self.faction))

    @property
    def side_of_faction(self) -> np.ndarray:
        """Each faction's side index, with -1 appended for members of no faction (index -1)."""
        sides = self.sides
        return np.array([sides.index(f.side_name) for f in self.faction] + [-1])

    @property
    def selection_date(self) -> dt.date:
        """Selection day: the selection's date, else the election."""
        return self.selection.date or self.election

    @property
    def horizon(self) -> dt.date:
        """The last date the section refers to: membership is simulated up to it."""
        dates = [self.election, self.selection_date]
        dates += [r.date for r in self.rule] + [e.date for e in self.internal]
        return max(dates)

"""Pydantic models of the ``[organisations]`` section: parties and movements as organisations.

The section describes mass-membership organisations (a party and the movements affiliated to
it), the factions their members belong to, the membership rules they declare, internal
elections, and the local selection of the party's candidates. It lives in the scenario's TOML
file once :class:`OrganisationsSpec` is wired into ``ScenarioSpec``; until then it is read from
a file ``organisations.toml`` next to the scenario's TOML file (:func:`load_organisations`).

Dates are TOML dates (``2017-07-01``). Shares are fractions. Rates are per year. Tags in the
field descriptions: [S] sourced, [A] from the article the scenario is built on, [E] estimate.
"""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd
from pydantic import ConfigDict, Field, ValidationError, model_validator
from pydantic_core import InitErrorDetails, PydanticCustomError

from votebank.errors import InputError, Problem
from votebank.strict import StrictModel

ORGANISATIONS_FILE = "organisations.toml"


class _Strict(StrictModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


Found = list[tuple[tuple[str | int, ...], object, str]]
"""Problems a check found: each its place in the table, the bad value and what is wrong."""


def _raise_all(title: str, found: Found) -> None:
    """Raise every problem a model check found, each at its own place (none: return).

    A check that raised ``ValueError`` could report only its first problem, and only at the
    place of the whole table; a :class:`ValidationError` carries them all, and pydantic adds
    the place of the table (``organisations.``) in front of each.
    """
    if found:
        raise ValidationError.from_exception_data(
            title,
            [
                InitErrorDetails(
                    # "missing": the loaders show "(missing)", not the empty value.
                    type=PydanticCustomError(
                        "missing" if value is None else "value_error", "{why}", {"why": why}
                    ),
                    loc=loc,
                    input=value,
                )
                for loc, value, why in found
            ],
        )


class Organisation(_Strict):
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

    @model_validator(mode="after")
    def _check(self) -> Organisation:
        found: Found = [
            ((name, k), v, "a share must be in [0, 1]")
            for name in ("also_members", "factions")
            for k, v in getattr(self, name).items()
            if not 0 <= v <= 1
        ]
        total = sum(self.factions.values())
        if self.factions and abs(total - 1) > 1e-6:
            found.append((("factions",), self.factions, f"shares must sum to 1, not {total:g}"))
        _raise_all("Organisation", found)
        return self


class Faction(_Strict):
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


class Rule(_Strict):
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


class InternalElection(_Strict):
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
        0.5, ge=0, description="Gumbel scale of a loyal voter's reordering of the slate [E]."
    )


class Selection(_Strict):
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
    appeal_shift: dict[str, float] = Field(
        default_factory=dict,
        description="Logit shift to a candidate's appeal with floating voters, by side [E].",
    )
    deselection_penalty: float = Field(
        0.0, ge=0, le=5, description="Appeal lost with a sitting candidate's personal vote [E]."
    )
    enthusiasm: dict[str, dict[str, float]] = Field(
        default_factory=dict,
        description="Hours multiplier of members by their side, then the candidate's side [E].",
    )

    @model_validator(mode="after")
    def _check(self) -> Selection:
        shares = self.sitting_sides
        found: Found = [
            (("sitting_sides", k), v, "a share must be non-negative")
            for k, v in shares.items()
            if v < 0
        ]
        total = sum(shares.values())
        if shares and abs(total - 1) > 1e-6:
            found.append((("sitting_sides",), shares, f"shares must sum to 1, not {total:g}"))
        found += [
            (("enthusiasm", side, k), v, "a multiplier must be non-negative")
            for side, row in self.enthusiasm.items()
            for k, v in row.items()
            if v < 0
        ]
        _raise_all("Selection", found)
        return self


class OrganisationsSpec(_Strict):
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

    @model_validator(mode="after")
    def _check(self) -> OrganisationsSpec:
        """Check the ids the section names against each other, reporting every problem."""
        ids = [o.id for o in self.organisation]
        factions = [f.id for f in self.faction]
        known = list(dict.fromkeys(factions))  # shown in messages, each once
        found: Found = [
            ((name, i, "id"), x, f"duplicate id: also {name}.{items.index(x)}.id")
            for name, items in (("organisation", ids), ("faction", factions))
            for i, x in enumerate(items)
            if items.index(x) < i
        ]
        for i, org in enumerate(self.organisation):
            later = set(ids[i + 1 :])
            found += [
                (
                    ("organisation", i, "also_members", k),
                    k,
                    f"not an organisation listed after {org.id!r}"
                    + (" (no such organisation)" if k not in ids else ""),
                )
                for k in org.also_members
                if k not in later
            ]
            found += [
                (("organisation", i, "factions", k), k, f"unknown faction; factions: {known}")
                for k in org.factions
                if k not in factions
            ]
        for name, items in (("rule", self.rule), ("internal", self.internal)):
            for i, item in enumerate(items):
                for key in ("org", "other"):
                    value = getattr(item, key, None)
                    if value is not None and value not in ids:
                        found.append(
                            ((name, i, key), value, f"unknown organisation; organisations: {ids}")
                        )
        for i, election in enumerate(self.internal):
            found += [
                (("internal", i, "factions", j), k, f"unknown faction; factions: {known}")
                for j, k in enumerate(election.factions)
                if k not in factions
            ]
        sel = self.selection
        if sel.enabled:
            if sel.org not in ids:
                why = f"unknown organisation; organisations: {ids}"
                found.append((("selection", "org"), sel.org, why))
            elif self.organisation[ids.index(sel.org)].kind != "party":
                why = "must be a party (kind = 'party'), not a movement"
                found.append((("selection", "org"), sel.org, why))
            if not sel.sitting_sides:
                why = "give the shares of the sitting candidates' sides"
                found.append((("selection", "sitting_sides"), None, why))
        sides = list(self.sides)
        named = [("sitting_sides", s) for s in sel.sitting_sides]
        named += [("appeal_shift", s) for s in sel.appeal_shift]
        for side, row in sel.enthusiasm.items():
            named += [("enthusiasm", side)] + [(f"enthusiasm.{side}", s) for s in row]
        found += [
            (("selection", *where.split(".", 1), s), s, f"unknown side; sides: {sides}")
            for where, s in named
            if s not in sides
        ]
        _raise_all("OrganisationsSpec", found)
        return self

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


def cross_check(
    spec: OrganisationsSpec,
    parties: set[str],
    constituencies: pd.DataFrame,
    shown: str = ORGANISATIONS_FILE,
) -> list[Problem]:
    """Check the party and constituency ids the section names against the scenario.

    Args:
        spec: The section.
        parties: Declared party ids.
        constituencies: The scenario's constituency table.
        shown: File name to report.

    Returns:
        Every problem found (empty when all is well).
    """
    problems = []
    ids = set(constituencies["id"])
    for i, org in enumerate(spec.organisation):
        if org.party not in parties:
            where = f"organisations.organisation.{i}.party"
            problems.append(Problem(shown, where, json.dumps(org.party), "party not declared"))
        problems += [
            Problem(
                shown,
                f"organisations.organisation.{i}.targets.{j}",
                json.dumps(s),
                "no such constituency",
            )
            for j, s in enumerate(org.targets)
            if s not in ids
        ]
    problems += [
        Problem(shown, f"organisations.selection.seats.{j}", json.dumps(s), "no such constituency")
        for j, s in enumerate(spec.selection.seats)
        if s not in ids
    ]
    return problems


def parse_organisations(raw: dict, shown: str = ORGANISATIONS_FILE) -> OrganisationsSpec:
    """Validate the ``organisations`` table of parsed TOML.

    Args:
        raw: The parsed TOML document (with a top-level ``organisations`` table) or the
            table itself.
        shown: File name to report.

    Returns:
        The validated section.

    Raises:
        InputError: listing every problem.
    """
    table = raw.get("organisations", raw)
    try:
        return OrganisationsSpec.model_validate(table)
    except ValidationError as exc:
        problems = [
            Problem(
                shown,
                ".".join(["organisations", *(str(p) for p in e.get("loc", ()))]),
                json.dumps(e.get("input"), default=str)[:120]
                if e.get("type") != "missing"
                else "(missing)",
                e.get("msg", "invalid").removeprefix("Value error, "),
            )
            for e in exc.errors()
        ]
        raise InputError(problems) from None


def load_organisations(scenario) -> OrganisationsSpec:
    """The scenario's ``[organisations]`` section, from its spec or ``organisations.toml``.

    Args:
        scenario: A loaded :class:`votebank.Scenario`.

    Returns:
        The validated section, checked against the scenario's parties and constituencies.

    Raises:
        InputError: when there is no section, or it has problems.
    """
    spec = getattr(scenario.spec, "organisations", None)
    shown = str(scenario.source)
    if spec is None:
        path = Path(scenario.source).parent / ORGANISATIONS_FILE
        shown = str(path)
        try:
            raw = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise InputError(
                [Problem(shown, "", str(path), "no [organisations] section and no such file")]
            ) from None
        except tomllib.TOMLDecodeError as exc:
            raise InputError([Problem(shown, "", "(TOML)", f"not valid TOML: {exc}")]) from None
        spec = parse_organisations(raw, shown)
    problems = cross_check(
        spec, {p.id for p in scenario.spec.parties}, scenario.constituencies, shown
    )
    if problems:
        raise InputError(problems)
    return spec

"""Pydantic models of the ``[organisations]`` section: parties and movements as organisations.

The section describes mass-membership organisations (a party and the movements affiliated to
it), the factions their members belong to, the membership rules they declare, internal
elections, and the local selection of the party's candidates. It lives in the scenario's TOML
file (``ScenarioSpec.organisations``), else in a file ``organisations.toml`` next to it
(:func:`load_organisations`).

Validation reports every problem at once: each table's fields and its own checks together
(:class:`_Strict`), the section's names, dates, candidates and shared members against each
other (:meth:`OrganisationsSpec._problems`), and, once the scenario's tables are read, its
parties, seats and member counts against them (:func:`cross_check`, which the scenario loader
runs through :func:`organisations_problems`).

Dates are TOML dates (``2017-07-01``). Shares are fractions. Rates are per year. Tags in the
field descriptions: [S] sourced, [A] from the article the scenario is built on, [E] estimate.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import tomllib
import typing
from pathlib import Path
from types import SimpleNamespace
from typing import Annotated, Any, Literal

import numpy as np
import pandas as pd
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

from votebank.errors import InputError, Problem
from votebank.organisations.section_rules import (
    Found,
    candidate_problems,
    date_problems,
    name_problems,
    shared_problems,
)
from votebank.strict import StrictModel

ORGANISATIONS_FILE = "organisations.toml"
MAX_ENTHUSIASM = 10.0
"""Largest hours multiplier of ``[organisations.selection] enthusiasm``."""


class _Strict(StrictModel):
    """A table of the section: its field errors and its own checks are reported together.

    A check written as an ``after`` validator runs only once every field is valid, so a bad
    count hid a misspelt name in the same section (and a check that raised ``ValueError``
    could report only its first problem, at the place of the whole table). Here each table's
    :meth:`_problems` runs on the fields that are valid (:func:`_view`) even when others are
    not, and every problem is raised in one :class:`ValidationError` at its own place;
    pydantic adds the place of the table (``organisations.``) in front of each.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    @model_validator(mode="wrap")
    @classmethod
    def _report_all(cls, data: Any, handler) -> Any:
        try:
            model, errors = handler(data), []
        except ValidationError as exc:
            model, errors = None, exc.errors()
        view = model if model is not None else _view(cls, data)
        found = cls._problems(view) if view is not None else []
        if errors or found:
            details = [_again(e) for e in errors] + [_detail(*f) for f in found]
            raise ValidationError.from_exception_data(cls.__name__, details)
        return model

    @classmethod
    def _problems(cls, view: Any) -> Found:
        """What is wrong in the table beyond its fields' own types and bounds.

        ``view`` has the table's fields as attributes: the model itself, or a view of raw
        data in which a field that is not valid on its own is None.
        """
        return []


def _detail(loc: tuple, value: object, why: str) -> InitErrorDetails:
    # "missing": the loaders show "(missing)", not the empty value.
    kind = "missing" if value is None else "value_error"
    return InitErrorDetails(
        type=PydanticCustomError(kind, "{why}", {"why": why}), loc=loc, input=value
    )


def _again(error: dict) -> InitErrorDetails:
    """A pydantic error raised again as it was (type, place, value and message)."""
    why = PydanticCustomError(error["type"], "{why}", {"why": error["msg"]})
    return InitErrorDetails(type=why, loc=error["loc"], input=error.get("input"))


@functools.cache
def _adapter(annotation: Any, metadata: tuple) -> TypeAdapter:
    return TypeAdapter(Annotated[(annotation, *metadata)] if metadata else annotation)


def _view(model: type[BaseModel], data: Any) -> SimpleNamespace | None:
    """The fields of a raw table that are valid on their own (bad: None; absent: default).

    Returns None when ``data`` is no table at all.
    """
    if isinstance(data, model):
        return data
    if not isinstance(data, dict):
        return None
    values = {}
    for name, field in model.model_fields.items():
        if name not in data:
            required = field.is_required()
            values[name] = None if required else field.get_default(call_default_factory=True)
            continue
        value, annotation = data[name], field.annotation
        inner = typing.get_args(annotation)[0] if typing.get_origin(annotation) is list else None
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            values[name] = _view(annotation, value)
        elif isinstance(inner, type) and issubclass(inner, BaseModel):
            values[name] = [_view(inner, v) for v in value] if isinstance(value, list) else None
        else:
            try:
                values[name] = _adapter(annotation, tuple(field.metadata)).validate_python(value)
            except ValidationError:
                values[name] = None
    return SimpleNamespace(**values)


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

    @classmethod
    def _problems(cls, view: Any) -> Found:
        # A rule of an organisation about itself removes no one: surely a slip.
        if view.org is not None and view.org == view.other:
            return [(("other",), view.other, "must be another organisation than `org`")]
        return []


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

    @classmethod
    def _problems(cls, view: Any) -> Found:
        """The section's names, dates, candidates and shared members, every problem."""
        return (
            name_problems(view)
            + date_problems(view)
            + candidate_problems(view)
            + shared_problems(view)
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


def party_shares(constituencies: pd.DataFrame, candidates: pd.DataFrame, party: str) -> np.ndarray:
    """Each seat's share of ``party`` from the candidates' appeals (softmax within the seat).

    Args:
        constituencies: The scenario's constituency table (its order is the seats' order).
        candidates: The candidate table (``constituency``, ``party``, ``appeal``).
        party: Party id.

    Returns:
        Share per seat (0 where the party does not stand).
    """
    seat_of = pd.Index(constituencies["id"]).get_indexer(candidates["constituency"])
    appeal = candidates["appeal"].to_numpy(float)
    top = np.full(len(constituencies), -np.inf)
    np.maximum.at(top, seat_of, appeal)
    e = np.exp(appeal - top[seat_of])
    total = np.bincount(seat_of, e, minlength=len(constituencies))
    mine = np.bincount(
        seat_of, np.where(candidates["party"].to_numpy() == party, e, 0.0), len(constituencies)
    )
    return np.divide(mine, total, out=np.zeros_like(mine), where=total > 0)


def home_weights(
    org: Organisation, constituencies: pd.DataFrame, candidates: pd.DataFrame
) -> np.ndarray:
    """Weight of each seat as the home of an organisation's members.

    ``registered x share^area_tilt``, ``share`` being the party's share of the seat
    (:func:`party_shares`); by ``registered`` alone where the party stands nowhere.
    """
    registered = constituencies["registered"].to_numpy(float)
    w = registered * party_shares(constituencies, candidates, org.party) ** org.area_tilt
    return w if w.sum() > 0 else registered.copy()


def cross_check(
    spec: OrganisationsSpec,
    parties: set[str],
    constituencies: pd.DataFrame | None,
    candidates: pd.DataFrame | None = None,
    shown: str = ORGANISATIONS_FILE,
) -> list[Problem]:
    """Check the parties, seats and member counts the section gives against the scenario.

    Args:
        spec: The section.
        parties: Declared party ids.
        constituencies: The scenario's constituency table (None: its checks are skipped, for
            a table that could not be read or a scenario cut to some seats).
        candidates: The scenario's candidate table (None: member counts are not checked).
        shown: File name to report.

    Returns:
        Every problem found (empty when all is well).
    """
    problems = []
    for i, org in enumerate(spec.organisation):
        if org.party not in parties:
            where = f"organisations.organisation.{i}.party"
            why = "party not declared in [[parties]]"
            problems.append(Problem(shown, where, json.dumps(org.party), why))
    if constituencies is None:
        return problems
    ids = set(constituencies["id"])
    for i, org in enumerate(spec.organisation):
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
        if candidates is None:
            continue
        # Members live in the seats they are drawn in; there cannot be more of them than
        # those seats' registered voters.
        weight = home_weights(org, constituencies, candidates)
        reach = int(constituencies["registered"].to_numpy(float)[weight > 0].sum())
        if org.members > reach:
            where = f"organisations.organisation.{i}.members"
            why = f"more than the {reach:,} registered voters of the seats its members live in"
            problems.append(Problem(shown, where, str(org.members), why))
    problems += [
        Problem(shown, f"organisations.selection.seats.{j}", json.dumps(s), "no such constituency")
        for j, s in enumerate(spec.selection.seats)
        if s not in ids
    ]
    return problems


def organisations_problems(
    spec: Any,
    constituencies: pd.DataFrame | None,
    candidates: pd.DataFrame | None,
    shown: str,
) -> list[Problem]:
    """The scenario's ``[organisations]`` section checked against the rest of the scenario.

    For the scenario loader (``votebank validate`` and every command that loads a scenario):
    the checks :func:`load_organisations` makes, made when the scenario is read.

    Args:
        spec: The scenario's spec (a ``ScenarioSpec``; no section: nothing to check).
        constituencies: Its constituency table (None: unreadable, or cut to some seats).
        candidates: Its candidate table (None: unreadable).
        shown: The scenario's file name in messages.
    """
    section = getattr(spec, "organisations", None)
    if section is None:
        return []
    parties = {p.id for p in spec.parties}
    return cross_check(section, parties, constituencies, candidates, shown)


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
    parties = {p.id for p in scenario.spec.parties}
    problems = cross_check(spec, parties, scenario.constituencies, scenario.candidates, shown)
    if problems:
        raise InputError(problems)
    return spec

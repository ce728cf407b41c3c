"""Members of parties and movements as a struct of arrays: who belongs where, and when.

One row per person. A person has a home seat (constituency), a faction, an activity level
(campaign hours a week; 0 for the inactive) and the organisation that recruited them
(``origin``). Memberships are ``(persons x organisations)`` matrices of days (days since
1970-01-01, :data:`NEVER` for "not"): a first spell ``joined <= day < left`` and, for those who
rejoin or are reinstated by a hearing, a second spell ``rejoined <= day < left_again``; ``reason``
says why the first spell ended. The boolean matrix of who belongs to what on a day is
:meth:`Members.belongs`.

Generation (:func:`generate_members`), one organisation at a time in declared order:

* The organisation's ``members`` at ``start`` are its own recruits plus the recruits of
  organisations listed before it who are also its members (``also_members``); its recruits join
  on days drawn uniformly from ``founded`` to ``start``, and new recruits join after ``start`` at
  ``join_rate`` a year (Poisson).
* Recruits live in seats drawn in proportion to ``registered x share^area_tilt``, where ``share``
  is the party's share of the seat from the candidates' appeals (softmax within the seat); their
  faction is drawn from ``factions``; a share ``active_share`` campaign, for a Gamma(2) number of
  hours a week with mean ``hours_per_week``.
* Every membership then lapses and is expelled after ``start`` at its organisation's annual
  hazards (exponential times), whichever comes first.
* Local groups: the seats, in order of region and id, are cut into ``groups`` runs of about
  equal expected membership; a member's group is their home seat's.

Every draw comes from a named stream ``organisations.<decision>`` (unit: the organisation) of
:class:`votebank.rng.Streams`, so the membership depends only on the seed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from votebank.errors import InputError, integer_problem
from votebank.rng import Streams
from votebank.scenario.organisations.home_seats import home_weights
from votebank.scenario.organisations.member_spec import Organisation
from votebank.scenario.organisations.section_spec import OrganisationsSpec

NEVER = np.int32(np.iinfo(np.int32).max)
EPOCH = dt.date(1970, 1, 1)
DAYS_PER_YEAR = 365.25

REASONS = ("", "lapsed", "expelled", "ineligible", "deemed_resigned")
LAPSED, EXPELLED, INELIGIBLE, DEEMED_RESIGNED = 1, 2, 3, 4


def day(when: dt.date | int | np.integer) -> int:
    """Day number (days since 1970-01-01) of a date; an integer is returned as it is."""
    if isinstance(when, int | np.integer):
        return int(when)
    return (when - EPOCH).days


def to_date(number: int) -> dt.date:
    """The date of a day number."""
    return EPOCH + dt.timedelta(days=int(number))


@dataclass(frozen=True)
class Members:
    """The members of every organisation (struct of arrays, one row per person).

    Attributes:
        orgs: Organisation ids (columns of the matrices).
        factions: Faction ids (values of ``faction``).
        seat_ids: Constituency ids (values of ``home``).
        member_id: Person id, ``0..n-1``.
        home: Home seat index, int32.
        faction: Faction index, int16 (-1: none).
        origin: Organisation that recruited the person, int16.
        hours: Campaign hours a week (0: inactive), float64.
        group: Local group of each organisation (-1: none), int32 ``(n, k)``.
        joined: Day the first spell began (NEVER: never a member), int32 ``(n, k)``.
        left: Day it ended (NEVER: it has not), int32 ``(n, k)``.
        reason: Why it ended (index into :data:`REASONS`), int8 ``(n, k)``.
        rejoined: Day a second spell began (NEVER: none), int32 ``(n, k)``.
        left_again: Day the second spell ended (NEVER: it has not), int32 ``(n, k)``.
    """

    orgs: tuple[str, ...]
    factions: tuple[str, ...]
    seat_ids: tuple[str, ...]
    member_id: np.ndarray
    home: np.ndarray
    faction: np.ndarray
    origin: np.ndarray
    hours: np.ndarray
    group: np.ndarray
    joined: np.ndarray
    left: np.ndarray
    reason: np.ndarray
    rejoined: np.ndarray
    left_again: np.ndarray

    def __len__(self) -> int:
        return len(self.member_id)

    def org(self, org: str | int) -> int:
        """Column of an organisation given by id or index."""
        return org if isinstance(org, int) else self.orgs.index(org)

    def member_of(self, org: str | int, on: dt.date | int | np.ndarray) -> np.ndarray:
        """Who belongs to ``org`` on a day (a date, a day number, or one day per person)."""
        j = self.org(org)
        t = on if isinstance(on, np.ndarray) else day(on)
        first = (self.joined[:, j] <= t) & (t < self.left[:, j])
        second = (self.rejoined[:, j] <= t) & (t < self.left_again[:, j])
        return first | second

    def belongs(self, on: dt.date | int) -> np.ndarray:
        """Boolean ``(persons x organisations)`` matrix of membership on a day."""
        return np.column_stack([self.member_of(j, on) for j in range(len(self.orgs))])

    def ever(self, org: str | int) -> np.ndarray:
        """Who was ever a member of ``org``."""
        j = self.org(org)
        return (self.joined[:, j] != NEVER) | (self.rejoined[:, j] != NEVER)

    def replace(self, **changes: np.ndarray) -> Members:
        """A copy with some arrays replaced."""
        return dataclasses.replace(self, **changes)

    def counts(self, on: dt.date | int) -> pd.DataFrame:
        """Members and active members of each organisation on a day."""
        inside = self.belongs(on)
        active = self.hours > 0
        return pd.DataFrame(
            {
                "organisation": list(self.orgs),
                "members": inside.sum(axis=0),
                "active": (inside & active[:, None]).sum(axis=0),
            }
        )

    def frame(self) -> pd.DataFrame:
        """One row per (person, organisation ever joined), dates as dates: for inspection."""
        rows, cols = np.nonzero(self.joined != NEVER)

        def dates(a: np.ndarray) -> pd.Series:
            out = pd.to_datetime(np.where(a == NEVER, np.nan, a), unit="D")
            return pd.Series(out)

        return pd.DataFrame(
            {
                "member_id": self.member_id[rows],
                "organisation": np.array(self.orgs, dtype=object)[cols],
                "constituency_id": np.array(self.seat_ids, dtype=object)[self.home[rows]],
                "group": self.group[rows, cols],
                "faction": np.array([*self.factions, ""], dtype=object)[self.faction[rows]],
                "hours": self.hours[rows],
                "joined": dates(self.joined[rows, cols]),
                "left": dates(self.left[rows, cols]),
                "reason": np.array(REASONS, dtype=object)[self.reason[rows, cols]],
                "rejoined": dates(self.rejoined[rows, cols]),
            }
        )


def seat_groups(weight: np.ndarray, region: np.ndarray, ids: np.ndarray, groups: int) -> np.ndarray:
    """Cut the seats, in order of region and id, into ``groups`` runs of about equal weight.

    Returns:
        Group index of every seat (-1 for all when ``groups`` is 0).
    """
    if groups <= 0:
        return np.full(len(weight), -1, dtype=np.int32)
    order = np.lexsort((ids, region))
    w = weight[order] / max(weight.sum(), 1e-300)
    before = np.cumsum(w) - w
    out = np.empty(len(weight), dtype=np.int32)
    out[order] = np.minimum((before * groups).astype(np.int64), groups - 1)
    return out


def generate_members(
    spec: OrganisationsSpec,
    constituencies: pd.DataFrame,
    candidates: pd.DataFrame,
    seed: int,
) -> Members:
    """Draw every organisation's members (see the module docstring).

    Args:
        spec: The ``[organisations]`` section.
        constituencies: The scenario's constituency table (``id``, ``region``, ``registered``).
        candidates: The scenario's candidate table.
        seed: The seed of the named streams.

    Returns:
        The members, with their spells up to the section's last date.

    Raises:
        InputError: on a ``seed`` that is not an integer from 0.
    """
    # int() ran 1.5 and True silently as seed 1; a negative seed failed deep in NumPy.
    if problem := integer_problem("seed", seed, 0):
        raise InputError([problem])
    streams = Streams(int(seed), 0, "organisations.")
    orgs = spec.organisation
    k = len(orgs)
    start, horizon = day(spec.start), day(spec.horizon)
    years = max(horizon - start, 0) / DAYS_PER_YEAR
    seats = constituencies["id"].to_numpy(dtype=object)
    region = constituencies["region"].to_numpy(dtype=object)
    factions = spec.faction_ids

    parts: list[dict[str, np.ndarray]] = []
    inherited = np.zeros(k, dtype=np.int64)  # members at start recruited by earlier orgs
    weights = []
    for j, org in enumerate(orgs):
        w = home_weights(org, constituencies, candidates)
        weights.append(w)
        if inherited[j] > org.members:
            # Validation keeps the expected shared members within the count; a draw above it
            # keeps a random `members` of them, so the count at the start is the declared one.
            _keep_shared(parts, j, start, int(inherited[j]) - org.members, streams)
            inherited[j] = org.members
        gen = streams.generator("members", j)
        n_start = org.members - int(inherited[j])
        n_new = int(gen.poisson(org.join_rate * org.members * years)) if years > 0 else 0
        n = n_start + n_new
        founded = _founded(org, start)
        joined = np.empty(n, dtype=np.int64)
        joined[:n_start] = gen.integers(min(founded, start), start + 1, n_start)
        joined[n_start:] = gen.integers(start + 1, horizon + 1, n_new) if n_new else []
        counts = gen.multinomial(n, w / w.sum())
        home = np.repeat(np.arange(len(seats), dtype=np.int32), counts)
        home = gen.permutation(home)
        if org.factions:
            p = np.array([org.factions.get(f, 0.0) for f in factions])
            faction = gen.choice(len(factions), size=n, p=p / p.sum()).astype(np.int16)
        else:
            faction = np.full(n, -1, dtype=np.int16)
        active = gen.random(n) < org.active_share
        hours = np.where(active, gen.gamma(2.0, org.hours_per_week / 2.0, n), 0.0)
        mat = np.full((n, k), NEVER, dtype=np.int64)
        mat[:, j] = joined
        for other, frac in org.also_members.items():
            m = spec.org_index(other)
            also = gen.random(n) < frac
            o_founded = _founded(orgs[m], start)
            initial = also & (joined <= start)
            mat[initial, m] = gen.integers(min(o_founded, start), start + 1, int(initial.sum()))
            later = also & (joined > start)
            mat[later, m] = joined[later]
            inherited[m] += int(initial.sum())
        parts.append(
            {
                "home": home,
                "faction": faction,
                "origin": np.full(n, j, dtype=np.int16),
                "hours": hours,
                "joined": mat,
            }
        )
    home = np.concatenate([p["home"] for p in parts]).astype(np.int32)
    joined = np.concatenate([p["joined"] for p in parts]).astype(np.int32)
    n = len(home)
    left = np.full((n, k), NEVER, dtype=np.int32)
    reason = np.zeros((n, k), dtype=np.int8)
    group = np.full((n, k), -1, dtype=np.int32)
    for j, org in enumerate(orgs):
        gen = streams.generator("events", j)
        has = joined[:, j] != NEVER
        since = np.maximum(joined[:, j], start).astype(np.float64)
        lapse = since + _exponential(gen, org.lapse_rate, n)
        expel = since + _exponential(gen, org.expel_rate, n)
        first = np.minimum(lapse, expel)
        ends = has & (first < horizon)
        left[ends, j] = np.ceil(first[ends]).astype(np.int32)
        reason[ends, j] = np.where(expel[ends] < lapse[ends], EXPELLED, LAPSED)
        by_seat = seat_groups(weights[j], region, seats, org.groups)
        group[has, j] = by_seat[home[has]]
    return Members(
        orgs=tuple(o.id for o in orgs),
        factions=factions,
        seat_ids=tuple(str(s) for s in seats),
        member_id=np.arange(n, dtype=np.int64),
        home=home,
        faction=np.concatenate([p["faction"] for p in parts]),
        origin=np.concatenate([p["origin"] for p in parts]),
        hours=np.concatenate([p["hours"] for p in parts]),
        group=group,
        joined=joined,
        left=left,
        reason=reason,
        rejoined=np.full((n, k), NEVER, dtype=np.int32),
        left_again=np.full((n, k), NEVER, dtype=np.int32),
    )


def _keep_shared(
    parts: list[dict[str, np.ndarray]], j: int, start: int, excess: int, streams: Streams
) -> None:
    """Take ``excess`` members at the start, drawn at random, out of organisation ``j``.

    They are recruits of earlier organisations drawn as also members of ``j`` (in place, in
    ``parts``), from a stream of their own so that no other draw moves.
    """
    where = [(p, np.flatnonzero(part["joined"][:, j] <= start)) for p, part in enumerate(parts)]
    flat = np.concatenate([rows for _, rows in where])
    owner = np.concatenate([np.full(len(rows), p) for p, rows in where])
    drop = streams.generator("shared", j).choice(len(flat), size=excess, replace=False)
    for p, row in zip(owner[drop], flat[drop], strict=True):
        parts[p]["joined"][row, j] = NEVER


def _founded(org: Organisation, start: int) -> int:
    """The day an organisation was founded; unknown: two years before the simulation starts."""
    return day(org.founded) if org.founded else start - 730


def _exponential(gen: np.random.Generator, rate: float, n: int) -> np.ndarray:
    """Days to an event with an annual hazard ``rate`` (inf for a zero rate); always draws n."""
    draws = gen.standard_exponential(n)
    if rate <= 0:
        return np.full(n, np.inf)
    return draws / rate * DAYS_PER_YEAR

"""Membership rules declared in ``[[organisations.rule]]``, applied to every member at once.

Two kinds of rule, each of an organisation ``org`` about another organisation ``other``:

``must_belong``
    "Members must belong to ``other`` by ``date``." On the day, every member of ``org`` who is
    not a member of ``other`` either joins ``other`` in time (probability ``comply_prob``; a
    person expelled from ``other`` cannot rejoin it) or is removed from ``org`` that day (reason
    ``ineligible``). Anyone who joins ``org`` after the day must already belong to ``other``:
    a recruit who does not, and does not comply, is refused (a spell of length zero, reason
    ``ineligible``). As the rule is written, a member who lapses from ``other`` after the day
    is not removed.

``expelled_resigned``
    "Members expelled from ``other`` after ``date`` may be deemed to have resigned." A member of
    ``org`` expelled from ``other`` on day ``e`` is deemed to have resigned on ``max(e, date)``
    with probability ``apply_prob`` (reason ``deemed_resigned``), if still a member then.

Either rule gives the removed a hearing: with probability ``hearing_prob`` the hearing
reinstates them ``hearing_delay_days`` after their removal (a second spell, which ends when
their first spell would have ended; someone who would have lapsed before the hearing is not
reinstated). Rules apply in the order declared, each to the membership the earlier ones left.

Applying the rules changes the members' spells over the whole period; who remains on a date
is then ``members.member_of(org, date)`` (:func:`remaining`). Draws come from the named streams
``organisations.rule.<i>.<decision>``, so a rule's draws do not move any other draw.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from votebank.organisations.members import (
    DEEMED_RESIGNED,
    EXPELLED,
    INELIGIBLE,
    NEVER,
    Members,
    day,
)
from votebank.rng import Streams
from votebank.scenario.organisations.rule_spec import Rule
from votebank.scenario.organisations.section_spec import OrganisationsSpec


@dataclass(frozen=True)
class RuleEffect:
    """What one rule did, person by person, and on which day.

    Attributes:
        index: The rule's position in ``[[organisations.rule]]``.
        rule: The rule.
        removed_day: Day the rule removed the person from ``org`` (NEVER where not removed).
        refused_day: Day a recruit after ``must_belong``'s deadline was refused, the day the
            recruit joined (NEVER where none).
        complied_day: Day the person joined ``other`` to stay (NEVER where not).
        reinstated_day: Day a hearing reinstated the removed person (NEVER where none).
    """

    index: int
    rule: Rule
    removed_day: np.ndarray
    refused_day: np.ndarray
    complied_day: np.ndarray
    reinstated_day: np.ndarray

    @property
    def removed(self) -> np.ndarray:
        """Persons the rule removed from ``org``."""
        return self.removed_day != NEVER

    @property
    def refused(self) -> np.ndarray:
        """Recruits after the deadline whom ``must_belong`` refused."""
        return self.refused_day != NEVER

    @property
    def complied(self) -> np.ndarray:
        """Persons who joined ``other`` to stay."""
        return self.complied_day != NEVER

    @property
    def reinstated(self) -> np.ndarray:
        """Removed persons whom a hearing reinstated."""
        return self.reinstated_day != NEVER

    def summary(self, on: dt.date | int | None = None) -> dict[str, object]:
        """Counts of what the rule did by a day (None: over the whole span simulated)."""
        last = NEVER if on is None else day(on)

        def by(days: np.ndarray) -> int:
            return int(((days != NEVER) & (days <= last)).sum())

        return {
            "rule": self.index,
            "kind": self.rule.kind,
            "org": self.rule.org,
            "other": self.rule.other,
            "date": self.rule.date.isoformat(),
            "removed": by(self.removed_day),
            "refused": by(self.refused_day),
            "complied": by(self.complied_day),
            "reinstated": by(self.reinstated_day),
        }


def apply_rules(
    members: Members, spec: OrganisationsSpec, seed: int, rules: list[Rule] | None = None
) -> tuple[Members, list[RuleEffect]]:
    """Apply the section's rules (or the ones given) in order.

    Args:
        members: Members before the rules.
        spec: The ``[organisations]`` section (its start date bounds compliance joins).
        seed: The seed of the named streams.
        rules: Rules to apply instead of ``spec.rule``.

    Returns:
        The members after the rules, and what each rule did.
    """
    streams = Streams(int(seed), 0, "organisations.rule.")
    effects = []
    for i, rule in enumerate(spec.rule if rules is None else rules):
        gen = streams.generator(f"{i}.{rule.kind}")
        if rule.kind == "must_belong":
            members, effect = _must_belong(members, rule, i, day(spec.start), gen)
        else:
            members, effect = _expelled_resigned(members, rule, i, gen)
        effects.append(effect)
    return members, effects


def remaining(members: Members, org: str | int, on: dt.date | int) -> np.ndarray:
    """Who belongs to ``org`` on a day (after whatever rules were applied to ``members``)."""
    return members.member_of(org, on)


def effects_frame(effects: list[RuleEffect], on: dt.date | int | None = None) -> pd.DataFrame:
    """One row per rule with the counts of what it did by a day (None: over the whole span)."""
    return pd.DataFrame([e.summary(on) for e in effects])


def _on(mask: np.ndarray, days: np.ndarray) -> np.ndarray:
    """The day of each person's event (NEVER where there is none)."""
    return np.where(mask, days, NEVER).astype(np.int64)


def _must_belong(
    members: Members, rule: Rule, index: int, start: int, gen: np.random.Generator
) -> tuple[Members, RuleEffect]:
    y, x = members.org(rule.org), members.org(rule.other)
    d = day(rule.date)
    n = len(members)
    u_comply, u_day, u_hearing = gen.random(n), gen.random(n), gen.random(n)
    joined, left, reason = members.joined.copy(), members.left.copy(), members.reason.copy()
    rejoined, left_again = members.rejoined.copy(), members.left_again.copy()
    # Members on the deadline who do not belong to `other`.
    offenders = members.member_of(y, d) & ~members.member_of(x, d)
    # Recruits after the deadline who do not belong to `other` when they join.
    late = (members.joined[:, y] > d) & (members.joined[:, y] != NEVER)
    # Expelled from `other` by the day they would join it: a late recruit's own joining day.
    by = np.where(late, members.joined[:, y], d)
    expelled_x = (members.reason[:, x] == EXPELLED) & (members.left[:, x] <= by)
    recruits = late & ~members.member_of(x, members.joined[:, y])
    can = ~expelled_x & (u_comply < rule.comply_prob)
    complied = (offenders | recruits) & can
    # Compliance: join `other` on a day before the deadline (or on joining, for recruits).
    lo = np.maximum(np.where(members.joined[:, y] == NEVER, start, members.joined[:, y]), start)
    hi = np.maximum(lo, d - 1)
    when = np.where(recruits, members.joined[:, y], lo + np.floor(u_day * (hi - lo + 1)))
    when = when.astype(np.int64)
    never_x = ~members.ever(x)
    first = complied & never_x
    joined[first, x] = when[first]
    again = complied & ~never_x  # lapsed before: a second spell of `other`
    rejoined[again, x] = when[again]
    left_again[again, x] = NEVER

    removed = offenders & ~complied
    refused = recruits & ~complied
    # End the spell running on the deadline: the first, or a second one an earlier rule began.
    second = removed & (members.rejoined[:, y] <= d)
    first = removed & ~second
    original_left = members.left[:, y].astype(np.int64)
    left[first, y] = d
    reason[first, y] = INELIGIBLE
    left_again[second, y] = d
    left[refused, y] = joined[refused, y]
    reason[refused, y] = INELIGIBLE
    removed_day = np.where(removed, d, NEVER).astype(np.int64)
    # A hearing reinstates into a second spell, so only removals from a first spell have one.
    reinstated = _hearing(
        first, removed_day, original_left, rule, u_hearing, rejoined[:, y], left_again[:, y]
    )
    out = members.replace(
        joined=joined, left=left, reason=reason, rejoined=rejoined, left_again=left_again
    )
    days = (
        _on(refused, members.joined[:, y]),
        _on(complied, when),
        _on(reinstated, removed_day + rule.hearing_delay_days),
    )
    return out, RuleEffect(index, rule, removed_day, *days)


def _expelled_resigned(
    members: Members, rule: Rule, index: int, gen: np.random.Generator
) -> tuple[Members, RuleEffect]:
    y, x = members.org(rule.org), members.org(rule.other)
    d = day(rule.date)
    n = len(members)
    u_apply, u_hearing = gen.random(n), gen.random(n)
    left, reason = members.left.copy(), members.reason.copy()
    rejoined, left_again = members.rejoined.copy(), members.left_again.copy()
    expelled = members.reason[:, x] == EXPELLED
    effective = np.maximum(np.where(expelled, members.left[:, x], NEVER), d).astype(np.int64)
    at = np.where(expelled, effective, 0)
    removed = expelled & members.member_of(y, at) & (u_apply < rule.apply_prob)
    # End the spell running on the day: the first, or a second one an earlier rule began.
    second = removed & (members.rejoined[:, y] <= at)
    first = removed & ~second
    original_left = members.left[:, y].astype(np.int64)
    left[first, y] = effective[first]
    reason[first, y] = DEEMED_RESIGNED
    left_again[second, y] = effective[second]
    removed_day = np.where(removed, effective, NEVER).astype(np.int64)
    # A hearing reinstates into a second spell, so only removals from a first spell have one.
    reinstated = _hearing(
        first, removed_day, original_left, rule, u_hearing, rejoined[:, y], left_again[:, y]
    )
    out = members.replace(left=left, reason=reason, rejoined=rejoined, left_again=left_again)
    never = np.full(n, NEVER, dtype=np.int64)
    back = _on(reinstated, removed_day + rule.hearing_delay_days)
    return out, RuleEffect(index, rule, removed_day, never, never.copy(), back)


def _hearing(
    removed: np.ndarray,
    removed_day: np.ndarray,
    original_left: np.ndarray,
    rule: Rule,
    u: np.ndarray,
    rejoined: np.ndarray,
    left_again: np.ndarray,
) -> np.ndarray:
    """Reinstate removed members whose hearing succeeds (in place on the column views)."""
    back_on = removed_day + rule.hearing_delay_days
    reinstated = removed & (u < rule.hearing_prob) & (original_left > back_on)
    rejoined[reinstated] = back_on[reinstated]
    left_again[reinstated] = original_left[reinstated]
    return reinstated

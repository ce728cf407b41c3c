"""The ``[organisations]`` section checked against the rest of the scenario.

Its parties against ``[[parties]]``, its seats against the constituency table, and its member
counts against the registered voters of the seats its members can live in.
"""

from __future__ import annotations

import json
from typing import Any

import pandas as pd

from votebank.errors import Problem
from votebank.scenario.kept_seats import no_such_seat
from votebank.scenario.organisations.home_seats import home_weights, seats_linked
from votebank.scenario.organisations.section_spec import ORGANISATIONS_FILE, OrganisationsSpec


def cross_check(
    spec: OrganisationsSpec,
    parties: set[str],
    constituencies: pd.DataFrame | None,
    candidates: pd.DataFrame | None = None,
    shown: str = ORGANISATIONS_FILE,
    aggregates: set[str] = frozenset(),
) -> list[Problem]:
    """Check the parties, seats and member counts the section gives against the scenario.

    Args:
        spec: The section.
        parties: Declared party ids.
        constituencies: The scenario's constituency table (None: its checks are skipped, for
            a table that could not be read or a scenario cut to some seats).
        candidates: The scenario's candidate table (None: member counts are not checked, nor
            are they where a seat is duplicated or unknown: the tables' checks name those).
        shown: File name to report.
        aggregates: Declared parties that stand for several candidates (``OTH``).

    Returns:
        Every problem found (empty when all is well).
    """
    problems = []
    for i, org in enumerate(spec.organisation):
        if org.party not in parties:
            where = f"organisations.organisation.{i}.party"
            why = "party not declared in [[parties]]"
            problems.append(Problem(shown, where, json.dumps(org.party), why))
        elif org.party in aggregates:  # its hours went to the voters of "all other candidates"
            where = f"organisations.organisation.{i}.party"
            why = "stands for several candidates: members have no candidate to work for"
            problems.append(Problem(shown, where, json.dumps(org.party), why))
    if constituencies is None:
        return problems
    ids = set(constituencies["id"])
    linked = candidates is not None and seats_linked(constituencies, candidates)
    for i, org in enumerate(spec.organisation):
        problems += [
            Problem(
                shown,
                f"organisations.organisation.{i}.targets.{j}",
                json.dumps(s),
                no_such_seat(constituencies, s, "the scenario"),  # e14000620: E14000620
            )
            for j, s in enumerate(org.targets)
            if s not in ids
        ]
        if candidates is None:
            continue
        # Hours sent to a seat the party does not contest would canvass for no candidate.
        stands = _contested(candidates, org.party)
        if org.party in parties and org.party not in aggregates and not stands:
            # Its members would live anywhere and every hour of theirs reach no candidate.
            where = f"organisations.organisation.{i}.party"
            why = "stands in no seat of the candidates table: its members' hours reach no one"
            problems.append(Problem(shown, where, json.dumps(org.party), why))
            continue
        problems += [
            Problem(
                shown,
                f"organisations.organisation.{i}.targets.{j}",
                json.dumps(s),
                f"{org.party} does not stand in this seat: its members' hours there are lost",
            )
            for j, s in enumerate(org.targets)
            if s in ids and s not in stands
        ]
        if not linked:  # the seats' weights cannot be told until the tables are put right
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
        Problem(
            shown,
            f"organisations.selection.seats.{j}",
            json.dumps(s),
            no_such_seat(constituencies, s, "the scenario"),
        )
        for j, s in enumerate(spec.selection.seats)
        if s not in ids
    ]
    sel, orgs = spec.selection, {o.id: o for o in spec.organisation}
    if candidates is not None and sel.enabled and sel.org in orgs:
        # A seat with no candidate of the party selects no one: it was skipped silently.
        party = orgs[sel.org].party
        stands = _contested(candidates, party)
        why = f"{party} does not stand in this seat: there is no candidate to select"
        problems += [
            Problem(shown, f"organisations.selection.seats.{j}", json.dumps(s), why)
            for j, s in enumerate(sel.seats)
            if s in ids and s not in stands
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
    the checks :func:`~votebank.scenario.organisations.load.load_organisations` makes, made when the
    scenario is read.

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
    aggregates = {p.id for p in spec.parties if p.aggregate}
    return cross_check(section, parties, constituencies, candidates, shown, aggregates)


def _contested(candidates: pd.DataFrame, party: str) -> set[str]:
    """The seats where ``party`` has a candidate."""
    return set(candidates.loc[candidates["party"] == party, "constituency"])

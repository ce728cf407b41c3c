"""Organisations feeding a general election: prepare the scenario, and the paired counterfactual.

The pieces it chains (each its own module):

* :mod:`~votebank.scenario.organisations.load`: the ``[organisations]`` section, read and
  checked (its pydantic models: :mod:`~votebank.scenario.organisations.section_spec`);
* :mod:`~votebank.organisations.members`: members as a struct of arrays, drawn from the section;
* :mod:`~votebank.organisations.rules`: membership rules applied to every member at once;
* :mod:`~votebank.organisations.capacity`: remaining active members' hours as canvass campaigns;
* :mod:`~votebank.organisations.internal`: one member one vote elections counted by votekit;
* :mod:`~votebank.organisations.selection`: local selection or deselection of candidates.

:func:`prepare` chains them into a general-election scenario (members, rules, selection,
capacity, campaigns) and :func:`counterfactual` runs the general election with and without the
rules as paired runs with common random numbers
(:func:`votebank.ensemble.compare.compare`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import pandas as pd

from votebank.canvass_plan import with_campaigns
from votebank.ensemble.compare import Comparison, compare_checked
from votebank.errors import InputError, Problem, callback_problem, integer_problem, seed_problem
from votebank.organisations.capacity import campaigns, capacity
from votebank.organisations.members import Members, generate_members
from votebank.organisations.rules import RuleEffect, apply_rules
from votebank.organisations.selection import SelectionResult, enthusiasm, select_candidates
from votebank.results.store import MAX_RUNS
from votebank.scenario.check import entry_scenario
from votebank.scenario.load import Scenario
from votebank.scenario.organisations.load import load_organisations
from votebank.scenario.organisations.section_spec import OrganisationsSpec

__all__ = [
    "Counterfactual",
    "OrganisationsSpec",
    "Prepared",
    "counterfactual",
    "election_day",
    "membership_seed",
    "prepare",
]


@dataclass(frozen=True)
class Prepared:
    """A general-election scenario fed by the organisations.

    Attributes:
        members: The members (after the rules, where applied).
        effects: What each rule did (empty without rules).
        selection: The candidate selections (None when off).
        capacity: Canvass hours per seat and party (:func:`capacity.capacity`).
        scenario: The scenario with the selected candidates; its canvass is not yet set.
    """

    members: Members
    effects: list[RuleEffect]
    selection: SelectionResult | None
    capacity: pd.DataFrame
    scenario: Scenario

    def with_canvass(self, seats: Iterable[str] | None = None) -> Scenario:
        """The scenario with the members' canvass as its campaigns (seats: see ``campaigns``).

        The scenario's own campaigns of parties the members do not work for stay (they were
        dropped); its campaigns of the members' parties are the members' hours, replaced.
        """
        own = self.scenario.spec.mechanisms.canvass
        ours = set(self.capacity["party"])
        kept = [c for c in own.campaigns if c.party not in ours] if own.enabled else []
        return with_campaigns(self.scenario, [*kept, *campaigns(self.capacity, seats)])


@dataclass(frozen=True)
class Counterfactual:
    """The general election without (A) and with (B) the rules, paired runs.

    Attributes:
        as_of: The day the rules, capacity and membership are measured on.
        without: The prepared variant without the rules.
        with_rules: The prepared variant with the rules.
        members: Members and active members by organisation in both variants.
        capacity: Canvass hours by party in both variants: all seats and the target seats.
        comparison: The paired runs (seats B - A with standard errors), None if no runs.
    """

    as_of: dt.date
    without: Prepared
    with_rules: Prepared
    members: pd.DataFrame
    capacity: pd.DataFrame
    comparison: Comparison | None


def election_day(spec: OrganisationsSpec, as_of: dt.date | None = None) -> dt.date:
    """The day the general election is measured on: ``as_of``, else the section's election.

    Raises:
        InputError: when ``as_of`` is no date, or falls outside the span whose membership is
            simulated (the section's ``start`` to its last date): every count would be
            nothing before it, and frozen after it.
    """
    on = spec.election if as_of is None else as_of
    if not isinstance(on, dt.date) or isinstance(on, dt.datetime):
        raise InputError([Problem("as_of", "", repr(as_of), "must be a date (YYYY-MM-DD)")])
    if not spec.start <= on <= spec.horizon:
        why = f"outside the membership simulated, {spec.start} to {spec.horizon}"
        raise InputError([Problem("as_of", "", on.isoformat(), why)])
    return on


def membership_seed(scenario: Scenario, spec: OrganisationsSpec, seed: int | None) -> int:
    """The seed of the membership draws: the one given, else the section's, else the scenario's."""
    for candidate in (seed, spec.seed, scenario.spec.scenario.seed):
        if candidate is not None:
            return int(candidate)
    return 0


def prepare(
    scenario: Scenario,
    spec: OrganisationsSpec,
    *,
    seed: int,
    rules: bool = True,
    as_of: dt.date | None = None,
    selection: bool = True,
    members: Members | None = None,
) -> Prepared:
    """Members, rules, selection and capacity for one variant of the general election.

    Args:
        scenario: The general-election scenario.
        spec: Its ``[organisations]`` section.
        seed: Seed of the membership, rule and selection draws.
        rules: Apply the section's rules.
        as_of: Day of the general election (default: the section's ``election``).
        selection: Run candidate selection where the section enables it.
        members: Members already drawn (else drawn from the section).

    Returns:
        The prepared variant.

    Raises:
        InputError: on a bad ``seed``, or an ``as_of`` outside the span simulated
            (:func:`election_day`).
    """
    # A float, bool or negative seed failed deep in NumPy or was silently truncated.
    if problem := integer_problem("seed", seed, 0):
        raise InputError([problem])
    on = election_day(spec, as_of)
    drawn = members
    if drawn is None:
        drawn = generate_members(spec, scenario.constituencies, scenario.candidates, seed)
    after, effects = apply_rules(drawn, spec, seed) if rules else (drawn, [])
    chosen, mult, current = None, None, scenario
    if selection and spec.selection.enabled:
        # Candidates are selected before the election, on whichever day comes first.
        chosen = select_candidates(scenario, after, spec, seed, min(spec.selection_date, on))
        mult = enthusiasm(after, spec, chosen, on)
        current = chosen.scenario
    # Targets come from the baseline candidates, so that every variant targets the same seats.
    cap = capacity(after, spec, current.constituencies, scenario.candidates, on, mult)
    return Prepared(after, effects, chosen, cap, current)


def _totals(cap: pd.DataFrame, label: str, spec: OrganisationsSpec) -> pd.DataFrame:
    """Canvass hours by party in all seats, each of its organisations' targets, and all targets."""
    rows = []
    for party, part in cap.groupby("party", sort=False):
        where = {"all seats": part["hours"] > -1, "any target": part["target"]}
        # Only the party's own organisations: another party's targets are not its own.
        own = [o.id for o in spec.organisation if o.party == party]
        where |= {f"{k} targets": part[f"target_{k}"] for k in own}
        for name, mask in where.items():
            sub = part[mask]
            rows.append(
                {
                    "party": party,
                    "seats": name,
                    "n_seats": len(sub),
                    f"active_{label}": sub["active"].sum(),
                    f"hours_{label}": sub["hours"].sum(),
                }
            )
    return pd.DataFrame(rows)


def counterfactual(
    scenario: Scenario,
    spec: OrganisationsSpec | None = None,
    *,
    runs: int,
    seed: int | None = None,
    as_of: dt.date | None = None,
    selection: bool = True,
    progress: Callable[[int, int], None] | None = None,
) -> Counterfactual:
    """The rules' effect on members, canvass capacity and general-election seats.

    Both variants share the members drawn before the rules, the selection draws and the general
    election's random numbers; they canvass the same seats (a seat with no hours in one variant
    gets a token campaign), so the paired differences are the rules' effect.

    Args:
        scenario: The general-election scenario.
        spec: Its ``[organisations]`` section (default: :func:`load_organisations`).
        runs: Paired general-election runs (0: capacity only).
        seed: Seed of everything (default: the section's, else the scenario's).
        as_of: Day of the general election (default: the section's ``election``).
        selection: Run candidate selection where the section enables it.
        progress: Called with (done, total) after each pair of runs.

    Returns:
        The counterfactual.

    Raises:
        InputError: on bad ``runs``, ``seed`` or ``progress``, a scenario whose tables or
            settings are wrong, or an ``as_of`` outside the span simulated
            (:func:`election_day`).
    """
    # Negative or NaN runs gave no comparison without a word; True made one run.
    # A scenario built or changed in memory is checked as a file is (a seat id given twice
    # raised a bare InvalidIndexError from the members' draw).
    scenario = entry_scenario(
        scenario,
        integer_problem("runs", runs, 0, MAX_RUNS),
        seed_problem(seed),
        callback_problem("progress", progress),
    )
    spec = spec or load_organisations(scenario)
    on = election_day(spec, as_of)
    s = membership_seed(scenario, spec, seed)
    drawn = generate_members(spec, scenario.constituencies, scenario.candidates, s)
    a = prepare(scenario, spec, seed=s, rules=False, as_of=on, selection=selection, members=drawn)
    b = prepare(scenario, spec, seed=s, rules=True, as_of=on, selection=selection, members=drawn)
    counts = a.members.counts(on).merge(
        b.members.counts(on), on="organisation", suffixes=("_without", "_with")
    )
    totals = _totals(a.capacity, "without", spec).merge(
        _totals(b.capacity, "with", spec).drop(columns="n_seats"), on=["party", "seats"]
    )
    totals["difference"] = totals["hours_with"] - totals["hours_without"]
    comparison = None
    if runs > 0:
        seats = sorted(
            set(a.capacity.loc[a.capacity["hours"] > 0, "constituency_id"])
            | set(b.capacity.loc[b.capacity["hours"] > 0, "constituency_id"])
        )
        comparison = compare_checked(
            a.with_canvass(seats), b.with_canvass(seats), runs=runs, seed=s, progress=progress
        )
    return Counterfactual(on, a, b, counts, totals, comparison)

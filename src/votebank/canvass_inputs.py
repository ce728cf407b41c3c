"""A canvass plan's inputs, checked together before any run: hours, seats, regions, seed."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from votebank.display import choices, joined
from votebank.errors import Problem
from votebank.mechanisms.canvass import MAX_HOURS
from votebank.results.store import MAX_RUNS
from votebank.scenario.kept_seats import no_such_seat
from votebank.scenario.load import Scenario

MAX_CHUNKS = 10_000
"""Most chunks of ``step_hours`` a budget may need: each costs runs (inf never ended)."""

NO_HOURS = 1e-9
"""Hours the planner counts as none left (rounding of its sums): a budget no larger is
refused, as nothing of it would be placed (it printed an empty plan and said it was stored)."""

MAX_SEED = 2**63 - 1
"""Largest seed a plan may have: table ``canvass_plan`` keeps it as a 64-bit integer."""


def _hours(option: str, where: str, value: float, low: str = ">") -> list[Problem]:
    """A problem if ``value`` is not a finite number above 0 (``low=">="``: at least 0)."""
    ok = math.isfinite(value) and (value > 0 if low == ">" else value >= 0)
    return [] if ok else [Problem(option, where, f"{value:g}", f"must be a finite number {low} 0")]


def _count(x: float) -> str:
    """A count as digits, or in powers of ten once digits would not be read (1e+298)."""
    return f"{x:,.0f}" if x < 1e15 else f"{x:.3g}"


def check_inputs(
    sc: Scenario,
    budget_hours: float,
    step_hours: float,
    party: str,
    home_seats: Mapping[str, float] | None,
    regions: Sequence[str] | None,
    runs: int = 100,
    per_round: int = 4,
    *,
    reach: bool = True,
    seed: int = 0,
) -> tuple[list[Problem], dict[str, float]]:
    """Problems with :func:`plan_canvass`'s inputs, by option, and the hours seats may take.

    Problems: hours not finite or not positive, a budget of no more than :data:`NO_HOURS`, more
    than :data:`MAX_CHUNKS` chunks, a budget past one campaign's ``MAX_HOURS``, unknown names, an
    aggregate party (it never wins), a seed the store cannot hold, regions with home seats, no
    seat within reach (unless ``reach`` is False: the caller dropped unread home seats, said so).
    Hours: a seat's home hours, else the budget.
    """
    problems = _hours("--budget", "", budget_hours) + _hours("--step", "", step_hours)
    if not problems and budget_hours <= NO_HOURS:
        why = f"must be more than {NO_HOURS:g} hours: the planner places nothing smaller"
        problems.append(Problem("--budget", "", f"{budget_hours:g}", why))
    elif not problems and budget_hours / step_hours > MAX_CHUNKS:
        why = f"needs {_count(budget_hours / step_hours)} chunks of --step {step_hours:g} hours; "
        why += f"at most {MAX_CHUNKS:,} (each costs runs): give --step "
        why += f"{_count(math.ceil(budget_hours / MAX_CHUNKS))} or more, or a smaller budget"
        problems.append(Problem("--budget", "", f"{budget_hours:g}", why))
    elif not problems and budget_hours > MAX_HOURS:  # one seat may be given all of it
        why = f"must be at most {MAX_HOURS:.0e} hours (a campaign's bound)"
        problems.append(Problem("--budget", "", f"{budget_hours:g}", why))
    if not 1 <= runs <= MAX_RUNS:
        problems.append(Problem("--runs", "", str(runs), f"must be 1 to {MAX_RUNS:,}"))
    if per_round < 1:
        problems.append(Problem("per_round", "", str(per_round), "must be at least 1"))
    if not 0 <= seed <= MAX_SEED:  # found only once the plan was made, by the store
        problems.append(Problem("--seed", "", str(seed), f"must be 0 to {MAX_SEED:,}"))
    parties, cons = [p.id for p in sc.spec.parties], sc.constituencies
    contested = contested_seats(sc, party)
    aggregates = [p.id for p in sc.spec.parties if p.aggregate]
    if party in aggregates:  # several candidates counted as one row: it never wins a seat
        why = f"stands for several candidates and cannot win a seat; parties: {joined(parties)}"
        problems.append(Problem("--party", "", party, why))
    elif not contested:
        why = f"stands in no seat of {sc.name}" if party in parties else "no such party"
        problems.append(Problem("--party", "", party, f"{why}; {choices(party, parties)}"))
    if home_seats is not None and regions:  # home seats say where volunteers are
        why = "cannot be used with --home (volunteers canvass their home seats): give one"
        problems.append(Problem("--region", "", ", ".join(regions)[:200], why))
    if home_seats is not None:
        for seat, hours in home_seats.items():
            if seat not in set(cons["id"]):
                why = no_such_seat(cons, seat, sc.name)
                problems.append(Problem("--home", seat, f"{seat}={hours:g}", why))
            elif contested and party not in aggregates and seat not in contested:
                # Its hours were dropped, reported only as hours "the seats ... take no more".
                why = f"{party} does not stand here: its volunteers' hours cannot be spent"
                problems.append(Problem("--home", seat, f"{seat}={hours:g}", why))
            problems += _hours("--home", seat, hours, ">=")
        caps = {s: float(h) for s, h in home_seats.items() if s in contested and h > NO_HOURS}
    else:
        known = sorted(set(cons["region"]))
        problems += [
            Problem("--region", "", r, f"no such region in {sc.name}; {choices(r, known)}")
            for r in regions or ()
            if r not in known
        ]
        chosen = cons if regions is None else cons[cons["region"].isin(list(regions))]
        caps = {s: float(budget_hours) for s in chosen["id"] if s in contested}
    if reach and not problems and not caps:
        where, given = ("--region", regions or ()) if home_seats is None else ("--home", home_seats)
        why = f"{party} stands in none of these seats"
        if home_seats:  # a seat where the party does not stand is refused above, by itself
            why = f"every seat given has no hours ({NO_HOURS:g} or fewer): give some to place"
        problems.append(Problem(where, "", ", ".join(given)[:200], why))
    return problems, caps


def contested_seats(scenario: Scenario, party: str) -> set[str]:
    """The seats where ``party`` has a candidate (where a plan may place its hours)."""
    cands = scenario.candidates
    return set(cands.loc[cands["party"] == party, "constituency"])

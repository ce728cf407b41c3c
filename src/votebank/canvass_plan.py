"""Plan a canvass: where should a party's volunteer-hours go to win the most seats?

:func:`plan_canvass` spends a budget of volunteer-hours in chunks of ``step_hours``, greedily:
each chunk goes to the seat where ensemble runs say one more chunk raises the party's chance
of winning the most. The chances come from runs with common random numbers: every allocation
is run with the same seed and run indices, so the difference between a seat with and without
a chunk is the canvass's effect, not noise between draws. Every candidate seat carries at least
a token campaign (``1e-6`` hours), so its voters are sampled by the same path whatever it is
given. The runs draw no canvass returns (the plan reads only who won), and leave out the steps
after the count that hand out seats by the whole house's totals (independents joining a party,
reserved seats): no canvass wins those, so a plan counts the seats the party's own candidates
win, by-elections included. A seat draws in a scenario cut to some seats exactly what it draws
in the whole one (its electorate, shocks and lot), so its result depends on its own hours and
those of the seats a step links to it (where one person stands in several, a winner of two
resigning one): a batch of runs prices the next chunk of just the seats the greedy needs and
their linked seats, in a scenario cut to them (:class:`Rungs`), and a seat's chances are those
it has in the whole scenario.

The canvass itself is :mod:`votebank.mechanisms.canvass` (GOTV 0.07 among contacted
supporters [S], 12 doors an hour, 33 % answered [E]).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from votebank.canvass_inputs import NO_HOURS, check_inputs, contested_seats
from votebank.canvass_rungs import Rungs, seat_groups
from votebank.ensemble.cluster import client_problems
from votebank.errors import InputError, callback_problem
from votebank.kept_arrays import KeptArrays
from votebank.mechanisms.canvass import TOKEN_HOURS, Campaign, CanvassParams
from votebank.run.many import many_runs
from votebank.run.model import Model
from votebank.run.outcome import Outcome
from votebank.run.schedule import schedule
from votebank.scenario.load import Scenario, load_scenario
from votebank.scenario.overrides import with_overrides
from votebank.version import __version__ as VERSION


def with_campaigns(scenario: Scenario, campaigns: Sequence[Campaign], **canvass: float) -> Scenario:
    """The scenario with its canvass switched on and these campaigns (plus canvass overrides).

    Args:
        scenario: The scenario.
        campaigns: The campaigns (replacing the scenario's).
        **canvass: Other ``[mechanisms.canvass]`` fields to override (e.g. ``gotv=0``).

    Returns:
        A scenario with a new spec (tables unchanged).
    """
    spec = scenario.spec
    current = spec.mechanisms.canvass.model_dump()
    current.update(enabled=True, campaigns=[c.model_dump() for c in campaigns])
    current.update(canvass)  # last: ``enabled=False`` is an override like any other
    mech = spec.mechanisms.model_copy(update={"canvass": CanvassParams.model_validate(current)})
    return scenario.with_spec(spec.model_copy(update={"mechanisms": mech}))


def per_seat_campaigns(scenario: Scenario) -> list[Campaign]:
    """The scenario's campaigns seat by seat (hours each seat gets); none if switched off."""
    on = scenario.spec.mechanisms.canvass.enabled  # off, as in `votebank run`, they do nothing
    ids = set(scenario.constituencies["id"])
    out = []
    for c in scenario.spec.mechanisms.canvass.campaigns if on else ():
        seats = [s for s in c.seats if s in ids]
        for s in seats:
            out.append(Campaign(party=c.party, seats=[s], hours=c.total_hours / len(seats)))
    return out


def subset(scenario: Scenario, seats: Sequence[str]) -> Scenario:
    """The scenario cut down to some seats (its campaigns kept seat by seat)."""
    keep = set(seats)
    cut = scenario.with_seats(keep)
    campaigns = [c for c in per_seat_campaigns(scenario) if c.seats[0] in keep]
    return with_campaigns(cut, campaigns)


def house_mechanisms(scenario: Scenario) -> list[str]:
    """Mechanisms of the scenario that only hand out seats after the count, house-wide.

    Independents joining a party and the reserved seats go by the whole house's totals: they
    would tie every seat to every other, and no canvass wins them.
    """
    steps = schedule(scenario.spec)
    house = {s for s in steps if s.phase == "after" and not (s.seat_local or s.person_linked)}
    return sorted({s.owner for s in house} - {s.owner for s in steps if s not in house} - {"core"})


def won_by_candidates(scenario: Scenario) -> Scenario:
    """The scenario less its :func:`house_mechanisms`, as a plan runs it.

    A plan counts the seats the party's own candidates win, by-elections included.
    """
    off = house_mechanisms(scenario)
    if not off:
        return scenario
    return scenario.with_spec(
        with_overrides(scenario.spec, {f"mechanisms.{o}.enabled": False for o in off})
    )


def win_matrix(
    scenario: Scenario,
    party: str,
    runs: int,
    seed: int,
    progress: Callable[[int], None] | None = None,
    client: Any = None,
    *,
    start: int = 0,
) -> np.ndarray:
    """Whether ``party`` wins each seat in runs ``start..start+runs-1`` (runs x seats, bool).

    Variants of one scenario that differ only in their canvass share one electorate (the cache).
    ``progress`` is called with the runs done after each. With a Dask ``client`` its workers
    make the runs; the matrix is the same.
    """
    p = [x.id for x in scenario.spec.parties].index(party)
    indices = range(start, start + runs)
    read = _outcome_without_returns
    made = many_runs(scenario, seed, indices, read, client=client, progress=progress)
    won = {i: o.final_party == p for i, o in made}  # not the outcomes: a run's arrays are large
    return np.array([won[i] for i in indices])  # workers return runs in any order


def _outcome_without_returns(model: Model, run_index: int) -> Outcome:
    """A run's outcome without what canvassers heard (the plan reads only who won)."""
    return model.outcome(run_index, canvass_returns=False)


def seats_won(
    scenario: Scenario,
    hours: Mapping[str, float],
    *,
    party: str,
    runs: int,
    seed: int,
) -> np.ndarray:
    """Seats ``party`` wins in each run when it adds ``hours`` (seat -> hours) to the canvass.

    Args:
        scenario: The scenario (its own campaigns stay).
        hours: Extra volunteer-hours of ``party`` by seat.
        party: The planning party.
        runs: Runs (indices ``0..runs-1``).
        seed: Ensemble seed (the same seed gives common random numbers across allocations).

    Returns:
        Seats won per run (int array).
    """
    base = per_seat_campaigns(scenario)
    ids = list(scenario.constituencies["id"])
    extra = seat_campaigns(party, ids, [hours.get(s, 0.0) for s in ids])
    return win_matrix(with_campaigns(scenario, base + extra), party, runs, seed).sum(axis=1)


def seat_campaigns(party: str, seats: list[str], hours) -> list[Campaign]:
    """One campaign of ``party`` per seat, never below a token presence (``TOKEN_HOURS``)."""
    return [
        Campaign(party=party, seats=[s], hours=max(float(h), TOKEN_HOURS))
        for s, h in zip(seats, hours, strict=True)
    ]


@dataclass(frozen=True)
class PlanRuns:
    """How a plan's batches are run: the seats given hours, with the seats linked to them.

    Attributes:
        whole: The scenario as a plan runs it (:func:`won_by_candidates`).
        party: The planning party.
        groups: Each seat's group (:func:`~votebank.canvass_rungs.seat_groups`).
        stands: The seats where the party stands.
        own: The scenario's own campaigns, seat by seat (:func:`per_seat_campaigns`).
    """

    whole: Scenario
    party: str
    groups: np.ndarray
    stands: frozenset[str]
    own: tuple[Campaign, ...]

    @classmethod
    def of(cls, scenario: Scenario, party: str) -> PlanRuns:
        """The batches of a plan of ``party`` on ``scenario``."""
        whole = won_by_candidates(scenario)
        stands = frozenset(contested_seats(whole, party))
        return cls(whole, party, seat_groups(whole), stands, tuple(per_seat_campaigns(whole)))

    def wins(
        self,
        hours: Mapping[str, float],
        runs: int,
        seed: int,
        progress: Callable[[int], None] | None = None,
        client: Any = None,
        *,
        start: int = 0,
    ) -> tuple[np.ndarray, list[str]]:
        """Whether the party wins each seat run (runs x seats, :func:`win_matrix`), and those seats.

        They are the seats of ``hours`` (given those hours, at least a token) and the seats
        linked to them, which keep the token campaign they have when planned, where the party
        stands.
        """
        ids = self.whole.constituencies["id"].to_numpy()
        at = pd.Index(ids).get_indexer(list(hours))
        run = list(ids[np.isin(self.groups, self.groups[at])])
        cut = self.whole if len(run) == len(ids) else self.whole.with_seats(run)
        kept = set(run)
        base = [c for c in self.own if c.seats[0] in kept]
        tokens = [s for s in run if s in self.stands and s not in hours]
        given = [*hours.values(), *[0.0] * len(tokens)]
        extra = seat_campaigns(self.party, [*hours, *tokens], given)
        variant = with_campaigns(cut, base + extra)
        return win_matrix(variant, self.party, runs, seed, progress, client, start=start), run


def plan_canvass(
    scenario: Scenario | str | Path,
    budget_hours: float,
    *,
    party: str,
    home_seats: Mapping[str, float] | None = None,
    regions: Sequence[str] | None = None,
    step_hours: float = 100.0,
    per_round: int = 4,
    runs: int = 100,
    seed: int = 0,
    progress: Callable[[float, float], None] | None = None,
    batch_progress: Callable[[int, int], None] | None = None,
    client: Any = None,
    kept: KeptArrays | None = None,
) -> pd.DataFrame:
    """Allocate volunteer-hours across seats to maximise the party's expected seats.

    Args:
        scenario: A scenario, or its name or path.
        budget_hours: Volunteer-hours to spend (at most ``canvass_inputs.MAX_CHUNKS`` chunks).
        party: The party whose campaign is planned.
        home_seats: Seat -> volunteer-hours available there (volunteers canvass where they
            live); the plan never gives a seat more. Not with ``regions``.
        regions: Volunteers travel anywhere within these regions (a travel radius by
            region); default: every seat the party contests.
        step_hours: Size of a chunk.
        per_round: Most chunks placed (in different seats) a round, before the chunks are
            priced again.
        runs: Runs per batch (indices ``0..runs-1``, common to every allocation).
        seed: Ensemble seed of the planning runs.
        progress: Called with (hours placed, hours it can place) after each round,
            last with both equal.
        batch_progress: Called with (runs done, runs) after each run of a batch: the first
            two batches price every candidate seat, minutes of a national scenario.
        client: A Dask client whose workers make each batch's runs (None: in this process);
            the plan is the same.
        kept: Where each batch priced is kept, so that the same plan asked again after a
            Ctrl-C or a kill reads them instead of running them (None: nowhere).

    Returns:
        One row per seat given hours, the largest gain first: ``rank``, ``constituency_id``,
        ``name``, ``region``, ``hours``, ``p_win_before``, ``p_win_after``, ``gain`` (seats),
        ``gain_per_100h``; no seat keeps hours that won it (and its linked seats) no run.
        ``attrs`` hold ``expected_seats_before``/``_after`` (over the ``candidate_seats``),
        ``hours_spent``, ``hours_unproductive`` (placed, won nothing, taken back), and the
        plan's inputs (``budget_hours``,
        ``step_hours``, ``per_round``, ``seed``, ``home_seats``, ``regions``, ``runs``,
        ``party``, ``scenario``, ``scenario_hash``: the scenario's digest, as a run stores it,
        for an edited copy keeps its name), which its table and store read, ``left_out``:
        the :func:`house_mechanisms` its runs leave out, and ``linked``: the plan's seats linked
        to others (a winner of several resigns all but one), whose P(win) is the seat held
        after by-elections, not its winner at the poll.

    Raises:
        InputError: Every problem :func:`check_inputs` finds, before any run.
    """
    sc = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
    problems, caps = check_inputs(
        sc, budget_hours, step_hours, party, home_seats, regions, runs, per_round, seed=seed
    )
    callbacks = {"progress": progress, "batch_progress": batch_progress}
    problems += [p for p in (callback_problem(k, v) for k, v in callbacks.items()) if p]
    problems += client_problems(client)
    if problems:
        raise InputError(problems)
    cons = sc.constituencies
    seats = [s for s in cons["id"] if s in caps]
    batches = PlanRuns.of(sc, party)
    at_seat = pd.Index(cons["id"]).get_indexer(seats)
    n = len(seats)
    tick = None if batch_progress is None else (lambda done: batch_progress(done, runs))
    key = {"scenario": sc.digest, "party": party, "runs": runs, "seed": seed, "version": VERSION}
    kept = kept or KeptArrays(None)

    def wins(hours: np.ndarray, at: np.ndarray) -> np.ndarray:
        """Runs ``party`` wins in seats ``at`` given their hours (a batch of runs)."""
        ids = [seats[i] for i in at]
        given = dict(zip(ids, hours, strict=True))
        batch = {**key, "hours": [*given.items()]}
        won, run = kept.get_or_make(batch, lambda: batches.wins(given, runs, seed, tick, client))
        return won[:, pd.Index(run).get_indexer(ids)].sum(0)

    cap = np.array([caps[s] for s in seats])
    rungs = Rungs(wins, cap, float(step_hours), groups=batches.groups[at_seat])
    level = np.zeros(n, dtype=np.int64)  # whole chunks each seat has taken
    given = np.zeros(n)
    # The loop stops once the budget or every seat's room is spent, so this is what it places.
    total = min(float(budget_hours), float(cap.sum()))
    tell = progress or (lambda _done, _total: None)
    won_now = rungs.won(level)
    won_before = won_now.copy()
    left = float(budget_hours)
    tell(0.0, total)
    while left > NO_HOURS:
        room = (cap - given) > NO_HOURS
        if not room.any():
            break
        ahead = np.where(room, level + 1, level)  # a seat without room needs no rung priced
        chunk = rungs.hours(ahead) - given
        gain = (rungs.won(ahead) - won_now) / runs / np.maximum(chunk, 1e-12)
        p_now = won_now / runs
        # Ties (e.g. no measurable gain anywhere) go to the seat closest to a coin toss.
        score = np.where(room, gain - 1e-9 * np.abs(p_now - 0.5), -np.inf)
        chosen = []  # after the first, chunks go only where they buy something (not safe seats)
        for s in np.argsort(-score, kind="stable")[:per_round]:
            if not np.isfinite(score[s]) or left <= NO_HOURS or (chosen and gain[s] <= 0):
                break
            amount = min(chunk[s], left)
            given[s] += amount
            left -= amount
            chosen.append(s)
        if not chosen:
            break
        chosen = np.array(chosen)
        level[chosen] += 1
        won_now[chosen] = rungs.won(level)[chosen]
        partial = given[chosen] < rungs.hours(level)[chosen] - NO_HOURS  # budget ran out
        if partial.any():
            at = rungs.together(chosen)
            priced = np.zeros(n)
            priced[at] = wins(given[at], at)
            won_now[chosen] = priced[chosen]
        tell(min(float(given.sum()), total), total)
    tell(total, total)  # the sums' rounding (NO_HOURS) left aside
    # Hours that bought nothing (a round's first chunk goes even where no chunk gains, since
    # several may): taken back where their group won no more runs than with none.
    group = rungs.groups
    gained = pd.Series(won_now - won_before).groupby(group).transform("sum").to_numpy()
    idle = (given > 0) & (gained <= 0)
    unproductive = float(given[idle].sum())
    given[idle], won_now[idle] = 0.0, won_before[idle]
    p_before, p_after = won_before / runs, won_now / runs
    names = cons.set_index("id").loc[seats]
    plan = pd.DataFrame(
        {
            "constituency_id": seats,
            "name": names["name"].to_numpy(),
            "region": names["region"].to_numpy(),
            "hours": given,
            "p_win_before": p_before,
            "p_win_after": p_after,
            "gain": p_after - p_before,
        }
    )
    plan["gain_per_100h"] = np.where(plan["hours"] > 0, 100 * plan["gain"] / plan["hours"], 0.0)
    plan = plan[plan["hours"] > 0].sort_values(["gain", "hours"], ascending=False)
    plan.insert(0, "rank", np.arange(1, len(plan) + 1))
    plan = plan.reset_index(drop=True)
    # Seats a winner of several resigns: P(win) there is the seat held after by-elections.
    sizes = pd.Series(batches.groups).map(pd.Series(batches.groups).value_counts())
    linked = set(cons["id"].to_numpy()[sizes.to_numpy() > 1])
    plan.attrs.update(
        linked=[s for s in plan["constituency_id"] if s in linked],
        expected_seats_before=float(p_before.sum()),
        expected_seats_after=float(p_after.sum()),
        hours_spent=float(given.sum()),
        hours_unproductive=unproductive,
        budget_hours=float(budget_hours),
        candidate_seats=n,
        step_hours=float(step_hours),
        per_round=per_round,
        seed=seed,
        home_seats=None if home_seats is None else dict(home_seats),
        regions=None if regions is None else list(regions),
        runs=runs,
        party=party,
        scenario=sc.name,
        scenario_hash=sc.digest,
        left_out=house_mechanisms(sc),
    )
    return plan

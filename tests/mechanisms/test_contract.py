"""The contract every step of the registry keeps, checked step by step (as scikit-learn checks
estimators): it changes only the columns it declares, draws only the streams it names (no two
steps share one), switched off it leaves a run exactly as if it were not there, and a seat-local
step acts in each seat alone and commutes with cutting the run to some seats.
"""

import copy
import dataclasses
import fnmatch
import itertools
import random
from functools import cache

import numpy as np
import pytest

import votebank as vb
from votebank.core.state import RunState
from votebank.core.step import VOTE_PHASES, Step, run_steps
from votebank.mechanisms.registry import MECHANISMS, STEPS
from votebank.rng import Streams, Whole
from votebank.run.model import Model
from votebank.run.schedule import schedule
from votebank.scenario.overrides import with_overrides
from votebank.scenario.schema import ScenarioSpec

SEED = 12
# Columns that start as None: what "no effect" means for them in one seat.
NEUTRAL = {"contact": 0.0, "choice_turnout": 1.0}


class RecordingStreams(Streams):
    """Streams that write down the name of every decision drawn."""

    def __init__(self, *args, drawn: set | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.drawn = set() if drawn is None else drawn

    def child(self, prefix):
        # As Streams.child: a by-election numbers its own seats, whatever seats these map.
        return RecordingStreams(
            self.entropy, self.run_index, f"{self.prefix}{prefix}.", drawn=self.drawn
        )

    def of_seats(self, seats, whole=None):
        return RecordingStreams(
            self.entropy, self.run_index, self.prefix, np.asarray(seats), whole, drawn=self.drawn
        )

    def generator(self, name, *unit):
        self.drawn.add(self.prefix + name)
        return super().generator(name, *unit)

    def generators(self, name, units):
        # Vectorised draws (uniform, binomial, multinomial) seed here, not through generator.
        self.drawn.add(self.prefix + name)
        return super().generators(name, units)


@cache
def pakistani():
    """Three seats, every Pakistani mechanism on (a winner of two seats resigns one)."""
    sc = vb.load_scenario("tiny")
    overrides = {
        "mechanisms.women_barred.enabled": True,
        "mechanisms.women_barred.station_share": 0.3,
        "mechanisms.alliances.enabled": True,
        "mechanisms.alliances.stand_downs": [{"party": "RED", "ally": "BLUE", "seats": ["T-3"]}],
        # South Asian levers (issue 18), strong enough to act in three seats
        "mechanisms.compilation.enabled": True,
        "mechanisms.compilation.seat_share": 0.7,
        "mechanisms.factions.enabled": True,
        "mechanisms.factions.rival_share": 1.0,
        "mechanisms.factions.hedge_prob": 0.4,
        "mechanisms.transport.enabled": True,
        "mechanisms.agents.enabled": True,
        "mechanisms.agents.coverage": 0.6,
        "mechanisms.electables.enabled": True,
        "mechanisms.electables.electable_appeal": 0.0,
        "mechanisms.electables.switch_intercept": 1.0,
    }
    return sc.with_spec(with_overrides(sc.spec, overrides))


@cache
def british():
    """Six English seats of 2015 by swing, each holding a by-election and canvassed."""
    sc = vb.load_scenario("uk-2015-from-2010")
    seats = list(sc.constituencies["id"][:6])
    campaigns = [
        {"party": party, "seats": [seat], "hours": 400.0}
        for seat in seats[:4]
        for party in ("Lab", "Con")
    ]
    spec = with_overrides(
        sc.spec,
        {
            "mechanisms.byelection.enabled": True,
            "mechanisms.byelection.local_shock_sd": 0.2,
            "mechanisms.canvass.enabled": True,
            "mechanisms.canvass.campaigns": campaigns,
            "mechanisms.tactical.enabled": True,
            "mechanisms.flows.enabled": True,
            "mechanisms.flows.second": {"UKIP": {"Con": 0.6}},
            "mechanisms.incumbency.enabled": True,
            "mechanisms.postal.enabled": True,
        },
    )
    return sc.with_spec(spec).with_seats(seats)


def scenario_for(step: Step):
    """A small built-in scenario in which the step runs."""
    for make in (pakistani, british):
        if step in schedule(make().spec):
            return make()
    raise AssertionError(
        f"no test scenario runs {step.name}: switch [mechanisms.{step.owner}] on in pakistani()"
        " or british() of tests/mechanisms/test_contract.py, strong enough to act"
    )


def start(scenario, run: int, steps=None, electorate_of=None) -> RunState:
    model = Model(scenario, SEED)
    el, types = Model(electorate_of or scenario, SEED).electorate(run)
    steps = schedule(scenario.spec) if steps is None else steps
    streams = RecordingStreams(SEED, run)
    return RunState.start(scenario.spec, model.contests, el, types, streams, steps)


def before(step: Step, run: int) -> RunState:
    """A run of the step's scenario stopped just before the step."""
    state = start(scenario_for(step), run)
    steps = state.schedule
    run_steps(state, steps[: steps.index(step)])
    return state


def same(a, b) -> bool:
    if a is None or b is None:
        return a is b
    if isinstance(a, np.ndarray):
        return a.shape == b.shape and np.array_equal(a, b, equal_nan=a.dtype.kind == "f")
    if isinstance(a, list | tuple):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    return a == b


def columns(state: RunState) -> dict:
    return {name: copy.deepcopy(getattr(state, name)) for name in RunState.columns()}


def differing(a: RunState, b: RunState) -> list[str]:
    return [name for name in RunState.columns() if not same(getattr(a, name), getattr(b, name))]


SEAT_LOCAL = [s for s in STEPS if s.seat_local]
PERSON_LINKED = [s for s in STEPS if s.person_linked]
MECHANISM_STEPS = [s for s in STEPS if s.owner != "core"]


def ids(steps):
    return [s.name for s in steps]


# What a run starts from, shared by every run of a model: a step may give its run new ones
# (declared as `contests.party`), never change these in place.
INPUTS = ("electorate", "contests", "types")


def inputs(state: RunState) -> dict:
    return {
        f"{part}.{f.name}": getattr(getattr(state, part), f.name)
        for part in INPUTS
        for f in dataclasses.fields(getattr(state, part))
    }


@pytest.mark.parametrize("step", STEPS, ids=ids(STEPS))
def test_a_step_changes_only_the_columns_it_declares(step):
    for run in range(2):
        state = before(step, run)
        was, shared = columns(state), {part: getattr(state, part) for part in INPUTS}
        was_inputs = copy.deepcopy(inputs(state))
        step.run(state)
        changed = {n for n in RunState.columns() if not same(was[n], getattr(state, n))}
        changed |= {n for n, v in inputs(state).items() if not same(was_inputs[n], v)}
        assert changed <= set(step.writes), f"{step.name} writes {changed - set(step.writes)}"
        for part, value in shared.items():
            for f in dataclasses.fields(value):
                old, now = was_inputs[f"{part}.{f.name}"], getattr(value, f.name)
                assert same(old, now), f"{step.name} changes the shared {part}.{f.name} in place"


@pytest.mark.parametrize("step", STEPS, ids=ids(STEPS))
def test_a_step_draws_only_the_streams_it_names(step):
    state = before(step, 0)
    state.streams.drawn.clear()
    global_state = np.random.get_state(), random.getstate()
    step.run(state)
    undeclared = {name for name in state.streams.drawn if not step.draws(name)}
    assert not undeclared, f"{step.name} draws undeclared streams {sorted(undeclared)}"
    # Nor from NumPy's or Python's global generator, nor from a generator of its own (seeded
    # by the OS): the same run stepped again gives the same columns.
    assert same(global_state, (np.random.get_state(), random.getstate())), (
        f"{step.name} draws from the global generator (np.random or random), not its streams"
    )
    again = before(step, 0)
    step.run(again)
    assert differing(state, again) == [], (
        f"{step.name} stepped twice from the same run differs in {differing(state, again)}: "
        "it draws from a generator of its own, not from the streams it names"
    )


def test_no_two_steps_share_a_stream():
    def overlap(p: str, q: str) -> bool:
        if p.endswith("*") and q.endswith("*"):
            return p[:-1].startswith(q[:-1]) or q[:-1].startswith(p[:-1])
        return fnmatch.fnmatchcase(p, q) or fnmatch.fnmatchcase(q, p)

    for a, b in itertools.combinations(STEPS, 2):
        shared = [(p, q) for p in a.streams for q in b.streams if overlap(p, q)]
        assert not shared, f"{a.name} and {b.name} share streams {shared}"
    # And every stream a whole run draws is claimed by exactly one step.
    for make in (pakistani, british):
        state = start(make(), 0)
        run_steps(state, state.schedule)
        for name in state.streams.drawn:
            owners = [s.name for s in STEPS if s.draws(name)]
            assert len(owners) == 1, f"stream {name} claimed by {owners}"


def test_every_mechanism_has_its_parameters_and_is_tested_here():
    assert set(MECHANISMS) == {s.owner for s in MECHANISM_STEPS}
    for step in MECHANISM_STEPS:
        assert step.params is not None
        assert step.params().enabled is False  # off unless a scenario switches it on
        scenario_for(step)


@pytest.mark.parametrize("step", MECHANISM_STEPS, ids=ids(MECHANISM_STEPS))
def test_switched_off_a_run_is_as_if_the_mechanism_were_not_there(step):
    scenario = scenario_for(step)
    off = scenario.with_spec(
        with_overrides(scenario.spec, {f"mechanisms.{step.owner}.enabled": False})
    )
    for run in range(2):
        # The scenario's own parameters, with the mechanism's steps taken out of the schedule
        # (and the electorate of the switched-off scenario: the builder reads the landlords'
        # switch, so that no patron stands without the mechanism).
        without = tuple(s for s in schedule(scenario.spec) if s.owner != step.owner)
        taken_out = start(scenario, run, without, electorate_of=off)
        run_steps(taken_out, without)
        switched_off = start(off, run)
        run_steps(switched_off, switched_off.schedule)
        assert differing(taken_out, switched_off) == []


def _seat_rows(state: RunState, axis: str, seats: np.ndarray) -> np.ndarray | None:
    """Rows of an axis that belong to ``seats`` (None for an axis without seats)."""
    if axis == "seat":
        return seats
    if axis == "type":
        return np.flatnonzero(np.isin(state.types.seat, seats))
    if axis in ("station", "cohort", "locality", "clan", "bloc", "landlord"):
        return np.flatnonzero(np.isin(state.electorate.seat_of(axis), seats))
    return None


@pytest.mark.parametrize(
    "step",
    [s for s in SEAT_LOCAL if s.owner != "core"],
    ids=ids(s for s in SEAT_LOCAL if s.owner != "core"),
)
def test_a_seat_local_mechanism_undone_in_one_seat_leaves_the_others_alone(step):
    axes = RunState.columns()
    for run in range(2):
        everywhere = before(step, run)
        step.run(everywhere)
        rest = everywhere.schedule[everywhere.schedule.index(step) + 1 :]
        undone = before(step, run)
        was = columns(undone)
        step.run(undone)
        seat = run % undone.contests.seats
        for name in step.writes:
            if name not in axes:
                continue  # a field of the contests or voter types, given the run anew
            rows = _seat_rows(undone, axes[name], np.array([seat]))
            if rows is None:
                continue  # a value of the whole run (e.g. a canvass's lift)
            if was[name] is None:
                if name in NEUTRAL and getattr(undone, name) is not None:
                    getattr(undone, name)[rows] = NEUTRAL[name]
                continue
            getattr(undone, name)[rows] = was[name][rows]
        run_steps(everywhere, rest)
        run_steps(undone, rest)
        others = np.arange(undone.contests.seats) != seat
        assert same(everywhere.seat_votes[others], undone.seat_votes[others]), step.name


@pytest.mark.parametrize("step", SEAT_LOCAL, ids=ids(SEAT_LOCAL))
def test_cutting_then_stepping_equals_stepping_then_cutting(step):
    records = {n for n, axis in RunState.columns().items() if axis == "record"}
    for run in range(2):
        state = before(step, run)
        n = state.contests.seats
        c = state.contests
        whole = Whole(seats=n, slots=c.slots, regions=tuple(c.region_names))
        # Two seats reordered on purpose, and each seat alone (a step that looks across
        # seats, at a national median say, may agree with the whole run on one cut only).
        cuts = [[n - 1, 0]] if n > 1 else []
        cuts += [[seat] for seat in range(n)]
        first_cuts = []
        for seats in map(np.array, cuts):
            first_cuts.append(state.cut(seats, state.streams.of_seats(seats, whole)))
            step.run(first_cuts[-1])
        step.run(state)
        for seats, first_cut in zip(map(np.array, cuts), first_cuts, strict=True):
            then_cut = state.cut(seats, state.streams.of_seats(seats, whole))
            differ = differing(first_cut, then_cut)
            wrong = [w for w in step.writes if w not in records and w in differ]
            if step.name in ROUNDED:
                wrong = [
                    w for w in wrong if not _close(getattr(first_cut, w), getattr(then_cut, w))
                ]
            assert not wrong, f"{step.name}: {wrong} differ on the run cut to seats {list(seats)}"


# Steps whose cut differs from the whole run in the last bits only, and why that is left.
ROUNDED = {
    # `by_party @ f` over one seat's row rounds unlike the same row among many (BLAS): a
    # utility 1e-16 apart. Summing it row by row changes the whole run's last bits too, and
    # with them, possibly, the UK figures.
    "flows": "matrix product",
}


def _close(a, b) -> bool:
    return a.shape == b.shape and np.allclose(a, b, rtol=1e-12, atol=1e-12, equal_nan=True)


@pytest.mark.parametrize("step", PERSON_LINKED, ids=ids(PERSON_LINKED))
def test_a_cut_holding_every_seat_of_its_persons_steps_as_the_whole_run(step):
    for run in range(2):
        state = before(step, run)
        c = state.contests
        person = c.person  # -1 in an empty slot
        twice = [p for p in np.unique(person[person >= 0]) if (person == p).any(axis=1).sum() > 1]
        seats = np.flatnonzero(np.isin(person, twice).any(axis=1))[::-1]  # reordered on purpose
        assert len(seats) > 1, "the step's scenario has nobody standing twice"
        whole = Whole(seats=c.seats, slots=c.slots, regions=tuple(c.region_names))
        first_cut = state.cut(seats, state.streams.of_seats(seats, whole))
        step.run(first_cut)
        step.run(state)
        then_cut = state.cut(seats, state.streams.of_seats(seats, whole))
        for name in step.writes:
            a, b = getattr(first_cut, name), getattr(then_cut, name)
            if RunState.columns()[name] == "record":  # a cut starts none; only these seats write
                a, b = sorted(map(repr, a)), sorted(map(repr, getattr(state, name)))
            assert same(a, b), f"{step.name}: {name} differs"


class _Spec:
    """A scenario spec that writes down which of its sections a step reads (``spec.choice``)."""

    def __init__(self, spec, path: str, seen: set):
        self._spec, self._path, self._seen = spec, path, seen

    def __getattr__(self, name):
        value = getattr(self._spec, name)
        if self._path == "spec" and name == "mechanisms":
            return _Spec(value, "spec.mechanisms", self._seen)
        self._seen.add(f"{self._path}.{name}")
        return value


def reads_of(step: Step, run: int, monkeypatch) -> set[str]:
    """The run-state columns and scenario sections the step touches (cutting a run aside)."""
    state = before(step, run)
    seen: set[str] = set()
    names, plain, cut = set(RunState.columns()), RunState.__getattribute__, RunState.cut
    cutting = []

    def recording(self, name):
        value = plain(self, name)
        if name == "spec":
            return _Spec(value, "spec", seen)
        if name in names and self is state and not cutting:
            seen.add(name)
        return value

    def quiet_cut(self, *args, **kwargs):
        cutting.append(True)
        try:
            return cut(self, *args, **kwargs)
        finally:
            cutting.pop()

    with monkeypatch.context() as m:
        m.setattr(RunState, "__getattribute__", recording)
        m.setattr(RunState, "cut", quiet_cut)
        step.run(state)
    return seen


@pytest.mark.parametrize("step", STEPS, ids=ids(STEPS))
def test_a_step_reads_only_what_it_declares(step, monkeypatch):
    # `votebank steps` prints these reads: a section or column left out hides a dependency.
    own = f"spec.mechanisms.{step.owner}"
    for run in range(2):
        seen = reads_of(step, run, monkeypatch)
        undeclared = seen - set(step.reads) - set(step.writes) - {own}
        assert not undeclared, f"{step.name} reads undeclared {sorted(undeclared)}"


@pytest.mark.parametrize("step", STEPS, ids=ids(STEPS))
def test_a_declared_section_is_one_of_the_scenario(step):
    sections = {f"spec.{name}" for name in ScenarioSpec.model_fields}
    sections |= {f"spec.mechanisms.{name}" for name in MECHANISMS}
    named = {r for r in step.reads if r.startswith("spec.")}
    assert named <= sections, f"{step.name} names no section {sorted(named - sections)}"


def test_a_step_that_votes_again_declares_what_the_vote_reads():
    # The by-elections of multi-seat winners run the vote and count steps again on a cut of
    # the run: what those read and no earlier one of them writes is read by the step.
    needed, written = set(), set()
    for step in STEPS:
        if step.phase in VOTE_PHASES:
            needed |= set(step.reads) - written
            written |= set(step.writes)
    for step in STEPS:
        if step.owner == "multiple_seats":
            assert needed <= set(step.reads), sorted(needed - set(step.reads))


def test_a_step_that_votes_again_declares_the_vote_steps_sections_and_streams():
    # A new step of phase vote or count is run again by the by-elections too: its section
    # and its streams (prefixed `byelection.`) belong in multiple_seats' declaration.
    again = next(s for s in STEPS if s.owner == "multiple_seats")
    for step in STEPS:
        if step.phase not in VOTE_PHASES:
            continue
        sections = {r for r in step.reads if r.startswith("spec.")}
        if step.owner != "core":
            sections.add(f"spec.mechanisms.{step.owner}")
        streams = [s for s in step.streams if not again.draws(f"byelection.{s}")]
        missing = sorted(sections - set(again.reads)) + [f"byelection.{s}" for s in streams]
        assert not missing, (
            f"{step.name} is of phase {step.phase!r}, so the by-elections of multiple_seats run "
            f"it again: add {missing} to the reads and streams of its STEP "
            "(mechanisms/multiple_seats.py)"
        )


def test_a_mechanism_no_test_scenario_runs_is_told_where_to_switch_it_on():
    new = Step("rumour", "rumour", "campaign", lambda state: None, "a new mechanism")
    with pytest.raises(AssertionError, match=r"\[mechanisms.rumour\] on in pakistani\(\)"):
        scenario_for(new)

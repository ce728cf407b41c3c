"""How close is a national run to the bare cost of its random draws? (target: <= 2x the floor)

Usage: ``python benchmarks/floor.py [--repeats 5] [--profile] [--no-write]``.

In one process: ``Model.of(load_scenario("pakistan-2008"), seed=1)`` builds the electorate;
one recording run (``model.state``, untimed) logs every binomial draw the run's steps make, with
its stream: every generator is wrapped, and the compiled (Numba) loops run as plain Python for
that one run so that their draws reach the wrapper (multinomials are conditional binomials, so
they are logged too). Then, ``--repeats`` times, alternating:

* floor (NumPy): the same draws, each stream's draws in one ``Generator.binomial`` call with
  the same arrays, all on ONE plain ``numpy.random.Generator`` (PCG64), nothing else;
* floor (compiled): all the draws in one compiled loop on one generator, the cheapest way to
  draw them that we know;
* full run: ``model.state(i)`` (every step of the schedule; the electorate is reused), after
  one untimed run, as runs follow runs in an ensemble.

Printed: the full run's median as a multiple of the lower floor, for the whole run and for the
vote step alone (``state.timings["vote"]`` against the vote step's draws). Also printed, to show
what the per-seat streams cost: the same draws in one call per decision (every seat's arrays
joined), and the construction of as many generators as the run builds (one per seat and
decision, ``SeedSequence`` + ``PCG64``).

``--profile`` also profiles one national run with pyinstrument (``pip install pyinstrument``)
and writes the top functions by own time to RESULTS.md.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from array import array
from collections import defaultdict
from contextlib import contextmanager
from pathlib import Path

import numpy as np
from numba import njit
from numba.core.registry import CPUDispatcher

import votebank.rng as vbrng
from peers import machine, write_section
from votebank.core.state import RunState
from votebank.core.step import run_steps
from votebank.rng import Streams
from votebank.run.model import Model
from votebank.run.schedule import schedule
from votebank.scenario.load import load_scenario


class Recorder:
    """A generator that logs its binomial draws (n, p) and forwards everything else."""

    def __init__(self, gen: np.random.Generator):
        self._gen = gen
        self.n, self.p = array("q"), array("d")

    def binomial(self, n, p, size=None):
        """Log the draw(s), then draw."""
        if np.ndim(n) == 0 and np.ndim(p) == 0:
            self.n.append(int(n))
            self.p.append(float(p))
        else:
            n_arr, p_arr = np.broadcast_arrays(np.asarray(n, np.int64), np.asarray(p, np.float64))
            self.n.frombytes(np.ascontiguousarray(n_arr).tobytes())
            self.p.frombytes(np.ascontiguousarray(p_arr).tobytes())
        return self._gen.binomial(n, p, size)

    def __getattr__(self, attr):
        return getattr(self._gen, attr)


@contextmanager
def compiled_loops_as_python():
    """Swap every Numba function of votebank for its Python original, then restore them."""
    swapped = []
    for name, module in list(sys.modules.items()):
        if name.startswith("votebank"):
            for attr, value in list(vars(module).items()):
                if isinstance(value, CPUDispatcher):
                    swapped.append((module, attr, value))
                    setattr(module, attr, value.py_func)
    try:
        yield
    finally:
        for module, attr, value in swapped:
            setattr(module, attr, value)


def record(model: Model, run_index: int) -> tuple[list, int]:
    """Run once with every stream's generator wrapped; return each generator's draws as
    ``(stream name, n, p)`` and the number of generators the run built."""
    recorders: list[tuple[str, Recorder]] = []
    original = vbrng.Streams.generator

    def generator(self, name, *unit):
        recorder = Recorder(original(self, name, *unit))
        recorders.append((self.prefix + name, recorder))
        return recorder

    def generators(self, name, units):  # the units' generators seeded together: the same
        return (generator(self, name, int(u)) for u in units)

    originals = original, vbrng.Streams.generators
    vbrng.Streams.generator, vbrng.Streams.generators = generator, generators
    try:
        with compiled_loops_as_python():
            model.state(run_index)
    finally:
        vbrng.Streams.generator, vbrng.Streams.generators = originals
    log = [
        (name, np.frombuffer(r.n, np.int64), np.frombuffer(r.p, np.float64))
        for name, r in recorders
        if len(r.n)
    ]
    return log, len(recorders)


@njit
def _draw_all(gen, n, p):
    total = 0
    for i in range(n.shape[0]):
        total += gen.binomial(n[i], p[i])
    return total


def clocks() -> tuple[float, float]:
    """Wall and CPU seconds now."""
    return time.perf_counter(), time.process_time()


def since(start: tuple[float, float]) -> tuple[float, float]:
    """Wall and CPU seconds since ``start``."""
    wall, cpu = clocks()
    return wall - start[0], cpu - start[1]


def time_calls(calls: list, gen: np.random.Generator) -> tuple[float, float]:
    """Wall and CPU seconds to make ``calls`` (n, p) on one generator."""
    start = clocks()
    for n, p in calls:
        gen.binomial(n, p)
    return since(start)


def time_compiled(n: np.ndarray, p: np.ndarray, gen: np.random.Generator) -> tuple[float, float]:
    """Wall and CPU seconds to draw every ``(n, p)`` in one compiled loop on one generator."""
    start = clocks()
    _draw_all(gen, n, p)
    return since(start)


def staged_vote(model: Model, run_index: int) -> tuple[float, float]:
    """Run ``run_index`` step by step; wall and CPU seconds of its vote step alone."""
    el, types = model.electorate(run_index)
    spec = model.scenario.spec
    steps = schedule(spec)
    state = RunState.start(
        spec, model.contests, el, types, Streams(model.entropy, run_index), steps
    )
    k = [s.name for s in steps].index("vote")
    run_steps(state, steps[:k])
    start = clocks()
    steps[k].run(state)
    took = since(start)
    run_steps(state, steps[k + 1 :])
    return took


def joined(log: list) -> list:
    """One call per decision: every seat's arrays of a stream name joined."""
    by_name: dict[str, tuple[list, list]] = defaultdict(lambda: ([], []))
    for name, n, p in log:
        by_name[name][0].append(n.ravel())
        by_name[name][1].append(np.broadcast_to(p, n.shape).ravel())
    return [(np.concatenate(ns), np.concatenate(ps)) for ns, ps in by_name.values()]


def profile(model: Model, run_index: int, top: int = 12) -> str:
    """Profile one run: pyinstrument (own and inclusive time by function) and cProfile (own
    time including C functions such as ``Generator.binomial``, which pyinstrument folds into
    their Python caller). Returns Markdown tables."""
    import cProfile
    import pstats

    from pyinstrument import Profiler

    profiler = Profiler(interval=0.001)
    profiler.start()
    model.state(run_index)
    profiler.stop()
    root = profiler.last_session.root_frame()
    own: dict[str, float] = defaultdict(float)
    total: dict[str, float] = defaultdict(float)

    def walk(frame, seen: frozenset) -> None:
        if frame.is_synthetic:  # '[self]' lines: already in the parent's total_self_time
            return
        key = f"{frame.function} ({frame.file_path_short}:{frame.line_no})"
        own[key] += frame.total_self_time
        if key not in seen:  # inclusive time counts a recursive function once
            total[key] += frame.time
        for child in frame.children:
            walk(child, seen | {key})

    walk(root, frozenset())
    whole = root.time
    own_top = sorted(own.items(), key=lambda kv: -kv[1])[:top]
    mine = [kv for kv in total.items() if "votebank" in kv[0] and kv[1] < whole * 0.99]
    inc_top = sorted(mine, key=lambda kv: -kv[1])[:top]
    lines = [
        f"pyinstrument (1 ms sampling) of one national run: {whole:.2f} s under the profiler.\n",
        "| own time (pyinstrument) | share | inclusive time, votebank functions | share |",
        "|---|---:|---|---:|",
    ]
    for i in range(top):
        a = own_top[i] if i < len(own_top) else ("", 0.0)
        b = inc_top[i] if i < len(inc_top) else ("", 0.0)
        lines.append(
            f"| `{a[0]}` | {100 * a[1] / whole:.1f}% | `{b[0]}` | {100 * b[1] / whole:.1f}% |"
        )

    prof = cProfile.Profile()
    prof.enable()
    model.state(run_index + 1)
    prof.disable()
    stats = pstats.Stats(prof)
    rows = sorted(stats.stats.items(), key=lambda kv: -kv[1][2])  # by own (total) time
    whole_c = sum(v[2] for v in stats.stats.values())
    lines += [
        "",
        f"cProfile of another national run: {whole_c:.2f} s of own time in all.\n",
        "| own time (cProfile) | calls | seconds | share |",
        "|---|---:|---:|---:|",
    ]
    for (file, line, func), (_, ncalls, tottime, _, _) in rows[:top]:
        where = func if file == "~" else f"{func} ({'/'.join(Path(file).parts[-2:])}:{line})"
        lines.append(f"| `{where}` | {ncalls:,} | {tottime:.3f} | {100 * tottime / whole_c:.1f}% |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()

    model = Model.of(load_scenario("pakistan-2008"), seed=1)
    start = time.perf_counter()
    el, _ = model.electorate(0)
    build = time.perf_counter() - start
    log, generators = record(model, 10_000)
    calls = [(n, p) for _, n, p in log]
    vote_calls = [(n, p) for name, n, p in log if name.startswith("vote.")]
    one_call = joined(log)
    all_n, all_p = (np.concatenate(x) for x in zip(*calls, strict=True))
    vote_n, vote_p = (np.concatenate(x) for x in zip(*vote_calls, strict=True))
    _draw_all(np.random.default_rng(0), all_n[:10], all_p[:10])  # compile before timing
    sizes = np.array([n.size for n, _ in calls])
    steps = defaultdict(lambda: [0, 0])
    for name, n, _ in log:
        steps[name.split(".")[0]][0] += 1
        steps[name.split(".")[0]][1] += n.size

    keys = ("floor", "vote_floor", "compiled", "vote_compiled", "joined", "gens", "together")
    keys += ("full", "vote")
    got: dict[str, list[tuple[float, float]]] = {k: [] for k in keys}
    gen = np.random.default_rng(1)
    for i in range(args.repeats):
        got["floor"].append(time_calls(calls, gen))
        got["vote_floor"].append(time_calls(vote_calls, gen))
        got["joined"].append(time_calls(one_call, gen))
        got["compiled"].append(time_compiled(all_n, all_p, gen))
        got["vote_compiled"].append(time_compiled(vote_n, vote_p, gen))
        streams = vbrng.Streams(1, i)
        start = clocks()
        for u in range(generators):
            streams.generator("floor.check", u)
        got["gens"].append(since(start))
        start = clocks()
        for _ in streams.generators("floor.check", np.arange(generators)):
            pass
        got["together"].append(since(start))
        # An untimed run first: in an ensemble, runs follow runs (the floor's big arrays
        # just freed would otherwise make the run pay for fresh pages).
        model.state(1000 + i)
        start = clocks()
        model.state(i)
        got["full"].append(since(start))
        got["vote"].append(staged_vote(model, 100 + i))
    wall = {k: statistics.median(w for w, _ in v) for k, v in got.items()}
    cpu = {k: statistics.median(c for _, c in v) for k, v in got.items()}
    floor = min(("floor", "compiled"), key=cpu.get)
    vote_floor = min(("vote_floor", "vote_compiled"), key=cpu.get)
    step_lines = ", ".join(f"{k} {c:,} calls / {s:,} draws" for k, (c, s) in steps.items())
    d = el.describe()
    lines = [
        f"pakistan-2008, seed 1: {d['voters'] + d['ghosts']:,} registered ({d['voters']:,} "
        f"real), {d['cohorts']:,} cohorts, {d['stations']:,} stations; electorate built in "
        f"{build:.1f} s (not in the run). Medians of {args.repeats}, alternating floor and run.\n",
        f"- binomial draws per run: {int(sizes.sum()):,} from {len(calls):,} streams "
        f"(median {int(np.median(sizes))} draws per stream, largest {int(sizes.max()):,}); by "
        f"step: {step_lines}; generators built per run: {generators:,}.",
        "",
        "| what | wall s | CPU s |",
        "|---|---:|---:|",
        *(
            f"| {label} | {wall[k]:.3f} | {cpu[k]:.3f} |"
            for k, label in (
                ("floor", "floor (NumPy): each stream's draws in one call, one generator"),
                ("compiled", "floor (compiled): all the draws in one Numba loop, one generator"),
                ("joined", "the same draws, one call per decision (seats joined)"),
                ("gens", f"building {generators:,} generators (SeedSequence + PCG64)"),
                ("together", f"the same {generators:,} seeded together (`Streams.generators`)"),
                ("full", "full national run `model.state(i)`"),
                ("vote_floor", "vote step floor (NumPy, its draws only)"),
                ("vote_compiled", "vote step floor (compiled, its draws only)"),
                ("vote", "vote step in a run (timed alone)"),
            )
        ),
        "",
        f"**Full run = {cpu['full'] / cpu[floor]:.2f}x the lower floor in CPU time "
        f"({wall['full'] / wall[floor]:.2f}x wall)** (target <= 1.5x; "
        f"{cpu['full'] / cpu['floor']:.2f}x the NumPy floor); vote step = "
        f"{cpu['vote'] / cpu[vote_floor]:.2f}x its lower floor in CPU time "
        f"({wall['vote'] / wall[vote_floor]:.2f}x wall).",
    ]
    text = "\n".join(lines)
    print(text)
    prof = ""
    if args.profile:
        prof = profile(model, 20_000)
        print("\n" + prof)
    if not args.no_write:
        body = f"## floor.py: national run against the bare cost of its draws\n\n{machine()}\n\n"
        write_section("floor", body + text)
        if prof:
            write_section("profile", "## Profile of a national run (floor.py --profile)\n\n" + prof)


if __name__ == "__main__":
    main()

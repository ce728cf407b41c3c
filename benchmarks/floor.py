"""How close is a national run to the bare cost of its random draws? (target: <= 2x the floor)

Usage: ``python benchmarks/floor.py [--repeats 5] [--profile] [--no-write]``.

In one process: ``Model.of(load_scenario("pakistan-2008"), seed=1)`` builds the electorate;
one recording run (``model.state``, untimed) logs every ``Generator.binomial`` call the run's
steps make, with its stream name and its ``n`` and ``p`` arrays (the multinomials are
conditional binomials, so they are logged too). Then, ``--repeats`` times, alternating:

* floor: the same binomial calls, same arrays, same sizes, in the same order, on ONE plain
  ``numpy.random.Generator`` (PCG64), nothing else;
* full run: ``model.state(i)`` (every step of the schedule; the electorate is reused).

Printed: the full run's median as a multiple of the floor's median, for the whole run and for
the vote step alone (``state.timings["vote"]`` against the vote step's calls). Also printed,
to show what the per-seat streams cost: the same draws in one call per decision (every seat's
arrays joined), and the construction of as many generators as the run builds (one per seat and
decision, ``SeedSequence`` + ``PCG64``).

``--profile`` also profiles one national run with pyinstrument (``pip install pyinstrument``)
and writes the top functions by own time to RESULTS.md.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

import votebank.rng as vbrng
from peers import machine, write_section
from votebank.engine.schedule import run_steps, schedule
from votebank.engine.simulate import Model
from votebank.engine.state import RunState
from votebank.rng import Streams
from votebank.scenario.load import load_scenario


class Recorder:
    """A generator that logs its binomial calls (name, n, p) and forwards everything else."""

    def __init__(self, gen: np.random.Generator, name: str, log: list):
        self._gen, self._name, self._log = gen, name, log

    def binomial(self, n, p, size=None):
        """Log the call, then draw."""
        n_arr = np.array(n, dtype=np.int64, copy=True)
        p_arr = np.array(p, dtype=np.float64, copy=True)
        self._log.append((self._name, n_arr, p_arr))
        return self._gen.binomial(n, p, size)

    def __getattr__(self, attr):
        return getattr(self._gen, attr)


def record(model: Model, run_index: int) -> tuple[list, int]:
    """Run once with every stream's generator wrapped; return the binomial calls and the
    number of generators the run built."""
    log: list = []
    built = [0]
    original = vbrng.Streams.generator

    def generator(self, name, *unit):
        built[0] += 1
        return Recorder(original(self, name, *unit), self.prefix + name, log)

    vbrng.Streams.generator = generator
    try:
        model.state(run_index)
    finally:
        vbrng.Streams.generator = original
    return log, built[0]


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


def staged_vote(model: Model, run_index: int) -> tuple[float, float]:
    """Run ``run_index`` step by step; wall and CPU seconds of its vote step alone."""
    el, types = model.electorate(run_index)
    spec = model.scenario.spec
    state = RunState.start(spec, model.contests, el, types, Streams(model.entropy, run_index))
    steps = schedule(spec)
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
    sizes = np.array([n.size for n, _ in calls])
    steps = defaultdict(lambda: [0, 0])
    for name, n, _ in log:
        steps[name.split(".")[0]][0] += 1
        steps[name.split(".")[0]][1] += n.size

    keys = ("floor", "vote_floor", "joined", "gens", "full", "vote")
    got: dict[str, list[tuple[float, float]]] = {k: [] for k in keys}
    gen = np.random.default_rng(1)
    for i in range(args.repeats):
        got["floor"].append(time_calls(calls, gen))
        got["vote_floor"].append(time_calls(vote_calls, gen))
        got["joined"].append(time_calls(one_call, gen))
        streams = vbrng.Streams(1, i)
        start = clocks()
        for u in range(generators):
            streams.generator("floor.check", u)
        got["gens"].append(since(start))
        start = clocks()
        model.state(i)
        got["full"].append(since(start))
        got["vote"].append(staged_vote(model, 100 + i))
    wall = {k: statistics.median(w for w, _ in v) for k, v in got.items()}
    cpu = {k: statistics.median(c for _, c in v) for k, v in got.items()}
    step_lines = ", ".join(f"{k} {c:,} calls / {s:,} draws" for k, (c, s) in steps.items())
    d = el.describe()
    lines = [
        f"pakistan-2008, seed 1: {d['voters'] + d['ghosts']:,} registered ({d['voters']:,} "
        f"real), {d['cohorts']:,} cohorts, {d['stations']:,} stations; electorate built in "
        f"{build:.1f} s (not in the run). Medians of {args.repeats}, alternating floor and run.\n",
        f"- binomial calls per run: {len(calls):,}, {int(sizes.sum()):,} draws "
        f"(median {int(np.median(sizes))} per call, largest {int(sizes.max()):,}); by step: "
        f"{step_lines}; generators built per run: {generators:,}.",
        "",
        "| what | wall s | CPU s |",
        "|---|---:|---:|",
        *(
            f"| {label} | {wall[k]:.3f} | {cpu[k]:.3f} |"
            for k, label in (
                ("floor", "floor: the run's binomial calls, same arrays, one generator"),
                ("joined", "the same draws, one call per decision (seats joined)"),
                ("gens", f"building {generators:,} generators (SeedSequence + PCG64)"),
                ("full", "full national run `model.state(i)`"),
                ("vote_floor", "vote step floor (its binomial calls only)"),
                ("vote", "vote step in a run (timed alone)"),
            )
        ),
        "",
        f"**Full run = {cpu['full'] / cpu['floor']:.2f}x the floor in CPU time "
        f"({wall['full'] / wall['floor']:.2f}x wall)** (target <= 2x); vote step = "
        f"{cpu['vote'] / cpu['vote_floor']:.2f}x its floor in CPU time "
        f"({wall['vote'] / wall['vote_floor']:.2f}x wall).",
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

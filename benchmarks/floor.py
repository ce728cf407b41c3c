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

import numpy as np

import votebank.rng as vbrng
from peers import machine, write_section
from votebank.engine.simulate import Model
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


def time_calls(calls: list, gen: np.random.Generator) -> float:
    """Seconds to make ``calls`` (n, p) on one generator."""
    start = time.perf_counter()
    for n, p in calls:
        gen.binomial(n, p)
    return time.perf_counter() - start


def joined(log: list) -> list:
    """One call per decision: every seat's arrays of a stream name joined."""
    by_name: dict[str, tuple[list, list]] = defaultdict(lambda: ([], []))
    for name, n, p in log:
        by_name[name][0].append(n.ravel())
        by_name[name][1].append(np.broadcast_to(p, n.shape).ravel())
    return [(np.concatenate(ns), np.concatenate(ps)) for ns, ps in by_name.values()]


def profile(model: Model, run_index: int, top: int = 15) -> str:
    """Profile one run with pyinstrument; Markdown table of the top functions by own time."""
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.001)
    profiler.start()
    model.state(run_index)
    profiler.stop()
    root = profiler.last_session.root_frame()
    own: dict[str, float] = defaultdict(float)
    total: dict[str, float] = defaultdict(float)

    def walk(frame, seen: frozenset) -> None:
        key = f"{frame.function} ({frame.file_path_short}:{frame.line_no})"
        own[key] += frame.total_self_time
        if key not in seen:  # inclusive time counts a recursive function once
            total[key] += frame.time
        for child in frame.children:
            walk(child, seen | {key})

    walk(root, frozenset())
    whole = root.time
    lines = [
        f"pyinstrument 1 ms sampling of one national run ({whole:.2f} s under the profiler).\n",
        "| function (own time) | share | | function (inclusive, votebank) | share |",
        "|---|---:|---|---|---:|",
    ]
    own_top = sorted(own.items(), key=lambda kv: -kv[1])[:top]
    mine = [kv for kv in total.items() if "votebank" in kv[0] and kv[1] < whole * 0.999]
    inc_top = sorted(mine, key=lambda kv: -kv[1])[:top]
    for i in range(top):
        a = own_top[i] if i < len(own_top) else ("", 0.0)
        b = inc_top[i] if i < len(inc_top) else ("", 0.0)
        lines.append(
            f"| `{a[0]}` | {100 * a[1] / whole:.1f}% | | `{b[0]}` | {100 * b[1] / whole:.1f}% |"
        )
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

    floor_s, vote_floor_s, joined_s, gens_s, full_s, vote_s = [], [], [], [], [], []
    gen = np.random.default_rng(1)
    for i in range(args.repeats):
        floor_s.append(time_calls(calls, gen))
        vote_floor_s.append(time_calls(vote_calls, gen))
        joined_s.append(time_calls(one_call, gen))
        streams = vbrng.Streams(1, i)
        start = time.perf_counter()
        for u in range(generators):
            streams.generator("floor.check", u)
        gens_s.append(time.perf_counter() - start)
        start = time.perf_counter()
        state = model.state(i)
        full_s.append(time.perf_counter() - start)
        vote_s.append(state.timings["vote"])

    med = {
        k: statistics.median(v)
        for k, v in (
            ("floor", floor_s),
            ("vote_floor", vote_floor_s),
            ("joined", joined_s),
            ("gens", gens_s),
            ("full", full_s),
            ("vote", vote_s),
        )
    }
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
        "| what | median s |",
        "|---|---:|",
        f"| floor: the run's binomial calls, same arrays, one generator | {med['floor']:.3f} |",
        f"| same draws, one call per decision (seats joined) | {med['joined']:.3f} |",
        f"| building {generators:,} generators (SeedSequence + PCG64) | {med['gens']:.3f} |",
        f"| full national run `model.state(i)` | {med['full']:.3f} |",
        f"| vote step floor (its binomial calls only) | {med['vote_floor']:.3f} |",
        f"| vote step in the run (`state.timings['vote']`) | {med['vote']:.3f} |",
        "",
        f"**Full run = {med['full'] / med['floor']:.2f}x the floor** (target <= 2x); vote step "
        f"= {med['vote'] / med['vote_floor']:.2f}x its floor.",
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

"""Ensemble throughput against a bare run of the same scenario, with 1 and 2 workers.

Usage: ``python benchmarks/ensemble.py [--runs 20] [--chunks 2] [--scenario pakistan-2008]
[--full 1000] [--no-write]``.

Everything is measured in one process, so the ratios hold even on a loaded machine:

* bare run: ``model.state(i)`` on a model whose electorate is built (the engine alone);
* 1 worker: ``run_ensemble`` in this process into a fresh DuckDB store, the same code path as
  ``votebank run``, so it includes making the tables, checking and staging them and writing
  them. The first 5 runs (which keep station detail) are stored first, untimed; then bare runs
  and ensemble chunks (``--resume`` of the same store, ``--runs`` runs each) alternate
  ``--chunks`` times, and each side's CPU seconds per run are compared (process CPU: DuckDB's
  threads count);
* 2 workers: a private 2-worker LocalCluster made as ``votebank run --workers 2`` makes it,
  its electorates built and the 5 station-detail runs stored before timing; then ``--runs``
  more runs. Wall seconds per
  run, and the CPU seconds per run spent by the workers and by this process (the writer and
  the scheduler), read before and after.

Printed: the 1-worker ensemble per run as a multiple of the bare run (CPU; target <= 1.1);
the 2-worker efficiency, both as measured (wall, hostage to the machine's load) and from CPU
seconds (bare CPU per run / all CPU per stored run: what two otherwise idle cores give,
target >= 90%); 1,000 runs in minutes, measured and projected from CPU (target <= 6).
With ``--full N``, last, the real command ``votebank run SCENARIO --runs N --workers 2`` as a
fresh interpreter, timed end to end (electorate builds, storing and the summary included).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import votebank.ensemble.runner as runner
from peers import machine, write_section
from votebank.ensemble.cluster import _Where, dask_client
from votebank.ensemble.runner import EnsembleRequest, run_ensemble
from votebank.run.distributed import _run
from votebank.run.many import outcome
from votebank.run.model import Model
from votebank.scenario.load import load_scenario

SEED = 1


def bare(model: Model, first: int, n: int) -> list[tuple[float, float]]:
    """(wall, CPU) seconds of each of ``n`` bare runs."""
    out = []
    for i in range(first, first + n):
        w, c = time.perf_counter(), time.process_time()
        model.state(i)
        out.append((time.perf_counter() - w, time.process_time() - c))
    return out


def in_process(scenario, model: Model, runs: int, chunks: int, store: Path):
    """Alternate bare runs and ensemble chunks; per-run (wall, CPU) of each side."""
    bares, ens = [], []
    # The first runs keep station detail (the default 5): stored first, untimed, so the chunks
    # measure the steady state of a long ensemble.
    warm = runner.DEFAULT_STATION_RUNS
    run_ensemble(EnsembleRequest(scenario, warm, seed=SEED, store_path=store, workers=1))
    for k in range(chunks):
        bares += bare(model, 10_000 + k * runs, max(3, runs // 2))
        request = EnsembleRequest(
            scenario, warm + (k + 1) * runs, seed=SEED, store_path=store, workers=1, resume=True
        )
        w, c = time.perf_counter(), time.process_time()
        run_ensemble(request)
        ens.append(((time.perf_counter() - w) / runs, (time.process_time() - c) / runs))
    bares += bare(model, 20_000, max(3, runs // 2))
    return bares, ens


def two_workers(scenario, runs: int, store: Path) -> dict[str, float]:
    """Wall and CPU seconds per stored run of a 2-worker ensemble (electorates prebuilt)."""
    with dask_client(_Where(None, None, 2)) as client:
        client.run(_run, scenario, SEED, 0, outcome)  # every worker builds its electorate
        original = runner._cluster
        runner._cluster = lambda request: contextlib.nullcontext(client)
        try:
            warm = runner.DEFAULT_STATION_RUNS  # the runs with station detail, untimed
            run_ensemble(EnsembleRequest(scenario, warm, seed=SEED, store_path=store, workers=2))
            request = EnsembleRequest(
                scenario, warm + runs, seed=SEED, store_path=store, workers=2, resume=True
            )
            before = client.run(time.process_time)
            w, c = time.perf_counter(), time.process_time()
            run_ensemble(request)
            wall, main = time.perf_counter() - w, time.process_time() - c
            after = client.run(time.process_time)
        finally:
            runner._cluster = original
    workers = sum(after[k] - before[k] for k in after)
    return {"wall": wall / runs, "workers": workers / runs, "main": main / runs}


def full_command(scenario: str, runs: int, folder: Path) -> tuple[float, float]:
    """Wall and CPU seconds (all processes) of ``votebank run SCENARIO --runs N --workers 2``."""
    src = Path(__file__).resolve().parents[1] / "src"
    args = ["run", scenario, "--runs", str(runs), "--workers", "2", "--seed", str(SEED)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "votebank", *args, "--out", str(folder / "full.duckdb")],
        env={**os.environ, "PYTHONPATH": str(src)},
        cwd=folder,
        check=True,
        capture_output=True,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--chunks", type=int, default=2)
    parser.add_argument("--scenario", default="pakistan-2008")
    parser.add_argument("--full", type=int, default=0, help="also time the real command")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    scenario = load_scenario(args.scenario)
    model = Model(scenario, SEED)
    model.state(0)  # builds (or loads) the electorate, untimed
    load_start = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        bares, ens = in_process(scenario, model, args.runs, args.chunks, Path(tmp) / "one.duckdb")
        two = two_workers(scenario, args.runs, Path(tmp) / "two.duckdb")
        load_end = os.getloadavg()
        full = full_command(args.scenario, args.full, Path(tmp)) if args.full else None
    bare_wall = statistics.median(w for w, _ in bares)
    bare_cpu = statistics.median(c for _, c in bares)
    one_wall = statistics.median(w for w, _ in ens)
    one_cpu = statistics.median(c for _, c in ens)
    two_cpu = two["workers"] + two["main"]
    eff_wall = one_wall / (2 * two["wall"])
    eff_cpu = bare_cpu / two_cpu
    lines = [
        f"Scenario {args.scenario}, seed {SEED}; 1 worker: {args.chunks} ensemble chunks of "
        f"{args.runs} runs alternating with {len(bares)} bare runs; 2 workers: {args.runs} runs. "
        f"Load average {load_start[0]:.1f} at the start, {load_end[0]:.1f} at the end.",
        "",
        "| what | wall s per run | CPU s per run | CPU / bare |",
        "|---|---:|---:|---:|",
        f"| bare run `model.state(i)` | {bare_wall:.3f} | {bare_cpu:.3f} | 1.00 |",
        f"| ensemble, 1 worker (in process, stored) | {one_wall:.3f} | {one_cpu:.3f} | "
        f"{one_cpu / bare_cpu:.2f} |",
        f"| ensemble, 2 workers: per stored run | {two['wall']:.3f} | {two_cpu:.3f} | "
        f"{two_cpu / bare_cpu:.2f} |",
        f"| of which the workers | | {two['workers']:.3f} | {two['workers'] / bare_cpu:.2f} |",
        f"| of which this process (writer, scheduler) | | {two['main']:.3f} | "
        f"{two['main'] / bare_cpu:.2f} |",
        "",
        f"**1 worker: {one_cpu / bare_cpu:.2f}x the bare run in CPU time** "
        f"({one_wall / bare_wall:.2f}x wall; target <= 1.1).",
        f"**2 workers: {eff_cpu:.0%} efficient from CPU seconds** (bare CPU per run / all CPU "
        f"per stored run; target >= 90%); {eff_wall:.0%} as measured in wall time against the "
        "1-worker ensemble, on a machine shared with other sessions.",
        f"**1,000 runs on 2 cores: {1000 * two_cpu / 2 / 60:.1f} min projected from CPU "
        f"seconds** (two idle cores); {1000 * two['wall'] / 60:.1f} min at the wall rate "
        "measured here (target <= 6).",
    ]
    if full:
        lines.append(
            f"**{args.full:,} runs as `votebank run {args.scenario} --runs {args.full} "
            f"--workers 2`, end to end: {full[0] / 60:.1f} min wall** "
            f"({full[1] / 60:.1f} CPU min in all processes; load average "
            f"{os.getloadavg()[0]:.1f} when it ended)."
        )
    text = "\n".join(lines)
    print(text)
    if not args.no_write:
        head = "## ensemble.py: ensemble throughput against a bare run, 1 and 2 workers\n\n"
        write_section("ensemble", f"{head}{machine()}\n\n{text}")


if __name__ == "__main__":
    main()

"""A second backtest of the same history: the fit read back from disk, not fitted again.

Usage: ``python benchmarks/backtest_cache.py [--seats 40] [--repeats 3] [--no-write]``. A UK
file of the first ``--seats`` seats of 2010 and 2015 (what a user's own file of the country
looks like: its forecast is fitted on the shipped UK pairs before 2010), and
``votebank backtest FILE:2010 FILE:2015 --given national --runs 50`` as fresh interpreters,
each round in a fresh temporary cache folder:

* with the cache off (``VOTEBANK_CACHE=off``): every command fits (the baseline);
* first command with the cache on: fits and keeps the fit;
* second command: reads the fit back; its ``backtest.json`` must equal the first's.

Medians of wall and CPU seconds; writes the ``backtest_cache`` section of
``benchmarks/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

from peers import machine, publish
from votebank.elections.shipped import shipped_file

ROOT = Path(__file__).resolve().parents[1]


def uk_file(folder: Path, seats: int) -> Path:
    """The first ``seats`` seats of the shipped UK file, as a user's own file."""
    rows = pd.read_csv(shipped_file("uk"), dtype={"election_date": str})
    keep = sorted(rows["constituency_id"].unique())[:seats]
    path = folder / "uk-seats.csv"
    rows[rows["constituency_id"].isin(keep)].to_csv(path, index=False)
    return path


def backtest(file: Path, cache: str, out: Path) -> tuple[float, float, str]:
    """Wall and CPU seconds of one ``votebank backtest`` as a fresh interpreter, and its JSON."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "VOTEBANK_CACHE": cache}
    args = [f"{file}:2010", f"{file}:2015", "--given", "national", "--runs", "50"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "votebank", "backtest", *args, "--out", str(out)],
        env=env,
        check=True,
        capture_output=True,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, (out / "backtest.json").read_text()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seats", type=int, default=40)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    times: dict[str, list[tuple[float, float]]] = {"off": [], "first": [], "second": []}
    same = True
    for i in range(args.repeats):
        with tempfile.TemporaryDirectory() as folder:
            work = Path(folder)
            file = uk_file(work, args.seats)
            cache = str(work / "cache")
            *off, plain = backtest(file, "off", work / "off")
            *first, fitted = backtest(file, cache, work / "first")
            *second, read_back = backtest(file, cache, work / "second")
            same = same and plain == fitted == read_back
            for name, t in (("off", off), ("first", first), ("second", second)):
                times[name].append(tuple(t))
        print(f"  round {i + 1} of {args.repeats}", flush=True)
    med = {k: [statistics.median(x) for x in zip(*v, strict=True)] for k, v in times.items()}
    body = "\n".join(
        [
            "## backtest_cache.py: a second backtest of the same history",
            "",
            machine(),
            "",
            f"A UK file of {args.seats} seats, 2010 -> 2015 given national shares, 50 runs "
            f"(fitted on the shipped UK pairs before 2010); medians of {args.repeats}, each "
            "round in a fresh temporary cache folder.",
            "",
            "| command | wall s | CPU s |",
            "|---|---:|---:|",
            f"| cache off (every backtest fits; the baseline) | {med['off'][0]:.1f} "
            f"| {med['off'][1]:.1f} |",
            f"| first, cache on (fits, keeps the fit) | {med['first'][0]:.1f} "
            f"| {med['first'][1]:.1f} |",
            f"| second, cache on (reads the fit back) | {med['second'][0]:.1f} "
            f"| {med['second'][1]:.1f} |",
            "",
            f"**The second backtest takes {med['second'][0]:.1f} s, "
            f"{med['off'][0] / med['second'][0]:.1f} times faster than one that fits**; its "
            f"backtest.json is {'identical to' if same else 'DIFFERENT from'} the fitted ones.",
        ]
    )
    publish("backtest_cache", body, write=not args.no_write)


if __name__ == "__main__":
    main()

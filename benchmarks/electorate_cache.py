"""A second command on the same scenario and seed: electorate loaded from disk, not rebuilt.

Usage: ``python benchmarks/electorate_cache.py [--scenario pakistan-2008] [--repeats 3]``.
Each measurement is a fresh process-level cache (as a new command would have), in a temporary
cache folder: the median seconds to the electorate when it is built, and when it is loaded
from the file the first build wrote; then the first run after a load.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time

import votebank as vb
from votebank.run.electorate_cache import ElectorateCache
from votebank.run.model import Model


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scenario", default="pakistan-2008")
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    sc = vb.load_scenario(args.scenario)
    build, load, first_run = [], [], []
    for _ in range(args.repeats):
        with tempfile.TemporaryDirectory() as folder:
            os.environ["VOTEBANK_CACHE"] = folder
            start = time.perf_counter()
            Model(sc, 1, ElectorateCache()).electorate(0)
            build.append(time.perf_counter() - start)
            start = time.perf_counter()
            model = Model(sc, 1, ElectorateCache())
            model.electorate(0)
            load.append(time.perf_counter() - start)
            model.run(0, stations=False)
            first_run.append(time.perf_counter() - start)
    b, ld, fr = (statistics.median(x) for x in (build, load, first_run))
    print(f"{args.scenario}: electorate built {b:.2f} s, loaded {ld:.2f} s ({b / ld:.0f}x faster);")
    print(f"a second command's first run done {fr:.2f} s after it asks (medians of {args.repeats})")


if __name__ == "__main__":
    main()

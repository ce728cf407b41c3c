"""Time the forensics pipeline on 100,000 synthetic polling stations.

Run: ``PYTHONPATH=src python benchmarks/forensics_100k.py [--bootstrap B] [--repeats R]``.
Target: read + analyze + write under 60 s on a 2-core machine with the default bootstrap.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from votebank.forensics import analyze, klimek_synthetic, read_station_results, write_outputs

N_STATIONS = 100_000


def make_csv(folder: Path, n: int, seed: int) -> Path:
    results, _ = klimek_synthetic(
        n, rng=np.random.default_rng(seed), f_i=0.1, f_e=0.02, fabricate=0.01
    )
    frame = pd.DataFrame(
        {
            "station": results.ids,
            "registered": results.registered,
            "ballots": results.ballots,
            "valid": results.valid,
            "leader": results.leader_votes,
            **{name: results.other_votes[:, k] for k, name in enumerate(results.other_names)},
        }
    )
    path = folder / "stations.csv"
    frame.to_csv(path, index=False)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--stations", type=int, default=N_STATIONS)
    parser.add_argument("--bootstrap", type=int, default=100)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        csv = make_csv(folder, args.stations, seed=2012)
        print(f"{args.stations:,} stations, {csv.stat().st_size / 1e6:.1f} MB CSV")
        rows = []
        for rep in range(args.repeats):
            t0 = time.perf_counter()
            results = read_station_results(
                csv,
                registered="registered",
                ballots="ballots",
                valid="valid",
                leader="auto",
                others="leader,party_2,party_3,party_4",
                id_column="station",
            )
            t1 = time.perf_counter()
            report = analyze(results, seed=rep, bootstrap=args.bootstrap)
            t2 = time.perf_counter()
            write_outputs(report, results, folder / f"out{rep}")
            t3 = time.perf_counter()
            rows.append((t1 - t0, t2 - t1, t3 - t2, t3 - t0))
            print(
                f"run {rep + 1}: read {t1 - t0:.2f} s, analyze {t2 - t1:.2f} s, "
                f"write {t3 - t2:.2f} s, total {t3 - t0:.2f} s"
            )
        med = [statistics.median(col) for col in zip(*rows, strict=True)]
        print(
            f"median of {args.repeats} (bootstrap {args.bootstrap}): read {med[0]:.2f} s, "
            f"analyze {med[1]:.2f} s, write {med[2]:.2f} s, total {med[3]:.2f} s"
        )
        print(report.headline)


if __name__ == "__main__":
    main()

"""Report size and browser load time for an N-run national ensemble, and how size scales.

Usage: ``python benchmarks/report_size.py [N] [--out DIR]`` (N defaults to 20). Runs (or, with
``--out`` pointing at an earlier store, resumes) an N-run ensemble of ``pakistan-2008`` keeping
station detail for the first 5 runs, writes the report, prints its size in MB and the seconds
headless Chromium (Debian's ``/usr/bin/chromium`` through Playwright) takes from navigation to
``load``. Then it builds the report from copies of the same store cut to its first 5, 10 and 20
runs: the size should not grow with runs, since only aggregates go into the HTML.

Target: a 1,000-run national ensemble's report under 10 MB.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

import duckdb

from votebank.ensemble.runner import EnsembleRequest, run_ensemble
from votebank.report import build_report, write_report
from votebank.results.schema import TABLES
from votebank.scenario.load import load_scenario

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def load_seconds(path: Path, repeats: int = 3) -> float:
    """Median seconds from navigation to the load event in headless Chromium."""
    from playwright.sync_api import sync_playwright

    times = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for _ in range(repeats):
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            start = time.perf_counter()
            page.goto(path.as_uri(), wait_until="load")
            times.append(time.perf_counter() - start)
            page.close()
        browser.close()
    return sorted(times)[len(times) // 2]


def cut_store(store: Path, runs: int, folder: Path) -> Path:
    """A copy of the store holding only runs 0..runs-1 of every ensemble."""
    copy = folder / f"first-{runs}.duckdb"
    shutil.copy(store, copy)
    con = duckdb.connect(str(copy))
    try:
        for table in TABLES:
            if table != "ensembles":
                con.execute(f"DELETE FROM {table} WHERE run_index >= ?", [runs])  # noqa: S608
    finally:
        con.close()
    return copy


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("runs", nargs="?", type=int, default=20, help="runs in the ensemble")
    parser.add_argument("--out", type=Path, help="folder of the store (default: a temp folder)")
    parser.add_argument("--station-runs", type=int, default=5)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        out = args.out or Path(tmp)
        store = out / "votebank.duckdb"
        start = time.perf_counter()
        request = EnsembleRequest(
            load_scenario("pakistan-2008"),
            args.runs,
            store_path=store,
            station_runs=args.station_runs,
            resume=True,
        )
        eid = run_ensemble(request)
        print(f"ensemble {eid}: {args.runs} runs in {time.perf_counter() - start:.0f} s")

        start = time.perf_counter()
        data = build_report(store, eid)
        built = time.perf_counter() - start
        report = write_report(data, out / "report.html")
        size = report.stat().st_size / 1e6
        print(f"report: {size:.2f} MB, built in {built:.1f} s, {report}")
        print(f"browser load: {load_seconds(report):.2f} s (navigation to load event)")

        print("size by runs in the same store:")
        sizes = {}
        for k in sorted({k for k in (5, 10, 20) if k <= args.runs} | {args.runs}):
            cut = cut_store(store, k, Path(tmp))
            sizes[k] = len(write_report(build_report(cut, eid), Path(tmp) / "r.html").read_bytes())
            print(f"  {k:>5} runs: {sizes[k] / 1e6:.3f} MB")
            cut.unlink()
        growth = max(sizes.values()) / min(sizes.values())
        verdict = "does not grow" if growth < 1.1 else "GROWS"
        print(f"largest / smallest: {growth:.3f}: the report size {verdict} with runs")


if __name__ == "__main__":
    main()

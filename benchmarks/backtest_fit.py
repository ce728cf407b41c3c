"""Fitting a backtest forecast: the compiled raking against the array raking it replaced.

Usage: ``PYTHONPATH=src python3 benchmarks/backtest_fit.py [--repeats 5] [--fits 1]
[--no-write]``. Two measurements, both on the shipped UK 2001 -> 2005 pair (2,290
candidates) given national shares:

* one raking of an ensemble (200 runs, 10 rounds, as each run is raked when the forecast is
  fitted): median seconds of :func:`votebank.backtest.raking.rake` and of the array version
  below (sparse products, the code before issue 16's seventh pass), and the largest relative
  difference between their shares;
* one whole fit (:func:`votebank.backtest.fit.fit_on` on the UK 1997 -> 2001 and 2001 ->
  2005 pairs, what a UK forecast from 2010 is fitted on), with each raking, in CPU seconds,
  and whether the fitted parameters are the same.

Writes the ``backtest_fit`` section of ``benchmarks/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import statistics
import time
from unittest import mock

import numpy as np
from scipy import sparse

from peers import machine, publish
from votebank.backtest import fit as fitmod
from votebank.backtest import forecast
from votebank.backtest.baselines import information, labels_of
from votebank.backtest.forecast import Params, ensemble, mean_shares
from votebank.backtest.history import earlier_pairs, pair, shipped_seats
from votebank.backtest.raking import rake

BASE, TARGET = "uk:2001-06-07", "uk:2005-05-05"


def array_rake(pr, x, block_of, T, given, rounds=25):
    """The raking before it was compiled: sparse products over every run at once."""
    sl = pr.slate
    i = sl["i"].to_numpy()
    k = sl["label"].map({q: n for n, q in enumerate(labels_of(pr))}).to_numpy()
    blk, size = block_of[i], pr.sizes()[i]
    size = np.where(size > 0, size, size[size > 0].mean() if (size > 0).any() else 1.0)
    seats = sparse.csr_matrix((np.ones(len(i)), (np.arange(len(i)), i)), (len(i), len(pr.seats)))
    cell = blk * T.shape[1] + k
    cells = sparse.csr_matrix((size, (np.arange(len(i)), cell)), (len(i), T.size))
    blocks = sparse.csr_matrix((size, (np.arange(len(i)), blk)), (len(i), len(T)))
    rows = np.atleast_2d(x)
    rows = rows / np.asarray(rows @ seats)[:, i]
    want = T[blk, k]
    for _ in range(rounds if given != "none" else 0):
        have = np.asarray(rows @ cells)[:, cell] / np.asarray(rows @ blocks)[:, blk]
        rows = rows * np.where((want > 0) & (have > 0), want / np.maximum(have, 1e-12), 1.0)
        rows = rows / np.asarray(rows @ seats)[:, i]
    return rows[0] if np.ndim(x) == 1 else rows


def one_raking(repeats: int) -> tuple[float, float, float]:
    """Median seconds, compiled and array, and the largest relative difference."""
    pr = pair(BASE, TARGET)
    info = information(pr, "national")
    x = ensemble(pr, mean_shares(pr, *info, Params()), Params(), "national", 200, 0)
    rake(pr, x, info[0], info[2], "national", 10)  # compile (or load the cache) first
    times = {"compiled": [], "array": []}
    for _ in range(repeats):
        for name, f in (("compiled", rake), ("array", array_rake)):
            start = time.perf_counter()
            out = f(pr, x, info[0], info[2], "national", 10)
            times[name].append(time.perf_counter() - start)
            if name == "compiled":
                new = out
    diff = float(np.abs(new / out - 1).max())
    return statistics.median(times["compiled"]), statistics.median(times["array"]), diff


def one_fit(raking) -> tuple[float, Params]:
    """CPU seconds of a fresh fit of the UK pairs before 2010 with ``raking``, and the fit."""
    earlier = tuple(earlier_pairs("2010-05-06", "", shipped_seats()["uk"]))
    for b, t, _, _ in earlier:
        pair(b, t)  # read the elections outside the timing
    with mock.patch.object(fitmod, "rake", raking), mock.patch.object(forecast, "rake", raking):
        start = time.process_time()
        p = fitmod.fit_on("national", earlier)
    return time.process_time() - start, p


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--fits", type=int, default=1)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    compiled, array, diff = one_raking(args.repeats)
    fits = {"compiled": [], "array": []}
    params = {}
    for _ in range(args.fits):
        for name, f in (("compiled", rake), ("array", array_rake)):
            seconds, params[name] = one_fit(f)
            fits[name].append(seconds)
    fc, fa = statistics.median(fits["compiled"]), statistics.median(fits["array"])
    same = "the same" if params["compiled"] == params["array"] else "DIFFERENT"
    body = "\n".join(
        [
            "## backtest_fit.py: fitting a forecast, compiled raking against array raking",
            "",
            machine(("numpy", "numba", "scipy")),
            "",
            f"Command: `PYTHONPATH=src python3 benchmarks/backtest_fit.py --repeats "
            f"{args.repeats} --fits {args.fits}`. UK 2001 -> 2005 given national.",
            "",
            "| measure | compiled | array (before) | array / compiled |",
            "|---|---:|---:|---:|",
            f"| one raking, 200 runs x 10 rounds, median of {args.repeats} (s) | {compiled:.4f} "
            f"| {array:.4f} | {array / compiled:.1f} |",
            f"| one fit on UK 1997 -> 2001 and 2001 -> 2005, median of {args.fits} (CPU s) "
            f"| {fc:.1f} | {fa:.1f} | {fa / fc:.1f} |",
            "",
            f"Largest relative difference between the two rakings' shares: {diff:.1e}; fitted "
            f"parameters with each: {same}.",
        ]
    )
    publish("backtest_fit", body, write=not args.no_write)


if __name__ == "__main__":
    main()

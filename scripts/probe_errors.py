"""In sample: how a fitted forecast's seat errors compare with the real ones on its own
earlier pairs (issue 16's seventh pass; a diagnostic, not a rule).

    PYTHONPATH=src python3 scripts/probe_errors.py uk 2010-05-06 --given national

For each earlier pair a forecast from BASE_DATE of COUNTRY is fitted on (:mod:`history`),
the forecast is made with the fitted parameters (``--set NAME=VALUE`` replaces one, e.g.
``--set scale=1``) and an ensemble drawn (``--runs``, seed 0).
Per pair it prints, for the two candidates projected first and second in each seat (the
leaders) and for those projected at 5-30 %: the sd and interquartile range / 1.349 of the
real log errors (real / projected share) beside the ensemble's, and the share of real
results inside the ensemble's 50 % intervals; and the correlation of the two leaders' log
errors, real (over seats) and in the ensemble (per seat over runs, averaged).
"""

from __future__ import annotations

import argparse
from dataclasses import replace

import numpy as np

from votebank.backtest.baselines import information
from votebank.backtest.fit import drawn_correlation, fit_on, leaders
from votebank.backtest.forecast import ensemble, mean_shares
from votebank.backtest.history import earlier_pairs, pair, shipped_seats


def spread(x: np.ndarray) -> str:
    q25, q75 = np.percentile(x, [25, 75])
    return f"sd {x.std():.3f} iqr {(q75 - q25) / 1.349:.3f}"


def probe(country: str, base_date: str, given: str, runs: int, values: dict[str, float]) -> None:
    earlier = tuple(earlier_pairs(base_date, "", shipped_seats()[country]))
    p = fit_on(given, earlier)
    p = replace(p, **values)
    print(f"{country} from {base_date}, given {given}: scale {p.scale}, core {p.core}")
    for b, t, _, _ in earlier:
        pr = pair(b, t)
        info = information(pr, given)
        mean = mean_shares(pr, *info, p, given)
        actual = pr.slate["share"].to_numpy()
        runs_ = ensemble(pr, mean, p, given, runs, 0, info)
        a, c = leaders(pr, mean)
        ok = (actual[a] > 0) & (actual[c] > 0)
        a, c = a[ok], c[ok]
        small = (mean >= 0.05) & (mean < 0.30) & ~pr.slate["aggregate"].to_numpy(bool)
        small &= actual > 0
        print(f"  {b} -> {t}")
        for name, rows in (("leaders", np.r_[a, c]), ("5-30 %", np.flatnonzero(small))):
            real = np.log(actual[rows] / mean[rows])
            drawn = np.log(runs_[:, rows] / mean[rows])
            lo, hi = np.percentile(runs_[:, rows], [25, 75], axis=0)
            cover = np.mean((actual[rows] >= lo) & (actual[rows] <= hi))
            print(
                f"    {name:8s} real {spread(real)} | ensemble {spread(drawn.ravel())} | "
                f"in 50 %: {cover:.2f}"
            )
        ra, rc = np.log(actual[a] / mean[a]), np.log(actual[c] / mean[c])
        drawn = drawn_correlation(runs_, mean, a, c)
        real = np.corrcoef(ra, rc)[0, 1]
        print(f"    leaders' correlation: real {real:+.2f}, ensemble {drawn:+.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("country")
    parser.add_argument("base_date")
    parser.add_argument("--given", default="national")
    parser.add_argument("--runs", type=int, default=400)
    parser.add_argument(
        "--set", action="append", default=[], metavar="NAME=VALUE", help="Replace a fitted value."
    )
    args = parser.parse_args()
    values = {k: float(v) for k, v in (s.split("=", 1) for s in args.set)}
    probe(args.country, args.base_date, args.given, args.runs, values)


if __name__ == "__main__":
    main()

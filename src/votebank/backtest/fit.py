"""Fit votebank's forecast on earlier pairs only.

The earlier pairs are found, not listed: every two consecutive general elections of a
shipped results file that are on the same boundaries (:func:`shipped_pairs`), of which those
whose *target* was polled on or before the *base* election of the pair being forecast (what
a forecaster at the base election could have measured). The target is never among them.

* ``lam`` and ``phi`` (:mod:`forecast`): the grid ``{0, 0.25, 0.5, 0.75, 1}`` squared; the
  pair with the fewest winners wrong summed over the earlier pairs under the same ``--given``
  (ties: the smaller root mean square error of candidates' shares).
* ``sd_seat``: standard deviation of the log-share residuals (real / projected, named
  candidates projected at 2 % or more) around their region x label mean.
* ``sd_regional``: with national shares given, the standard deviation of the region x label
  mean residuals (cells of 5 or more candidates) around the label's national mean.
* ``sd_national``: root mean square of ``log(T / B)``, the national change of every label at
  2 % or more in both: the error of assuming no change.

With no earlier pair the prior of :class:`forecast.Params` is used (marked ``[E]``).
"""

from __future__ import annotations

from functools import cache
from itertools import pairwise

import numpy as np
import pandas as pd

from votebank.backtest.baselines import information
from votebank.backtest.forecast import Params, mean_shares, winners
from votebank.backtest.pair import Pair, make_pair
from votebank.backtest.sources import general_dates, read_election, shipped_file
from votebank.errors import InputError

GRID = (0.0, 0.25, 0.5, 0.75, 1.0)
MIN_SHARE = 0.02


@cache
def election(spec: str):
    """A shipped election, read once."""
    return read_election(spec)


@cache
def shipped_pairs() -> tuple[tuple[str, str, str, str], ...]:
    """``(base spec, target spec, base date, target date)`` of every shipped pair."""
    out = []
    for kind in ("pakistan", "uk"):
        raw = pd.read_csv(shipped_file(kind), dtype={"election_date": str}, low_memory=False)
        if "assembly" in raw.columns:
            raw = raw[raw["assembly"].astype(str).str.lower() == "national"]
        dates = general_dates(raw)
        for a, b in pairwise(dates):
            try:
                pair(f"{kind}:{a}", f"{kind}:{b}")
            except InputError:
                continue  # new boundaries: not a pair
            out.append((f"{kind}:{a}", f"{kind}:{b}", a, b))
    return tuple(out)


@cache
def pair(base: str, target: str) -> Pair:
    """A shipped pair, built once."""
    return make_pair(election(base), election(target))


def earlier_pairs(base_date: str, target_date: str) -> list[tuple[str, str, str, str]]:
    """Shipped pairs whose target was polled by ``base_date`` (never the forecast target)."""
    return [p for p in shipped_pairs() if p[3] <= base_date and p[3] != target_date]


@cache
def fit(given: str, base_date: str, target_date: str) -> Params:
    """Fitted parameters for a forecast from ``base_date`` (module docstring)."""
    earlier = earlier_pairs(base_date, target_date)
    if not earlier:
        return Params()
    level = "national" if given in ("none", "polls") else given
    data = []
    for b, t, _, _ in earlier:
        pr = pair(b, t)
        data.append((pr, information(pr, level)))
    best = None
    for lam in GRID:
        for phi in GRID:
            wrong, sq, n = 0, 0.0, 0
            for pr, (blk, B, T) in data:
                m = mean_shares(pr, blk, B, T, lam, phi)
                wrong += int((winners(pr, m)[0] != pr.actual_winner).sum())
                sq += float(((m - pr.slate["share"].to_numpy()) ** 2).sum())
                n += len(m)
            key = (wrong, sq / n)
            if best is None or key < best[0]:
                best = (key, lam, phi)
    _, lam, phi = best
    seat, regional, national = [], [], []
    for pr, (blk, B, T) in data:
        seat.append(_residuals(pr, mean_shares(pr, blk, B, T, lam, phi)))
        nb, nB, nT = information(pr, "national")
        regional.append(_regional(_residuals(pr, mean_shares(pr, nb, nB, nT, lam, phi))))
        keep = (nB[0] >= MIN_SHARE) & (nT[0] >= MIN_SHARE)
        national.append(np.log(nT[0][keep] / nB[0][keep]))
    res = pd.concat(seat)
    cell = res.groupby(["pair", "region", "label"])["r"].transform("mean")
    return Params(
        lam=lam,
        phi=phi,
        sd_national=round(float(np.sqrt(np.mean(np.concatenate(national) ** 2))), 3),
        sd_regional=round(float(np.concatenate(regional).std(ddof=1)), 3),
        sd_seat=round(float((res["r"] - cell).std(ddof=1)), 3),
        source=f"fitted on {len(earlier)} earlier pair(s)",
        fitted_on=tuple(f"{b} -> {t}" for b, t, _, _ in earlier),
    )


def _residuals(pr: Pair, mean: np.ndarray) -> pd.DataFrame:
    sl = pr.slate
    ok = (~sl["aggregate"].to_numpy()) & (mean >= MIN_SHARE) & (sl["share"].to_numpy() > 0)
    return pd.DataFrame(
        {
            "pair": pr.target_label,
            "region": pr.region[sl["i"].to_numpy()][ok],
            "label": sl["label"].to_numpy()[ok],
            "r": np.log(sl["share"].to_numpy()[ok] / mean[ok]),
        }
    )


def _regional(res: pd.DataFrame) -> np.ndarray:
    cells = res.groupby(["region", "label"])["r"].agg(["mean", "size"]).reset_index()
    cells = cells[cells["size"] >= 5]
    label_mean = res.groupby("label")["r"].mean()
    return (cells["mean"] - cells["label"].map(label_mean)).to_numpy()

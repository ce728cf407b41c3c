"""Fit votebank's forecast on earlier pairs only.

The earlier pairs are those of the same country's history, never the target
(:mod:`history`). Fitted on Pakistani pairs, the UK 2015 forecast expected twice the Brier
score it got, and its regional forecast, with the personal vote and offsets chosen there, got
60 winners wrong where uniform swing raked to the same totals gets 37; fitted on the UK's,
Canada 2015 -> 2019 (held out) scored 2.1 times the Brier it expected given national shares,
and 0.88 times on the prior: seat volatility and personal votes do not transfer between
countries.

* ``lam``, ``phi`` and whether to use the ``offset`` (:mod:`forecast`): the grid
  ``lam in {0, 0.25, 0.5, 0.75, 1}``, ``phi in {0, 0.1, 0.2, 0.35, 0.5}``, offsets fitted
  or none; the point with the fewest winners wrong summed over the earlier pairs under the
  same ``--given`` (ties: the smaller root mean square error of candidates' shares). It
  replaces the prior (``lam = phi = 0``, no offsets) only for a clear gain: more than twice
  the square root of the seats where the two disagree on who is right (McNemar's test at
  about 5 %). With one or two earlier pairs a grid of 50 points otherwise picks noise.
* ``offset`` per kind of candidate: the mean log-share residual (real / projected, clipped to
  +-3, candidates projected at 0.5 % or more), fitted with ``lam`` and ``phi`` (two passes).
* ``gamma``: minus the slope of the log of the residuals' interquartile range on the log of
  the mean share, over eight share bins (clipped to 0-1). The interquartile range, not the
  sd: a few outlying seats set a bin's sd, and the intervals' coverage depends on the
  quantiles (issue 16's sixth pass: with the sd, 0.22-0.57 for the shipped pairs; with the
  interquartile range, 0.45-0.77, and the 90 % share intervals' coverage up 4-7 points;
  chosen after seeing it).
* ``k_seat`` per kind: the sd of the residuals (around their region x label mean) divided
  by ``Hc`` and the share factor, pooled over the earlier pairs (10 or more candidates of a
  kind with some spread, else the prior 1).
* ``core``: the interquartile range / 1.349 of those standardised residuals over their sd
  (1 for a normal; heavier tails give less), clipped to 0.3-1.
* ``k_regional``: with national shares given, the standard deviation of the region x label
  mean residuals (cells of 5 or more named candidates) around the label's mean, over ``H``
  (a pair of fewer than two such cells, a small file's, measures none; with none, the prior).
* ``sd_slope``: root mean square, over labels with 20 or more candidates, of the slope of
  the log-share residual on the party's centred log base share in the seat.
* ``sd_national``: root mean square of ``log(T / B)``, the national change of every label at
  2 % or more in both: the error of assuming no change. ``national_df``: how many changes
  that is; each run draws its national sd from what so few leave open (:mod:`forecast`).
  The changes of one election are not independent of each other, so this is the least
  uncertainty there is (issue 16's eighth pass: with nothing or polls given, the forecast
  expected 0.62-0.85 of the Brier it got wherever it was fitted).
* ``scale``: from ``{0.3, ..., 3}``, the factor on the contenders' seat errors and the
  regional errors whose ensembles (200 runs, seed 0) on the earlier pairs score Brier closest
  to the Brier they expect of themselves (drawn without ``tau``: each earlier pair's
  volatility is its own); fitted again once ``sd_close`` is known, with it. With three or
  more earlier pairs each pair's own scale is one election's volatility, and ``scale``,
  ``scale_sd`` and ``tau`` are their random-effects mean, its sd and the sd between
  elections (:mod:`volatility`; issue 16's fortieth pass: fitted alone, the UK pairs' scales
  run from 0.30 to 0.91); with one or two, the seats of the pairs are pooled (``scale_sd`` the
  posterior sd) and ``tau`` is the stand-in below.
* ``tau`` with one or two earlier pairs: the sd over regions (20 or more residuals, three
  regions or more) of the log sd of the standardised residuals, root mean square over the
  earlier pairs, times ``sqrt(1 + 1/n)`` for ``n`` earlier pairs (a new election's
  volatility varies about the mean of ``n`` measured ones): how much volatility differs
  between electorates stands in for how much it differs between elections, which one or two
  pairs cannot measure.
* ``sd_squeeze``: from ``{0, 0.5, 1, 1.5, 2, 3}``, the one whose ensembles (200 runs, seed 0,
  without ``tau``, at the fitted ``scale``) on the earlier pairs draw the two projected
  leaders' log errors as correlated as they really were (mean over seats and pairs; issue
  16's seventh pass). The UK's leaders' errors were nearly uncorrelated (-0.10 and -0.04),
  drawn independently and renormalised they come out at -0.29 / -0.35; Pakistan's were more
  negatively correlated than drawn (-0.43 against -0.16). Since ``scale`` sizes only the
  contenders' errors, the third parties' own errors take up much of the renormalisation:
  0-1.5 on the shipped pairs (docs/validation.md lists each fitted value).
* ``sd_close`` and ``mu_close`` (:mod:`close`): from the earlier pairs' seat totals.
* ``surge`` (:mod:`surge`): how far a party defending a seat it took at the base runs ahead.

With no earlier pair of the country the prior of :class:`forecast.Params` is used (``[E]``):
uniform swing raked to the given totals; ``k = 1`` (a seat's unexplained change as large as the
contender heterogeneity), ``gamma = 0.5``, ``core = 0.7``, ``scale = 1``, ``sd_close = 0.225``,
``mu_close = 0`` (what :mod:`close_fit` gives with no data), ``surge = 0``.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from votebank.backtest import volatility
from votebank.backtest.baselines import information
from votebank.backtest.central import KINDS, kinds, raw_shares
from votebank.backtest.close_fit import fit_close
from votebank.backtest.forecast import (
    CONTENDER,
    MIN_SD_SHARE,
    Params,
    ensemble,
    heterogeneity,
    mean_shares,
    share_factor,
    strength,
    winners,
)
from votebank.backtest.history import pair
from votebank.backtest.pair import Pair
from votebank.backtest.raking import rake
from votebank.backtest.surge import fit_surge

GRID = (0.0, 0.25, 0.5, 0.75, 1.0)
PHI_GRID = (0.0, 0.1, 0.2, 0.35, 0.5)
SCALES = tuple(float(c) for c in np.round(np.geomspace(0.3, 3.0, 17), 3))
SCALE_RUNS = 200
SQUEEZES = (0.0, 0.5, 1.0, 1.5, 2.0, 3.0)
MIN_SHARE = 0.02
MIN_REGION = 20


def fit_on(given: str, earlier: tuple[tuple[str, ...], ...]) -> Params:
    """Parameters fitted on the ``earlier`` pairs (kept by :mod:`fitted`)."""
    if not earlier:
        return Params()
    level = "national" if given == "polls" else given
    data = []
    for b, t, _, _ in earlier:
        pr = pair(b, t)
        data.append((pr, information(pr, level), kinds(pr), pr.slate["share"].to_numpy()))
    tried = {}
    for lam in GRID:
        for phi in PHI_GRID:
            for fitted in (False, True):
                tried[(lam, phi, fitted)] = _try(data, level, lam, phi, fitted)
    prior = Params()
    best = min(tried, key=lambda key: tried[key][0])
    base_key = (prior.lam, prior.phi, False)
    wrong_best, right_best = tried[best][0][0], tried[best][2]
    wrong_prior, right_prior = tried[base_key][0][0], tried[base_key][2]
    if not clear_gain(wrong_prior, wrong_best, int((right_best != right_prior).sum())):
        best = base_key
    lam, phi, _ = best
    offset = tried[best][1]
    p = Params(lam=lam, phi=phi, offset=tuple(round(float(o), 3) for o in offset))
    p = replace(p, surge=fit_surge(data, p, level))  # before the residuals that size errors
    resid, k_regional, national, slopes = [], [], [], []
    for pr, info, kind, actual in data:
        m = mean_shares(pr, *info, p, level)
        r = _residuals(pr, m, kind, actual)
        slopes += _slopes(pr, m, actual)
        r["r"] = r["r"] - r.groupby(["region", "label"])["r"].transform("mean")
        r["hc"] = heterogeneity(pr, CONTENDER)
        r["pair"] = len(resid)
        resid.append(r)
        nat = information(pr, "national")
        rn = _residuals(pr, mean_shares(pr, *nat, p), kind, actual)
        cells = _regional(rn)
        if len(cells) > 1:  # a spread needs two region x label cells
            k_regional.append(cells.std(ddof=1) / heterogeneity(pr))
        keep = (nat[1][0] >= MIN_SHARE) & (nat[2][0] >= MIN_SHARE)
        national.append(np.log(nat[2][0][keep] / nat[1][0][keep]))
    changes = np.concatenate(national)  # none where no label has 2 % in both: the prior
    sd_national = np.sqrt(np.mean(changes**2)) if changes.size else prior.sd_national
    r = pd.concat(resid, ignore_index=True)
    gamma = _gamma(r)
    r["z"] = r["r"] / (r["hc"] * share_factor(r["m"].to_numpy(), gamma))
    sd = r.groupby("kind")["z"].agg(["std", "size"])
    # A kind of no spread (each residual alone in its region x label cell) measured nothing.
    measured = sd.loc[(sd["size"] >= 10) & (sd["std"] > 0), "std"]
    ks = [float(measured.get(k, prior.k_seat[k])) for k in range(len(KINDS))]
    core = _core(r["z"].to_numpy() / np.asarray(ks)[r["kind"].to_numpy()])
    # The fitted volatility is the mean of n measured ones: a new one varies by tau sqrt(1 + 1/n).
    tau = _tau(r, np.asarray(ks)) * np.sqrt(1 + 1 / len(earlier))
    p = Params(
        lam=lam,
        phi=phi,
        offset=p.offset,
        surge=p.surge,
        k_seat=tuple(round(k, 3) for k in ks),
        gamma=round(gamma, 3),
        core=round(core, 3),
        tau=round(float(tau), 3),
        k_regional=round(float(np.nanmean(k_regional)), 3) if k_regional else prior.k_regional,
        sd_slope=round(float(np.sqrt(np.mean(np.square(slopes)))), 3) if slopes else 0.1,
        sd_national=round(float(sd_national), 3),
        national_df=int(changes.size),
        sd_close=0.0,  # scale is fitted first without the close-seat error, measured next
        source=f"fitted on {len(earlier)} earlier pair{'' if len(earlier) == 1 else 's'}",
        fitted_on=tuple(f"{b} -> {t}" for b, t, _, _ in earlier),
    )
    scale, scale_sd, tau = _scale(data, p, given)
    p = replace(p, scale=round(scale, 3), scale_sd=round(scale_sd, 3), tau=round(tau, 3))
    p = replace(p, sd_squeeze=_squeeze(data, p, given))
    sd_close, mu_close = fit_close(data, p, given, SCALE_RUNS)
    p = replace(p, sd_close=round(sd_close, 3), mu_close=round(mu_close, 3))
    scale, scale_sd, tau = _scale(data, p, given)  # again, beside the close-seat error
    return replace(p, scale=round(scale, 3), scale_sd=round(scale_sd, 3), tau=round(tau, 3))


def clear_gain(wrong_prior: int, wrong_best: int, discordant: int) -> bool:
    """McNemar at about 5 %: the gain exceeds twice the sqrt of the seats the two split."""
    return bool(wrong_prior - wrong_best > 2 * np.sqrt(max(discordant, 1)))


def _try(data, level: str, lam: float, phi: float, fitted: bool = True):
    """``((winners wrong, rmse), offsets, right per seat)`` of one grid point."""
    raws = [raw_shares(pr, *info, lam, phi) for pr, info, _, _ in data]
    offset = np.zeros(len(KINDS))
    for _ in range(
        2 if fitted else 0
    ):  # renormalising moves the shares: a second pass settles them
        res = [
            _log_error(rake(pr, raw * np.exp(offset[kind]), info[0], info[2], level), kind, a)
            for (pr, info, kind, a), raw in zip(data, raws, strict=True)
        ]
        offset = offset + _kind_means(res)
    wrong, sq, n, right = 0, 0.0, 0, []
    for (pr, info, kind, actual), raw in zip(data, raws, strict=True):
        m = rake(pr, raw * np.exp(offset[kind]), info[0], info[2], level)
        ok = winners(pr, m)[0] == pr.actual_winner
        right.append(ok)
        wrong += int((~ok).sum())
        sq += float(((m - actual) ** 2).sum())
        n += len(m)
    return (wrong, sq / n), offset, np.concatenate(right)


def _core(z: np.ndarray) -> float:
    """Robust sd (interquartile range / 1.349) over sd of standardised errors: tail shape."""
    if len(z) < 50:
        return Params().core
    q25, q75 = np.quantile(z, [0.25, 0.75])
    return float(np.clip((q75 - q25) / 1.349 / max(z.std(), 1e-9), 0.3, 1.0))


def _tau(r: pd.DataFrame, ks: np.ndarray) -> float:
    """How much a new election's volatility may differ from the fitted one.

    The sd over regions of the log sd of the standardised residuals (root mean square over
    the earlier pairs): how much volatility differs between electorates (0 if no pair has
    three regions of 20 or more residuals).
    """
    z = r.assign(z=r["z"] / ks[r["kind"].to_numpy()])
    out = []
    for _, one in z.groupby("pair"):
        sd = one.groupby("region")["z"].agg(["std", "size"])
        sd = sd[(sd["size"] >= MIN_REGION) & (sd["std"] > 0)]  # log 0: no spread to compare
        if len(sd) >= 3:
            out.append(float(np.log(sd["std"]).std(ddof=1)))
    return float(np.sqrt(np.mean(np.square(out)))) if out else 0.0


def _gamma(r: pd.DataFrame) -> float:
    """Minus the slope of log(spread of the log error) on log(share), over share bins.

    The spread is the interquartile range: robust to the outlying seats that set a bin's sd.
    """
    x = np.log(np.maximum(r["m"].to_numpy(), MIN_SD_SHARE))
    if len(r) < 50 or np.ptp(x) == 0:
        return Params().gamma
    bins = pd.qcut(x, 8, duplicates="drop")
    g = pd.DataFrame({"x": x, "r": r["r"].to_numpy(), "b": bins}).groupby("b", observed=True)
    spread = g["r"].quantile(0.75) - g["r"].quantile(0.25)
    lx, ls = g["x"].mean().to_numpy(), np.log(spread.to_numpy())
    slope = np.polyfit(lx, ls, 1)[0]
    return float(np.clip(-slope, 0.0, 1.0))


def _scale(data, p: Params, given: str) -> tuple[float, float, float]:
    """The error scale the earlier pairs' seats support, its sd, and the between-pair sd.

    For each ``c`` of :data:`SCALES` (log-spaced), ensembles on the earlier pairs give each
    seat's Brier score less the Brier it expects of itself; their mean over seats, ``d(c)``,
    and its standard error ``se(c)`` make a likelihood ``exp(-d^2 / 2 se^2)``, with a flat
    prior on ``log c`` over the grid. With :data:`volatility.MIN_PAIRS` or more pairs, each
    pair's own posterior is one election's volatility and the scale is their random-effects
    mean (:mod:`volatility`); with fewer, the seats are pooled (a few hundred seats pin the
    scale only loosely) and the between-pair sd is ``p.tau``, the stand-in (:func:`_tau`).
    """
    if sum(len(pr.seats) for pr, _, _, _ in data) < 2:
        return Params().scale, 0.0, p.tau  # one seat: no spread of its gaps to weigh them by
    gaps = [[] for _ in data]
    for c in SCALES:
        q = replace(p, scale=c, tau=0.0, scale_sd=0.0)  # the earlier pairs' own volatility
        for j, (pr, info, _, _) in enumerate(data):
            m = mean_shares(pr, *info, q, given)
            won = winners(pr, ensemble(pr, m, q, given, SCALE_RUNS, 0, info))
            gaps[j].append(brier_gap(pr.actual_winner, won))
    x = np.log(np.asarray(SCALES))
    if len(data) >= volatility.MIN_PAIRS:
        own = [volatility.posterior(np.array([_loglik(d) for d in g]), x) for g in gaps]
        mu, se, tau = volatility.between_pairs(*map(np.array, zip(*own, strict=True)))
        return float(np.exp(mu)), se, tau
    pooled = [_loglik(np.concatenate(ds)) for ds in zip(*gaps, strict=True)]
    mu, sd = volatility.posterior(np.array(pooled), x)
    return float(np.exp(mu)), sd, p.tau


def _loglik(d: np.ndarray) -> float:
    """Log-likelihood that seats' Brier gaps ``d`` have mean 0 (normal, their own se)."""
    se = max(d.std(ddof=1) / np.sqrt(len(d)), 1e-9) if len(d) > 1 else 1e-9
    return -0.5 * (d.mean() / se) ** 2


def _squeeze(data, p: Params, given: str) -> float:
    """The ``sd_squeeze`` that draws the leaders' errors as correlated as they really were.

    Correlation of the two projected leaders' log errors over seats, real, against the mean
    over seats of their correlation over runs (200, seed 0, without ``tau``), each averaged
    over the earlier pairs (20 or more seats); prior 0.
    """
    real, drawn = [], {s: [] for s in SQUEEZES}
    for pr, info, _, actual in data:
        m = mean_shares(pr, *info, p, given)
        a, c = leaders(pr, m)
        ok = (actual[a] > 0) & (actual[c] > 0)
        a, c = a[ok], c[ok]
        if len(a) < 20:
            continue
        real.append(np.corrcoef(np.log(actual[a] / m[a]), np.log(actual[c] / m[c]))[0, 1])
        for s in SQUEEZES:
            q = replace(p, sd_squeeze=s, tau=0.0, scale_sd=0.0)
            drawn[s].append(
                drawn_correlation(ensemble(pr, m, q, given, SCALE_RUNS, 0, info), m, a, c)
            )
    if not real:
        return 0.0
    return min(SQUEEZES, key=lambda s: abs(np.mean(drawn[s]) - np.mean(real)))


def drawn_correlation(runs: np.ndarray, mean: np.ndarray, a: np.ndarray, c: np.ndarray) -> float:
    """Mean over seats of the correlation over ``runs`` of rows ``a`` and ``c``'s log errors."""
    x = np.log(runs / mean)
    xa, xc = x[:, a] - x[:, a].mean(axis=0), x[:, c] - x[:, c].mean(axis=0)
    return float(np.mean((xa * xc).mean(axis=0) / (xa.std(axis=0) * xc.std(axis=0))))


def leaders(pr: Pair, mean: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Slate rows of each seat's first and second projected named candidates."""
    i = pr.slate["i"].to_numpy()
    rows = np.flatnonzero(~pr.slate["aggregate"].to_numpy(bool))
    rows = rows[np.lexsort((-mean[rows], i[rows]))]
    first = np.r_[True, i[rows][1:] != i[rows][:-1]]
    second = np.r_[False, first[:-1]] & ~first
    a, b = rows[first], rows[second]
    return a[np.isin(i[a], i[b])], b


def brier_gap(actual: np.ndarray, won: np.ndarray) -> np.ndarray:
    """Per seat: Brier score of the runs' win frequencies less ``1 - sum p^2``."""
    codes, inv = np.unique(np.concatenate([won.ravel(), actual]), return_inverse=True)
    runs, n = won.shape
    w = inv[: won.size].reshape(runs, n)
    a = inv[won.size :]
    p = np.zeros((n, len(codes)))
    np.add.at(p, (np.broadcast_to(np.arange(n), w.shape), w), 1.0 / runs)
    hit = np.zeros_like(p)
    hit[np.arange(n), a] = 1.0
    return ((p - hit) ** 2).sum(axis=1) - (1.0 - (p**2).sum(axis=1))


def _log_error(m: np.ndarray, kind: np.ndarray, actual: np.ndarray) -> pd.DataFrame:
    ok = (m >= 0.005) & (actual > 0)
    return pd.DataFrame({"kind": kind[ok], "r": np.clip(np.log(actual[ok] / m[ok]), -3, 3)})


def _kind_means(res: list[pd.DataFrame]) -> np.ndarray:
    pooled = pd.concat(res).groupby("kind")["r"].mean()
    return np.array([float(pooled.get(k, 0.0)) for k in range(len(KINDS))])


def _residuals(pr: Pair, mean: np.ndarray, kind: np.ndarray, actual: np.ndarray):
    ok = (mean >= 0.005) & (actual > 0)
    return pd.DataFrame(
        {
            "region": pr.region[pr.slate["i"].to_numpy()][ok],
            "label": pr.slate["label"].to_numpy()[ok],
            "kind": kind[ok],
            "m": mean[ok],
            "r": np.clip(np.log(actual[ok] / mean[ok]), -3, 3),
        }
    )


def _slopes(pr: Pair, mean: np.ndarray, actual: np.ndarray) -> list[float]:
    """Per label with 20+ candidates: slope of the log error on the party's strength."""
    x = strength(pr)
    ok = (mean >= 0.005) & (actual > 0) & ~pr.slate["aggregate"].to_numpy(bool)
    r = np.clip(np.log(actual[ok] / mean[ok]), -3, 3)
    frame = pd.DataFrame({"label": pr.slate["label"].to_numpy()[ok], "x": x[ok], "r": r})
    out = []
    for _, g in frame.groupby("label"):
        if len(g) >= 20 and g["x"].std() > 0:
            out.append(float(np.polyfit(g["x"], g["r"], 1)[0]))
    return out


def _regional(res: pd.DataFrame) -> np.ndarray:
    """Region x label mean residuals (cells of 5 or more) around the label's mean."""
    named = res[res["kind"] > 0]
    cells = named.groupby(["region", "label"])["r"].agg(["mean", "size"]).reset_index()
    cells = cells[cells["size"] >= 5]
    label_mean = named.groupby("label")["r"].mean()
    # A small file may have no such cell: the map of an empty column is no number.
    return cells["mean"].to_numpy(float) - cells["label"].map(label_mean).to_numpy(float)

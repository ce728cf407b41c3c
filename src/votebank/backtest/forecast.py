"""votebank's own forecast: incumbents, seat-dependent swing and correlated errors.

**Mean** (per target candidate, from the same information as every method): steps 1 and 2,
the personal vote of the seat's winner and seat-dependent swing, are
:mod:`votebank.backtest.central`'s; then

3. *Kind of candidate*: the share (floored at 0.1 %) is multiplied by ``exp(offset[kind])``
   for its kind (:data:`KINDS`: the aggregate others, the same person for the same party, a
   person who switched party, a party's new candidate, a party new to the seat), then each
   seat is renormalised. Offsets are the mean log error of each kind on earlier pairs, and
   are used only where they get fewer winners wrong there (:mod:`fit`). The base winner's
   party, where it took the seat at the base election and defends it now
   (:func:`central.first_defence`), is multiplied by ``exp(surge)`` too: the sophomore
   surge of a first-term MP, who adds a personal vote the base share did not hold while the
   party that lost the seat loses its former MP's (fitted in :mod:`surge`; 0 in the prior).
4. *The given totals*: the shares are raked (iterative proportional fitting, 25 rounds) so
   that each block's total is the given ``T``, each seat weighed by its expected votes
   (:meth:`Pair.sizes`: the target's electoral roll, published before polling day, times the
   base turnout; the base votes where a file gives no roll): votebank
   uses the information every method gets in full, and steps 1-3 only move votes between
   seats. Not with ``--given none``: no total is known then.

The prior (no earlier pair of the same country) is ``lam = phi = 0`` with no offsets and
``nu = 1``: uniform swing raked to the given totals, the simplest model that uses them all.

**Errors** on the log share, then renormalised within each seat:

* a *seat* error per candidate, sd ``scale * k[kind] * Hc * (max(m, 2 %) / 15 %)^-gamma``
  (``scale`` for the contenders, ``m`` of 15 % or more; 1 for the rest, whose residuals
  measure their size: ``scale`` is fitted on winners, which the contenders decide):
  ``Hc`` is the base election's *contender heterogeneity* (the sd over seats of
  ``log(seat share / regional share)`` for shares of 15 % or more: how unlike each other
  the seats are where parties are in contention), ``m`` the candidate's mean share (small
  candidates move more in log terms), ``k`` per kind of candidate. The error is heavy-tailed
  (a scale mixture: 80 % of draws ``core`` times the sd, 20 % enough more to keep the
  variance). Where block totals are given the error multiplies the share by ``exp(e)``
  (each run's median is the central path) and each run is raked (below); otherwise it is
  *mean-preserving*, ``exp(e - v / 2)`` (``v`` its variance, mean 1), so that the ensemble
  does not drift towards small parties;
* a *national* error per label (``sd_national``; only when national shares are not given;
  Student-t with ``national_df`` degrees of freedom when that sd was measured on
  ``national_df`` national changes: each run draws its sd from the scaled inverse
  chi-square those measurements leave, the predictive of a normal error whose sd is
  estimated) and a *regional* error per region and label (``scale * k_regional * H``,
  ``H`` the heterogeneity over shares of 2 % or more; not when regional shares are given);
* a *slope* error per label (``sd_slope`` times the centred log of the party's base share
  in the seat): in one run a party gains more where it was strong, in another where it was
  weak, in every seat at once, so that seat totals move together as in real elections;
* a *squeeze* error per seat (``scale * sd_squeeze * Hc``), the same for every named
  candidate projected at 15 % or more: once the seat is renormalised, the third parties
  are squeezed (or not) against its contenders. Drawn on their own and renormalised, the
  two leaders' errors come out more negatively correlated than real ones in the UK (a
  leader's gain comes out of the other leader rather than the small parties), and the scale
  that makes the winners' Brier honest then leaves every share interval too narrow.

With ``national`` or ``regional`` given, each run is then raked to the given totals again
(10 rounds): they are known exactly, so no run may break them, and the raking keeps the
small parties from drifting up (measured, 1000 runs, seed 16, against mean-preserving
errors raked the same way: seats wrong lower on all six shipped rows, 17.7-29.8 against
21.3-30.4; chosen after seeing every shipped pair, 2002 -> 2008 included).

Last, a *close-seat* error per run and party, ``u ~ N(mu_close * c, sd_close)``, multiplies
each of the party's shares by ``exp(u g)``, ``g`` how close the seat is in that run
(:mod:`votebank.backtest.close`), before the run is raked again: a party wins or loses its
close seats together, which moves seat totals that independent errors and raking leave
within a few seats. ``c`` is the party's given change in its block, ``log(T / B)`` clipped
to +-1 (:func:`close.gains`; 0 with ``--given none``): with ``mu_close > 0`` a party whose
given share rose wins more of its close seats and one whose share fell loses more.
Both are fitted on earlier pairs' seat totals (prior: the close fit's with no data).

The seat and regional errors of a run are multiplied by ``exp(hypot(tau, scale_sd) z)``, one
``z`` per run: the new election's own volatility is unknown, drawn around the one fitted on
earlier pairs (``tau``: how volatility varies between elections, measured where three or
more earlier pairs allow, else between electorates; ``scale_sd``: how loosely the earlier
pairs pin the fitted ``scale``; both 0 in the prior).

The common errors (national, regional, slope) are symmetric in the log: they move all of a
party's seats the same way, and a mean correction would tilt every seat against it.
Every value but ``nu`` (a fixed prior) is fitted on earlier pairs of the same country
(:mod:`fit`); ``scale`` and ``scale_sd`` from how far each earlier seat's Brier score is from
the Brier its ensemble expects. The ensemble is a vectorised projection: the simulator's
voter-level mechanisms add nothing that the shipped seat results could check.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import numpy as np
import pandas as pd

from votebank.backtest.baselines import labels_of
from votebank.backtest.central import KINDS, first_defence, kinds, raw_shares
from votebank.backtest.close import CLOSE_GRID, gains, run_closeness
from votebank.backtest.pair import Pair
from votebank.backtest.raking import rake, seat_exp_normalise, seat_normalise

CONTENDER = 0.15
MIN_SD_SHARE = 0.02
TAIL = 0.2
RUN_ROUNDS = 10


@dataclass(frozen=True)
class Params:
    """The forecast's parameters and where they come from (priors are [E])."""

    lam: float = 0.0
    phi: float = 0.0
    nu: float = 1.0
    offset: tuple[float, ...] = (0.0, 0.0, 0.0, 0.0, 0.0)
    k_seat: tuple[float, ...] = (1.0, 1.0, 1.0, 1.0, 1.0)
    gamma: float = 0.5
    scale: float = 1.0
    tau: float = 0.0
    scale_sd: float = 0.0
    # Heavy tails in the prior too: every earlier pair measured fits 0.63-0.73, the UK's and
    # Pakistan's alike, so a country with none is given the shape the other one shows.
    core: float = 0.7
    k_regional: float = 0.3
    sd_slope: float = 0.1
    sd_national: float = 0.3
    national_df: int = 0
    # No earlier pair: what the close fit gives with no data (not 0, the narrowest totals).
    sd_close: float = round(sum(CLOSE_GRID) / len(CLOSE_GRID), 3)
    mu_close: float = 0.0
    sd_squeeze: float = 0.0
    surge: float = 0.0
    source: str = "prior [E]: no earlier pair of this country"
    fitted_on: tuple[str, ...] = field(default_factory=tuple)

    def as_dict(self) -> dict:
        """Plain data (kinds named)."""
        out = asdict(self)
        out["offset"] = dict(zip(KINDS, self.offset, strict=True))
        out["k_seat"] = dict(zip(KINDS, self.k_seat, strict=True))
        return out


def heterogeneity(pair: Pair, floor: float = 0.02) -> float:
    """Sd over seats of log(seat share / regional share), base shares >= ``floor``.

    Named labels only. With ``floor`` :data:`CONTENDER` it measures how unlike each other the
    seats are where a party is in contention: the scale of the seat errors. Where there is no
    spread to measure (every region of one seat), 0.5: a seat alone in its region is its
    region's mean by definition, not evidence that seats do not differ.
    """
    S = pair.base.drop(columns=[c for c in pair.base.columns if c == "OTH"])
    region = pair.region.astype(str)
    vals = []
    for r in np.unique(region):
        rows = region == r
        w = pair.base_total[rows]
        mean = (S[rows].to_numpy() * w[:, None]).sum(axis=0) / max(w.sum(), 1e-12)
        x = S[rows].to_numpy()
        ok = (x >= floor) & (mean > 0)
        vals.append(np.log(x[ok] / np.broadcast_to(mean, x.shape)[ok]))
    v = np.concatenate(vals)
    sd = float(v.std(ddof=1)) if v.size > 1 else 0.0
    # No spread to measure (every region one seat, as a small file's may be): the prior.
    return sd if sd > 0 else 0.5


def share_factor(mean: np.ndarray, gamma: float) -> np.ndarray:
    """How the log-share error grows for small shares: ``(max(m, 2 %) / CONTENDER)^-gamma``."""
    return (np.maximum(mean, MIN_SD_SHARE) / CONTENDER) ** (-gamma)


def tail_factor(core: float) -> float:
    """The tail draws' sd factor that keeps the mixture's variance that of ``sd``."""
    return float(np.sqrt(max(1.0 - (1.0 - TAIL) * min(core, 1.0) ** 2, 0.0) / TAIL))


def seat_sd(pair: Pair, mean: np.ndarray, p: Params, hc: float) -> np.ndarray:
    """Each candidate's log-share error sd: ``scale k[kind] Hc (m / 0.15)^-gamma``.

    ``scale`` is fitted on who wins seats, which the contenders decide: the rest (mean share
    under :data:`CONTENDER`, and the aggregate others) keep the size their residuals measure.
    """
    k = np.asarray(p.k_seat)[kinds(pair)]
    contender = (mean >= CONTENDER) & ~pair.slate["aggregate"].to_numpy(bool)
    return np.where(contender, p.scale, 1.0) * k * hc * share_factor(mean, p.gamma)


def strength(pair: Pair) -> np.ndarray:
    """Each candidate's party strength in the seat: centred log base share (0 for others)."""
    labels = labels_of(pair)
    col = {p: k for k, p in enumerate(labels)}
    sl = pair.slate
    S = pair.base.reindex(columns=labels, fill_value=0.0).to_numpy()
    x = np.log(np.maximum(S[sl["i"].to_numpy(), sl["label"].map(col).to_numpy()], 0.01))
    x = x - pd.Series(x).groupby(sl["label"].to_numpy()).transform("mean").to_numpy()
    return np.where(sl["aggregate"].to_numpy(bool), 0.0, x)


def mean_shares(pair: Pair, block_of, B, T, p: Params, given: str = "national") -> np.ndarray:
    """Projected share of every slate candidate (steps 1-4: :mod:`central`, then this module)."""
    # With nothing given (T = B) a label absent from the seat has no given share to start from.
    raw = raw_shares(pair, block_of, B, T, p.lam, p.phi, p.nu if given != "none" else 0.0)
    lean = np.asarray(p.offset)[kinds(pair)]
    if p.surge:  # the prior and most fits have none: no incumbency pass for nothing
        lean = lean + p.surge * first_defence(pair)
    return rake(pair, raw * np.exp(lean), block_of, T, given)


def ensemble(
    pair: Pair,
    mean: np.ndarray,
    p: Params,
    given: str,
    runs: int,
    seed: int,
    info: tuple | None = None,
) -> np.ndarray:
    """Runs x candidates shares, with the errors the given information leaves open.

    The seat error multiplies a share by ``exp(sd w z)`` (``w`` the draw's tail and
    volatility factor) when ``info`` is given with national or regional totals, each run
    then raked to them; otherwise by ``exp(sd w z - (sd w)^2 / 2)``, whose mean is 1: it
    leaves each candidate's expected share (before the seat is renormalised) where the mean
    forecast put it (module docstring).
    """
    rng = np.random.default_rng([seed, 16])
    labels = labels_of(pair)
    col = {q: k for k, q in enumerate(labels)}
    sl = pair.slate
    i = sl["i"].to_numpy()
    k = sl["label"].map(col).to_numpy()
    h, hc = heterogeneity(pair), heterogeneity(pair, CONTENDER)
    sd = seat_sd(pair, mean, p, hc)
    regions, reg = np.unique(pair.region.astype(str), return_inverse=True)
    # Heavy tails: most seats move by a "core" fraction of the sd, a few by much more.
    w = np.where(rng.random((runs, len(mean))) < TAIL, tail_factor(p.core), p.core)
    # The election's own volatility is not known: each run draws it around the fitted scale.
    vol = np.exp(np.hypot(p.tau, p.scale_sd) * rng.standard_normal((runs, 1)))
    w = w * vol
    var = (sd[None, :] * w) ** 2
    log = np.log(mean)[None, :] + sd[None, :] * w * rng.standard_normal((runs, len(mean)))
    if given not in ("national", "regional"):
        # sd_national is measured on national_df changes: each run draws its own sd from that
        # measurement's uncertainty (scaled inverse chi-square), so the errors are Student-t.
        sd_nat = p.sd_national
        if p.national_df > 0:
            sd_nat = sd_nat * np.sqrt(p.national_df / rng.chisquare(p.national_df, (runs, 1)))
        log += sd_nat * rng.standard_normal((runs, len(labels)))[:, k]
    if given != "regional":
        z = rng.standard_normal((runs, len(regions), len(labels)))
        log += p.scale * p.k_regional * h * z[:, reg[i], k] * vol
    # A party's swing leans towards or away from its strong seats, the same way everywhere.
    x = strength(pair)
    log += p.sd_slope * rng.standard_normal((runs, len(labels)))[:, k] * x[None, :]
    if p.sd_squeeze > 0:
        # Symmetric in the log, as the slope error: not in the mean-preserving correction,
        # which would tilt every run towards the third parties (measured: UK 2015 given
        # none, 117 -> 157 winners wrong).
        contender = (mean >= CONTENDER) & ~sl["aggregate"].to_numpy(bool)
        u = rng.standard_normal((runs, len(pair.seats)))[:, i] * contender[None, :]
        log += p.scale * p.sd_squeeze * hc * u * vol
    raked = info is not None and given in ("national", "regional")
    # Raked runs are centred on the central path (median-preserving): the raking, not a
    # -v/2 correction, keeps the small parties from drifting up.
    out = seat_exp_normalise(log - (0.0 if raked else 1.0) * var / 2, i, len(pair.seats))
    if raked:
        # The given totals are known exactly: every run honours them, as the mean does.
        out = rake(pair, out, info[0], info[2], given, RUN_ROUNDS)
    if p.sd_close > 0 or p.mu_close != 0:
        # A party wins or loses the seats that are close in a run together (module close),
        # leaning to the side its given change points to.
        u = p.sd_close * rng.standard_normal((runs, len(labels)))[:, k]
        u = u + p.mu_close * gains(pair, info)[None, :]
        out = seat_normalise(out * np.exp(u * run_closeness(pair, out)), i, len(pair.seats))
        if raked:
            out = rake(pair, out, info[0], info[2], given, RUN_ROUNDS)
    return out


def winners(pair: Pair, shares: np.ndarray) -> np.ndarray:
    """Runs x seats: the label of each seat's largest candidate that can win."""
    sl = pair.slate
    # The slate lists each seat's candidates in their real order, winner first: a tie must
    # not go to the first row. In label (then name) order, argmax breaks ties blind to it.
    blind = np.lexsort((sl["name"].astype(str), sl["label"].astype(str), sl["i"]))
    i = sl["i"].to_numpy()[blind]
    label = sl["label"].to_numpy(dtype=object)[blind]
    x = np.where(sl["aggregate"].to_numpy(), -1.0, np.atleast_2d(shares))[:, blind]
    if np.isnan(x).any():  # argmax would read a seat's first row as its winner
        raise ValueError("a forecast share is not a number: no winner can be read from it")
    starts = np.searchsorted(i, np.arange(len(pair.seats)))
    ends = np.append(starts[1:], len(i))
    out = np.empty((x.shape[0], len(pair.seats)), dtype=object)
    for s, (a, b) in enumerate(zip(starts, ends, strict=True)):
        out[:, s] = label[a + x[:, a:b].argmax(axis=1)]
    return out

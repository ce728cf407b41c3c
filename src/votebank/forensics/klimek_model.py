"""The generative fraud model of Klimek, Yegorov, Hanel & Thurner (PNAS 2012), as published.

Two parties (the leader and "the rest"), no invalid ballots. Each station draws a fair turnout
``a ~ Normal(p_att, sd_att)`` kept in [0, 1] and a fair pair ``(Normal(lam, sigma),
Normal(1 - lam, sigma))`` renormalised to shares. A share ``f_i`` of stations gets incremental
fraud of intensity ``|Normal(0, theta)|`` and ``f_e`` extreme fraud of intensity
``1 - |Normal(0, 0.075)|``; the leader gains ``floor(x * non-voters)`` ballots and
``round(x**alpha * rest)`` moved votes.

The same functions serve the fit (which simulates the model at every grid point from one set
of standard draws: common random numbers) and the recovery checks (which generate data with
known parameters, optionally region by region).
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np
from scipy import special

from votebank.forensics.stations import StationResults
from votebank.forensics.synthetic import EXTREME_SD

THETA = 0.15


@dataclass(frozen=True)
class Fair:
    """Parameters of the fair (clean) model.

    Attributes:
        turnout_mean: Mean of the fair turnout ``p_att``.
        turnout_sd: Its standard deviation ``sd_att``.
        share_mean: Mean ``lam`` of the leader's component of the share pair.
        share_sd: Standard deviation ``sigma`` of each component of the pair.
    """

    turnout_mean: float
    turnout_sd: float
    share_mean: float
    share_sd: float


@dataclass(frozen=True, eq=False)
class Draws:
    """Standard random draws of simulated stations, reused at every grid point.

    Attributes:
        registered: Electorate of each simulated station.
        z_turnout: Standard normals of the fair turnout.
        u_turnout: Uniforms for the turnouts that fall outside [0, 1] (inverse normal CDF).
        z_leader: Standard normals of the leader's share component.
        z_rest: Standard normals of the rest's share component.
        u: Uniform deciding the fraud type (incremental below f_i, extreme when ``1 - u`` is
            below f_e).
        x_inc: Incremental intensity.
        x_ext: Extreme intensity.
    """

    registered: np.ndarray
    z_turnout: np.ndarray
    u_turnout: np.ndarray
    z_leader: np.ndarray
    z_rest: np.ndarray
    u: np.ndarray
    x_inc: np.ndarray
    x_ext: np.ndarray

    def __len__(self) -> int:
        return len(self.registered)


def draw(
    registered: np.ndarray, theta: float, *, rng: np.random.Generator, stratified: bool = False
) -> Draws:
    """Draw the standard randomness of ``len(registered)`` simulated stations.

    Args:
        registered: Electorate of each simulated station.
        theta: Spread of incremental intensity.
        rng: Source of randomness.
        stratified: Latin-hypercube draws: every uniform (and the uniform behind every
            normal) takes one value in each of ``m`` equal strata, in random order. Each
            draw is still exactly uniform (normal), but a quantile of the simulated
            stations varies far less between simulations: the fit's solver for the fair
            parameters matches simulated percentiles to observed ones, and with plain draws
            their noise moved f_i by +-0.05 at 100,000 stations.

    Returns:
        The draws.
    """
    m = len(registered)
    if stratified:
        u = [(rng.permutation(m) + rng.random(m)) / m for _ in range(7)]
        z = [special.ndtri(np.clip(v, 1e-12, 1 - 1e-12)) for v in u[:3]]
        return Draws(
            registered=np.asarray(registered, dtype=float),
            z_turnout=z[0],
            u_turnout=u[3],
            z_leader=z[1],
            z_rest=z[2],
            u=u[4],
            x_inc=_half_normal_below_one(theta, u[5]),
            x_ext=1.0 - _half_normal_below_one(EXTREME_SD, u[6]),
        )
    return Draws(
        registered=np.asarray(registered, dtype=float),
        z_turnout=rng.standard_normal(m),
        u_turnout=rng.random(m),
        z_leader=rng.standard_normal(m),
        z_rest=rng.standard_normal(m),
        u=rng.random(m),
        x_inc=_half_normal_below_one(theta, rng.random(m)),
        # The R port redraws an out-of-range extreme intensity without the "1 -"; drawing the
        # half-normal below 1 and subtracting it is the intended model.
        x_ext=1.0 - _half_normal_below_one(EXTREME_SD, rng.random(m)),
    )


def joined(parts: list[Draws]) -> Draws:
    """Several sets of draws as one (a pooled simulation)."""
    if len(parts) == 1:
        return parts[0]
    names = [f.name for f in fields(Draws)]
    return Draws(**{k: np.concatenate([getattr(d, k) for d in parts]) for k in names})


def fair_counts(d: Draws, fair: Fair) -> tuple[np.ndarray, np.ndarray]:
    """Fair leader and rest votes of every simulated station.

    Args:
        d: Standard draws.
        fair: Fair parameters.

    Returns:
        ``(W0, O0)``.
    """
    sd = max(fair.turnout_sd, 1e-6)
    a = fair.turnout_mean + sd * d.z_turnout
    out = (a < 0.0) | (a > 1.0)
    if out.any():
        # Keeping the in-range normals and drawing the rest from the truncated normal gives
        # exactly the truncated normal, and only the few outside need the inverse CDF.
        lo = special.ndtr(-fair.turnout_mean / sd)
        hi = special.ndtr((1.0 - fair.turnout_mean) / sd)
        u = np.clip(lo + (hi - lo) * d.u_turnout[out], 1e-300, 1 - 1e-16)
        a[out] = np.clip(fair.turnout_mean + sd * special.ndtri(u), 0.0, 1.0)
    lead = np.maximum(fair.share_mean + fair.share_sd * d.z_leader, 0.0)
    rest = np.maximum(1.0 - fair.share_mean + fair.share_sd * d.z_rest, 0.0)
    total = lead + rest
    # A pair with both parts below zero is rare (sigma << 1); give it the mean share.
    share = np.divide(lead, total, out=np.full(len(d), fair.share_mean), where=total > 0)
    votes = d.registered * a
    return np.round(votes * share), np.round(votes * (1.0 - share))


def with_fraud(
    registered: np.ndarray, w0: np.ndarray, o0: np.ndarray, x: np.ndarray, alpha: float
) -> tuple[np.ndarray, np.ndarray]:
    """Leader and rest votes after fraud of intensity ``x`` (0 leaves a station clean).

    Args:
        registered: Electorates.
        w0: Fair leader votes.
        o0: Fair votes of the rest.
        x: Intensities.
        alpha: Exponent of the share of the rest's votes moved.

    Returns:
        ``(W, O)``.
    """
    moved = np.round(x**alpha * o0)
    w = w0 + np.floor(x * (registered - w0 - o0)) + moved
    return w, o0 - moved


def simulate(
    registered: np.ndarray,
    fair: Fair,
    *,
    f_i: float,
    f_e: float,
    alpha: float,
    theta: float = THETA,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Simulate the published model for the given electorates.

    Args:
        registered: Electorate of each station.
        fair: Fair parameters.
        f_i: Share of stations with incremental fraud.
        f_e: Share with extreme fraud.
        alpha: Exponent of the rest's votes moved.
        theta: Spread of incremental intensity.
        rng: Source of randomness.

    Returns:
        ``(W, O, kind)`` with kind 0 clean, 1 incremental, 2 extreme.
    """
    d = draw(registered, theta, rng=rng)
    w0, o0 = fair_counts(d, fair)
    kind = np.where(d.u < f_i, 1, np.where(1.0 - d.u < f_e, 2, 0))
    x = np.where(kind == 1, d.x_inc, np.where(kind == 2, d.x_ext, 0.0))
    w, o = with_fraud(d.registered, w0, o0, x, alpha)
    return w, o, kind


def model_election(
    n_stations: int,
    *,
    rng: np.random.Generator,
    f_i: float = 0.0,
    f_e: float = 0.0,
    alpha: float = 1.0,
    theta: float = THETA,
    fair: Fair | None = None,
    regions: int = 1,
    region_spread: tuple[float, float] = (0.08, 0.08),
    registered_mean: float = 1000.0,
) -> tuple[StationResults, np.ndarray]:
    """Station results drawn from the published model at known parameters.

    With ``regions > 1`` every region gets its own fair turnout and leader share, spread
    evenly over ``+-region_spread`` around ``fair``: honest differences of the kind a country
    has between provinces. Fraud is the same everywhere.

    Args:
        n_stations: Number of stations.
        rng: Source of randomness.
        f_i: Share of stations with incremental fraud.
        f_e: Share with extreme fraud.
        alpha: Exponent of the rest's votes moved.
        theta: Spread of incremental intensity.
        fair: Fair parameters (default: turnout 0.55 +- 0.08, share 0.45, sigma 0.07).
        regions: Number of regions.
        region_spread: Largest shift of fair turnout and share between regions.
        registered_mean: Mean electorate (gamma distributed, shape 4).

    Returns:
        The results (leader and one "rest" column; ``region`` set when ``regions > 1``) and
        the fraud kind of every station.
    """
    fair = fair or Fair(0.55, 0.08, 0.45, 0.07)
    reg = np.maximum(50, np.round(rng.gamma(4.0, registered_mean / 4.0, n_stations)))
    region = rng.integers(0, regions, n_stations)
    steps = np.linspace(-1.0, 1.0, regions) if regions > 1 else np.zeros(1)
    w = np.empty(n_stations)
    o = np.empty(n_stations)
    kind = np.empty(n_stations, dtype=np.int64)
    for r in range(regions):
        sel = region == r
        here = Fair(
            fair.turnout_mean + region_spread[0] * steps[r],
            fair.turnout_sd,
            fair.share_mean + region_spread[1] * steps[r],
            fair.share_sd,
        )
        w[sel], o[sel], kind[sel] = simulate(
            reg[sel], here, f_i=f_i, f_e=f_e, alpha=alpha, theta=theta, rng=rng
        )
    votes = (w + o).astype(np.int64)
    results = StationResults(
        registered=reg.astype(np.int64),
        ballots=votes,
        valid=votes,
        leader_votes=w.astype(np.int64),
        other_votes=o.astype(np.int64)[:, None],
        source="klimek model",
        ids=np.arange(1, n_stations + 1),
        other_names=("rest",),
        regions=np.array([f"R{r + 1}" for r in region]) if regions > 1 else None,
    )
    return results, kind


def _half_normal_below_one(sd: float, u: np.ndarray) -> np.ndarray:
    """``|Normal(0, sd)|`` restricted to (0, 1), by inverting the CDF at uniforms ``u``."""
    sd = max(float(sd), 1e-9)
    top = 2.0 * special.ndtr(1.0 / sd) - 1.0  # P(sd * |Z| < 1)
    q = np.clip(0.5 + 0.5 * top * u, 0.5, 1 - 1e-16)
    return np.clip(sd * special.ndtri(q), 0.0, 1.0)

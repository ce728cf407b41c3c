"""Synthetic polling-station results from the Klimek et al. (2012) fraud model.

Used to check that the forensic tests stay quiet on clean elections and speak up on stuffed or
fabricated ones. Every draw comes from the ``rng`` the caller passes in.
"""

from __future__ import annotations

import inspect

import numpy as np
from scipy import special

from votebank.errors import InputError
from votebank.forensics.stations import StationResults
from votebank.forensics.synthetic_checks import RANGES, regional_problems, synthetic_problems

EXTREME_SD = 0.075
_N_OTHER_PARTIES = 3
_INVALID_RATE = 0.015


def truncated_normal(
    mean: float | np.ndarray, sd: float, size: int, *, rng: np.random.Generator
) -> np.ndarray:
    """Draw ``Normal(mean, sd)`` truncated to [0, 1] by inverting the CDF.

    Args:
        mean: Location of the untruncated normal (scalar or per-draw array).
        sd: Its standard deviation (> 0).
        size: Number of draws.
        rng: Source of randomness.

    Returns:
        ``size`` draws in [0, 1].
    """
    sd = max(float(sd), 1e-9)
    lo = special.ndtr((0.0 - mean) / sd)
    hi = special.ndtr((1.0 - mean) / sd)
    u = lo + (hi - lo) * rng.random(size)
    return np.clip(mean + sd * special.ndtri(np.clip(u, 1e-300, 1 - 1e-16)), 0.0, 1.0)


def incremental_intensity(theta: float, size: int, *, rng: np.random.Generator) -> np.ndarray:
    """Draw ``|Normal(0, theta)|`` truncated to (0, 1): the intensity of incremental fraud.

    Args:
        theta: Spread of the intensities (> 0).
        size: Number of draws.
        rng: Source of randomness.

    Returns:
        Intensities in [0, 1).
    """
    theta = max(float(theta), 1e-9)
    top = 2.0 * special.ndtr(1.0 / theta) - 1.0  # P(theta * |Z| < 1)
    u = np.clip(0.5 + 0.5 * top * rng.random(size), 0.5, 1 - 1e-16)
    return np.clip(theta * special.ndtri(u), 0.0, 1.0)


def extreme_intensity(size: int, *, rng: np.random.Generator) -> np.ndarray:
    """Draw ``1 - |Normal(0, 0.075)|``: the intensity of extreme fraud.

    Args:
        size: Number of draws.
        rng: Source of randomness.

    Returns:
        Intensities in [0, 1], most above 0.85.
    """
    return np.clip(1.0 - np.abs(rng.normal(0.0, EXTREME_SD, size)), 0.0, 1.0)


def fraud_intensity(kind: np.ndarray, theta: float, *, rng: np.random.Generator) -> np.ndarray:
    """Draw the fraud intensity x of each unit.

    Args:
        kind: 0 clean, 1 incremental, 2 extreme, per unit.
        theta: Spread of incremental intensities.
        rng: Source of randomness.

    Returns:
        Intensities in [0, 1]; 0 for clean units.
    """
    n = len(kind)
    inc = incremental_intensity(theta, n, rng=rng)
    ext = extreme_intensity(n, rng=rng)
    return np.where(kind == 1, inc, np.where(kind == 2, ext, 0.0))


def klimek_synthetic(
    n_stations: int,
    *,
    rng: np.random.Generator,
    registered_mean: float = 1260,
    turnout_mean: float = 0.45,
    turnout_sd: float = 0.09,
    share_mean: float = 0.45,
    share_sd: float = 0.1,
    f_i: float = 0.0,
    f_e: float = 0.0,
    theta: float = 0.15,
    alpha: float = 1.0,
    fabricate: float = 0.0,
) -> tuple[StationResults, dict]:
    """Generate one election's station results, optionally with stuffing and fabrication.

    Clean stations draw a turnout rate and a leader share from truncated normals; ballots,
    invalid ballots and votes are then binomial, so the counts have natural last digits. A
    share ``f_i`` of stations gets incremental fraud and ``f_e`` extreme fraud as in Klimek et al.:
    the leader gains ``floor(x * non-voters)`` stuffed ballots and ``round(x**alpha * opposition
    votes)`` moved from the other parties. Finally a share ``fabricate`` of stations has its
    protocol "written": turnout and leader share are set to the nearest whole percent and the
    counts are derived from them.

    Args:
        n_stations: Number of polling stations.
        rng: Source of all randomness.
        registered_mean: Mean number of registered voters (gamma distributed, shape 4).
        turnout_mean: Mean of the fair turnout rate.
        turnout_sd: Its standard deviation.
        share_mean: Mean of the leader's fair share of valid votes.
        share_sd: Its standard deviation.
        f_i: Share of stations with incremental fraud.
        f_e: Share of stations with extreme fraud.
        theta: Spread of incremental fraud intensity.
        alpha: Exponent of the opposition votes moved (``x**alpha``).
        fabricate: Share of stations whose protocol is rewritten to whole percentages.

    Returns:
        The results (source ``"synthetic"``) and a truth dict with per-station arrays
        ``fraud_kind`` (0 clean, 1 incremental, 2 extreme), ``intensity``, ``ballots_added``,
        ``votes_moved``, ``fabricated`` and the parameters used.

    Raises:
        InputError: Every bad argument, together, before anything is drawn.
    """
    numbers = {name: value for name, value in locals().items() if name in RANGES}
    if problems := synthetic_problems(n_stations, rng, numbers):
        raise InputError(problems)
    return _election(int(n_stations), rng, **numbers)


def _election(
    n: int,
    rng: np.random.Generator,
    *,
    registered_mean: float,
    turnout_mean: float,
    turnout_sd: float,
    share_mean: float,
    share_sd: float,
    f_i: float,
    f_e: float,
    theta: float,
    alpha: float,
    fabricate: float,
) -> tuple[StationResults, dict]:
    """:func:`klimek_synthetic` on arguments already checked."""
    registered = np.maximum(20, np.round(rng.gamma(4.0, registered_mean / 4.0, n))).astype(np.int64)
    turnout = truncated_normal(turnout_mean, turnout_sd, n, rng=rng)
    share = truncated_normal(share_mean, share_sd, n, rng=rng)
    ballots = rng.binomial(registered, turnout)
    invalid = rng.binomial(ballots, _INVALID_RATE)
    valid = ballots - invalid
    leader = rng.binomial(valid, share)
    # Other parties split the rest with station-level variation around fixed national shares.
    weights = rng.dirichlet(np.full(_N_OTHER_PARTIES, 8.0) * np.array([3.0, 2.0, 1.0]), n)
    others = _split(valid - leader, weights, rng=rng)

    u = rng.random(n)
    kind = np.where(u < f_i, 1, np.where(u >= 1.0 - f_e, 2, 0))
    x = fraud_intensity(kind, theta, rng=rng)
    added = np.floor(x * (registered - ballots)).astype(np.int64)
    moved_each = np.round(others * (x**alpha)[:, None]).astype(np.int64)
    moved = moved_each.sum(axis=1)
    ballots = ballots + added
    valid = valid + added
    leader = leader + added + moved
    others = others - moved_each

    fabricated = rng.random(n) < fabricate
    if fabricated.any():
        ballots, valid, leader, others = _fabricate(
            fabricated, registered, ballots, valid, leader, others, rng=rng
        )

    results = StationResults(
        registered=registered,
        ballots=ballots,
        valid=valid,
        leader_votes=leader,
        other_votes=others,
        source="synthetic",
        ids=np.arange(1, n + 1),
        leader_name="leader",
        other_names=tuple(f"party_{k + 2}" for k in range(_N_OTHER_PARTIES)),
    )
    truth = {
        "fraud_kind": kind,
        "intensity": x,
        "ballots_added": added,
        "votes_moved": moved,
        "fabricated": fabricated,
        "params": {
            "n_stations": n,
            "registered_mean": registered_mean,
            "turnout_mean": turnout_mean,
            "turnout_sd": turnout_sd,
            "share_mean": share_mean,
            "share_sd": share_sd,
            "f_i": f_i,
            "f_e": f_e,
            "theta": theta,
            "alpha": alpha,
            "fabricate": fabricate,
        },
    }
    return results, truth


def _split(total: np.ndarray, weights: np.ndarray, *, rng: np.random.Generator) -> np.ndarray:
    """Split each total among parties by sequential binomials (a vectorised multinomial)."""
    out = np.zeros(weights.shape, dtype=np.int64)
    left = total.astype(np.int64)
    tail = np.cumsum(weights[:, ::-1], axis=1)[:, ::-1]
    for j in range(weights.shape[1] - 1):
        cond = np.divide(weights[:, j], tail[:, j], out=np.zeros(len(left)), where=tail[:, j] > 0)
        draw = rng.binomial(left, np.clip(cond, 0.0, 1.0))
        out[:, j] = draw
        left = left - draw
    out[:, -1] = left
    return out


def _fabricate(
    mask: np.ndarray,
    registered: np.ndarray,
    ballots: np.ndarray,
    valid: np.ndarray,
    leader: np.ndarray,
    others: np.ndarray,
    *,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Rewrite the masked protocols so turnout and leader share are whole percents."""
    ballots, valid, leader, others = ballots.copy(), valid.copy(), leader.copy(), others.copy()
    reg = registered[mask]
    turnout_pct = np.clip(np.round(100 * ballots[mask] / reg), 1, 100)
    new_ballots = np.round(turnout_pct * reg / 100).astype(np.int64)
    invalid = np.minimum(ballots[mask] - valid[mask], new_ballots)
    new_valid = new_ballots - invalid
    old_share = leader[mask] / np.maximum(valid[mask], 1)
    share_pct = np.clip(np.round(100 * old_share), 0, 100)
    new_leader = np.round(share_pct * new_valid / 100).astype(np.int64)
    rest = new_valid - new_leader
    old_rest = others[mask]
    frac = old_rest / np.maximum(old_rest.sum(axis=1, keepdims=True), 1)
    frac[old_rest.sum(axis=1) == 0] = 1.0 / others.shape[1]
    ballots[mask], valid[mask], leader[mask] = new_ballots, new_valid, new_leader
    others[mask] = _split(rest, frac, rng=rng)
    return ballots, valid, leader, others


def regional_synthetic(
    n_stations: int,
    *,
    rng: np.random.Generator,
    regions: int = 4,
    turnout_range: tuple[float, float] = (0.38, 0.56),
    share_range: tuple[float, float] = (0.35, 0.55),
    **kw: float,
) -> tuple[StationResults, dict]:
    """A :func:`klimek_synthetic` election whose regions differ honestly.

    Region ``r`` of ``regions`` gets fair turnout and leader share spread evenly over the
    given ranges (a country whose provinces turn out and vote differently); everything else,
    fraud included, is as in :func:`klimek_synthetic`.

    Args:
        n_stations: Number of polling stations (split evenly between regions).
        rng: Source of all randomness.
        regions: Number of regions.
        turnout_range: Lowest and highest regional mean turnout.
        share_range: Lowest and highest regional mean leader share.
        **kw: Further arguments of :func:`klimek_synthetic` (``f_i``, ``f_e``, ...).

    Returns:
        The results (with ``regions`` set to ``"R1"``, ``"R2"``, ...) and the truth of
        :func:`klimek_synthetic` with per-station arrays joined.

    Raises:
        InputError: Every bad argument, those passed on included, before anything is drawn.
    """
    ranges = {"turnout_range": turnout_range, "share_range": share_range}
    if problems := regional_problems(n_stations, rng, regions, ranges, kw):
        raise InputError(problems)
    numbers = {**_DEFAULTS, **kw}
    sizes = np.full(regions, n_stations // regions)
    sizes[: n_stations % regions] += 1
    parts = []
    for r, size in enumerate(sizes):
        w = r / max(regions - 1, 1)
        numbers["turnout_mean"] = turnout_range[0] + w * (turnout_range[1] - turnout_range[0])
        numbers["share_mean"] = share_range[0] + w * (share_range[1] - share_range[0])
        parts.append(_election(int(size), rng, **numbers))
    res = [p[0] for p in parts]
    joined = StationResults(
        registered=np.concatenate([x.registered for x in res]),
        ballots=np.concatenate([x.ballots for x in res]),
        valid=np.concatenate([x.valid for x in res]),
        leader_votes=np.concatenate([x.leader_votes for x in res]),
        other_votes=np.concatenate([x.other_votes for x in res]),
        source="synthetic (regions)",
        ids=np.arange(1, n_stations + 1),
        other_names=res[0].other_names,
        regions=np.repeat([f"R{r + 1}" for r in range(regions)], sizes),
    )
    keys = [k for k, v in parts[0][1].items() if isinstance(v, np.ndarray)]
    truth = {k: np.concatenate([p[1][k] for p in parts]) for k in keys}
    return joined, truth


# klimek_synthetic's defaults, for the regions' elections drawn without it.
_DEFAULTS = {
    name: arg.default
    for name, arg in inspect.signature(klimek_synthetic).parameters.items()
    if name in RANGES
}

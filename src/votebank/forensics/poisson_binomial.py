"""The number of successes of independent trials with unequal chances: its upper tail.

The integer-percentage test and the shape test add up the stations' chances of a hit this
way: exactly by polynomial products below :data:`EXACT_TRIALS` trials, by the refined normal
approximation above.
"""

from __future__ import annotations

import numpy as np
from scipy import optimize, special

EXACT_TRIALS = 200_000  # above this the tail comes from the refined normal approximation
TILT_BELOW = 1e-10  # an FFT tail below this is mostly rounding noise: tilt (see _tilted_sf)


def poisson_binomial_sf(probs: np.ndarray, k: int) -> float:
    """Return P(S >= k) for S a sum of independent Bernoulli(probs).

    The distribution is built by multiplying the stations' generating polynomials pairwise
    with batched FFTs (exact up to rounding). Rounding leaves noise of about 1e-15 in every
    term, so a tail below :data:`TILT_BELOW` is computed again under tilted chances
    (:func:`_tilted_sf`): before, 15 stations at exactly 100% turnout against 0.3 expected
    read p = 0, and a tail of 1e-27 read 9e-15.

    Args:
        probs: Success probability of each trial.
        k: Threshold.

    Returns:
        The upper-tail probability.
    """
    probs = np.asarray(probs, dtype=float)
    certain = int(np.count_nonzero(probs >= 1.0))
    probs = probs[(probs > 0.0) & (probs < 1.0)]
    k = k - certain
    if k <= 0:
        return 1.0
    if k > len(probs):
        return 0.0
    if len(probs) > EXACT_TRIALS:
        return _refined_normal_sf(probs, k)
    pmf = _poisson_binomial_pmf(probs)
    tail = float(np.clip(pmf[k:].sum(), 0.0, 1.0))
    return tail if tail >= TILT_BELOW else _tilted_sf(probs, k)


def _tilted_sf(probs: np.ndarray, k: int) -> float:
    """P(S >= k) far in the upper tail, accurate to rounding relative to its own size.

    Exponential tilting: with chances ``q_i = p_i e^t / (1 - p_i + p_i e^t)`` whose sum is
    ``k``, ``P(S = j) = M e^(-t j) Q(S = j)`` with ``M`` the product of ``1 - p_i + p_i e^t``.
    ``Q`` is largest near ``k``, where the FFT's rounding noise is negligible beside it.
    """
    if k >= len(probs):  # every trial a success
        return float(np.exp(np.sum(np.log(probs))))
    logit = special.logit(probs)
    hi = 1.0
    while special.expit(logit + hi).sum() < k:
        hi *= 2.0
    t = optimize.brentq(lambda x: special.expit(logit + x).sum() - k, 0.0, hi, xtol=1e-12)
    pmf = _poisson_binomial_pmf(special.expit(logit + t))[k:]
    log_m = float(np.sum(np.log1p(probs * np.expm1(t))))
    weighted = float(np.sum(pmf * np.exp(-t * np.arange(len(pmf)))))
    return float(np.exp(log_m - t * k) * weighted)


def _refined_normal_sf(probs: np.ndarray, k: int) -> float:
    """P(S >= k) by the refined normal approximation (Volkova 1996) for very many trials.

    With ``mu``, ``sigma`` and skewness ``gamma`` of S and ``x = (k - 0.5 - mu) / sigma``:
    ``1 - Phi(x) - gamma (1 - x^2) phi(x) / 6``. Above :data:`EXACT_TRIALS` stations the
    variance is in the thousands and the error is far below the p-values that matter, while
    the exact FFT product of a million polynomials takes seconds.
    """
    q = probs * (1.0 - probs)
    mu, var = float(probs.sum()), float(q.sum())
    if var <= 0:
        return float(mu >= k)
    sigma = var**0.5
    gamma = float(np.sum(q * (1.0 - 2.0 * probs))) / sigma**3
    x = (k - 0.5 - mu) / sigma
    tail = special.ndtr(-x) + gamma * (x * x - 1.0) * np.exp(-0.5 * x * x) / (6 * 2.5066282746)
    return float(np.clip(tail, 0.0, 1.0))


def _poisson_binomial_pmf(probs: np.ndarray) -> np.ndarray:
    """Distribution of the number of successes, by pairwise polynomial products."""
    polys = np.stack([1.0 - probs, probs], axis=1)
    while polys.shape[0] > 1:
        if polys.shape[0] % 2:
            unit = np.zeros((1, polys.shape[1]))
            unit[0, 0] = 1.0
            polys = np.vstack([polys, unit])
        length = 2 * polys.shape[1] - 1
        size = 1 << (length - 1).bit_length()
        spec = np.fft.rfft(polys, size, axis=1)
        prod = np.fft.irfft(spec[0::2] * spec[1::2], size, axis=1)[:, :length]
        polys = np.clip(prod, 0.0, None)
    return polys[0]

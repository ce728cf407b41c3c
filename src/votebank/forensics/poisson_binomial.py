"""The number of successes of independent trials with unequal chances: its upper tail.

The integer-percentage test and the shape test add up the stations' chances of a hit this
way: exactly by polynomial products below :data:`EXACT_TRIALS` trials, by the refined normal
approximation above.
"""

from __future__ import annotations

import numpy as np
from scipy import special

EXACT_TRIALS = 200_000  # above this the tail comes from the refined normal approximation


def poisson_binomial_sf(probs: np.ndarray, k: int) -> float:
    """Return P(S >= k) for S a sum of independent Bernoulli(probs).

    The distribution is built by multiplying the stations' generating polynomials pairwise
    with batched FFTs (exact up to rounding; tail values below about 1e-13 are noise).

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
    return float(np.clip(pmf[k:].sum(), 0.0, 1.0))


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

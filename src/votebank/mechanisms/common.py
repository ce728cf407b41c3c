"""Small helpers shared by mechanisms."""

from __future__ import annotations

import numpy as np
from scipy.special import ndtri


def gumbel(u: np.ndarray) -> np.ndarray:
    """Gumbel variates from uniforms (for random-utility choices)."""
    return -np.log(-np.log(np.clip(u, 1e-12, 1 - 1e-12)))


def half_normal(u: np.ndarray, sd: float) -> np.ndarray:
    """|Normal(0, sd)| variates from uniforms."""
    return np.abs(ndtri(0.5 + 0.5 * np.clip(u, 0, 1 - 1e-12)) * sd)

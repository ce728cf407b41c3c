"""The Wilson interval (now SciPy's) against its closed form."""

import math

import numpy as np
import pytest
from scipy import stats

from votebank.forensics.shape import wilson_interval


def closed_form(k: int, n: int, level: float) -> tuple[float, float]:
    z = float(stats.norm.ppf(0.5 + level / 2.0))
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


@pytest.mark.parametrize(("k", "n"), [(0, 1), (1, 1), (0, 20), (3, 20), (20, 20), (517, 1000)])
@pytest.mark.parametrize("level", [0.9, 0.95, 0.99])
def test_wilson_matches_the_closed_form(k, n, level):
    np.testing.assert_allclose(wilson_interval(k, n, level), closed_form(k, n, level), atol=1e-12)


def test_wilson_of_nothing_is_nan():
    assert all(math.isnan(x) for x in wilson_interval(0, 0))

"""klimek_synthetic refuses arguments that would silently make another election."""

import numpy as np
import pytest

from votebank.forensics import klimek_synthetic


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"n_stations": -5}, "n_stations"),  # numpy's "negative dimensions" before
        ({"n_stations": 100.5}, "n_stations"),  # 100 stations before
        ({"n_stations": 100, "f_i": float("nan")}, "f_i >= 0"),  # a clean election before
        ({"n_stations": 100, "f_e": float("nan")}, "f_e >= 0"),
    ],
)
def test_bad_arguments_are_refused(arguments, message):
    with pytest.raises(ValueError, match=message):
        klimek_synthetic(**arguments, rng=np.random.default_rng(0))

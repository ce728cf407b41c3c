"""Results as JSON (votebank/jsonable.py)."""

import json
import math

import numpy as np

from votebank.jsonable import json_safe


def test_floats_are_rounded_to_the_digits_asked_for_and_nothing_else_changes():
    # backtest.json wrote a sum's noise: 22.910000000000004.
    value = {
        "a": 22.910000000000004,
        "b": [np.float64(0.1) + np.float64(0.2), 3, np.int64(7), True],
        "c": (math.nan, 1234567.0, -0.000123456789),
        "d": np.array([0.5, 2 / 3]),
    }
    got = json_safe(value, digits=6)
    assert got == {
        "a": 22.91,
        "b": [0.3, 3, 7, True],
        "c": [None, 1234570.0, -0.000123457],
        "d": [0.5, 0.666667],
    }
    assert type(got["b"][1]) is int
    assert got["b"][3] is True
    assert json.dumps(got, allow_nan=False)


def test_without_digits_floats_are_kept_whole():
    assert json_safe([0.1 + 0.2]) == [0.30000000000000004]

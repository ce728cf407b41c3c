"""Uniform swing and its seat errors, by hand."""

import numpy as np
import pandas as pd

from votebank.calibrate.swing import seat_errors, uniform_swing


def test_uniform_swing_and_seat_errors_by_hand():
    base = pd.DataFrame({"A": [0.5, 0.3], "B": [0.4, 0.6]}, index=["s1", "s2"])
    standing = pd.DataFrame(
        {"A": [True, True], "B": [True, True], "C": [False, True]}, index=base.index
    )
    out = uniform_swing(base, {"A": 0.4, "B": 0.5}, {"A": 0.3, "B": 0.55, "C": 0.1}, standing)
    np.testing.assert_allclose(out.loc["s1", ["A", "B"]], [0.4, 0.45])
    assert np.isnan(out.loc["s1", "C"])
    np.testing.assert_allclose(out.loc["s2"], [0.2, 0.65, 0.1])
    floored = uniform_swing(base, {"A": 0.4}, {"A": 0.0})
    assert (floored["A"] >= 0).all()
    assert floored.loc["s2", "A"] == 0.0
    e = seat_errors(
        pd.Series({"s1": "A", "s2": "A", "s3": "B"}), pd.Series({"s1": "A", "s2": "B", "s3": "C"})
    )
    # A: 2 vs 1, B: 1 vs 1, C: 0 vs 1 -> (1 + 0 + 1) / 2.
    assert e == {"seats_wrong": 1.0, "winners_wrong": 2, "seats": 3}

"""fit_klimek refuses arguments a fit cannot use, naming each, before it fits anything."""

import numpy as np
import pytest

from votebank.errors import InputError
from votebank.forensics import fit_klimek, klimek_synthetic


@pytest.fixture(scope="module")
def stations():
    return klimek_synthetic(300, rng=np.random.default_rng(1))[0]


@pytest.mark.parametrize(
    ("argument", "value"),
    [
        # Each failed deep in the fit (IndexError, ValueError, AttributeError) or, worse, gave
        # a fit of a model that cannot exist (a negative spread, a NaN exponent).
        ("rng", 5),
        ("rng", None),
        ("theta", -1.0),
        ("theta", float("nan")),
        ("theta", True),
        ("alphas", []),
        ("alphas", [float("nan")]),
        ("alphas", [1.0, -2.0]),
        ("alphas", "1"),
        ("f_i_grid", []),
        ("f_i_grid", [2.0]),
        ("f_e_grid", [0.0, float("inf")]),
        ("progress", 3),
    ],
)
def test_fit_klimek_refuses_a_bad_argument_naming_it(stations, argument, value):
    args = {"rng": np.random.default_rng(1), "bootstrap": 0, argument: value}
    with pytest.raises(InputError) as exc:
        fit_klimek(stations, **args)
    assert [(p.file, p.value) for p in exc.value.problems] == [(argument, repr(value))]


def test_fit_klimek_reports_count_and_model_problems_together(stations):
    # bootstrap and level were reported first; theta and rng only once those were mended.
    with pytest.raises(InputError) as exc:
        fit_klimek(stations, rng=5, bootstrap=-1, level=1.5, theta=float("nan"))
    assert {p.file for p in exc.value.problems} == {"bootstrap", "level", "rng", "theta"}

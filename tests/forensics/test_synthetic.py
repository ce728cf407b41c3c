"""klimek_synthetic and regional_synthetic refuse arguments that would silently make another
election, or fail inside NumPy, with one InputError naming every bad argument and its value."""

import numpy as np
import pytest

from votebank.errors import InputError
from votebank.forensics import klimek_synthetic
from votebank.forensics.synthetic import regional_synthetic

NAN, INF = float("nan"), float("inf")


def _refused(call, **arguments):
    with pytest.raises(InputError) as exc:
        call(**{"n_stations": 100, "rng": np.random.default_rng(0), **arguments})
    return [(p.file, p.value) for p in exc.value.problems]


@pytest.mark.parametrize(
    ("argument", "value"),
    [
        ("n_stations", -5),  # numpy's "negative dimensions" before
        ("n_stations", True),
        ("n_stations", 2.5),
        ("n_stations", "300"),
        ("n_stations", 10**12),  # MemoryError before
        ("rng", 5),  # AttributeError before
        ("rng", None),
        ("registered_mean", -1),  # numpy's ValueError before
        ("registered_mean", NAN),
        ("registered_mean", 1e30),  # counts past int64
        ("turnout_mean", 1.5),  # each of these drew an election that cannot exist
        ("share_mean", -0.2),
        ("turnout_sd", -0.1),
        ("share_sd", INF),
        ("f_i", NAN),
        ("f_e", -0.1),
        ("theta", INF),
        ("theta", 0),
        ("alpha", 0),  # moved every opposition vote of the clean stations too (0**0 is 1)
        ("alpha", NAN),
        ("fabricate", 1.5),
        ("fabricate", True),
    ],
)
def test_klimek_synthetic_refuses_a_bad_argument_naming_it(argument, value):
    assert _refused(klimek_synthetic, **{argument: value}) == [(argument, repr(value))]


def test_every_problem_is_reported_together():
    got = _refused(klimek_synthetic, n_stations=-5, rng=5, turnout_sd=-0.1, f_i=0.7, f_e=0.6)
    assert [name for name, _ in got] == ["n_stations", "rng", "turnout_sd", "f_i + f_e"]


@pytest.mark.parametrize(
    ("argument", "value"),
    [
        ("n_stations", -5),
        ("rng", 5),
        ("regions", 0),  # ZeroDivisionError before
        ("regions", 2.0),
        ("regions", 101),  # more regions than stations: empty regions
        ("turnout_range", (0.4, 1.5)),
        ("share_range", (0.4,)),
        ("share_range", "ab"),
        ("theta", INF),  # an argument passed on to klimek_synthetic
        ("turnout_mean", 0.5),  # set by turnout_range: a TypeError before
        ("f_l", 0.1),  # no such argument: a TypeError before
    ],
)
def test_regional_synthetic_refuses_a_bad_argument_naming_it(argument, value):
    assert _refused(regional_synthetic, **{argument: value}) == [(argument, repr(value))]


def test_good_arguments_still_make_an_election():
    results, truth = regional_synthetic(
        10, rng=np.random.default_rng(0), regions=2, f_i=0.5, f_e=0.5, turnout_sd=0
    )
    assert results.n_stations == 10
    assert set(results.regions) == {"R1", "R2"}
    assert (truth["fraud_kind"] > 0).all()
    assert klimek_synthetic(0, rng=np.random.default_rng(0))[0].n_stations == 0

"""analyze checks its arguments at entry: every problem together, naming argument and value."""

import numpy as np
import pytest

from votebank.errors import InputError
from votebank.forensics import analyze, klimek_synthetic


@pytest.fixture(scope="module")
def results():
    res, _ = klimek_synthetic(60, rng=np.random.default_rng(0))
    return res


@pytest.mark.parametrize(
    ("argument", "value"),
    [
        ("seed", -1),
        ("seed", 1.5),
        ("seed", True),
        ("bootstrap", -5),
        ("bootstrap", "20"),
        ("bootstrap", 2.5),
        ("bootstrap", 10**9),
        ("alpha", float("nan")),
        ("alpha", 2),
        ("alpha", 0),
        ("alpha", float("inf")),
        ("alpha", True),
    ],
)
def test_bad_arguments_are_refused(results, argument, value):
    with pytest.raises(InputError) as exc:
        analyze(results, **{argument: value})
    assert [p.file for p in exc.value.problems] == [argument]


def test_no_results_is_refused_with_every_other_problem():
    with pytest.raises(InputError) as exc:
        analyze(None, seed=-1, alpha=0)
    assert [p.file for p in exc.value.problems] == ["results", "seed", "alpha"]


def test_seed_none_draws_entropy_and_records_it(results):
    first = analyze(results, seed=None, bootstrap=2, per_region=False)
    assert isinstance(first.seed, int)
    assert first.seed >= 0
    again = analyze(results, seed=first.seed, bootstrap=2, per_region=False)
    assert again.to_dict() == first.to_dict()


@pytest.mark.parametrize("value", ["no", 0, None])
def test_per_region_must_be_true_or_false(results, value):
    # "no" is true: the per-region analysis ran, the opposite of what was asked.
    with pytest.raises(InputError) as exc:
        analyze(results, bootstrap=0, per_region=value)
    assert [p.file for p in exc.value.problems] == ["per_region"]

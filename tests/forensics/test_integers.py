"""The integer-percentage test when no station is large enough to be tested."""

from __future__ import annotations

import math

import numpy as np
import pytest

from votebank.errors import InputError
from votebank.forensics.integers import GrainResult, _reading, integer_test
from votebank.forensics.stations import StationResults


def _tiny(n: int = 200) -> StationResults:
    rng = np.random.default_rng(0)
    registered = rng.integers(1, 4, n)
    ballots = rng.binomial(registered, 0.6)
    leader = rng.binomial(ballots, 0.5)
    return StationResults(registered, ballots, ballots.copy(), leader)


def test_no_station_of_100_voters_is_not_tested_rather_than_passed():
    # Every station under 100 registered voters and 100 valid votes: none is tested. The test
    # still reported p = 1 and "0 whole-percent values ... against 0 expected by chance (nan
    # times)", as if it had looked and found nothing.
    test = integer_test(_tiny())
    assert test.n_turnout == 0
    assert test.n_share == 0
    assert math.isnan(test.p_value)
    assert not test.flagged
    assert "nan" not in test.reading
    assert "not tested" in test.reading.lower()
    assert test.to_dict()["p_value"] is None or math.isnan(test.to_dict()["p_value"])


@pytest.mark.parametrize("value", [-1, True, 1.5, float("nan"), "100", 10**15])
def test_a_bad_min_denominator_is_refused_naming_it(value):
    # Each was used silently: -1 and True kept every station (as 0 would), 1.5 rounded up,
    # and 10**15 left every station out ("not tested").
    with pytest.raises(InputError) as exc:
        integer_test(_tiny(), min_denominator=value)
    assert [(p.file, p.value) for p in exc.value.problems] == [("min_denominator", repr(value))]


def test_min_denominator_and_alpha_are_reported_together():
    with pytest.raises(InputError) as exc:
        integer_test(_tiny(), alpha=5, min_denominator=-1)
    assert [p.file for p in exc.value.problems] == ["alpha", "min_denominator"]


def test_not_tested_names_the_min_denominator_used():
    assert "500 or more" in integer_test(_tiny(), min_denominator=500).reading


def test_stations_all_at_0_or_100_percent_are_not_tested_rather_than_passed():
    # 300 stations of 1,000 voters that counted no ballot: every turnout is 0%, a certain hit
    # under the null, so the test reported "300 whole-percent values ... against 300 expected
    # by chance; combined p = 1" and the election's headline counted it among the tests run.
    registered = np.full(300, 1000)
    nothing = np.zeros(300, dtype=np.int64)
    test = integer_test(StationResults(registered, nothing, nothing, nothing))
    assert math.isnan(test.p_value)
    assert not test.flagged
    assert "not tested" in test.reading.lower()
    assert "0% or 100%" in test.reading
    # One station between 0% and 100% could not reach the level even were it round at every
    # grain (p 0.08): too few. Three could (p 5e-5): tested.
    ballots = nothing.copy()
    ballots[0] = 600
    one = integer_test(StationResults(registered, ballots, ballots, nothing))
    assert math.isnan(one.p_value)
    assert not one.flagged
    assert "too few counts (1 turnout or leader share between 0% and 100%" in one.reading
    assert "were every one a round percentage, p would be 0.077, not below 0.05" in one.reading
    ballots[:3] = 600
    assert not math.isnan(
        integer_test(StationResults(registered, ballots, ballots, nothing)).p_value
    )


def test_the_reading_writes_every_count_with_thousands_separators():
    # "707,318 whole-percent values ..., against 709895 expected by chance": two counts side
    # by side, one with separators and one without.
    grains = [
        GrainResult(1, 707_318, 709_895.4, 0.9, 353_000, 354_000.0, 354_318, 355_895.4),
        GrainResult(5, 1_234, 1_100.2, 0.001, 600, 550.1, 634, 550.1),
    ]
    text = _reading(grains, 0.001, True, 0.05, 5, 100, 10)
    assert "against 709,895 expected by chance" in text
    assert "(1,234 vs 1,100 expected)" in text


def test_a_combined_p_below_the_smallest_float_reads_p_below_1e_300():
    grain = GrainResult(1, 900, 100.0, 0.0, 450, 50.0, 450, 50.0)
    text = _reading([grain], 0.0, True, 0.05, 10, 0, 1000)
    assert "Combined p < 1e-300 (flag below 0.05)" in text

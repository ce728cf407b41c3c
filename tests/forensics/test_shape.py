"""Shape statistics of turnout and leader share."""

import warnings

import numpy as np

from votebank.forensics.integers import p_text
from votebank.forensics.shape import shape_stats
from votebank.forensics.stations import StationResults


def test_no_station_with_a_valid_ballot_gives_undefined_moments_without_warnings():
    # A region whose stations all counted no valid ballot printed numpy's "Mean of empty
    # slice" RuntimeWarning, with a line of source, on the command's console.
    registered = np.array([1000, 1200, 900])
    nothing = np.zeros(3, dtype=np.int64)
    results = StationResults(registered, np.array([10, 0, 5]), nothing, nothing)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        shape = shape_stats(results, rng=np.random.default_rng(0), bootstrap=10)
    assert shape.n_stations == 0
    assert np.isnan(shape.turnout_skewness.value)
    assert "skewness undefined" in shape.reading
    assert "nan" not in shape.reading  # it read "nan% of stations report turnout of 95%"


def test_no_bootstrap_reading_gives_no_nan_interval():
    # With --bootstrap 0 the reading said "skewness 0.04, interval nan to nan".
    rng = np.random.default_rng(1)
    registered = rng.integers(500, 2000, size=200)
    ballots = (registered * rng.uniform(0.4, 0.8, size=200)).astype(np.int64)
    leader = ballots // 2
    results = StationResults(registered, ballots, ballots, leader)
    shape = shape_stats(results, rng=np.random.default_rng(0), bootstrap=0)
    assert "nan" not in shape.reading
    assert "no interval" in shape.reading


def test_stations_with_no_ballot_stay_in_the_share_at_high_turnout():
    # A station with voters on its roll and no ballot is one at 0% turnout (docs/forensics.md,
    # closed stations): it was left out of the share's denominator, so 1 station at 95% of 4
    # read as 1 of 2, 50% of stations, with an interval that counted 2 stations.
    registered = np.array([1000, 1000, 1000, 1000])
    ballots = np.array([960, 500, 0, 0])
    leader = ballots // 2
    results = StationResults(registered, ballots, ballots, leader)
    shape = shape_stats(results, rng=np.random.default_rng(0), bootstrap=0)
    assert shape.high_turnout.value == 0.25
    assert shape.over_100.value == 0.0
    assert shape.high_turnout.high < 0.8  # Wilson over 4 stations (0.70), not 2 (0.91)
    assert "25.0% of stations report turnout of 95% or more" in shape.reading


def test_a_station_at_100_percent_with_only_spoilt_ballots_counts_in_the_pile_up():
    # Its turnout is 100% whatever was written on the ballots; it was left out of the count
    # (stations with a valid ballot only), while the flagged-stations list named it.
    registered = np.array([800, 1000, 1000, 1200])
    ballots = np.array([800, 1000, 600, 700])
    valid = np.array([0, 990, 590, 690])
    results = StationResults(registered, ballots, valid, valid // 2)
    shape = shape_stats(results, rng=np.random.default_rng(0), bootstrap=0)
    assert shape.at_100 == 2
    # Two band stations, each at 100% with chance 1/41 and 1/51 under the flat null.
    assert abs(shape.at_100_expected - (1 / 41 + 1 / 51)) < 1e-12


def _one_station_at_100() -> StationResults:
    """400 stations near 60% turnout and one at exactly 100%: pile-up p = 1/51, about 0.02."""
    rng = np.random.default_rng(3)
    registered = np.full(400, 1000)
    ballots = rng.binomial(registered, 0.6)
    ballots[0] = 1000
    return StationResults(registered, ballots, ballots, ballots // 2)


def test_a_pile_up_above_expectation_but_not_below_alpha_is_not_called_no_more_than_chance():
    # At alpha 0.01 one station at 100% against 0.02 expected (p = 0.02) read "not more than a
    # flat density above 95% would give (0.0 expected)".
    shape = shape_stats(
        _one_station_at_100(), rng=np.random.default_rng(0), bootstrap=0, alpha=0.01
    )
    assert not shape.flagged
    assert shape.at_100 == 1
    assert 0.019 < shape.at_100_p_value < 0.02
    assert "not more than" not in shape.reading
    assert "p = 0.02" in shape.reading


def test_a_pile_up_beyond_the_smallest_float_is_not_read_p_0():
    # 300 stations at exactly 100% turnout: the tail is below 1e-308 and the reading and the
    # table said "p = 0", a p-value no test gives.
    registered = np.full(600, 1000)
    ballots = np.where(np.arange(600) < 300, 1000, 600)
    results = StationResults(registered, ballots, ballots, ballots // 2)
    shape = shape_stats(results, rng=np.random.default_rng(0), bootstrap=0)
    assert shape.at_100_p_value == 0.0
    assert "(p < 1e-300): a pile-up at 100%" in shape.reading
    assert "p = 0" not in shape.reading
    assert p_text(shape.at_100_p_value) == "< 1e-300"

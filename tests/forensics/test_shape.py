"""Shape statistics of turnout and leader share."""

import warnings

import numpy as np

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

"""StationResults made in Python are held to the reader's rules before analyze runs a test.

Before, analyze reported "no flag" on stations with 0 or negative registered voters and on no
station at all, and failed with "Maximum allowed size exceeded" (negative votes, more votes
than valid ballots), "cannot convert float NaN to integer", or a TypeError (a list of counts,
region labels of mixed types).
"""

import numpy as np
import pytest

from votebank.errors import InputError
from votebank.forensics import StationResults, analyze, fingerprint, fit_klimek, integer_test


def _counts(n=60):
    rng = np.random.default_rng(0)
    registered = rng.integers(300, 1000, n)
    ballots = rng.binomial(registered, 0.6)
    leader = rng.binomial(ballots, 0.5)
    return {"registered": registered, "ballots": ballots, "valid": ballots, "leader_votes": leader}


def _with(field, position, value):
    counts = {k: v.astype(float) for k, v in _counts().items()}
    counts[field][position] = value
    return counts


@pytest.mark.parametrize(
    ("counts", "where", "shown"),
    [
        (_with("registered", 3, 0), "registered, station 3", "0"),
        (_with("registered", 3, -5), "registered, station 3", "-5"),
        (_with("leader_votes", 4, -1), "leader_votes, station 4", "-1"),
        (_with("leader_votes", 5, 10**6), "leader_votes, station 5", "1e+06"),
        (_with("ballots", 6, np.nan), "ballots, station 6", "nan"),
        (_with("valid", 7, 2.5), "valid, station 7", "2.5"),
        (_with("valid", 8, np.inf), "valid, station 8", "inf"),
    ],
)
def test_impossible_counts_are_refused_naming_field_station_and_value(counts, where, shown):
    with pytest.raises(InputError) as exc:
        analyze(StationResults(**counts, source="api.csv"), bootstrap=0)
    (problem,) = exc.value.problems
    assert problem.file == "api.csv"
    assert problem.location.startswith(where)
    assert problem.value == shown


def test_parties_above_valid_and_wrong_shapes_are_refused():
    counts = _counts()
    others = np.column_stack([counts["valid"], counts["valid"]])
    with pytest.raises(InputError, match="parties' votes exceed"):
        analyze(StationResults(**counts, other_votes=others), bootstrap=0)
    with pytest.raises(InputError, match="2-D array"):
        analyze(StationResults(**counts, other_votes=counts["valid"]), bootstrap=0)
    with pytest.raises(InputError, match="1-D array"):
        analyze(StationResults(**{**counts, "registered": counts["registered"] > 0}), bootstrap=0)


def test_no_station_is_refused():
    empty = {k: v[:0] for k, v in _counts().items()}
    with pytest.raises(InputError, match="no stations"):
        analyze(StationResults(**empty), bootstrap=0)


def test_lists_and_mixed_region_labels_are_read():
    counts = {k: v.tolist() for k, v in _counts().items()}
    regions = [1, "north", None] * 20
    report = analyze(StationResults(**counts, regions=regions), bootstrap=0)
    assert report.n_stations == 60
    assert {r.region for r in report.regions} == {"1", "north", "None"}


def test_each_public_test_refuses_impossible_counts_and_arguments():
    bad = StationResults(**_with("registered", 0, 0))
    good = StationResults(**_counts())
    rng = np.random.default_rng(0)
    for call in (
        lambda: fit_klimek(bad, rng=rng, bootstrap=0),  # read f_e 1.0 before
        lambda: fingerprint(bad),
        lambda: integer_test(bad),
    ):
        with pytest.raises(InputError, match="registered voters must be more than 0"):
            call()
    for call, name in (
        (lambda: fit_klimek(good, rng=rng, bootstrap=-1), "bootstrap"),  # a numpy error before
        (lambda: fit_klimek(good, rng=rng, bootstrap=0, level=1.5), "level"),  # NaN intervals
        (lambda: integer_test(good, alpha=5), "alpha"),  # a report at alpha 5 before
    ):
        with pytest.raises(InputError) as exc:
            call()
        assert [p.file for p in exc.value.problems] == [name]

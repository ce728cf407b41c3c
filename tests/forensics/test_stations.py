"""StationResults refuses arrays that do not describe the same stations."""

import numpy as np
import pytest

from votebank.errors import InputError
from votebank.forensics.stations import StationResults


def test_ids_of_another_length_are_refused_when_the_results_are_made():
    # They were accepted, and analyze() then failed deep inside a sort with "all keys need
    # to be the same shape".
    counts = np.array([100, 200, 300])
    with pytest.raises(InputError, match="ids: must have one entry per station"):
        StationResults(counts, counts // 2, counts // 2, counts // 4, ids=np.array(["a", "b"]))


@pytest.mark.parametrize(
    ("changed", "field"),
    [
        ({"ballots": np.array([50, 100])}, "ballots"),
        ({"other_votes": np.ones((2, 2), dtype=int)}, "other_votes"),
        ({"regions": ["n"]}, "regions"),
        ({"registered": 300}, "registered"),
    ],
)
def test_arrays_of_another_length_are_an_input_error_naming_the_field(changed, field):
    # A ValueError with a traceback from __post_init__ ("ballots has 2 entries, expected 3"),
    # and a count for registered failed on len() of an unsized object.
    counts = np.array([100, 200, 300])
    given = {"registered": counts, "ballots": counts // 2, "valid": counts // 2}
    with pytest.raises(InputError) as exc:
        StationResults(**{**given, "leader_votes": counts // 4, **changed})
    assert [(p.file, p.location) for p in exc.value.problems] == [("StationResults", field)]


def test_results_show_their_size_and_names_not_their_counts():
    # The repr printed every array: 27,000 characters for a file of 280 stations.
    counts = np.arange(100, 400)
    results = StationResults(
        counts,
        counts // 2,
        counts // 2,
        counts // 4,
        other_votes=np.stack([counts // 8, counts // 8], axis=1),
        source="f.csv",
        leader_name="A",
        regions=np.array(["n", "s"] * 150),
    )
    assert repr(results) == (
        "StationResults('f.csv': 300 stations, leader 'A', 2 other parties, 2 regions)"
    )

import numpy as np
import pandas as pd

from votebank.results.vote_lists import flat_votes


def test_each_stations_counts_are_found_again_at_its_start():
    votes = pd.Series([[3, 1], [], np.array([7, 0, 2])], dtype=object)
    flat, lengths, starts = flat_votes(votes)
    assert flat.dtype == np.int64
    assert flat.tolist() == [3, 1, 7, 0, 2]
    assert lengths.tolist() == [2, 0, 3]
    assert starts.tolist() == [0, 2, 2]
    assert flat[starts[2] : starts[2] + lengths[2]].tolist() == [7, 0, 2]


def test_no_stations_give_empty_arrays():
    flat, lengths, starts = flat_votes(pd.Series([], dtype=object))
    assert flat.size == lengths.size == starts.size == 0

"""StationResults refuses arrays that do not describe the same stations."""

import numpy as np
import pytest

from votebank.forensics.stations import StationResults


def test_ids_of_another_length_are_refused_when_the_results_are_made():
    # They were accepted, and analyze() then failed deep inside a sort with "all keys need
    # to be the same shape".
    counts = np.array([100, 200, 300])
    with pytest.raises(ValueError, match="ids must have one entry per station"):
        StationResults(counts, counts // 2, counts // 2, counts // 4, ids=np.array(["a", "b"]))

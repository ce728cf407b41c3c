"""An ensemble's tables: the same columns with or without station runs; unknown names listed."""

import pytest

import votebank as vb


@pytest.fixture(scope="module")
def kept():
    return vb.run_ensemble("tiny", runs=1, seed=1, station_runs=1)


def test_station_votes_without_station_runs_has_the_real_columns(kept):
    none = vb.run_ensemble("tiny", runs=1, seed=1, station_runs=0)
    assert none.station_votes.empty
    assert none.station_votes.dtypes.to_dict() == kept.station_votes.dtypes.to_dict()


def test_an_unknown_table_names_the_tables(kept):
    with pytest.raises(KeyError, match="station_votes"):
        kept["nope"]

"""read_station_results from Python: arguments of the wrong kind are named, not a traceback."""

import pandas as pd
import pytest

from votebank.errors import InputError
from votebank.forensics.reader import read_station_results

ROWS = ["region,reg,bal,A,B", "North,1000,600,300,300", "South,900,450,250,200", ""]


@pytest.fixture
def stations(tmp_path):
    path = tmp_path / "stations.csv"
    path.write_text("\n".join(ROWS))
    return path


@pytest.mark.parametrize("role", ["registered", "ballots"])
def test_a_required_count_given_as_none_is_named(stations, role):
    # Before, None dropped the count and the reader failed with KeyError: 'registered'.
    columns = {"registered": "reg", "ballots": "bal", role: None}
    with pytest.raises(InputError) as exc:
        read_station_results(stations, leader="A", others="B", **columns)
    (problem,) = exc.value.problems
    assert (problem.location, problem.value) == (f"column for {role}", "None")


@pytest.mark.parametrize("path", [None, 5])
def test_a_path_that_is_not_a_path_is_named(path):
    with pytest.raises(InputError) as exc:  # was TypeError from pathlib
        read_station_results(path, registered="reg", ballots="bal", others="A,B")
    (problem,) = exc.value.problems
    assert (problem.file, problem.value) == ("path", repr(path))


def test_a_dataframe_is_named_with_a_way_to_read_it():
    # Its repr filled the message (two hundred characters of rows) with no way on.
    frame = pd.DataFrame({"reg": [1000, 900], "bal": [600, 450], "A": [300, 250]})
    with pytest.raises(InputError) as exc:
        read_station_results(frame, registered="reg", ballots="bal", others="A")
    (problem,) = exc.value.problems
    assert (problem.file, problem.value) == ("path", "a DataFrame of 2 rows")
    assert "to_csv" in problem.message
    assert "StationResults" in problem.message


def test_an_encoding_that_is_not_text_is_named(stations):
    with pytest.raises(InputError) as exc:  # was TypeError from bytes.decode
        read_station_results(stations, registered="reg", ballots="bal", others="A,B", encoding=5)
    (problem,) = exc.value.problems
    assert (problem.location, problem.value) == ("encoding", "5")


def test_others_as_one_position_is_that_column(stations):
    # Before, an int was "not iterable"; a set is still refused, naming it.
    one = read_station_results(stations, registered="reg", ballots="bal", leader=3, others=4)
    assert one.other_votes.ravel().tolist() == [300, 200]
    with pytest.raises(InputError) as exc:
        read_station_results(stations, registered="reg", ballots="bal", leader=3, others={4})
    (problem,) = exc.value.problems
    assert (problem.location, problem.value) == ("column for others", "{4}")

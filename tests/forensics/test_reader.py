"""A total row at the foot of a results file is refused, not read as one more station."""

import numpy as np
import pytest

from votebank.errors import InputError
from votebank.forensics.reader import read_station_results, total_rows

ROWS = ["North,1000,600,300,300", "North,800,500,200,300", "South,900,450,250,200"]


def test_a_total_row_is_refused_naming_its_row_and_value(tmp_path):
    # Before, it was analysed as a station of 2,700 voters at the national turnout.
    path = tmp_path / "stations.csv"
    path.write_text("\n".join(["region,reg,bal,A,B", *ROWS, "Total,2700,1550,750,800", ""]))
    with pytest.raises(InputError) as exc:
        read_station_results(path, registered="reg", ballots="bal", others="A,B", region="region")
    (problem,) = exc.value.problems
    assert (problem.file, problem.location, problem.value) == (str(path), "row 5", "reg 2700")
    assert "sums of all the other rows" in problem.message


def test_stations_that_only_look_like_a_total_stay():
    two = np.array([500, 500])  # two equal stations: each is the other's sum
    assert total_rows(two, two, two).size == 0
    reg = np.array([100, 200, 300])  # registered sums, ballots do not
    assert total_rows(reg, np.array([50, 60, 70]), np.array([10, 20, 30])).size == 0

"""votebank export's station file of several runs is refused as one election (exported_runs)."""

import pytest

from votebank.errors import InputError
from votebank.forensics.reader import read_station_results

HEADER = "ensemble_id,run_index,station_id,registered,ballots,valid,leader_votes"


def stations(tmp_path, runs: list[tuple[str, int]], header: str = HEADER):
    lines = [header]
    for ensemble, run in runs:
        for s in range(6):
            lines.append(f"{ensemble},{run},{s},{900 + s},{500 + 7 * s},{480 + 7 * s},{300 + s}")
    path = tmp_path / "polling_stations.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def read(path):
    return read_station_results(
        path, registered="registered", ballots="ballots", valid="valid", leader="leader_votes"
    )


def test_several_runs_are_refused_naming_one_to_keep(tmp_path):
    # Three runs of a scenario were tested as one election of three times its stations.
    path = stations(tmp_path, [("e1", 0), ("e1", 1), ("e2", 0)])
    with pytest.raises(InputError) as err:
        read(path)
    (problem,) = err.value.problems
    assert problem.location == "run_index"
    assert "3 simulated elections" in problem.message
    assert "ensemble_id e1, run_index 0" in problem.message
    assert "forensics-run" in problem.message


def test_one_run_or_a_file_without_both_columns_is_read(tmp_path):
    assert read(stations(tmp_path, [("e1", 4)])).n_stations == 6
    # A real file's own run_index column (a second round, say) is not votebank's.
    other = HEADER.replace("ensemble_id", "district")
    assert read(stations(tmp_path, [("d1", 0), ("d2", 1)], other)).n_stations == 12

"""The files a command reads, named when an output would be written over them."""

from __future__ import annotations

from pathlib import Path

from votebank.calibrate.inputs import files_read, results_files
from votebank.outputs import source_folder_problems
from votebank.scenario.load import load_scenario


def test_a_contests_file_that_is_not_there_is_not_named_as_read(tmp_path):
    real = tmp_path / "candidates.csv"
    real.write_text("constituency,candidate,name,party,actual_votes\nT-1,T-1-a,A,RED,10\n")
    assert results_files(str(real)) == [real]
    said = str(
        source_folder_problems("--out", tmp_path, files_read(load_scenario("tiny"), str(real)))[0]
    )
    assert "candidates.csv" in said
    assert "uk_results_contests.csv" not in said  # the folder holds no such file


def test_a_contests_file_beside_the_results_is_named(tmp_path):
    real = tmp_path / "candidates.csv"
    real.write_text("constituency,candidate,name,party,actual_votes\nT-1,T-1-a,A,RED,10\n")
    (tmp_path / "uk_results_contests.csv").write_text("x\n")
    assert results_files(str(real)) == [real, Path(tmp_path / "uk_results_contests.csv")]

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


REAL = """constituency,candidate,name,party,actual_votes
T-1,T-1-a,Mian Sahib,RED,7000
T-1,T-1-b,Malik Sahib,IND,4000
T-1,T-1-c,Others,OTH,500
T-2,T-2-a,Dr Amina,BLUE,4200
T-2,T-2-b,Mian Sahib,RED,3000
T-3,T-3-a,Pir Sahib,RED,8000
T-3,T-3-b,Chaudhry Sahib,BLUE,9000
T-3,T-3-c,Mrs Rana,IND,1200
"""


def test_a_match_forced_over_a_calibration_leaves_no_calibration_beside_it(tmp_path):
    # Before: calibration.json and trials.csv stayed beside the matched scenario, describing
    # fitted values it no longer held (and a later calibrate took the folder as its own).
    from typer.testing import CliRunner

    from tests.calibrate.test_match import _match_app
    from votebank.calibrate.fit import calibrate

    real = tmp_path / "real.csv"
    real.write_text(REAL)
    out = tmp_path / "out"
    calibrate("tiny", str(real), ["mood.national.RED=-1:1"], trials=1, runs_per_trial=1, out=out)
    (out / "trials-interrupted.csv").write_text("trial\n")
    args = ["match", "tiny", "--against", str(real), "--runs", "2", "--iterations", "1"]
    result = CliRunner().invoke(_match_app(), [*args, "--out", str(out), "--force"])
    assert result.exit_code == 0, result.output
    left = sorted(p.name for p in out.iterdir())
    assert left == ["candidates.csv", "constituencies.csv", "match.json", "scenario.toml"]


def test_a_calibration_over_a_match_leaves_no_match_record_beside_it(tmp_path):
    from votebank.calibrate.fit import calibrate

    real = tmp_path / "real.csv"
    real.write_text(REAL)
    out = tmp_path / "out"
    out.mkdir()
    (out / "match.json").write_text("{}\n")
    calibrate("tiny", str(real), ["mood.national.RED=-1:1"], trials=1, runs_per_trial=1, out=out)
    assert not (out / "match.json").exists()
    assert (out / "calibration.json").is_file()

"""What ``votebank match`` says when it stops short of the real result."""

from __future__ import annotations

from typer.testing import CliRunner

from tests.calibrate.test_match import _match_app

# Mian Sahib (T-1-a) and the pir (T-3-a) with a handful of votes: their landlords' and pir's
# delivered votes alone are many times that, so no appeal brings them down to it.
UNREACHABLE = """constituency,candidate,name,party,actual_votes
T-1,T-1-a,Mian Sahib,RED,100
T-1,T-1-b,Malik Sahib,IND,4000
T-1,T-1-c,Others,OTH,500
T-2,T-2-a,Dr Amina,BLUE,4200
T-2,T-2-b,Mian Sahib,RED,3000
T-3,T-3-a,Pir Sahib,RED,50
T-3,T-3-b,Chaudhry Sahib,BLUE,9000
T-3,T-3-c,Mrs Rana,IND,1200
"""


def test_a_match_stopped_short_says_how_far_off_and_names_who(tmp_path):
    # Before: "8 of 8 candidates matched, 0 kept their appeals; stopped at --iterations",
    # with a largest error of 20 points and no word of whose.
    real = tmp_path / "real.csv"
    real.write_text(UNREACHABLE)
    args = ["match", "tiny", "--against", str(real), "--runs", "4", "--iterations", "1"]
    result = CliRunner().invoke(_match_app(), [*args, "--out", str(tmp_path / "m")])
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert "not within the runs' noise (share " in said
    assert "points off, noise " in said
    assert "stopped at --iterations after 1 update" in said
    assert "furthest from the real share (mean simulated minus real, points): T-1-a Mian" in said


def test_ctrl_c_before_any_ensemble_finished_names_no_folder_of_kept_runs(
    tmp_path, monkeypatch, capsys
):
    # Before: "0 of 6 ensembles finished, their runs kept in .../matched-ensembles: the same
    # command goes on from them", a folder never made.
    from tests.hostile.helpers import main
    from votebank.calibrate import objective

    def ctrl_c(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(objective, "many_runs", ctrl_c)
    argv = ["match", "na184-2008", "--against", "na184-2008", "--runs", "2", "--iterations", "5"]
    code, _, err = main([*argv, "--out", str(tmp_path / "matched")], monkeypatch, capsys)
    assert code == 130
    said = " ".join(err.split())
    assert "0 of 6 ensembles finished, nothing kept" in said
    assert "matched-ensembles" not in said
    assert not (tmp_path / "matched-ensembles").exists()


def test_the_folder_written_is_named_by_one_whole_path(tmp_path, monkeypatch, capsys):
    # "written PATH (scenario and match.json)" was wrapped at the terminal's width.
    from tests.hostile.helpers import main

    deep = tmp_path / ("nightly-" * 25) / ("matched-" * 25)
    argv = ["match", "na184-2008", "--against", "na184-2008", "--runs", "2", "--iterations", "1"]
    code, out, err = main([*argv, "--out", str(deep)], monkeypatch, capsys)
    assert code == 0, err
    assert f"written {deep} (scenario and match.json)" in out.splitlines()

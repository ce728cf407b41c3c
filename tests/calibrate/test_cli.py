"""The calibrate and match commands: what they refuse before any run."""

from __future__ import annotations

import shutil
from importlib import resources

import pytest

from tests.hostile.helpers import assert_user_error, main


@pytest.mark.parametrize(
    ("scenario", "against", "options"),
    [
        ("copeland-2017", "copeland-2017", ["-p", "mechanisms.swing.seat_sd=0:6", "--trials", "2"]),
        ("na184-2008", "pakistan:2008", ["--iterations", "1"]),
    ],
)
def test_out_may_not_be_the_scenario_s_own_folder(
    scenario, against, options, tmp_path, monkeypatch, capsys
):
    # calibrate --out the scenario's folder replaced its scenario.toml and tables, the user's
    # comments with them, without a word.
    folder = tmp_path / "mine"
    shutil.copytree(resources.files("votebank") / "scenarios" / scenario, folder)
    toml = folder / "scenario.toml"
    toml.write_text("# my notes\n" + toml.read_text(encoding="utf-8"), encoding="utf-8")
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    cmd = "calibrate" if "--trials" in options else "match"
    argv = [cmd, str(folder), "--against", against, *options, "--runs", "2", "--out", str(folder)]
    code, out, err = main(argv, monkeypatch, capsys)
    assert_user_error(code, out, err, "--out", "holds the scenario it reads")
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


@pytest.mark.parametrize("cmd", ["calibrate", "match"])
def test_a_file_of_several_elections_is_told_how_to_pick_one_these_commands_take(
    cmd, tmp_path, monkeypatch, capsys
):
    # "pakistan:" (no year) was told to "name one as FILE:DATE or --date", an option these
    # commands do not have: following the advice ended in "No such option: --date".
    argv = [cmd, "na184-2008", "--against", "pakistan:", "--runs", "2"]
    argv += ["-p", "mechanisms.landlords.pir_follower_share"] if cmd == "calibrate" else []
    code, out, err = main([*argv, "--out", str(tmp_path / "out")], monkeypatch, capsys)
    assert_user_error(code, out, err, "several general elections", "pakistan:YEAR")
    assert "--date" not in err

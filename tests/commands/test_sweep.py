"""``votebank sweep``: seats at each point and each point minus the base, paired."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import votebank as vb
from tests.hostile.helpers import assert_nothing_written, assert_user_error, main
from votebank import terminal
from votebank.commands.sweep import parse_vary, short_headings

MOOD = "mood.national.RED"


@pytest.fixture(autouse=True)
def wide_console(monkeypatch):
    monkeypatch.setattr(terminal.console, "_width", 160)


def test_the_table_shows_each_points_seats_and_its_paired_difference(monkeypatch, capsys):
    argv = ["sweep", "tiny", "--vary", f"{MOOD}=[0.0, 0.4]", "--runs", "20", "--seed", "7"]
    code, out, err = main(argv, monkeypatch, capsys)
    assert code == 0, err
    api = vb.sweep("tiny", {MOOD: [0.0, 0.4]}, runs=20, seed=7).differences()
    red = api.query("party == 'RED'").iloc[0]
    line = next(row for row in out.splitlines() if "│     1 │ 0.4" in row and "RED" in row)
    assert f"{red['difference']:+.2f}" in line
    assert f"{red['difference_se']:.2f}" in line
    assert f"{red['difference_votes']:+,.0f}" in line
    assert "Winners changed" in out
    assert "seed 7" in out


def test_the_tables_are_written_with_every_point_stacked(tmp_path, monkeypatch, capsys):
    argv = ["sweep", "tiny", "--vary", f"{MOOD}=0.0, 0.4", "--runs", "3", "--seed", "7"]
    code, _out, err = main(
        [*argv, "--out", str(tmp_path / "t"), "--format", "csv"], monkeypatch, capsys
    )
    assert code == 0, err
    seats = pd.read_csv(tmp_path / "t" / "seats.csv")
    assert sorted(seats[MOOD].unique()) == [0.0, 0.4]
    assert set(seats["run_index"]) == {0, 1, 2}


def test_the_files_written_are_listed_one_whole_path_a_line(tmp_path, monkeypatch, capsys):
    # A path wider than the terminal (160 here; 80 in a pipe) was cut over two lines, and
    # [brackets] in a folder's name were read as markup: a script reading the list failed.
    to = tmp_path / ("nightly-" * 15) / ("[b]sweep[/b]-" * 15)
    argv = ["sweep", "tiny", "--vary", f"{MOOD}=0.0, 0.4", "--runs", "2", "--seed", "7"]
    code, out, err = main([*argv, "--out", str(to), "--format", "csv"], monkeypatch, capsys)
    assert code == 0, err
    listed = [line for line in out.splitlines() if line.startswith(str(tmp_path))]
    assert {Path(line).name for line in listed} >= {"seats.csv", "candidates.csv"}
    assert all(Path(line).is_file() for line in listed), listed


def test_every_bad_vary_is_named_in_one_round(tmp_path, monkeypatch, capsys):
    argv = ["sweep", "tiny", "--vary", "x", "--vary", "turnout.bse=[0.4, 0.6]"]
    argv += ["--vary", 'mood.national.BLUE=["a", "b"]', "--vary", f"{MOOD}=[]"]
    code, out, err = main([*argv, "--out", str(tmp_path / "t")], monkeypatch, capsys)
    assert_user_error(code, out, err, "--vary: x:", "turnout.bse", "(got 0.4, 0.6)")
    assert_user_error(code, out, err, "mood.national.BLUE", '(got "a", "b")', "at least one value")
    assert err.count("turnout.bse") == 1
    assert_nothing_written(tmp_path / "t")


def test_a_format_that_cannot_be_written_is_refused_before_the_runs(tmp_path, monkeypatch, capsys):
    # It was refused as "fmt: ..." once every point had run.
    argv = ["sweep", "tiny", "--vary", f"{MOOD}=0.0, 0.4", "--runs", "2", "--format", "xlsx"]
    code, out, err = main([*argv, "--out", str(tmp_path / "t")], monkeypatch, capsys)
    assert_user_error(code, out, err, "--format: choose one of parquet, csv", "xlsx")
    assert "Seats by point" not in out
    assert_nothing_written(tmp_path / "t")


@pytest.mark.parametrize(
    ("extra", "named"),
    [
        ([f"{MOOD}=0.1"], "two values or more"),
        ([f"{MOOD}=[0.1, 0.2]", "--base", "2"], "--base"),
        ([f"{MOOD}=[0.1, 0.2]", "--vary", f"{MOOD}=[0.3]"], "give each path once"),
    ],
)
def test_a_sweep_with_nothing_to_measure_from_is_refused(extra, named, monkeypatch, capsys):
    code, out, err = main(["sweep", "tiny", "--runs", "2", "--vary", *extra], monkeypatch, capsys)
    assert_user_error(code, out, err, named)


def test_a_lever_that_moves_no_run_is_said_plainly(monkeypatch, capsys):
    argv = ["sweep", "tiny", "--vary", "turnout.base=[0.4, 0.6]", "--runs", "2", "--seed", "1"]
    code, _out, err = main(argv, monkeypatch, capsys)
    assert code == 0
    assert "Note: every point drew the same runs" in " ".join(err.split())
    assert "UserWarning" not in err


def test_values_read_as_a_toml_array_a_list_or_one_value():
    grid, problems = parse_vary(["a=[1, 2]", "b=0.5, true", 'c="x"'])
    assert grid == {"a": [1, 2], "b": [0.5, True], "c": ["x"]}
    assert problems == []


def test_a_path_is_headed_by_its_last_part_unless_two_end_alike():
    assert short_headings(["mechanisms.biradari.cohesion", "mood.national.RED"]) == {
        "mechanisms.biradari.cohesion": "cohesion",
        "mood.national.RED": "RED",
    }
    both = ["mood.national.RED", "mood.North.RED"]
    assert short_headings(both) == {p: p for p in both}


def test_a_scheduler_nobody_answers_at_is_named_as_the_option(monkeypatch, capsys):
    # It was named "scheduler", the Python argument, where compare, explain and run say
    # "--scheduler".
    import socket

    with socket.socket() as free:  # a port nobody listens at
        free.bind(("127.0.0.1", 0))
        address = f"tcp://127.0.0.1:{free.getsockname()[1]}"
    argv = ["sweep", "tiny", "--vary", "mechanisms.biradari.cohesion=[0.5, 0.9]", "--runs", "2"]
    code, out, err = main([*argv, "--scheduler", address], monkeypatch, capsys)
    assert_user_error(code, out, err, "--scheduler: cannot connect", address)


def test_no_winner_changed_is_said_to_be_no_certainty(monkeypatch, capsys):
    # "0.00 ± 0.00" of 5 runs read as a proven zero: fear's beta changes no winner in 5 runs
    # of tiny, yet a change in up to 1 - 0.05^(1/5) = 45.1% of runs could give that (95%).
    argv = ["sweep", "tiny", "--vary", "mechanisms.fear.beta=[0, 1]", "--runs", "5"]
    code, out, err = main(argv, monkeypatch, capsys)
    assert code == 0, err
    assert "no winner changed in 5 runs, which is no certainty" in " ".join(out.split())
    assert "up to 45.1% of runs (95%)" in " ".join(out.split())
    argv = ["compare", "tiny", "tiny", "--runs", "5", "--set", "mechanisms.fear.beta=1"]
    code, out, err = main(argv, monkeypatch, capsys)
    assert code == 0, err
    assert "up to 45.1% of runs (95%)" in " ".join(out.split())
    argv = ["sweep", "tiny", "--vary", f"{MOOD}=[0.0, 3.0]", "--runs", "5"]
    code, out, err = main(argv, monkeypatch, capsys)
    assert "no certainty" not in out  # winners do change: nothing to say

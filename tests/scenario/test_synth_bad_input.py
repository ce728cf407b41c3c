"""votebank synth refuses, before writing anything, what the scenario it writes could not hold.

Every case is a user error (exit 2, no traceback, the option or path and the value named) and
leaves nothing behind; the limits are the loader's own (a country it wrote had to load).
"""

from __future__ import annotations

import pandas as pd
import pytest

import votebank as vb
from tests.hostile.helpers import assert_user_error, main
from votebank.errors import InputError
from votebank.scenario.synth import (
    SEAT_REGISTERED,
    SEAT_STATIONS,
    Synth,
    write_synth,
)
from votebank.scenario.tables import CONSTITUENCY_COLUMNS


def test_the_limits_are_the_loaders():
    columns = {c.name: c for c in CONSTITUENCY_COLUMNS}
    assert (columns["registered"].low, columns["registered"].high) == SEAT_REGISTERED
    assert columns["stations"].high == SEAT_STATIONS


@pytest.mark.parametrize(
    ("args", "named"),
    [
        # More registered voters per seat than a seat may hold, and per station.
        (["--seats", "3", "--registered", "1000000000000"], ["--registered", "1000000000000"]),
        # More stations per seat than a seat may have (and than voters).
        (["--seats", "3", "--stations", "1000000000000"], ["--stations", "1000000000000"]),
        # One seat of 60 million, 600,000 voters a station.
        (
            ["--seats", "1", "--registered", "60000000", "--stations", "100"],
            ["--registered", "60000000", "--stations", "(got 100)", "voters_per_station"],
        ),
        # More stations than voters: it wrote 10 stations and said 1,000.
        (
            ["--seats", "3", "--registered", "10", "--stations", "1000"],
            ["--stations", "1000", "10 registered"],
        ),
        (["--seats", "100", "--stations", "10"], ["--stations", "every seat needs one"]),
        # More voters and stations in all than a scenario may hold (the loader's bounds).
        (
            ["--seats", "10000", "--registered", "3000000000", "--stations", "3000000"],
            ["--registered", "2,000,000,000", "--stations", "2,000,000 stations in a scenario"],
        ),
        # 10**30 voters: the count per station is exact, not a float's 4,764,729,344 noise.
        (
            ["--registered", str(10**30), "--stations", "10000"],
            ["--stations", "100,000,000,000,000,000,000,000,000 voters per station"],
        ),
        # Written to scenario.toml, whose integers are 64-bit signed: other TOML readers
        # refused the file. And bounds in words, as a scenario file's read.
        (["--seed", str(2**64 - 1)], ["--seed", "must be at most 9,223,372,036,854,775,807"]),
        (["--seats", "-3"], ["--seats", "must be at least 1", "(got -3)"]),
    ],
)
def test_sizes_a_scenario_cannot_hold_are_refused_and_nothing_is_written(
    tmp_path, monkeypatch, capsys, args, named
):
    out = tmp_path / "country"
    code, stdout, err = main(["synth", str(out), *args], monkeypatch, capsys)
    assert_user_error(code, stdout, err, *named)
    assert not out.exists()


def test_every_problem_is_reported_at_once(tmp_path, monkeypatch, capsys):
    out = tmp_path / "afile"
    out.write_text("hi\n")
    argv = ["synth", str(out), "--seats", "0", "--mechanisms", "biradari,vans", "--preset", "x"]
    code, stdout, err = main(argv, monkeypatch, capsys)
    assert_user_error(
        code, stdout, err, "4 problems", "--seats", "--mechanisms", "vans", "--preset", "OUT"
    )
    assert out.read_text() == "hi\n"


@pytest.mark.parametrize(("typed", "meant"), [("stufing", "stuffing"), ("Stuffing", "stuffing")])
def test_a_misspelt_mechanism_is_offered_the_one_meant(tmp_path, monkeypatch, capsys, typed, meant):
    # It listed all 22 mechanisms, and a student had to spot the typo among them.
    out = tmp_path / "country"
    code, stdout, err = main(["synth", str(out), "--mechanisms", typed], monkeypatch, capsys)
    assert_user_error(code, stdout, err, "--mechanisms", f"did you mean '{meant}'?", typed)
    assert "women_barred" not in err
    assert not out.exists()


def test_a_mechanism_near_none_lists_them_all(tmp_path, monkeypatch, capsys):
    code, stdout, err = main(
        ["synth", str(tmp_path / "c"), "--mechanisms", "vans"], monkeypatch, capsys
    )
    assert_user_error(code, stdout, err, "no such mechanism; known:", "women_barred", "vans")
    assert "did you mean" not in err


def test_a_seat_that_grows_past_the_limit_is_refused(tmp_path):
    # The average seat holds 49 million; seat sizes vary, so some hold more than 50 million.
    spec = Synth(seats=10, registered=490_000_000, stations=100_000, seed=0)
    with pytest.raises(InputError) as info:
        write_synth(spec, tmp_path / "big")
    assert {p.file for p in info.value.problems} == {"--registered"}
    assert all(p.location.startswith("seat S") for p in info.value.problems)
    assert all("give more --seats or fewer --registered" in p.message for p in info.value.problems)
    assert not (tmp_path / "big").exists()


def test_a_seat_that_shrinks_below_the_limit_asks_for_fewer_seats_or_more_voters(tmp_path):
    # One voter a seat on average: some seat gets none. More seats or fewer voters (the advice
    # for a seat too large) would only make it worse.
    spec = Synth(seats=600, registered=600, stations=600, seed=0)
    with pytest.raises(InputError) as info:
        write_synth(spec, tmp_path / "small")
    (problem,) = info.value.problems
    assert (problem.file, problem.value) == ("--registered", "0")
    assert "give fewer --seats or more --registered" in problem.message
    assert not (tmp_path / "small").exists()


def test_a_seat_with_too_many_voters_a_station_asks_for_more_stations(tmp_path):
    # 100,000 voters a station on average, the most allowed: larger seats hold more. The
    # problem named no option and asked for "at least 2 stations", which no option gives.
    spec = Synth(seats=10, registered=1_000_000, stations=10, seed=0)
    with pytest.raises(InputError) as info:
        write_synth(spec, tmp_path / "crowded")
    problems = info.value.problems
    assert {p.file for p in problems} == {"--stations"}
    assert all(p.location.startswith("seat S") for p in problems)
    assert all("give more --stations or fewer --registered" in p.message for p in problems)
    assert not (tmp_path / "crowded").exists()


def test_the_confirmation_reports_what_was_written(tmp_path, monkeypatch, capsys):
    out = tmp_path / "country"
    argv = ["synth", str(out), "--seats", "3", "--registered", "10", "--stations", "10"]
    code, stdout, err = main(argv, monkeypatch, capsys)
    assert code == 0, err
    cons = pd.read_csv(out / "constituencies.csv")
    said = " ".join(stdout.split())
    assert f"{len(cons)} seats, {cons['registered'].sum():,} registered" in said
    assert f"{cons['stations'].sum():,} stations" in said
    assert len(vb.load_scenario(out).constituencies) == 3


def test_fewer_regions_than_asked_for_are_said(tmp_path, monkeypatch, capsys):
    # Two seats hold two regions, not the five asked for: the confirmation said nothing.
    out = tmp_path / "country"
    argv = ["synth", str(out), "--seats", "2", "--registered", "200", "--stations", "2"]
    code, stdout, err = main([*argv, "--regions", "5"], monkeypatch, capsys)
    assert code == 0, err
    assert "2 regions (of 5 asked for: a region needs a seat)" in " ".join(stdout.split())


def test_a_file_where_the_folder_should_be_is_named(tmp_path, monkeypatch, capsys):
    a_file = tmp_path / "afile"
    a_file.write_text("hi\n")
    for out in (a_file, a_file / "inside"):
        code, stdout, err = main(["synth", str(out), "--seats", "3"], monkeypatch, capsys)
        assert_user_error(code, stdout, err, "OUT", str(a_file), "is a file")
    assert a_file.read_text() == "hi\n"


def test_an_existing_scenario_is_kept_unless_forced(tmp_path, monkeypatch, capsys):
    out = tmp_path / "country"
    assert main(["synth", str(out), "--seats", "3"], monkeypatch, capsys)[0] == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    (out / "notes.txt").write_text("mine")
    code, stdout, err = main(["synth", str(out), "--seats", "5"], monkeypatch, capsys)
    assert_user_error(code, stdout, err, "OUT", str(out), "already holds a scenario", "--force")
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.name != "notes.txt"} == before
    code, stdout, err = main(["synth", str(out), "--seats", "5", "--force"], monkeypatch, capsys)
    assert code == 0, err
    assert len(vb.load_scenario(out).constituencies) == 5
    assert (out / "notes.txt").read_text() == "mine"


def test_a_failed_write_is_named_and_leaves_nothing(tmp_path, monkeypatch, capsys, disk_full_at):
    out = tmp_path / "new" / "country"
    disk_full_at("candidates.csv")  # the second table: the first is on disk by then
    code, stdout, err = main(["synth", str(out), "--seats", "3"], monkeypatch, capsys)
    assert_user_error(code, stdout, err, "OUT", "No space left on device", str(out))
    assert not (tmp_path / "new").exists()


@pytest.mark.parametrize(
    ("mechanisms", "named"),
    [
        ("swing", ["--mechanisms", "swing", "baseline_votes", "leave it out"]),
        ("incumbency", ["--mechanisms", "incumbency", "baseline_votes"]),
        ("flows", ["--mechanisms", "flows", "needs [mechanisms.swing] on"]),
        ("factions", ["--mechanisms", "factions", "needs [mechanisms.biradari] on"]),
        ("canvass", ["--mechanisms", "canvass", "campaigns, which synth does not write"]),
        ("alliances", ["--mechanisms", "alliances", "stand_downs or boycotts"]),
        # Without landlords no armed men: stuffing stuffed no station, unsaid.
        ("stuffing", ["--mechanisms", "stuffing", "needs [mechanisms.landlords] on"]),
        ("fear,coercion", ["--mechanisms", "coercion", "needs [mechanisms.landlords] on"]),
        # No budgets, no government party, nobody standing twice: each did nothing, unsaid.
        ("landlords,transport", ["--mechanisms", "transport", "candidates with a budget"]),
        ("compilation", ["--mechanisms", "compilation", "favoured or governing party"]),
        ("multiple_seats", ["--mechanisms", "multiple_seats", "person standing in several"]),
    ],
)
def test_mechanisms_the_written_scenario_could_not_run_are_refused(
    tmp_path, monkeypatch, capsys, mechanisms, named
):
    out = tmp_path / "country"  # it was written, with "run it with", and validate refused it
    argv = ["synth", str(out), "--seats", "3", "--registered", "3000", "--stations", "3"]
    code, stdout, err = main([*argv, "--mechanisms", mechanisms], monkeypatch, capsys)
    assert_user_error(code, stdout, err, *named)
    assert not out.exists()
    argv += ["--mechanisms", "biradari,factions"]  # what factions acts on is on: it loads
    assert main(argv, monkeypatch, capsys)[0] == 0
    vb.load_scenario(out)

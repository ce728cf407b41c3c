"""Sizes only a whole scenario decides: its registered voters and its polling stations in all.

20,000 seats of 50 million voters each passed every seat's bound and `validate`, then `run`
ran out of memory with a traceback and left an ensemble with no runs.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import votebank as vb
from tests.hostile.helpers import assert_nothing_written, assert_user_error, main
from tests.scenario.test_errors import TINY
from votebank.errors import InputError
from votebank.scenario.bounds import MAX_PER_STATION, MAX_REGISTERED, MAX_TOTAL_STATIONS
from votebank.scenario.catalogue import builtin_names


def country(tmp_path: Path, seats: int, registered: int, per_station: int = 1000) -> Path:
    """Tiny's TOML over ``seats`` two-party seats of ``registered`` voters each."""
    folder = tmp_path / "big"
    shutil.copytree(TINY, folder)
    toml = (folder / "scenario.toml").read_text(encoding="utf-8")
    toml = toml.replace("voters_per_station = 1000", f"voters_per_station = {per_station}")
    toml = toml.replace("[scenario.actual_seats]\nRED = 2\nBLUE = 1\n", "")
    (folder / "scenario.toml").write_text(toml.replace("South = 1", ""), encoding="utf-8")
    cons = ["id,region,registered"] + [f"S{i},North,{registered}" for i in range(seats)]
    cands = ["constituency,candidate,party"]
    cands += [f"S{i},S{i}-{p},{p}" for i in range(seats) for p in ("RED", "BLUE")]
    (folder / "constituencies.csv").write_text("\n".join(cons) + "\n", encoding="utf-8")
    (folder / "candidates.csv").write_text("\n".join(cands) + "\n", encoding="utf-8")
    return folder


def test_a_trillion_voters_are_refused_naming_the_column_and_the_total(tmp_path):
    folder = country(tmp_path, 20_000, 50_000_000)
    with pytest.raises(InputError) as info:
        vb.load_scenario(folder)
    found = {(p.file, p.location, p.value) for p in info.value.problems}
    assert (str(folder / "constituencies.csv"), "column registered", "1,000,000,000,000") in found
    assert f"{MAX_REGISTERED:,}" in info.value.render()


@pytest.mark.parametrize("command", ["validate", "run"])
def test_the_cli_refuses_it_and_writes_nothing(tmp_path, monkeypatch, capsys, command):
    folder = country(tmp_path, 20_000, 50_000_000)
    out = tmp_path / "out"
    argv = [command, str(folder)] + (["--runs", "2", "--out", str(out)] if command == "run" else [])
    code, text, err = main(argv, monkeypatch, capsys)
    assert_user_error(
        code, text, err, "constituencies.csv", "column registered", "1,000,000,000,000"
    )
    assert_nothing_written(out)


def test_too_many_stations_in_all_are_refused_at_voters_per_station(tmp_path):
    # 1,000 seats of 1,000,000 voters: 2,500 stations each at 400 a station, 2.5 million in all.
    folder = country(tmp_path, 1_000, 1_000_000, per_station=400)
    with pytest.raises(InputError) as info:
        vb.load_scenario(folder)
    (problem,) = info.value.problems
    assert (problem.location, problem.value) == ("electorate.voters_per_station", "400.0")
    assert "2,500,000 polling stations" in problem.message
    assert f"{MAX_TOTAL_STATIONS:,}" in problem.message


def test_a_country_at_the_bounds_loads(tmp_path):
    # 40 seats of 50 million = the cap on voters; 2,000,000 stations at 1,000 a station.
    sc = vb.load_scenario(country(tmp_path, 40, 50_000_000))
    assert int(sc.constituencies["registered"].sum()) == MAX_REGISTERED


@pytest.mark.parametrize("name", builtin_names())
def test_every_built_in_scenario_is_within_the_bounds(name):
    vb.load_scenario(name)


def test_a_station_of_as_many_voters_as_voters_per_station_allows_loads(tmp_path):
    folder = country(tmp_path, 2, 250_000)
    cons = folder / "constituencies.csv"
    cons.write_text("id,region,registered,stations\nS0,North,200000,2\nS1,North,250000,2\n")
    with pytest.raises(InputError) as info:
        vb.load_scenario(folder)
    (problem,) = info.value.problems  # S0 holds 100,000 a station: the bound, allowed
    assert (problem.location, problem.value) == ("row 3, column stations", "2")
    assert f"at most {MAX_PER_STATION:,}" in problem.message
    assert "give at least 3 stations" in problem.message


def test_a_voters_per_station_too_small_for_many_seats_is_named_once(tmp_path):
    # Each of 30 seats gave a problem of its own: the one value was named 31 times (265 times
    # in pakistan-2008), burying the rest of the report.
    folder = country(tmp_path, 30, 200_000, per_station=1)
    with pytest.raises(InputError) as info:
        vb.load_scenario(folder)
    named = [p for p in info.value.problems if p.location == "electorate.voters_per_station"]
    assert len(named) == 2  # the whole country's count, and the seats over a seat's bound
    assert "30 seats would get more than 100,000 stations" in named[1].message
    assert "S0 (200,000)" in named[1].message
    assert "and 25 more" in named[1].message

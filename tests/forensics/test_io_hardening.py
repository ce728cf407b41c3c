"""Station files that must be refused: counts too big for a station, over-long cells, NaN/inf."""

from __future__ import annotations

import time
import tracemalloc

import numpy as np
import pandas as pd
import pytest
import typer
from typer.testing import CliRunner

from votebank.errors import InputError
from votebank.forensics.checks import count_problems
from votebank.forensics.cli import forensics_command
from votebank.forensics.reader import read_station_results
from votebank.forensics.stations import StationResults

COLS = {"registered": "registered", "ballots": "ballots", "leader": "leader"}


def problems(path, **kw):
    with pytest.raises(InputError) as info:
        read_station_results(path, **{**COLS, **kw})
    return [(p.file, p.location, p.value, p.message) for p in info.value.problems]


def test_count_far_past_the_limit_in_csv_names_file_row_column_value(tmp_path):
    csv = tmp_path / "big.csv"
    csv.write_text("registered,ballots,leader\n100,50,20\n1e20,50,20\n9007199254740992,1,1\n")
    found = problems(csv)
    assert (str(csv), "row 3, column registered", "1e20") == found[0][:3]
    assert "1,000,000,000" in found[0][3]
    assert found[1][1:3] == ("row 4, column registered", "9007199254740992")


def test_parquet_float_1e30_is_an_error(tmp_path):
    path = tmp_path / "big.parquet"
    frame = pd.DataFrame(
        {"registered": [100.0, 1e30], "ballots": [50.0, 40.0], "leader": [20.0, 10.0]}
    )
    frame.to_parquet(path)
    found = problems(path)
    assert found[0][1] == "row 3, column registered"
    assert found[0][2] == "1e+30"
    assert "1,000,000,000" in found[0][3]


def test_a_station_of_10_to_15_voters_is_refused_naming_file_row_column_value(tmp_path):
    # Below 2^53, so float64 holds it exactly, but no polling station has that many voters.
    csv = tmp_path / "absurd.csv"
    csv.write_text("registered,ballots,leader\n100,50,20\n1000000000000000,50,20\n")
    found = problems(csv)
    assert found == [
        (str(csv), "row 3, column registered", "1000000000000000", found[0][3]),
    ]
    assert "more than 1,000,000,000" in found[0][3]


def test_a_count_of_exactly_the_limit_is_read(tmp_path):
    csv = tmp_path / "edge.csv"
    csv.write_text("registered,ballots,leader\n100,50,20\n1000000000,50,20\n")
    assert read_station_results(csv, **COLS).registered.max() == 1e9


def test_the_api_refuses_a_station_of_10_to_15_voters():
    results = StationResults(
        registered=[100, 10**15], ballots=[50, 50], leader_votes=[20, 20], valid=[50, 50]
    )
    found = count_problems(results)
    assert [p.location for p in found] == ["registered, station 1 (label 3)"]
    assert "1,000,000,000" in found[0].message


@pytest.mark.parametrize("bad", ["nan", "inf", "-inf", "NaN"])
def test_nan_and_inf_are_rejected_in_csv(tmp_path, bad):
    csv = tmp_path / "x.csv"
    csv.write_text(f"registered,ballots,leader\n100,50,20\n100,{bad},20\n")
    found = problems(csv)
    assert found[0][1] == "row 3, column ballots"
    assert found[0][2] == bad


def test_nan_and_inf_are_rejected_in_parquet(tmp_path):
    path = tmp_path / "x.parquet"
    frame = pd.DataFrame(
        {"registered": [100.0, np.nan, 100.0], "ballots": [50.0, 40.0, np.inf], "leader": 10.0}
    )
    frame.to_parquet(path)
    found = problems(path)
    assert ("row 3, column registered") in [f[1] for f in found]
    assert ("row 4, column ballots") in [f[1] for f in found]


def test_over_long_cell_in_a_100k_row_file_is_refused_quickly_and_leanly(tmp_path):
    n = 100_000
    lines = ["registered,ballots,leader"] + ["1000,500,200"] * n
    lines[50_001] = "1000," + "9" * 5000 + ",200"  # data row 50,001 is spreadsheet row 50,002
    csv = tmp_path / "long.csv"
    csv.write_text("\n".join(lines) + "\n")
    size = csv.stat().st_size
    tracemalloc.start()
    t0 = time.perf_counter()
    found = problems(csv)
    seconds = time.perf_counter() - t0
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert found[0][1] == "row 50002, column #1"
    assert "5,000 characters" in found[0][2]
    assert "longer than 1,000 characters" in found[0][3]
    # Refused before parsing: a few copies of the 1.3 MB file at most, in well under 5 s.
    assert peak < 10 * size
    assert seconds < 5


@pytest.mark.parametrize("huge", ["1e20", "1000000000000000"])
def test_cli_refuses_huge_count_with_exit_2_and_writes_nothing(tmp_path, huge):
    csv = tmp_path / "big.csv"
    csv.write_text(f"registered,ballots,leader\n100,50,20\n{huge},50,20\n")
    out = tmp_path / "out"
    app = typer.Typer()
    app.command("forensics")(forensics_command)
    app.command("version")(lambda: None)
    result = CliRunner().invoke(
        app,
        ["forensics", str(csv), "--registered", "registered", "--ballots", "ballots",
         "--leader", "leader", "--out", str(out)],
    )  # fmt: skip
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert "row 3, column registered" in result.output
    assert huge in result.output
    assert not out.exists()


@pytest.mark.parametrize("encoding", ["utf-8", "cp1251", "utf-16"])
def test_a_cell_is_measured_in_characters_not_bytes(tmp_path, encoding):
    # 600 Cyrillic letters are 1,200 bytes of UTF-8 (2,400 of UTF-16): a label, not too long.
    ok = tmp_path / "ok.csv"
    ok.write_text(
        "region,registered,ballots,leader\n" + "Ж" * 600 + ",1000,500,200\nR,900,400,100\n",
        encoding=encoding,
    )
    res = read_station_results(ok, registered=1, ballots=2, leader=3, region=0)
    assert res.regions[0] == "Ж" * 600
    long = tmp_path / "long.csv"
    long.write_text(
        "region,registered,ballots,leader\n" + "Ж" * 1001 + ",1000,500,200\n", encoding=encoding
    )
    found = problems(long)
    assert found[0][1] == "row 2, column #0"
    assert found[0][2].startswith("Ж" * 40)
    assert "1,001 characters" in found[0][2]

"""A real station file: 280 stations of Moscow Oblast, Russian presidential election 2024.

The file (tests/data/forensics/, provenance in SOURCES.md) is the CEC's station table as a
public repository copied it: Cyrillic headers with commas, ballots cast as three columns
(issued early, at the station, outside it), a territorial commission (ТИК) per station and
percentage columns votebank must leave alone. Expected values are recomputed here from the
file with the csv module, not copied from votebank's output.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import typer
from typer.testing import CliRunner

from votebank.forensics.analyze import analyze
from votebank.forensics.cli import forensics_command
from votebank.forensics.reader import read_station_results
from votebank.forensics.stations import take

FILE = Path(__file__).parents[1] / "data" / "forensics" / "moscow-oblast-2024-part1.csv"


def _rows() -> list[list[str]]:
    with FILE.open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))[1:]


def test_reader_takes_the_cec_layout_by_position_with_summed_ballots():
    rows = _rows()
    res = read_station_results(
        FILE, registered=2, ballots="4 + 5 + 6", valid=11, leader=16, others=[14, 18, 20],
        region=0, id_column=1,
    )  # fmt: skip
    assert res.n_stations == len(rows) == 280
    np.testing.assert_array_equal(res.registered, [int(r[2]) for r in rows])
    np.testing.assert_array_equal(res.ballots, [int(r[4]) + int(r[5]) + int(r[6]) for r in rows])
    np.testing.assert_array_equal(res.valid, [int(r[11]) for r in rows])
    np.testing.assert_array_equal(res.leader_votes, [int(r[16]) for r in rows])
    assert res.leader_name == "Путин Владимир Владимирович"
    assert sorted(set(res.regions)) == sorted({r[0] for r in rows})
    assert list(res.ids[:2]) == ["УИК №1", "УИК №2"]


def test_reader_takes_the_same_columns_by_header():
    head = next(csv.reader(FILE.open(encoding="utf-8")))
    by_name = read_station_results(
        FILE, registered=head[2], ballots=f"{head[4]} + {head[5]} + {head[6]}", valid=head[11],
        leader="auto", others=[head[14], head[16], head[18], head[20]], region=head[0],
    )  # fmt: skip
    by_pos = read_station_results(FILE, registered=2, ballots="4+5+6", valid=11, leader=16)
    np.testing.assert_array_equal(by_name.ballots, by_pos.ballots)
    assert by_name.leader_name == head[16]  # "auto" picks the largest column: Putin


def test_forensics_command_on_the_real_file(tmp_path):
    app = typer.Typer()
    app.command("forensics")(forensics_command)
    app.command("version")(lambda: None)
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app,
        ["forensics", str(FILE), "--registered", "2", "--ballots", "4 + 5 + 6", "--valid",
         "11", "--leader", "16", "--others", "14,18,20", "--region", "0", "--id", "1",
         "--bootstrap", "10", "--out", str(out)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    report = json.loads((out / "forensics.json").read_text(encoding="utf-8"))
    assert report["n_stations"] == 280
    assert {r["region"] for r in report["regions"]} == {r[0] for r in _rows()}
    flagged = list(csv.DictReader((out / "flagged_stations.csv").open(encoding="utf-8")))
    # Station labels are the protocol numbers of the file, as an observer needs them.
    assert flagged
    assert all(f["station"].startswith("УИК №") for f in flagged)


def test_the_file_row_order_changes_no_figure():
    # An analyst who sorts the file differently must get the same report: the bootstrap and
    # the Klimek replicates would otherwise fall on other stations (a region's f_i interval
    # went from 0-70 % to 0-90 % on this file, shuffled, before the stations were sorted).
    res = read_station_results(
        FILE, registered=2, ballots="4 + 5 + 6", valid=11, leader=16, others=[14, 18, 20],
        region=0, id_column=1,
    )  # fmt: skip
    order = np.random.default_rng(4).permutation(res.n_stations)
    shuffled = take(res, order)
    one, other = (analyze(r, seed=3, bootstrap=20).to_dict() for r in (res, shuffled))
    assert json.dumps(one, sort_keys=True) == json.dumps(other, sort_keys=True)

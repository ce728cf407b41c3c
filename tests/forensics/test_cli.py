"""The forensics command: a table and three files on success; exit 2, no traceback, on bad input."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import typer
from typer.testing import CliRunner

from votebank.forensics.cli import forensics_command
from votebank.forensics.synthetic import klimek_synthetic


def make_app() -> typer.Typer:
    app = typer.Typer()
    app.command("forensics")(forensics_command)

    @app.command("version")  # a second command keeps typer from collapsing to a single command
    def version() -> None:
        typer.echo("test")

    return app


def write_election(path, n=400, seed=3):
    res, _ = klimek_synthetic(n, rng=np.random.default_rng(seed), f_e=0.05)
    frame = pd.DataFrame(
        {
            "registered": res.registered,
            "ballots": res.ballots,
            "valid": res.valid,
            "Leader": res.leader_votes,
            "B": res.other_votes[:, 0],
            "C": res.other_votes[:, 1],
        }
    )
    frame.to_csv(path, index=False)
    return path


def _forensics(csv, out, *more):
    """``votebank forensics`` on a file of write_election's layout, without the bootstrap."""
    return CliRunner().invoke(
        make_app(),
        ["forensics", str(csv), "--registered", "registered", "--ballots", "ballots",
         "--others", "Leader,B,C", "--out", str(out), "--bootstrap", "0", *more],
    )  # fmt: skip


def test_closed_stations_are_left_out_said_and_listed_in_the_json(tmp_path):
    csv = write_election(tmp_path / "e.csv")
    frame = pd.read_csv(csv)
    frame.loc[7] = 0  # a closed station: no roll, nothing counted
    frame.to_csv(csv, index=False)
    out = tmp_path / "out"
    result = _forensics(csv, out)
    assert result.exit_code == 0, result.output
    assert "Left out 1 station with no registered voter" in " ".join(result.output.split())
    report = json.loads((out / "forensics.json").read_text(encoding="utf-8"))
    assert report["n_stations"] == 399
    assert report["empty_stations_left_out"] == ["9"]  # the file's row number


def test_a_repeated_row_without_an_id_is_said_and_listed_in_the_json(tmp_path):
    csv = write_election(tmp_path / "e.csv")
    frame = pd.read_csv(csv)
    frame.loc[7] = frame.loc[3]  # row 9 of the file repeats row 5 cell for cell
    frame.to_csv(csv, index=False)
    out = tmp_path / "out"
    result = _forensics(csv, out)
    assert result.exit_code == 0, result.output
    assert "row 9 (as row 5)" in " ".join(result.output.split())
    report = json.loads((out / "forensics.json").read_text(encoding="utf-8"))
    assert report["repeated_rows"] == [{"row": 9, "repeats": 5}]


def test_cli_success_writes_report_and_plots(tmp_path):
    csv = write_election(tmp_path / "e.csv")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        make_app(),
        ["forensics", str(csv), "--registered", "registered", "--ballots", "1", "--valid",
         "valid", "--others", "Leader,B,C", "--out", str(out), "--bootstrap", "10"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Integer" in result.output  # rich wraps the table to the 80-column test console
    assert sorted(p.name for p in out.iterdir()) == [
        "fingerprint.png",
        "fingerprint.svg",
        "flagged_stations.csv",
        "forensics.json",
    ]
    report = json.loads((out / "forensics.json").read_text(encoding="utf-8"))
    assert report["n_stations"] == 400
    assert report["klimek"]["bootstrap"] == 10


def test_cli_bad_input_exits_2_without_traceback_or_output(tmp_path):
    csv = tmp_path / "bad.csv"
    csv.write_text("registered,ballots,Leader\n100,50,20\n-3,x,20\n")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        make_app(),
        ["forensics", str(csv), "--registered", "registered", "--ballots", "ballots",
         "--leader", "Leader", "--out", str(out)],
    )  # fmt: skip
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "row 3, column registered" in result.output
    assert "row 3, column ballots" in result.output
    assert "Nothing was written" in result.output
    assert not out.exists()


def test_cli_missing_file_and_unknown_column(tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(
        make_app(),
        ["forensics", str(tmp_path / "none.csv"), "--registered", "r", "--ballots", "b",
         "--leader", "l", "--out", str(out)],
    )  # fmt: skip
    assert result.exit_code == 2
    assert "file not found" in result.output
    assert not out.exists()


def invoke(csv, *extra):
    return CliRunner().invoke(
        make_app(),
        ["forensics", str(csv), "--registered", "registered", "--ballots", "ballots",
         "--others", "Leader,B,C", "--bootstrap", "0", *extra],
    )  # fmt: skip


def test_an_output_that_cannot_be_written_is_refused_before_the_analysis(tmp_path):
    csv = write_election(tmp_path / "e.csv")
    original = csv.read_bytes()
    a_file, a_folder = tmp_path / "a_file", tmp_path / "a_folder"
    a_file.write_text("keep")
    a_folder.mkdir()
    cases = [
        (["--out", str(a_file)], "--out: is a file; give a folder"),
        (["--out", str(tmp_path / "o1"), "--flagged-stations", str(a_folder)], "is a folder"),
        (["--out", str(tmp_path / "o2"), "--flagged-stations", str(csv)], "is the input file"),
    ]
    for extra, message in cases:
        result = invoke(csv, *extra)
        assert result.exit_code == 2, result.output
        assert message in result.output
        assert "Traceback" not in result.output
    assert csv.read_bytes() == original
    assert a_file.read_text() == "keep"
    assert not (tmp_path / "o1").exists()
    assert not (tmp_path / "o2").exists()


def test_the_flagged_stations_may_not_go_where_the_report_or_the_input_is(tmp_path):
    # A --flagged-stations naming one of the report's own files was written and then replaced
    # by that file (regions.png, without regions, was then deleted: no CSV at all); naming the
    # output folder ended in a traceback; an input named flagged_stations.csv in --out was
    # overwritten by the default CSV.
    csv = write_election(tmp_path / "e.csv")
    out = tmp_path / "out"
    inside = tmp_path / "data"
    inside.mkdir()
    own = write_election(inside / "flagged_stations.csv")
    original = own.read_bytes()
    cases = [
        (["--out", str(out), "--flagged-stations", str(out / name)], "a file of the report")
        for name in ("forensics.json", "fingerprint.png", "fingerprint.svg", "regions.png")
    ]
    cases.append((["--out", str(out), "--flagged-stations", str(out)], "the output folder"))
    for extra, message in cases:
        result = invoke(csv, *extra)
        assert result.exit_code == 2, (extra, result.output)
        assert message in " ".join(result.output.split()), result.output
        assert "Traceback" not in result.output
    assert not out.exists()
    result = invoke(own, "--out", str(inside))
    assert result.exit_code == 2, result.output
    assert "is the input file" in result.output
    assert own.read_bytes() == original
    assert sorted(p.name for p in inside.iterdir()) == ["flagged_stations.csv"]


def test_a_negative_seed_is_an_option_error(tmp_path):
    result = invoke(write_election(tmp_path / "e.csv"), "--seed", "-1", "--out", str(tmp_path))
    assert result.exit_code == 2
    assert "--seed" in result.output


def test_an_output_name_too_long_or_unwritable_is_refused_before_the_analysis(tmp_path):
    csv = write_election(tmp_path / "e.csv")
    long = "a" * 300
    (tmp_path / "o3").mkdir()
    (tmp_path / "o3" / "forensics.json").mkdir()  # where the report goes, a folder
    cases = [
        (["--out", str(tmp_path / long)], "--out: a name in it is too long: 300 bytes"),
        (["--out", str(tmp_path / long / "x")], "--out: a name in it is too long"),
        (
            ["--out", str(tmp_path / "o1"), "--flagged-stations", str(tmp_path / f"{long}.csv")],
            "--flagged-stations: a name in it is too long: 304 bytes",
        ),
        (["--out", str(tmp_path / ("b/" * 2100))], "--out: the path is too long"),
        (["--out", str(tmp_path / "o3")], "is a folder, where a file of the report goes"),
    ]
    if Path("/proc/self").is_dir():  # a virtual file system: nothing can be made in it
        cases += [
            (["--out", "/proc/votebank-probe"], "--out: cannot be made in /proc"),
            (["--out", str(tmp_path / "o2"), "--flagged-stations", "/proc/x.csv"], "/proc"),
        ]
    for extra, message in cases:
        result = invoke(csv, *extra)
        assert result.exit_code == 2, (extra, result.output)
        assert message in " ".join(result.output.split()), result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["e.csv", "o3"]


def election_with_regions(tmp_path):
    csv = write_election(tmp_path / "e.csv", n=600)
    frame = pd.read_csv(csv)
    frame.insert(0, "Oblast", np.where(np.arange(len(frame)) % 2, "North", "South"))
    frame.to_csv(csv, index=False)
    return csv


def test_a_region_column_given_by_position_is_headed_by_its_name(tmp_path):
    result = invoke(election_with_regions(tmp_path), "--region", "0", "--out", str(tmp_path / "o"))
    assert result.exit_code == 0, result.output
    assert "By Oblast" in result.output  # the header's name, not "By 0"


def test_a_run_without_regions_leaves_no_regions_png_of_an_earlier_run(tmp_path):
    csv, out = election_with_regions(tmp_path), tmp_path / "out"
    assert invoke(csv, "--region", "Oblast", "--out", str(out)).exit_code == 0
    assert (out / "regions.png").is_file()
    without = invoke(csv, "--out", str(out))
    assert without.exit_code == 0, without.output
    # The earlier run's regions.png would sit beside a report that has no regions.
    assert not (out / "regions.png").exists()
    assert (out / "forensics.json").is_file()


def test_a_run_writing_its_flagged_stations_elsewhere_leaves_none_of_an_earlier_run(tmp_path):
    # The earlier run's flagged_stations.csv stayed in --out beside the new report, which
    # wrote its own elsewhere: it read as this election's stations.
    csv, out = write_election(tmp_path / "e.csv"), tmp_path / "out"
    assert invoke(csv, "--out", str(out)).exit_code == 0
    assert (out / "flagged_stations.csv").is_file()
    elsewhere = tmp_path / "mine.csv"
    result = invoke(csv, "--out", str(out), "--flagged-stations", str(elsewhere))
    assert result.exit_code == 0, result.output
    assert elsewhere.is_file()
    assert not (out / "flagged_stations.csv").exists()
    # An input of that name in --out is the user's file: it stays.
    own = write_election(out / "flagged_stations.csv")
    result = invoke(own, "--out", str(out), "--flagged-stations", str(elsewhere))
    assert result.exit_code == 0, result.output
    assert own.is_file()


def test_a_bootstrap_over_the_bound_is_refused_naming_the_option(tmp_path):
    # It was refused after reading the whole file, naming `bootstrap`.
    result = CliRunner().invoke(
        make_app(),
        ["forensics", str(tmp_path / "absent.csv"), "--registered", "r", "--ballots", "b",
         "--bootstrap", "200000", "--out", str(tmp_path / "out")],
    )  # fmt: skip
    assert result.exit_code == 2, result.output
    assert "--bootstrap" in result.output
    assert "absent.csv" not in result.output


def test_brackets_in_labels_and_paths_are_printed_not_read_as_markup(tmp_path):
    # "[/x]" crashed rich with MarkupError after the files were written; "[city]" vanished.
    csv = write_election(tmp_path / "e.csv", n=200)
    frame = pd.read_csv(csv)
    frame.insert(0, "id", [f"S{i} [/b]" for i in range(len(frame))])
    frame.insert(0, "region", np.where(np.arange(len(frame)) % 2, "Moscow [city]", "[/x]"))
    frame.loc[7, ["registered", "ballots", "valid", "Leader", "B", "C"]] = 0
    frame.loc[:60, "ballots"] = frame.loc[:60, "registered"]  # a pile-up: regions flagged
    frame.loc[:60, ["valid", "Leader"]] = frame.loc[:60, "registered"]
    frame.loc[:60, ["B", "C"]] = 0
    frame.to_csv(csv, index=False)
    out = tmp_path / "out [/m]"
    result = CliRunner().invoke(
        make_app(),
        ["forensics", str(csv), "--registered", "registered", "--ballots", "ballots",
         "--valid", "valid", "--others", "Leader,B,C", "--region", "region", "--id", "id",
         "--out", str(out), "--bootstrap", "0"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert "(closed or cancelled): S7 [/b]." in text
    assert "Moscow [city] (" in text  # the headline names the flagged regions
    assert "out [/m]" in text.replace(str(tmp_path) + "/", "")


def test_one_station_is_counted_in_the_singular(tmp_path):
    # A file of one station read "Forensics: one.csv (1 stations)" and "Only 1 stations with
    # valid ballots"; a repeated row "1 row(s) repeat an earlier row".
    csv = tmp_path / "one.csv"
    csv.write_text("registered,ballots,Leader,B,C\n1000,600,400,150,50\n", encoding="utf-8")
    out = tmp_path / "out"
    result = _forensics(csv, out)
    assert result.exit_code == 0, result.output
    assert "Forensics: one.csv (1 station)" in result.output
    readings = json.loads((out / "forensics.json").read_text(encoding="utf-8"))["flags"]
    said = " ".join(f["reading"] for f in readings)
    assert "Only 1 station with valid ballots" in said
    assert "1 whole-percent value in turnout" in said
    assert "1 stations" not in said
    csv = write_election(tmp_path / "e.csv")
    frame = pd.read_csv(csv)
    frame.loc[7] = frame.loc[3]
    frame.to_csv(csv, index=False)
    said = " ".join(_forensics(csv, tmp_path / "out2").output.split())
    assert (
        "1 row repeats an earlier row cell for cell and is counted as a station of its own" in said
    )


def test_a_long_list_of_closed_stations_ends_with_how_many_more_and_one_full_stop(tmp_path):
    # 12 closed stations read "Left out 12 stations ...: 9, 10, ..., 18, ...." (four dots).
    csv = write_election(tmp_path / "e.csv")
    frame = pd.read_csv(csv)
    frame.loc[7:18] = 0
    frame.to_csv(csv, index=False)
    result = _forensics(csv, tmp_path / "out")
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert "...." not in text
    assert "(closed or cancelled): 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, and 2 more." in text


def test_keep_rows_reads_a_station_whose_label_says_total(tmp_path):
    # A station named for the petrol station it stands in is taken for a total row by its
    # label: refused, naming the way out, and read with --keep-rows.
    csv = write_election(tmp_path / "e.csv", n=100)
    frame = pd.read_csv(csv)
    frame.insert(0, "name", [f"School {k}" for k in range(100)])
    frame.loc[40, "name"] = "Total petrol station"
    frame.to_csv(csv, index=False)
    out = tmp_path / "out"
    refused = _forensics(csv, out)
    assert refused.exit_code == 2, refused.output
    assert "row 42" in refused.output
    assert "--keep-rows 42" in " ".join(refused.output.split())
    assert not out.exists()
    kept = CliRunner().invoke(
        make_app(),
        ["forensics", str(csv), "--registered", "registered", "--ballots", "ballots",
         "--others", "Leader,B,C", "--out", str(out), "--bootstrap", "0", "--keep-rows", "42"],
    )  # fmt: skip
    assert kept.exit_code == 0, kept.output
    assert json.loads((out / "forensics.json").read_text())["n_stations"] == 100


def test_a_station_label_given_to_two_rows_with_different_counts_is_said(tmp_path):
    # Accepted in silence: the flagged-stations CSV then named two stations "S3".
    csv = write_election(tmp_path / "e.csv", n=100)
    frame = pd.read_csv(csv)
    frame.insert(0, "station", [f"S{i}" for i in range(len(frame))])
    frame.loc[11, "station"] = "S3"
    frame.to_csv(csv, index=False)
    result = invoke(csv, "--id", "station", "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert "1 station label given to more than one row" in said
    assert "S3 (2 rows)" in said
    frame.loc[11, "station"] = "S11"
    frame.to_csv(csv, index=False)
    plain = invoke(csv, "--id", "station", "--out", str(tmp_path / "out2"))
    assert "more than one row" not in plain.output


def test_stations_with_ballots_and_no_roll_are_refused_naming_the_way_out_or_left_out(tmp_path):
    # A station with ballots and 0 registered voters stopped the file with no way on.
    frame = pd.read_csv(write_election(tmp_path / "e.csv"))
    frame.loc[7, "registered"] = 0  # row 9 of the file
    frame.to_csv(tmp_path / "e.csv", index=False)
    refused = _forensics(tmp_path / "e.csv", tmp_path / "no")
    assert refused.exit_code == 2
    assert "--leave-out-unregistered" in " ".join(refused.output.split())
    result = _forensics(tmp_path / "e.csv", tmp_path / "out", "--leave-out-unregistered")
    assert result.exit_code == 0, result.output
    said, held = " ".join(result.output.split()), int(frame.loc[7, "ballots"])
    assert "ballots cast but no registered voter (turnout undefined), as " in said
    assert f"9 ({held:,} ballots)" in said
    report = json.loads((tmp_path / "out" / "forensics.json").read_text(encoding="utf-8"))
    assert report["n_stations"] == 399
    assert report["unregistered_stations_left_out"] == [{"station": "9", "ballots": held}]
    assert report["totals"]["ballots"] == int(frame["ballots"].sum()) - held


def test_an_empty_cell_is_reported_without_an_empty_got(tmp_path):
    # An empty cell's problem ended "the value is empty (got )".
    csv = tmp_path / "e.csv"
    csv.write_text("registered,ballots,Leader,B,C\n100,50,20,10,5\n200,,30,10,5\n")
    result = _forensics(csv, tmp_path / "out")
    assert result.exit_code == 2
    assert "row 3, column ballots: the value is empty" in result.output
    assert "(got )" not in result.output


def test_station_numbers_that_restart_in_each_region_are_not_said_twice(tmp_path):
    # Station 1 of every constituency (numbers restart per seat, as on many official forms)
    # was said to be "given to more than one row", 334 labels of them, though the
    # flagged-stations CSV names each station's region beside its number.
    csv = write_election(tmp_path / "e.csv", n=100)
    frame = pd.read_csv(csv)
    frame.insert(0, "seat", ["A"] * 50 + ["B"] * 50)
    frame.insert(1, "station", list(range(1, 51)) * 2)
    frame.to_csv(csv, index=False)
    out = tmp_path / "out"
    result = invoke(csv, "--id", "station", "--region", "seat", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "more than one row" not in result.output
    frame.loc[60, "station"] = 10  # station 10 of seat B twice
    frame.to_csv(csv, index=False)
    twice = invoke(csv, "--id", "station", "--region", "seat", "--out", str(tmp_path / "o2"))
    said = " ".join(twice.output.split())
    assert "1 station label given to more than one row" in said
    assert "10 in B (2 rows)" in said
    # Said in the JSON too: the command's statement had no counterpart there.
    report = json.loads((tmp_path / "o2" / "forensics.json").read_text())
    assert report["repeated_labels"] == [{"station": "10", "region": "B", "rows": 2}]
    assert json.loads((out / "forensics.json").read_text())["repeated_labels"] == []


def test_stations_with_more_ballots_than_voters_are_named_and_listed_in_the_json(tmp_path):
    # Kept in every test, they were named nowhere: only a share in the JSON's shape reading.
    csv = write_election(tmp_path / "e.csv", n=100)
    frame = pd.read_csv(csv)
    frame.loc[[30, 4], "ballots"] = frame.loc[[30, 4], "registered"] + 7  # rows 32 and 6
    frame.to_csv(csv, index=False)
    out = tmp_path / "out"
    result = _forensics(csv, out)
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    reg6, reg32 = (int(frame.loc[k, "registered"]) for k in (4, 30))
    assert "2 stations (2% of all) report more ballots than registered voters:" in said
    assert f"6 ({reg6 + 7:,} ballots, {reg6:,} registered), 32 (" in said
    listed = json.loads((out / "forensics.json").read_text())["stations_over_roll"]
    assert listed == [
        {"station": "6", "registered": reg6, "ballots": reg6 + 7},
        {"station": "32", "registered": reg32, "ballots": reg32 + 7},
    ]


def test_stations_with_voters_and_no_ballot_are_named_and_listed_in_the_json(tmp_path):
    # Kept at 0% turnout, 60 such stations of 1,262 were said nowhere (only n_with_votes in
    # the JSON fell short of n_stations).
    csv = write_election(tmp_path / "e.csv", n=100)
    frame = pd.read_csv(csv)
    frame.loc[[8], ["ballots", "valid", "Leader", "B", "C"]] = 0  # row 10
    frame.to_csv(csv, index=False)
    out = tmp_path / "out"
    result = _forensics(csv, out)
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    reg = int(frame.loc[8, "registered"])
    assert f"1 station with voters on the roll reports no ballot cast ({reg:,} registered" in said
    listed = json.loads((out / "forensics.json").read_text())["stations_without_ballots"]
    assert listed == [{"station": "10", "registered": reg}]

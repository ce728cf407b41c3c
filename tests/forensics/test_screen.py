"""The forensics command at 80 columns: no word cut, no line too long, every reading whole."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
from rich.cells import cell_len
from tests.forensics.test_cli import make_app
from typer.testing import CliRunner

from votebank.forensics.synthetic import klimek_synthetic


def stuffed_file(path):
    """800 stations, 5% stuffed to the extreme, in four regions (one too small for a fit)."""
    res, _ = klimek_synthetic(800, rng=np.random.default_rng(5), f_e=0.05)
    names = np.array(["Республика Башкортостан", "Богородская городская", "Край", "Город"])
    regions = names[np.arange(800) % 3]
    regions[:20] = names[3]
    pd.DataFrame(
        {
            "Регион": regions,
            "registered": res.registered,
            "ballots": res.ballots,
            "Leader": res.leader_votes,
            "B": res.other_votes[:, 0],
        }
    ).to_csv(path, index=False)
    return path


def run(csv, out, columns: str):
    args = ["forensics", str(csv), "--registered", "registered", "--ballots", "ballots",
            "--others", "Leader,B", "--region", "Регион", "--out", str(out),
            "--bootstrap", "20"]  # fmt: skip
    return CliRunner().invoke(make_app(), args, env={"COLUMNS": columns})


def table_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line[:1] in set("┏┃┡│├└")]


def test_at_80_columns_no_cell_is_cut_and_every_reading_is_printed_whole(tmp_path):
    # The reading column was squeezed to 9 characters: "(4.1 expected…" lost its words to an
    # ellipsis, and the region table read "Statio…", "[interv…" and "Республ… В".
    out = tmp_path / "out"
    result = run(stuffed_file(tmp_path / "r.csv"), out, "80")
    assert result.exit_code == 0, result.output
    assert "…" not in result.output
    lines = table_lines(result.output)
    assert lines
    assert [line for line in lines if cell_len(line) > 80] == []
    said = " ".join(result.output.split())
    for flag in json.loads((out / "forensics.json").read_text(encoding="utf-8"))["flags"]:
        assert " ".join(flag["reading"].split()) in said
    assert "Stations" in said
    assert "Башкортостан" in said.replace("│", "").replace(" ", "")
    # A region too small for a fit reads "-", not "- [-, -]".
    assert "[-, -]" not in said


def test_a_wide_terminal_keeps_the_readings_and_the_rank_in_the_tables(tmp_path):
    result = run(stuffed_file(tmp_path / "r.csv"), tmp_path / "out", "160")
    assert result.exit_code == 0, result.output
    heads = " ".join(line for line in table_lines(result.output) if "┃" in line)
    assert "Reading" in heads
    assert "Rank" in heads
    assert "f_e [interval]" in heads


def test_at_80_columns_only_the_output_folder_runs_past_the_edge(tmp_path):
    # The notes on closed stations and shared labels and the list of files written were each
    # printed as one line of 100-180 characters, which a terminal breaks inside a word.
    res, _ = klimek_synthetic(300, rng=np.random.default_rng(2))
    frame = pd.DataFrame(
        {
            "station": [f"Polling station {i}" for i in range(300)],
            "registered": res.registered,
            "ballots": res.ballots,
            "Leader": res.leader_votes,
            "B": res.ballots - res.leader_votes,
        }
    )
    frame.loc[7:18, ["registered", "ballots", "Leader", "B"]] = 0
    frame.loc[30, "station"] = "Polling station 3"
    csv = tmp_path / "e.csv"
    frame.to_csv(csv, index=False)
    out = tmp_path / "out"
    args = ["forensics", str(csv), "--registered", "registered", "--ballots", "ballots",
            "--others", "Leader,B", "--id", "station", "--out", str(out),
            "--bootstrap", "0"]  # fmt: skip
    result = CliRunner().invoke(make_app(), args, env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert f"Wrote to {out}:" in lines
    assert [x for x in lines if cell_len(x) > 80 and not x.startswith("Wrote to")] == []
    said = " ".join(result.output.split())
    assert "forensics.json, fingerprint.png, fingerprint.svg, flagged_stations.csv." in said
    assert "Left out 12 stations" in said
    assert "Polling station 3 (2 rows)" in said


def test_the_region_table_shows_the_most_suspicious_regions_and_says_how_many_more(tmp_path):
    # A region column of 2,700 territorial commissions printed a table of 2,700 rows.
    from votebank.forensics import StationResults, analyze
    from votebank.forensics.screen import MAX_REGION_ROWS, region_table

    # Regions of 10 stations: the fewest a region needs for results of its own.
    res, _ = klimek_synthetic(600, rng=np.random.default_rng(3))
    many = StationResults(
        registered=res.registered, ballots=res.ballots, valid=res.valid,
        leader_votes=res.leader_votes, regions=[f"R{i % 60}" for i in range(600)],
    )  # fmt: skip
    report = analyze(many, seed=0, bootstrap=0)
    table = region_table(report, "region", width=80)
    assert table.row_count == MAX_REGION_ROWS < 60
    assert table.caption.endswith(
        " 20 less suspicious regions not shown: all are in forensics.json."
    )
    few = region_table(analyze(res, seed=0, bootstrap=0), "region", width=80)
    assert "not shown" not in few.caption


def test_the_region_table_says_its_p_values_are_raw_and_its_flags_holms():
    # A region's "100% p 0.0357" stood beside "Flags: none", nothing saying why.
    from votebank.forensics import StationResults, analyze
    from votebank.forensics.screen import region_table

    res, _ = klimek_synthetic(200, rng=np.random.default_rng(3))
    two = StationResults(
        registered=res.registered, ballots=res.ballots, valid=res.valid,
        leader_votes=res.leader_votes, regions=[f"R{i % 2}" for i in range(200)],
    )  # fmt: skip
    table = region_table(analyze(two, seed=0, bootstrap=0), "region", width=160)
    assert table.caption.startswith("p: each test's own; Flags: after Holm's adjustment")


def test_the_caveats_of_the_tests_that_flag_are_shown_once_each():
    # The readings said "see the caveat" and the headline "read each caveat", but the caveats
    # were only in forensics.json: the terminal never showed them.
    from votebank.forensics import StationResults, analyze
    from votebank.forensics.screen import caveats

    rng = np.random.default_rng(4)
    registered = np.full(600, 1000)
    ballots = rng.binomial(registered, 0.6)
    ballots[:40:2] = 1000  # 20 stations at exactly 100% turnout: the pile-up flags
    results = StationResults(registered, ballots, ballots, rng.binomial(ballots, 0.4))
    report = analyze(results, seed=0, bootstrap=0)
    flagged = [f.test for f in report.flags if f.flagged]
    assert "Pile-up at exactly 100% turnout" in flagged
    text = caveats(report).plain
    assert text.startswith("Caveats of the tests that flag:\n")
    assert f"- Pile-up at exactly 100% turnout: {report.shape.caveat}" in text
    assert text.count("\n- ") == len(flagged)
    assert report.integers.caveat not in text or report.flags[2].flagged
    registered = rng.integers(400, 2000, size=600)
    ballots = rng.binomial(registered, 0.6)
    leader = rng.binomial(ballots, 0.4)
    clean = analyze(StationResults(registered, ballots, ballots, leader), seed=0, bootstrap=0)
    assert not any(f.flagged for f in clean.flags)
    assert caveats(clean) is None

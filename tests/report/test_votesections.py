"""The report's vote sections when nobody voted: shares of nothing are missing, not a crash."""

from __future__ import annotations

from pathlib import Path

from tests.report import run_tiny
from votebank.report import build_report, render_html
from votebank.results.store import ResultsStore

SCENARIO = """
[scenario]
name = "nobody-votes"
[tables]
constituencies = "constituencies.csv"
candidates = "candidates.csv"
[[parties]]
id = "RED"
[[parties]]
id = "BLUE"
[turnout]
seat_sd = 0
"""


def test_report_of_an_election_where_everybody_abstains(tmp_path: Path) -> None:
    folder = tmp_path / "scenario"
    folder.mkdir()
    (folder / "scenario.toml").write_text(SCENARIO, encoding="utf-8")
    (folder / "constituencies.csv").write_text(
        "id,region,registered,turnout\nA,North,1,0.001\nB,South,1,0.001\n", encoding="utf-8"
    )
    (folder / "candidates.csv").write_text(
        "constituency,candidate,party\nA,A-r,RED\nA,A-b,BLUE\nB,B-r,RED\n", encoding="utf-8"
    )
    store = run_tiny(tmp_path, folder, runs=2)
    with ResultsStore(store, read_only=True) as s:
        assert s.query("SELECT sum(ballots) AS b FROM constituencies")["b"][0] == 0
    html = render_html(build_report(store))
    assert 'id="provenance"' in html
    assert "<td>own choice</td><td>–</td><td>–</td>" in html
    # The same turnout in every run: one value, not the empty range "0.0% – 0.0%".
    assert "0.0% in all (to 0.1 point)" in html
    assert "0.0% – 0.0%" not in html


def test_fingerprint_without_stuffed_stations_draws_no_empty_histogram() -> None:
    # A clean election (the UK scenarios): the stuffed-only panel would be an empty frame
    # with a legend of one number; a sentence says why there is nothing to draw.
    from votebank.report.votesections import fingerprint_section

    fp = {
        "cells": [[25, 30, 40, 0], [26, 30, 12, 0]],
        "bins": 50,
        "stations": 52,
        "runs": 5,
        "stuffed": 0,
        "incremental": 0,
        "extreme": 0,
        "fabricated": 0,
        "stuffed_ballots_share": 0.0,
        "over_100": 0,
        "not_binned": 0,
    }
    html = fingerprint_section({"fingerprint": fp})
    assert 'id="chart-fingerprint"' in html
    assert "chart-fingerprint-stuffed" not in html
    assert "No station was stuffed" in html

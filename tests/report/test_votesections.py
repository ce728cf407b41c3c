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


def test_each_region_turnout_names_an_interval_whose_ends_differ() -> None:
    # uk-2015-from-2010, 20 runs: national turnout 65.27%-65.34% read "65.3%–65.3%" in the
    # chart of turnout by region, as if it never moved.
    import re

    from votebank.report.votesections import turnout_section

    nat = {"runs": 20, "mean": 0.653038, "q05": 0.652679, "q50": 0.653005, "q95": 0.653394}
    nat["hist"] = {"edges": [0.652498, 0.653496], "counts": [20]}
    east = {"region": "East", "mean": 0.678597, "q05": 0.676822, "q50": 0.6786, "q95": 0.680609}
    html = turnout_section({"turnout": {"national": nat, "by_region": [east]}})
    chart = re.search(r'<svg[^>]*id="chart-turnout-region".*?</svg>', html, re.S).group(0)
    tips = re.findall(r"<title>([^<]*)</title>", chart)
    assert "National: mean 65.3%, 5–95% 65.27%–65.34%" in tips, tips
    assert "East: mean 67.9%, 5–95% 67.7%–68.1%" in tips, tips
    assert "65.3% (65.27%–65.34%)" in chart
    assert "65.3%–65.3%" not in chart


def test_fingerprint_counts_one_station_in_the_singular() -> None:
    # One station stuffed, one over the roll, one not drawn read "the 1 stations that were
    # stuffed", "1 stations reported more ballots" and "1 stations ... are not drawn".
    from votebank.report.votesections import fingerprint_section

    fp = {
        "cells": [[25, 30, 1, 1]],
        "bins": 50,
        "stations": 1,
        "runs": 1,
        "stuffed": 1,
        "incremental": 1,
        "extreme": 0,
        "fabricated": 0,
        "stuffed_ballots_share": 0.1,
        "over_100": 1,
        "not_binned": 1,
    }
    html = fingerprint_section({"fingerprint": fp})
    assert "histogram of 1 polling-station result." in html
    assert "histogram of the 1 station that were stuffed." not in html
    assert "histogram of the 1 station that was stuffed." in html
    assert "1 station reported more ballots than registered voters" in html
    assert "1 station with no registered voters or no valid ballot is not drawn" in html
    assert "1 stations" not in html


def _provenance(others: float) -> dict:
    routes = ["own", "clan", "landlord", "coerced", "stuffed", "canvassed"]
    shares = {
        r: (1 - others if r == "own" else (others if r == "stuffed" else 0.0)) for r in routes
    }
    return {
        "routes": routes,
        "overall": shares,
        "winners": shares,
        "by_party": [{"party": "Con", "shares": shares, "votes_mean": 100.0}],
    }


def test_an_election_of_own_choices_alone_says_so_without_charts_of_nothing() -> None:
    # uk-2015-from-2010's page drew "clan (biradari) 0.0%", "landlord / pir 0.0%", "stuffed
    # 0.0%" for every party under a lead about clans and pirs: six routes, one of them used.
    from votebank.report.parties import Parties
    from votebank.report.votesections import provenance_section

    parties = Parties({"Con": {"name": "Conservative Party", "colour": "#0087DC"}})
    html = provenance_section({"provenance": _provenance(0.0)}, parties)
    assert 'id="provenance"' in html
    assert "every vote was the voter's own choice" in html
    assert "<svg" not in html
    assert "biradari" not in html
    html = provenance_section({"provenance": _provenance(0.01)}, parties)
    assert "<svg" in html
    assert "every vote was the voter's own choice" not in html


def test_the_turnout_charts_name_their_axes() -> None:
    # The ticks 35%, 40%, 45% of "Turnout by region" were not said to be turnout.
    import re

    from votebank.report.votesections import turnout_section

    nat = {"runs": 20, "mean": 0.653038, "q05": 0.652679, "q50": 0.653005, "q95": 0.653394}
    nat["hist"] = {"edges": [0.652498, 0.653496], "counts": [20]}
    east = {"region": "East", "mean": 0.678597, "q05": 0.676822, "q50": 0.6786, "q95": 0.680609}
    html = turnout_section({"turnout": {"national": nat, "by_region": [east]}})
    chart = re.search(r'<svg[^>]*id="chart-turnout-region".*?</svg>', html, re.S).group(0)
    assert re.findall(r'class="axis"[^>]*>([^<]*)<', chart) == ["turnout"]

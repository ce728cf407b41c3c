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

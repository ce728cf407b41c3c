"""The report's masthead and its "Scenario and provenance" section."""

from __future__ import annotations

import re

from tests.report import run_tiny
from votebank.report import build_report
from votebank.report.scenariosections import page_header


def _caveat(data: dict) -> str:
    return re.sub(
        r"<[^>]+>", "", re.search(r'<p class="caveat".*?</p>', page_header(data)).group(0)
    )


def test_the_simulated_note_names_the_sections_that_are_not_this_ensembles(tmp_path):
    # A pakistan-2008 report said "every figure below comes from 20 runs of this scenario's
    # model" above a UK 2010 -> 2015 backtest and the forensics of a real Moscow Oblast file.
    store = run_tiny(tmp_path, runs=2)
    data = build_report(store, extras={"forensics": {"source": "moscow.csv"}, "backtest": {}})
    text = _caveat(data)
    assert "every figure below comes from 2 runs" in text
    assert "Not so in Forensics and Backtest" in text
    ours = build_report(store, extras={"forensics": {"source": "x.duckdb ensemble abc run 0"}})
    assert "Not so in" not in _caveat(ours)

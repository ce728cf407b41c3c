"""docs/scenario-format.md's exit statuses, against what the command line does."""

from __future__ import annotations

import re

from tests.docs.commands import ROOT
from votebank.cli import main
from votebank.results.store import ResultsStore

DOC = ROOT / "docs" / "scenario-format.md"


def test_an_ensemble_with_no_stored_run_is_documented_as_the_exit_2_it_is(tmp_path, capsys):
    # A run killed before its first run was stored leaves such an ensemble, the latest.
    with ResultsStore(tmp_path / "votebank.duckdb") as store:
        store.begin_ensemble(
            scenario_name="tiny",
            scenario_hash="h",
            seed_entropy=1,
            runs_requested=3,
            scenario_json="{}",
            version="0.1.0",
        )
    try:
        main(["summary", "--out", str(tmp_path)])
    except SystemExit as exc:
        code = exc.code
    assert code == 2, capsys.readouterr().err
    text = " ".join(DOC.read_text(encoding="utf-8").split())
    [status_1] = re.findall(r"Other votebank errors \([^)]*\) exit with status 1", text)
    # The docs gave this very case as their example of status 1.
    assert "no stored run" not in status_1
    [status_2] = re.findall(r"A results store that cannot be read .*? exits with status 2", text)
    assert "no stored run" in status_2

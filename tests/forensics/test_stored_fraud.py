"""forensics-run says when the stored scenario moved votes its station rows do not record."""

from __future__ import annotations

import typer
from typer.testing import CliRunner

import votebank as vb
from votebank.ensemble.runner import EnsembleRequest, run_ensemble
from votebank.forensics.power_cli import forensics_run_command
from votebank.scenario.overrides import with_overrides


def _forensics_run(store_folder, tmp_path) -> str:
    app = typer.Typer()
    app.command()(forensics_run_command)
    app.command("other")(lambda: None)  # two commands: typer then expects the name
    args = ["--out", str(store_folder), "--bootstrap", "0", "--to", str(tmp_path / "report")]
    result = CliRunner().invoke(app, ["forensics-run-command", *args])
    assert result.exit_code == 0, result.output
    return " ".join(result.output.split())


def test_a_run_whose_returning_officers_moved_votes_says_so_under_the_truth(tmp_path):
    # Compilation fraud at every seat moved a fifth of the votes on the station forms, and the
    # "simulated truth" spoke of stuffing alone, as if those results were as counted.
    sc = vb.load_scenario("tiny")
    rigged = sc.with_spec(
        with_overrides(
            sc.spec,
            {
                "mechanisms.compilation.enabled": True,
                "mechanisms.compilation.seat_share": 1.0,
                "mechanisms.compilation.shift": (0.2, 0.3),
            },
        )
    )
    for name, scenario in (("clean", sc), ("rigged", rigged)):
        path = tmp_path / name / "votebank.duckdb"
        path.parent.mkdir()
        run_ensemble(EnsembleRequest(scenario, runs=1, seed=1, store_path=path, station_runs=1))
    rigged_text = _forensics_run(tmp_path / "rigged", tmp_path / "rigged")
    assert "Simulated truth" in rigged_text
    assert "compilation" in rigged_text
    assert "100% of seats" in rigged_text
    assert "compilation" not in _forensics_run(tmp_path / "clean", tmp_path / "clean")

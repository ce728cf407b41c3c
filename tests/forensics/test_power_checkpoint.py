"""A stopped power study goes on where it stopped, to the records of a study never stopped."""

from __future__ import annotations

import pandas as pd
import pytest
import typer
from typer.testing import CliRunner

from votebank.errors import InputError
from votebank.forensics.power import forensics_power
from votebank.forensics.power_checkpoint import CHECKPOINT_NAME
from votebank.forensics.power_cli import forensics_power_command

STUDY = {"levels": "none,max", "runs_per_level": 3, "seed": 0, "bootstrap": 5}


def _stopped_after(n: int):
    """A progress callback that stops the study (as Ctrl-C does) once n elections are done."""

    def progress(done: int, total: int) -> None:
        if done == n:
            raise KeyboardInterrupt

    return progress


def _stop(records, n=3, **study):
    with pytest.raises(KeyboardInterrupt):
        forensics_power("tiny", **{**STUDY, **study}, records=records, progress=_stopped_after(n))


def test_a_resumed_study_makes_only_the_missing_elections_and_equals_one_never_stopped(tmp_path):
    records = tmp_path / CHECKPOINT_NAME
    _stop(records)
    with records.open("a") as f:  # a kill part-way through writing the fourth record
        f.write('{"level": "max", "run": 0, "stations"')
    calls = []
    resumed = forensics_power(
        "tiny", **STUDY, records=records, resume=True, progress=lambda d, t: calls.append(d)
    )
    assert calls == [3, 4, 5, 6]  # three kept, the cut one made again
    whole = forensics_power("tiny", **STUDY)
    pd.testing.assert_frame_equal(resumed.records, whole.records)
    assert resumed.rates.equals(whole.rates)


def test_another_study_s_records_are_refused_by_name(tmp_path):
    records = tmp_path / CHECKPOINT_NAME
    _stop(records)
    with pytest.raises(InputError, match=CHECKPOINT_NAME) as caught:
        forensics_power("tiny", **{**STUDY, "seed": 1}, records=records, resume=True)
    assert "another study" in str(caught.value)


def test_without_resume_a_stopped_study_s_records_are_refused_not_overwritten(tmp_path):
    records = tmp_path / CHECKPOINT_NAME
    _stop(records)
    before = records.read_bytes()
    with pytest.raises(InputError, match="add --resume to go on") as caught:
        forensics_power("tiny", **STUDY, records=records)
    assert "3 finished records" in str(caught.value)
    assert records.read_bytes() == before


def test_a_longer_study_keeps_the_runs_of_the_shorter_one(tmp_path):
    """Run indices are the same at any length (common random numbers): 3 of 4 per level kept."""
    records = tmp_path / CHECKPOINT_NAME
    forensics_power("tiny", **STUDY, records=records)
    calls = []
    longer = {**STUDY, "runs_per_level": 4}
    forensics_power(
        "tiny", **longer, records=records, resume=True, progress=lambda d, t: calls.append(d)
    )
    assert calls == [6, 7, 8]


def test_the_command_resumes_and_then_drops_its_records(tmp_path):
    app = typer.Typer()
    app.command()(forensics_power_command)
    app.command("other")(lambda: None)  # two commands: typer then expects the name
    records = tmp_path / CHECKPOINT_NAME
    _stop(records, bootstrap=0, runs_per_level=2, n=2)
    args = ["forensics-power-command", "tiny", "--runs", "2", "--bootstrap", "0"]
    args += ["--levels", "none,max", "--out", str(tmp_path)]
    other = CliRunner().invoke(app, [*args, "--seed", "1", "--resume"])
    assert other.exit_code == 2
    assert CHECKPOINT_NAME in other.output
    assert "another study" in other.output
    assert "--seed 0 in the file, 1 now" in " ".join(other.output.split())
    done = CliRunner().invoke(app, [*args, "--resume"])
    assert done.exit_code == 0, done.output
    # A resume said nothing of what it kept, and ended "4 simulated elections in 1 s" as if it
    # had made them all: it says what it kept and what it made.
    said = " ".join(done.output.split())
    assert f"2 of 4 elections kept in {records}; 2 to make" in said
    assert "4 simulated elections: 2 kept, 2 made in" in said
    assert (tmp_path / "power.json").is_file()
    assert not records.exists()

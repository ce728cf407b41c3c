"""A calibration's finished trials, kept as they finish, so that a stopped search goes on.

A search of many trials on a national scenario runs for hours; a Ctrl-C kept its trials as a
CSV no search could read back, and a killed process kept nothing. Each finished trial goes to a
:class:`~votebank.checkpoint.Checkpoint` named by everything that changes a trial: the
scenarios and real results (their digests), the parameters and ranges, the start, the seed,
the runs per trial and the loss. Resumed, the seeded sampler proposes the same values again
(its history is the same trials with the same losses), and a trial kept with those values is
read back instead of run: the search ends where one never stopped ends.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from votebank.checkpoint import Checkpoint
from votebank.errors import InputError, Problem

TRIALS_NAME = "trials.partial.jsonl"


def trials_checkpoint(
    out: str | Path | None,
    resume: bool,
    elections: Sequence[tuple[Any, Any]],
    search: Mapping[str, object],
) -> tuple[Checkpoint | None, dict[int, dict]]:
    """The search's trials file in ``out`` (begun anew unless resumed) and the trials it holds.

    Args:
        out: The calibration's output folder (None: nothing is kept).
        resume: Read the trials kept of this same search.
        elections: (scenario, objective) of each election fitted.
        search: The search's own settings (parameters, start, seed, runs, weights).
    """
    if out is None:
        if resume:
            why = "a search is kept in its output folder: give out"
            raise InputError([Problem("resume", "", "True", why)])
        return None, {}
    path = Path(out) / TRIALS_NAME
    study = {
        "elections": [[sc.digest, _target_digest(obj.target)] for sc, obj in elections],
        **search,
    }
    differs = "scenario, results, parameters, start, seed, runs or loss"
    labels = {
        "elections": "the scenario or the real results",
        "params": "the parameters or their ranges",
        "first": "the start values",
        "weights": "--loss",
        "seed": "--seed",
        "runs_per_trial": "--runs",
        "over_roll": "--over-roll",
    }
    checkpoint = Checkpoint(path, study, "calibration", differs, labels)
    return checkpoint, checkpoint.begin(resume, "trial")


def keep_interrupted(
    rows: list[dict], asked: int, out: str | Path | None, kept_file: Checkpoint | None
) -> str:
    """Write the finished trials of an interrupted search; say what was kept, and where."""
    if out is None or not rows:
        if kept_file is not None and not kept_file.holds_records():
            kept_file.remove()  # begun for this search: left, it belied "nothing written"
        return f"{len(rows)} of {asked} trials finished; nothing written"
    path = Path(out) / "trials-interrupted.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    pd.DataFrame(rows).to_csv(path, index=False)
    return (
        f"{len(rows)} of {asked} trials finished, kept in {path} (no scenario written); "
        f"run the same command with --resume to go on from them ({kept_file.path.name})"
    )


def _target_digest(target) -> str:
    """A hash of the real results' content (not their name or where they were read)."""
    h = hashlib.sha256()
    for frame in (target.candidates, target.seats):
        h.update(frame.to_csv(index=False).encode())
    return h.hexdigest()

"""The records file of a stoppable job: what it tells a user who cannot go on from it."""

from __future__ import annotations

import pytest

from votebank.checkpoint import Checkpoint
from votebank.errors import InputError


def test_another_jobs_file_is_refused_with_advice_that_works(tmp_path):
    # A stopped job (seed 5) left a finished record; the user resumes with seed 6.
    path = tmp_path / "trials.partial.jsonl"
    first = Checkpoint(path, {"seed": 5}, kind="calibration")
    first.begin(resume=False, key="trial")
    first.add({"trial": 0, "loss": 1.0})
    other = Checkpoint(path, {"seed": 6}, kind="calibration")
    with pytest.raises(InputError) as resumed:
        other.begin(resume=True, key="trial")
    message = str(resumed.value)
    assert "another calibration" in message
    # Running without --resume is refused too while the file holds finished records, so the
    # advice must be the way that works: delete the file (or another folder).
    assert "without --resume" not in message
    assert "delete the file" in message
    with pytest.raises(InputError, match="delete the file"):
        other.begin(resume=False, key="trial")

"""A power study's finished elections, kept as they finish, so that a stopped study resumes.

A study of a few thousand elections runs for an hour; a Ctrl-C or a killed process lost all of
it. Each finished (level, run) record goes to a :class:`~votebank.checkpoint.Checkpoint` named
by each level's scenario digest and every setting that changes a record.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from votebank.checkpoint import Checkpoint

CHECKPOINT_NAME = "power-records.partial.jsonl"


def study_checkpoint(
    path: Path | None,
    resume: bool,
    levels: Sequence[tuple[Any, Any]],
    common: Mapping[str, object],
    settings: Mapping[str, object] | None,
) -> tuple[Checkpoint | None, dict]:
    """The study's records file (begun anew unless resumed) and the records it already holds.

    The study is named by what changes a record: each level's scenario, the seed and the
    analysis settings; not the runs per level, so a resumed study may also be made longer.
    """
    if path is None:
        return None, {}
    runs = common["runs_per_level"]
    study = {
        "levels": [[lv.name, level.digest] for lv, level in levels],
        **{k: v for k, v in common.items() if k != "runs_per_level"},
        "settings": dict(settings or {}),
    }
    differs = "scenario, levels, seed or settings"
    labels = {
        "levels": "the levels or the scenario",
        "armed_share": "the share of stations armed (from the scenario, seed and militias)",
        **{k: "--" + k.replace("_", "-") for k in ("seed", "bootstrap", "alpha", "leader")},
        **{k: "--" + k.replace("_", "-") for k in ("militia_prob", "extreme_share", "fraud")},
        "by_constituency": "--by-constituency",
    }
    checkpoint = Checkpoint(path, study, "study", differs, labels)
    kept = checkpoint.begin(resume, ("level", "run"))
    return checkpoint, {key: r for key, r in kept.items() if key[1] < runs}

"""A power study's finished elections, kept as they finish, so that a stopped study resumes.

A study of a few thousand elections runs for an hour; a Ctrl-C or a killed process lost all of
it. The checkpoint is a JSON-lines file: a first line naming the study (each level's scenario
digest and every setting that changes a record), then one line per finished (level, run)
record, flushed to disk as it is written. ``resume`` reuses the records of the same study only;
a last line cut short by a kill is left out and its election made again. Records round-trip
exactly (JSON writes every float in full, NaN included), so a resumed study's records are
those of a study never stopped.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from votebank.errors import InputError, Problem

CHECKPOINT_NAME = "power-records.partial.jsonl"

Key = tuple[str, int]  # (level name, run index)


class Checkpoint:
    """The records file of one study: ``study`` is what makes two studies' records alike."""

    def __init__(self, path: Path, study: Mapping[str, object]) -> None:
        self.path = path
        self.study = study

    def load(self) -> dict[Key, dict]:
        """This study's finished records, by (level, run); none if there is no file.

        Raises:
            InputError: The file holds another study's records (or is not a checkpoint).
        """
        if not self.path.exists():
            return {}
        lines = self.path.read_text(encoding="utf-8").split("\n")
        # The text after the last newline is a line a kill cut short (or nothing).
        whole = lines[:-1]
        try:
            head = json.loads(whole[0]) if whole else None
        except json.JSONDecodeError:
            head = None
        if not isinstance(head, dict) or head.get("study") != _plain(self.study):
            why = (
                "holds the records of another study (scenario, levels, seed or settings "
                "differ); run without --resume to start this one, or give another --out"
            )
            raise InputError([Problem(str(self.path), "", "--resume", why)])
        records = (json.loads(line) for line in whole[1:])
        return {(r["level"], int(r["run"])): r for r in records}

    def start(self) -> None:
        """Begin the file anew: the study's line alone (an earlier study's records go)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps({"study": _plain(self.study)}) + "\n"
        partial = self.path.with_name(self.path.name + ".tmp")
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, self.path)

    def add(self, record: Mapping[str, object]) -> None:
        """Append one finished election's record, on disk before the next one starts."""
        with self.path.open("a", encoding="utf-8") as f:
            f.write(json.dumps(_plain(record)) + "\n")
            f.flush()
            os.fsync(f.fileno())

    def remove(self) -> None:
        """Drop the file once the study's own outputs are written."""
        self.path.unlink(missing_ok=True)


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
    checkpoint = Checkpoint(path, study)
    kept = checkpoint.load() if resume else {}
    if not resume or not path.exists():
        checkpoint.start()
    return checkpoint, {key: r for key, r in kept.items() if key[1] < runs}


def _plain(value: object) -> object:
    """NumPy scalars as Python ones, recursively; non-finite floats kept (JSON's NaN)."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value.item() if isinstance(value, np.generic) else value

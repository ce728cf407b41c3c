"""Records kept as they finish, so that a stopped job goes on where it stopped.

A JSON-lines file: a first line naming the job (everything that changes a record), then one
line per finished record, flushed to disk as it is written. Only a job of the same name reuses
the records; a last line cut short by a kill is left out and made again. Records round-trip
exactly (JSON writes every float in full, NaN included), so a resumed job's records are those
of a job never stopped.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path

from votebank.errors import InputError, Problem
from votebank.jsonable import json_safe
from votebank.outputs import move_into


class Checkpoint:
    """The records file of one job: ``study`` is what makes two jobs' records alike.

    ``kind`` and ``differs`` name the job and what may differ, in the message refusing
    another job's file; that message says which entries of ``study`` differ, each by its name
    in ``labels`` (the option that sets it), else by its key.
    """

    def __init__(
        self,
        path: Path,
        study: Mapping[str, object],
        kind: str = "study",
        differs: str = "",
        labels: Mapping[str, str] | None = None,
    ) -> None:
        self.path = path
        self.study = study
        self.kind = kind
        self.differs = differs or "its inputs or settings"
        self.labels = dict(labels or {})

    def load(self, key: str | tuple[str, ...]) -> dict:
        """This job's finished records, by the value of the field(s) ``key``; none without a file.

        Raises:
            InputError: The file holds another job's records (or is not a checkpoint).
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
        ours = json_safe(self.study, keep_nan=True)
        if not isinstance(head, dict) or head.get("study") != ours:
            theirs = head.get("study") if isinstance(head, dict) else None
            found = _differences(theirs, ours, self.labels) if isinstance(theirs, dict) else []
            what = "; ".join(found) if found else f"{self.differs} differ"
            why = (
                f"holds the records of another {self.kind} ({what}); delete "
                "the file to start this one, or give another --out"
            )
            raise InputError([Problem(str(self.path), "", "--resume", why)])
        records = []
        for line in whole[1:]:
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError:  # a cut record an older votebank appended to: made again
                continue
        fields = (key,) if isinstance(key, str) else key
        # A record made again after a resume follows the one it replaces: the last one counts.
        keyed = {tuple(r[f] for f in fields): r for r in records}
        return {(k[0] if isinstance(key, str) else k): r for k, r in keyed.items()}

    def begin(self, resume: bool, key: str | tuple[str, ...]) -> dict:
        """The records to reuse (``resume``), the file begun anew where there are none.

        Without ``resume`` a file holding finished records is refused, not overwritten: a
        stopped job's work is only thrown away by deleting the file.

        Raises:
            InputError: Records of another job (``resume``), or of a stopped one (not).
        """
        if resume:
            kept = self.load(key)
            if not self.path.exists():
                self.start()
            self._drop_cut_line()
            return kept
        if self.path.exists() and (n := self._finished()):
            why = (
                f"holds {n:,} finished record{'s' if n != 1 else ''} of a stopped {self.kind}: "
                "add --resume to go on from them, or delete the file to start again"
            )
            raise InputError([Problem(str(self.path), "", "(no --resume)", why)])
        self.start()
        return {}

    def _drop_cut_line(self) -> None:
        """Cut off a last line a kill left short, so the next record starts a line of its own.

        Appended to, it made one line of two records, and the next resume stopped on it.
        """
        data = self.path.read_bytes()
        whole = data.rfind(b"\n") + 1
        if whole < len(data):
            with self.path.open("r+b") as f:
                f.truncate(whole)

    def holds_records(self) -> bool:
        """Whether the file is there with a finished record (not the job's line alone)."""
        return self.path.is_file() and self._finished() > 0

    def _finished(self) -> int:
        """How many whole records the file holds (after its first line)."""
        lines = self.path.read_text(encoding="utf-8").split("\n")[:-1]
        return max(len(lines) - 1, 0)

    def start(self) -> None:
        """Begin the file anew: the job's line alone (an earlier job's records go)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps({"study": json_safe(self.study, keep_nan=True)}) + "\n"
        partial = self.path.with_name(self.path.name + ".tmp")
        partial.write_text(text, encoding="utf-8")
        # A file linked to another disk stays a link: the records appended go through it too.
        move_into(partial, self.path)

    def add(self, record: Mapping[str, object]) -> None:
        """Append one finished record, on disk before the next one starts."""
        with self.path.open("a", encoding="utf-8") as f:
            f.write(json.dumps(json_safe(record, keep_nan=True)) + "\n")
            f.flush()
            os.fsync(f.fileno())

    def remove(self) -> None:
        """Drop the file once the job's own outputs are written."""
        self.path.unlink(missing_ok=True)


def _differences(
    theirs: Mapping[str, object], ours: Mapping[str, object], labels: Mapping[str, str]
) -> list[str]:
    """Each entry of two jobs' names that differs, as ``--seed 3 in the file, 4 now``."""
    found = []
    for key in [*theirs, *(k for k in ours if k not in theirs)]:
        old, new = theirs.get(key), ours.get(key)
        name = labels.get(key, key)
        if old == new:
            continue
        if isinstance(old, dict) and isinstance(new, dict) and key not in labels:
            found += _differences(old, new, labels)
        elif isinstance(old, (dict, list)) or isinstance(new, (dict, list)):
            found.append(f"{name} changed")
        else:
            found.append(f"{name} {_shown(old, new)} in the file, {_shown(new, old)} now")
    return found


def _shown(value: object, other: object) -> str:
    """A setting's value, a float to 6 digits where that tells it from ``other``.

    Beside a setting the other study has not (``(none)``), a float is shown to 6 digits too:
    it read "--extreme-share 0.16666666666666666 in the file, (none) now".
    """
    if value is None:
        return "(none)"
    same = isinstance(other, float) and f"{value:.6g}" == f"{other:.6g}"
    if isinstance(value, float) and not same:
        return f"{value:.6g}"
    return json.dumps(value)

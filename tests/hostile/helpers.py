"""Shared pieces of the hostile suite: a scratch copy of ``tiny`` and the CLI run in-process.

Every hostile case must end as a user error: exit 2, no traceback, the file or option, the
place and the value on stderr, and nothing written.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from tests.scenario.test_errors import TINY, squash
from votebank import cli


def tiny_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "sc"
    shutil.copytree(TINY, folder)
    return folder


def main(argv: list[str], monkeypatch, capsys) -> tuple[int, str, str]:
    """Run ``votebank ARGV`` through the same main() as the console script."""
    monkeypatch.setattr(sys, "argv", ["votebank", *argv])
    monkeypatch.setenv("COLUMNS", "400")  # rich wraps stderr to the terminal's width
    with pytest.raises(SystemExit) as info:
        cli.main()
    captured = capsys.readouterr()
    code = info.value.code
    return (0 if code is None else int(code)), captured.out, captured.err


def assert_user_error(code: int, out: str, err: str, *texts: str) -> None:
    """Exit 2, no traceback, and every text (file, place, value) named on stderr."""
    assert code == 2, f"exit {code}\nstdout:\n{out}\nstderr:\n{err}"
    assert "Traceback" not in out + err
    for text in texts:
        assert squash(text) in squash(err), f"{text!r} not on stderr:\n{err}"


def assert_nothing_written(out_dir: Path) -> None:
    assert not out_dir.exists() or not any(out_dir.iterdir()), "output was written"


def interrupt_third_ensemble(monkeypatch, module) -> None:
    """Ctrl-C (KeyboardInterrupt) at ``module``'s third ``simulate_ensemble`` call."""
    real = module.simulate_ensemble
    calls = []

    def stopped_at_the_third(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real(*args, **kwargs)

    monkeypatch.setattr(module, "simulate_ensemble", stopped_at_the_third)


def with_the_store_full(argv: list[str], out: Path):
    """``votebank ARGV`` in a child whose files cannot grow past the store's size now.

    Its writes fit in the store's write-ahead log, but the merge into the store at close fails,
    as on a disk that fills up then.
    """
    import os
    import resource
    import signal
    import subprocess

    size = (out / "votebank.duckdb").stat().st_size

    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))

    return subprocess.run(
        [sys.executable, "-m", "votebank", *argv],
        preexec_fn=limit,
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "300"},
        check=False,
    )


def assert_unmerged_said(proc, folder: Path, *texts: str) -> None:
    """A command whose store could not be merged: exit 0, no traceback, the .wal named."""
    assert (folder / "votebank.duckdb.wal").is_file(), "the limit no longer stops the merge"
    said = " ".join(proc.stderr.split())
    assert proc.returncode == 0, said
    assert "Traceback" not in said
    for text in (f"{folder / 'votebank.duckdb.wal'}", "copy both", *texts):
        assert text in said


def linked_output(tmp_path: Path, name: str, text: str) -> tuple[Path, Path]:
    """An output ``out/NAME`` that is a link to ``disk/NAME`` holding ``text``: (link, target)."""
    target = tmp_path / "disk" / name
    target.parent.mkdir(exist_ok=True)
    target.write_text(text, encoding="utf-8")
    link = tmp_path / "out" / name
    link.parent.mkdir(exist_ok=True)
    link.symlink_to(target)
    return link, target


def read_fifo_in_background(pipe: Path) -> tuple[object, list[bytes]]:
    """A started thread reading the named pipe ``pipe`` whole, and the list it appends to."""
    import threading

    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(pipe.read_bytes()), daemon=True)
    reader.start()
    return reader, got

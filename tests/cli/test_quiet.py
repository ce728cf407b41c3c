"""Third-party warnings stay off the terminal, even with Dask's dashboard port taken."""

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src"


@pytest.mark.slow
def test_workers_print_no_third_party_warning(tmp_path):
    held = socket.socket()
    try:
        held.bind(("127.0.0.1", 8787))  # else someone else holds it: just as good
        held.listen()
    except OSError:
        pass
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "votebank", "run", "tiny", "--runs", "3", "--workers", "2"],
            cwd=tmp_path,
            env={**os.environ, "PYTHONPATH": str(SRC), "COLUMNS": "80"},
            capture_output=True,
            text=True,
            timeout=300,
        )
    finally:
        held.close()
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.strip() == "tiny: 3 runs (asked for)", proc.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["run", "tiny", "--runs", "3"],
        ["compare", "tiny", "tiny", "--set", "mechanisms.fear.enabled=false", "--runs", "3"],
    ],
)
def test_a_log_of_stderr_holds_no_blank_line_from_a_progress_bar(tmp_path, args):
    # Off a terminal a progress bar draws nothing, but rich wrote a blank line as it stopped:
    # every command's log carried an empty line where the bar had been.
    proc = subprocess.run(
        [sys.executable, "-m", "votebank", *args],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(SRC), "COLUMNS": "80"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert "\n\n" not in proc.stderr, repr(proc.stderr)
    assert not proc.stderr.startswith("\n"), repr(proc.stderr)

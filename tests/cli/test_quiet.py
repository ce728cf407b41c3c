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

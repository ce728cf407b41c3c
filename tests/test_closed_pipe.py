"""A reader that leaves early (`votebank scenarios | head -1`): a quiet exit 141, every command."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from votebank.closed_pipe import READER_LEFT

SRC = Path(__file__).resolve().parents[1] / "src"


def into_a_closed_pipe(*args: str) -> subprocess.CompletedProcess:
    """Run ``args`` with stdout a pipe whose reader has already gone."""
    read, write = os.pipe()
    os.close(read)
    try:
        return subprocess.run(
            [sys.executable, *args],
            stdout=write,
            stderr=subprocess.PIPE,
            env={**os.environ, "PYTHONPATH": str(SRC)},
            timeout=120,
        )
    finally:
        os.close(write)


@pytest.mark.parametrize("command", [["scenarios"], ["--help"], ["--version"]])
def test_a_command_whose_reader_left_exits_quietly_with_141(command):
    # It exited 1 (rich and click each gave up silently): a script read it as votebank failing.
    done = into_a_closed_pipe("-m", "votebank", *command)
    assert (done.returncode, done.stderr) == (READER_LEFT, b"")


def test_a_write_of_its_own_into_the_closed_pipe_is_no_traceback():
    # report --to /dev/stdout writes by sys.stdout.buffer: a BrokenPipeError, not rich's.
    code = (
        "import sys\n"
        "from votebank.closed_pipe import quiet_when_the_reader_leaves\n"
        "with quiet_when_the_reader_leaves():\n"
        "    sys.stdout.buffer.write(b'x' * 200_000)\n"
        "    sys.stdout.buffer.flush()\n"
    )
    done = into_a_closed_pipe("-c", code)
    assert (done.returncode, done.stderr) == (READER_LEFT, b"")


def test_an_input_error_keeps_its_exit_2_and_its_message(tmp_path):
    done = into_a_closed_pipe("-m", "votebank", "validate", str(tmp_path / "missing.toml"))
    assert done.returncode == 2
    assert b"missing.toml" in done.stderr


def test_a_report_into_a_pipe_whose_reader_left_says_nothing(tmp_path):
    # It printed "error: cannot write the report to ...: [Errno 32] Broken pipe" and exited 1.
    from tests.report import synthetic_store

    synthetic_store(tmp_path, runs=2)
    page = tmp_path / "page.html"
    page.symlink_to("/proc/self/fd/1")  # this process's stdout, as /dev/stdout is
    done = into_a_closed_pipe("-m", "votebank", "report", "--out", str(tmp_path), "--to", str(page))
    assert (done.returncode, done.stderr) == (READER_LEFT, b"")
    assert page.is_symlink()


def test_a_broken_pipe_of_another_kind_is_not_taken_for_the_reader_leaving():
    # A cluster's socket broken while stdout is read on: an error, not a quiet 141.
    code = (
        "from votebank.closed_pipe import quiet_when_the_reader_leaves\n"
        "with quiet_when_the_reader_leaves():\n"
        "    raise BrokenPipeError(32, 'Broken pipe (a socket)')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        env={**os.environ, "PYTHONPATH": str(SRC)},
        timeout=120,
    )
    assert done.returncode == 1
    assert b"a socket" in done.stderr

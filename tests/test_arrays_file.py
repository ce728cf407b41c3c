"""Arrays written whole or not at all; a damaged file reads as absent."""

import numpy as np

from votebank.arrays_file import read_arrays, write_arrays


def test_arrays_come_back_by_name_and_a_damaged_file_reads_as_absent(tmp_path):
    path = tmp_path / "a.npz"
    assert read_arrays(path) is None
    assert write_arrays(path, {"x": np.arange(3), "s": np.array(["a", "b"])})
    got = read_arrays(path)
    np.testing.assert_array_equal(got["x"], [0, 1, 2])
    assert got["s"].tolist() == ["a", "b"]
    assert [p.name for p in tmp_path.iterdir()] == ["a.npz"]  # no temporary file left
    path.write_bytes(path.read_bytes()[:20])  # cut short, as by a full disk
    assert read_arrays(path) is None


def test_a_folder_that_cannot_be_written_leaves_nothing(tmp_path):
    assert not write_arrays(tmp_path / "missing" / "a.npz", {"x": np.arange(2)})
    assert list(tmp_path.iterdir()) == []


def test_a_killed_writes_temporary_file_is_removed_by_the_next_write(tmp_path):
    # SIGTERM during a kept batch's write left its temporary file: the batches' folder (in the
    # user's output) then stayed after the command finished, as it could not be removed.
    import os
    import subprocess
    import sys

    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    killed = tmp_path / f".a.npz.{dead.pid}-abcd1234.tmp"
    killed.write_bytes(b"half")
    running = tmp_path / f".a.npz.{os.getpid()}-efgh5678.tmp"
    running.write_bytes(b"half")
    assert write_arrays(tmp_path / "a.npz", {"x": np.arange(2)})
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([running.name, "a.npz"])

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

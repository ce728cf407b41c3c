"""A scenario folder written over an earlier one is replaced whole or not at all."""

from __future__ import annotations

import pandas as pd
import pytest

import votebank as vb
from votebank.calibrate.params import apply_to_scenario
from votebank.scenario.save import write_scenario


def test_a_write_stopped_part_way_leaves_the_earlier_folder_as_it_was(tmp_path, monkeypatch):
    # The TOML and seat table were replaced before the candidates were written: a write
    # stopped there (a full disk, a killed process) left a new scenario.toml beside the old
    # candidates.csv, a mix that loads as if it were whole.
    folder = tmp_path / "fitted"
    tiny = vb.load_scenario("tiny")
    write_scenario(tiny, folder, ["first"])
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    real = pd.DataFrame.to_csv

    def full_disk(frame, *args, **kwargs):
        if "candidate" in frame.columns:
            raise OSError(28, "No space left on device")
        return real(frame, *args, **kwargs)

    changed = apply_to_scenario(tiny, {"mechanisms.biradari.cohesion": 0.5})
    monkeypatch.setattr(pd.DataFrame, "to_csv", full_disk)
    with pytest.raises(OSError, match="No space left"):
        write_scenario(changed, folder, ["second"])
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before

"""A share written as a percentage is told how to write it (0.45, not 45)."""

from __future__ import annotations

import shutil

import pytest

import votebank as vb
from tests.scenario.test_errors import TINY
from votebank.scenario.shares import share_hint


@pytest.mark.parametrize(
    ("given", "high", "hint"),
    [
        (45, 1, "; a share from 0 to 1: 0.45 for 45%"),
        ("42", 0.999, "; a share from 0 to 1: 0.42 for 42%"),
        ("60%", 1, "; a share from 0 to 1: 0.6 for 60%"),
        ("0.5%", 1, "; a share from 0 to 1: 0.005 for 0.5%"),
        (2, 1, ""),  # no clear percentage
        (450, 1, ""),  # none at all
        (45, 20, ""),  # no share: an appeal
        (45, None, ""),
        ("lakh", 1, ""),
        (True, 1, ""),
        (float("nan"), 1, ""),
    ],
)
def test_a_percentage_given_a_share_is_told_the_share(given, high, hint):
    assert share_hint(given, high) == hint


def test_the_loader_tells_the_share_in_the_file_and_in_a_table(tmp_path):
    # "must be at most 0.999 (got '42')": the bound, not the slip of writing 42% for 0.42.
    folder = tmp_path / "sc"
    shutil.copytree(TINY, folder)
    toml = folder / "scenario.toml"
    toml.write_text(toml.read_text().replace("[turnout]\n", "[turnout]\nrejected_share = 45\n", 1))
    cons = folder / "constituencies.csv"
    lines = cons.read_text().splitlines()
    header = lines[0].split(",")
    row = lines[1].split(",")
    row[header.index("urban_share")] = "60%"
    cons.write_text("\n".join([lines[0], ",".join(row), *lines[2:]]) + "\n")
    with pytest.raises(vb.InputError) as exc:
        vb.load_scenario(folder)
    said = {p.location: p.message for p in exc.value.problems}
    assert (
        said["turnout.rejected_share"] == "must be less than 1; a share from 0 to 1: 0.45 for 45%"
    )
    assert said["row 2, column urban_share"].endswith("; a share from 0 to 1: 0.6 for 60%")

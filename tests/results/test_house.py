"""The house a scenario elects, and what ``votebank validate`` notes of a majority beyond it."""

from __future__ import annotations

import shutil

import votebank as vb
from tests.hostile.helpers import main, tiny_copy
from votebank.results.invariants import house_problems, house_size


def test_the_house_is_the_constituencies_and_the_reserved_seats():
    sc = vb.load_scenario("tiny")  # 3 seats, 2 women's seats and 1 non-Muslim seat
    assert house_size(sc) == 6
    assert house_problems(sc, "tiny") == []


def test_validate_notes_a_majority_no_party_can_reach(tmp_path, monkeypatch, capsys):
    # P(majority) was 0 for every party, and nothing said why.
    folder = tiny_copy(tmp_path)
    toml = folder / "scenario.toml"
    text = toml.read_text(encoding="utf-8").replace("[scenario]\n", "[scenario]\nmajority = 7\n", 1)
    toml.write_text(text, encoding="utf-8")
    code, out, err = main(["validate", str(folder)], monkeypatch, capsys)
    assert code == 0, err
    said = " ".join(out.split())
    assert "note:" in said
    assert "scenario.majority: more than the 6 seats of the house: no party could reach it" in said


def test_a_house_of_one_seat_is_one_seat(tmp_path, monkeypatch, capsys):
    # copeland-2017 (one seat) with majority = 2 read "more than the 1 seats of the house".
    folder = tmp_path / "copeland"
    shutil.copytree(vb.load_scenario("copeland-2017").source.parent, folder)
    toml = folder / "scenario.toml"
    text = toml.read_text(encoding="utf-8").replace("[scenario]\n", "[scenario]\nmajority = 2\n", 1)
    toml.write_text(text, encoding="utf-8")
    code, out, err = main(["validate", str(folder)], monkeypatch, capsys)
    assert code == 0, err
    said = " ".join(out.split())
    assert "scenario.majority: more than the 1 seat of the house: no party could reach it" in said

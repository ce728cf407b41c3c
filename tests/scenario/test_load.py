"""load_scenario reports every problem of a scenario together, whatever kind each is."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import votebank
from votebank.errors import InputError
from votebank.scenario.load import load_scenario

TINY = Path(votebank.__file__).parent / "scenarios" / "tiny"


def _tiny(tmp_path: Path) -> Path:
    folder = tmp_path / "s"
    shutil.copytree(TINY, folder)
    return folder


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _problems(folder: Path) -> list[str]:
    with pytest.raises(InputError) as caught:
        load_scenario(folder)
    return [str(p) for p in caught.value.problems]


def test_a_bad_toml_hides_no_problem_of_the_tables(tmp_path):
    folder = _tiny(tmp_path)
    _replace(folder / "scenario.toml", "threat = 0.5", "threat = nan")
    _replace(folder / "constituencies.csv", "T-1,Riverside,North,24000", "T-1,Riverside,North,-5")
    _replace(folder / "candidates.csv", "Malik Sahib,IND,0.1", "Malik Sahib,IND,inf")
    found = _problems(folder)
    assert any("mechanisms.fear.threat" in p for p in found)
    assert any("row 2, column registered" in p and "'-5'" in p for p in found)
    assert any("row 3, column appeal" in p and "'inf'" in p for p in found)

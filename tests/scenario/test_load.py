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


def test_a_bad_cell_hides_no_duplicate_or_unknown_name(tmp_path):
    folder = _tiny(tmp_path)
    cons = folder / "constituencies.csv"
    _replace(cons, "T-1,Riverside,North,24000", "T-1,Riverside,North,-5")
    lines = cons.read_text(encoding="utf-8").splitlines()
    cons.write_text("\n".join([*lines, lines[3]]) + "\n", encoding="utf-8")  # T-3 again
    cands = folder / "candidates.csv"
    _replace(cands, "Malik Sahib,IND,0.1", "Malik Sahib,IND,inf")
    _replace(cands, "Mian Sahib,RED,", "Mian Sahib,PURPLE,")
    found = _problems(folder)
    assert any("row 2, column registered" in p for p in found)
    assert any("row 3, column appeal" in p for p in found)
    assert any("row 5, column id: duplicate id" in p for p in found)
    assert any("row 2, column party" in p and "'PURPLE'" in p for p in found)
    # The bad number is not read as a seat with more stations than voters.
    assert not any("column stations" in p for p in found)
    assert len(found) == 4


def test_an_empty_id_is_reported_once(tmp_path):
    folder = _tiny(tmp_path)
    cons = folder / "constituencies.csv"
    _replace(cons, "T-1,Riverside,North,24000", "T-1,Riverside,North,-5")
    _replace(cons, "T-3,Canal Colony", ",Canal Colony")
    lines = cons.read_text(encoding="utf-8").splitlines()
    cons.write_text("\n".join([*lines, lines[3]]) + "\n", encoding="utf-8")
    found = _problems(folder)
    # Rows 4 and 5 are empty cells; the second is not also called a duplicate.
    assert sum("row 5, column id" in p for p in found) == 1


def test_a_bad_cell_hides_no_unknown_region_or_seat_of_the_toml(tmp_path):
    folder = _tiny(tmp_path)
    _replace(folder / "scenario.toml", "[mood.North]", "[mood.Nrth]")
    _replace(folder / "constituencies.csv", "T-1,Riverside,North,24000", "T-1,Riverside,North,-5")
    found = _problems(folder)
    assert any("row 2, column registered" in p for p in found)
    assert any(
        "mood.Nrth: no constituency in constituencies.csv has this region" in p for p in found
    )
    assert len(found) == 2


def test_a_bad_region_cell_is_not_reported_again_as_an_unknown_region(tmp_path):
    folder = _tiny(tmp_path)
    _replace(folder / "constituencies.csv", "T-3,Canal Colony,South,", "T-3,Canal Colony,,")
    found = _problems(folder)
    # South's only seat has an empty region: the cell is the problem, not [mood]/[women_seats].
    assert len(found) == 1
    assert "row 4, column region" in found[0]


def test_a_folder_that_hides_a_built_in_is_said_to(tmp_path, monkeypatch):
    # An empty folder named tiny: "no built-in scenario of that name (..., tiny, ...)" was said.
    (tmp_path / "tiny").mkdir()
    monkeypatch.chdir(tmp_path)
    with pytest.raises(InputError) as caught:
        load_scenario("tiny")
    (problem,) = caught.value.problems
    assert "no built-in scenario of that name" not in problem.message
    assert "holds no scenario.toml" in problem.message
    assert "built-in scenario 'tiny'" in problem.message


def test_every_unknown_party_of_the_moods_is_named(tmp_path):
    # Only the first table's was named; the next came one round of corrections later.
    folder = _tiny(tmp_path)
    _replace(folder / "scenario.toml", "BLUE = 0.0", "BLUE = 0.0\nGREEN = 0.1")
    _replace(folder / "scenario.toml", "[mood.North]\n", "[mood.North]\nPINK = 0.1\n")
    problems = [(p.location, p.message) for p in _caught(folder)]
    # Each at its own key (mood.North.PINK), not at the region's table.
    assert problems == [
        ("mood.national.GREEN", "unknown party (the parties: RED, BLUE, IND, OTH)"),
        ("mood.North.PINK", "unknown party (the parties: RED, BLUE, IND, OTH)"),
    ]


def test_duplicate_and_unknown_parties_are_named_with_a_bad_field(tmp_path):
    # A value out of range hid both: the rules of the whole file ran only once every field
    # was right, and then stopped at the first.
    folder = _tiny(tmp_path)
    toml = folder / "scenario.toml"
    _replace(toml, "cohesion = 0.8", "cohesion = 1.8")
    _replace(toml, 'id = "IND"', 'id = "BLUE"')
    _replace(toml, "[mood.North]\n", "[mood.North]\nPINK = 0.1\n")
    problems = {(p.location, p.message.split(" (")[0]) for p in _caught(folder)}
    assert {
        ("mechanisms.biradari.cohesion", "must be at most 1"),
        ("parties.2.id", "a duplicate party id, given first as parties.1.id"),
        ("mood.North.PINK", "unknown party"),
    } <= problems
    # The repeated id, not the whole list of parties cut at 120 characters.
    assert '"BLUE"' in {p.value for p in _caught(folder)}


def _caught(folder: Path) -> list:
    with pytest.raises(InputError) as caught:
        load_scenario(folder)
    return caught.value.problems


def test_a_scenario_shows_its_name_size_and_file_not_its_whole_spec():
    # Its repr, a notebook cell's output, printed the whole spec: 9,000 characters for Pakistan.
    scenario = load_scenario(TINY)
    shown = repr(scenario)
    size = f"{len(scenario.constituencies)} constituencies, {len(scenario.candidates)} candidates"
    assert shown.startswith(f"Scenario('tiny': {size};")
    assert str(scenario.source) in shown
    assert "mechanisms" not in shown
    assert len(shown) < 200


def test_a_scenario_of_one_seat_says_so_in_the_singular():
    # sc.with_seats(["T-1"]) showed "1 constituencies, 3 candidates".
    shown = repr(load_scenario(TINY).with_seats(["T-1"]))
    assert shown.startswith("Scenario('tiny': 1 constituency, 3 candidates;")

"""A misspelt key or column is named with the one it was probably meant to be."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import votebank
from votebank.errors import InputError
from votebank.scenario.key_hints import known_keys, unknown_key_message
from votebank.scenario.schema import ScenarioSpec

TINY = Path(votebank.__file__).parent / "scenarios" / "tiny"


@pytest.mark.parametrize(
    ("loc", "meant"),
    [
        (("parties", 1, "color"), "colour"),
        (("mechanisms", "biradari", "cohesoin"), "cohesion"),
        (("mechanisms", "coersion"), "coercion"),
        (("mechanisms", "canvass", "campaigns", 0, "seat"), "seats"),
        (("scenario", "counterfactuals", 0, "sett"), "set"),
    ],
)
def test_a_near_key_is_suggested(loc, meant):
    assert unknown_key_message(ScenarioSpec, loc) == f"unknown key; did you mean {meant!r}?"


def test_a_key_of_a_table_below_is_placed():
    assert unknown_key_message(ScenarioSpec, ("runs",)).endswith("it is a key of [scenario]")


def test_with_nothing_near_the_table_s_keys_are_listed():
    message = unknown_key_message(ScenarioSpec, ("turnout", "zzzz"))
    assert "known keys here:" in message
    assert all(key in message for key in ("base", "female_ratio", "seat_sd"))


def test_keys_of_a_place_that_is_no_table_are_unknown():
    assert known_keys(ScenarioSpec, ("mood", "national")) is None
    assert known_keys(ScenarioSpec, ("no", "such")) is None
    assert unknown_key_message(ScenarioSpec, ("mood", "national", 3)) == "unknown key"


def _report(tmp_path: Path, toml: tuple[str, str], csv: tuple[str, str], n: int = 1) -> list[str]:
    folder = tmp_path / "s"
    shutil.copytree(TINY, folder)
    for name, (old, new) in (("scenario.toml", toml), ("constituencies.csv", csv)):
        path = folder / name
        path.write_text(path.read_text(encoding="utf-8").replace(old, new, n), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        votebank.load_scenario(folder)
    return [f"{p.location}: {p.message}" for p in caught.value.problems]


def test_the_loader_names_the_meant_key_and_column(tmp_path):
    found = _report(
        tmp_path, ('colour = "#D55E00"', 'color = "#D55E00"'), ("urban_share", "urbanshare")
    )
    assert "parties.0.color: unknown key; did you mean 'colour'?" in found
    assert any(
        f.startswith("column urbanshare: unknown column; did you mean 'urban_share'?")
        for f in found
    )


def test_a_table_separated_by_semicolons_is_named_so(tmp_path):
    found = _report(tmp_path, ("RED = 0.1", "RED = 0.1"), (",", ";"), n=-1)
    assert any("separated by ';', not commas" in f for f in found)


def test_bounds_and_missing_keys_read_as_the_tables_cells_do(tmp_path):
    # pydantic's "Input should be less than or equal to 1" and "Field required", in words.
    folder = tmp_path / "s"
    shutil.copytree(TINY, folder)
    toml = folder / "scenario.toml"
    text = toml.read_text(encoding="utf-8")
    text = text.replace("cohesion = 0.8", "cohesion = 1.5").replace("runs = 20", "runs = 0")
    text = text.replace("base = 0.5", "base = nan").replace('name = "tiny"\n', "")
    toml.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        votebank.load_scenario(folder)
    found = {(p.location, p.message) for p in caught.value.problems}
    assert {
        ("mechanisms.biradari.cohesion", "must be at most 1"),
        ("scenario.runs", "must be at least 1"),
        ("turnout.base", "must be a finite number"),
        ("scenario.name", "a required key, not given"),
    } <= found


def test_shares_that_do_not_sum_to_one_show_the_shares(tmp_path):
    folder = tmp_path / "s"
    shutil.copytree(TINY, folder)
    with (folder / "scenario.toml").open("a", encoding="utf-8") as f:
        f.write("\n[electorate.class_shares_rural]\nrural_poor = 0.6\nmiddle = 0.3\nurban = 0.3\n")
    with pytest.raises(InputError) as caught:
        votebank.load_scenario(folder)
    (problem,) = caught.value.problems
    assert problem.location == "electorate.class_shares_rural"
    assert "not 1.2" in problem.message
    assert problem.value == '{"rural_poor": 0.6, "middle": 0.3, "urban": 0.3}'


@pytest.mark.parametrize(
    ("loc", "home"),
    [
        (("turnout", "threat"), "[mechanisms.fear]"),
        (("mechanisms", "landlords", "cohesion"), "[mechanisms.biradari]"),
        (("scenario", "colour"), "[[parties]]"),
    ],
)
def test_a_key_of_another_table_is_placed(loc, home):
    # `threat` under [turnout] listed turnout's keys, never saying it belongs to [mechanisms.fear].
    assert unknown_key_message(ScenarioSpec, loc) == f"unknown key here; it is a key of {home}"


def test_a_key_of_many_tables_names_a_few():
    message = unknown_key_message(ScenarioSpec, ("turnout", "enabled"))
    assert message.count("[mechanisms.") == 3
    assert message.endswith("more tables)")

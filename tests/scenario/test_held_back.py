"""A field wrong in the TOML file holds back no other problem: the tables' rules are named too.

Each case copies the built-in ``tiny`` scenario, breaks one TOML field (the pydantic models
refuse it) and one rule across the tables or one name the TOML file gives; both must be in the
one report (the second was only found once the first was put right).
"""

from __future__ import annotations

from pathlib import Path

import pytest

import votebank
from tests.scenario.test_load import _replace, _tiny
from votebank.errors import InputError

tiny, replace = _tiny, _replace  # the scenario test's helpers: a copy of tiny, an edit


def problems(folder: Path) -> set[tuple[str, str, str]]:
    with pytest.raises(InputError) as caught:
        votebank.load_scenario(folder)
    return {(Path(p.file).name, p.location, p.value) for p in caught.value.problems}


BAD_FIELD = ("runs = 20", "runs = 0", ("scenario.toml", "scenario.runs", "0"))

OTHER = {
    "candidate-in-unknown-seat": (
        "candidates.csv",
        "T-2,T-2-a,",
        "T-9,T-2-a,",
        ("candidates.csv", "row 5, column constituency", "'T-9'"),
    ),
    "duplicate-seat-id": (
        "constituencies.csv",
        "T-2,Old Town",
        "T-1,Old Town",
        ("constituencies.csv", "row 3, column id", "'T-1'"),
    ),
    "undeclared-party": (
        "candidates.csv",
        "T-2,T-2-a,Dr Amina,BLUE",
        "T-2,T-2-a,Dr Amina,GREEN",
        ("candidates.csv", "row 5, column party", "'GREEN'"),
    ),
    "more-stations-than-voters": (
        "constituencies.csv",
        "T-2,Old Town,North,18000,0.9,0.40,0.8,",
        "T-2,Old Town,North,18000,0.9,0.40,0.8,20000",
        ("constituencies.csv", "row 3, column stations", "20000"),
    ),
    "unknown-region-in-mood": (
        "scenario.toml",
        "[mood.North]",
        "[mood.Nroth]",
        ("scenario.toml", "mood.Nroth", '"Nroth"'),
    ),
    "undeclared-punished-party": (
        "scenario.toml",
        'punished_parties = ["BLUE"]',
        'punished_parties = ["BLUUE"]',
        ("scenario.toml", "mechanisms.switching.punished_parties.0", '"BLUUE"'),
    ),
}


@pytest.mark.parametrize("case", sorted(OTHER))
def test_a_bad_field_and_another_problem_are_reported_together(case, tmp_path):
    folder = tiny(tmp_path)
    if case == "more-stations-than-voters":
        path = folder / "constituencies.csv"
        lines = path.read_text(encoding="utf-8").splitlines()
        path.write_text("\n".join([lines[0] + ",stations"] + [f"{x}," for x in lines[1:]]) + "\n")
    old, new, field = BAD_FIELD
    name, before, after, expected = OTHER[case]
    replace(folder / name, before, after)
    alone = problems(folder)  # the file's field right: what the other problem makes
    assert expected in alone
    replace(folder / "scenario.toml", old, new)
    # The same report with the field's problem added: nothing held back, said twice or
    # made up by the field left out.
    assert problems(folder) == alone | {field}


def test_each_bad_field_is_left_out_not_its_whole_table(tmp_path):
    # A bad mood value and an unknown region of the mood: the pruned value is not the table.
    folder = tiny(tmp_path)
    replace(folder / "scenario.toml", "RED = 0.1", "RED = nan")
    replace(folder / "scenario.toml", "[mood.North]", "[mood.Nroth]")
    found = problems(folder)
    assert ("scenario.toml", "mood.national.RED", "NaN") in found
    assert ("scenario.toml", "mood.Nroth", '"Nroth"') in found


def test_a_problem_of_a_pruned_field_is_not_reported_again(tmp_path):
    # A campaign seat named twice is refused by the model; its unknown seat is not doubled.
    folder = tiny(tmp_path)
    replace(folder / "scenario.toml", "runs = 20", "runs = 0")
    with (folder / "scenario.toml").open("a", encoding="utf-8") as f:
        f.write(
            "\n[mechanisms.canvass]\nenabled = true\n\n[[mechanisms.canvass.campaigns]]\n"
            'party = "RED"\nseats = ["T-1", "T-1", "T-9"]\nhours = 10\n'
        )
    found = problems(folder)
    assert ("scenario.toml", "scenario.runs", "0") in found
    assert any(loc == "mechanisms.canvass.campaigns.0.seats" for _, loc, _ in found)
    assert not any(loc.startswith("mechanisms.canvass.campaigns.0.seats.") for _, loc, _ in found)


def test_a_file_whose_required_table_is_wrong_still_names_the_tables_problems(tmp_path):
    # [[parties]] itself is unreadable: the checks that need no party still run.
    folder = tiny(tmp_path)
    replace(folder / "scenario.toml", 'id = "RED"', "id = 5")
    replace(folder / "constituencies.csv", "T-2,Old Town", "T-1,Old Town")
    found = problems(folder)
    assert ("scenario.toml", "parties.0.id", "5") in found
    assert ("constituencies.csv", "row 3, column id", "'T-1'") in found

"""A campaign's seat written in another case, or by its name, is told the id it means."""

from importlib.resources import files

import pytest

import votebank as vb
from votebank.errors import InputError


def _copeland(tmp_path, seat: str):
    folder = files("votebank") / "scenarios" / "copeland-2017"
    out = tmp_path / "copeland"
    out.mkdir()
    for name in ("constituencies.csv", "candidates.csv"):
        (out / name).write_bytes((folder / name).read_bytes())
    text = (folder / "scenario.toml").read_text()
    old = '"E14000647",\n]\ncars = 85'
    assert old in text
    (out / "scenario.toml").write_text(text.replace(old, f'"{seat}",\n]\ncars = 85', 1))
    return out


@pytest.mark.parametrize(
    ("seat", "says"),
    [
        ("e14000647", "; the scenario writes it E14000647"),
        ("Copeland", "; that is the name of E14000647: give its id"),
    ],
)
def test_a_campaign_seat_written_otherwise_is_told_its_id(tmp_path, seat, says):
    # It said only "no such constituency in constituencies.csv".
    with pytest.raises(InputError) as exc:
        vb.load_scenario(_copeland(tmp_path, seat))
    (problem,) = exc.value.problems
    assert problem.location == "mechanisms.canvass.campaigns.0.seats.0"
    assert problem.message == f"no such constituency in constituencies.csv{says}"

"""A count too large or fractional in a scenario file reads as a count, not as text parsed."""

import pytest

import votebank as vb
from votebank.errors import InputError


def _copeland(tmp_path, cars: str):
    from importlib.resources import files

    folder = files("votebank") / "scenarios" / "copeland-2017"
    out = tmp_path / "copeland"
    out.mkdir()
    for name in ("constituencies.csv", "candidates.csv"):
        (out / name).write_bytes((folder / name).read_bytes())
    text = (folder / "scenario.toml").read_text()
    assert "cars = 85\n" in text
    (out / "scenario.toml").write_text(text.replace("cars = 85\n", f"cars = {cars}\n", 1))
    return out


@pytest.mark.parametrize(
    ("cars", "says"),
    [("1e30", "a whole number far too large"), ("2.5", "must be a whole number")],
)
def test_carloads_that_are_no_count_are_named_as_counts(tmp_path, cars, says):
    # 1e30 carloads said "Unable to parse input string as an integer, exceeded maximum size".
    with pytest.raises(InputError) as exc:
        vb.load_scenario(_copeland(tmp_path, cars))
    (problem,) = exc.value.problems
    assert problem.location == "mechanisms.canvass.campaigns.0.cars"
    assert says in problem.message
    assert "input string" not in problem.message

"""A campaign's seat written in another case, or by its name, is told the id it means."""

import pytest

import votebank as vb
from tests.scenario.copeland_copy import copeland_with
from votebank.errors import InputError

OLD = '"E14000647",\n]\ncars = 85'


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
        vb.load_scenario(copeland_with(tmp_path, OLD, OLD.replace("E14000647", seat)))
    (problem,) = exc.value.problems
    assert problem.location == "mechanisms.canvass.campaigns.0.seats.0"
    assert problem.message == f"no such constituency in constituencies.csv{says}"

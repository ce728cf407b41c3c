"""Home seats with no hours are told so, not that the party stands in none of them."""

import pytest

import votebank as vb
from votebank.canvass_inputs import check_inputs


@pytest.fixture(scope="module")
def tiny():
    return vb.load_scenario("tiny")


def test_home_seats_given_no_hours_are_not_said_to_lack_the_party(tiny):
    # RED stands in T-1 and T-2: "RED stands in none of these seats (or they have no hours)"
    # left the organiser to guess which of the two was meant.
    problems, caps = check_inputs(tiny, 300.0, 100.0, "RED", {"T-1": 0.0, "T-2": 1e-12}, None)
    [problem] = problems
    assert problem.file == "--home"
    assert "every seat given has no hours" in problem.message
    assert "stands in none" not in problem.message
    assert caps == {}

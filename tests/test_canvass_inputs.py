"""Home seats with no hours are told so, not that the party stands in none of them."""

import pytest

import votebank as vb
from votebank.canvass_inputs import check_inputs
from votebank.display import joined


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


def test_an_unknown_party_or_region_is_named_in_words_with_the_one_meant(tiny):
    # "--party: no such party; parties: ['RED', 'BLUE', ...] (got red)": a Python list's
    # quotes, and no word that the party is RED but for case; so for --region.
    problems, _ = check_inputs(tiny, 300.0, 100.0, "red", None, None)
    [problem] = problems
    assert "no such party; did you mean RED?" in problem.message
    assert "[" not in problem.message
    problems, _ = check_inputs(tiny, 300.0, 100.0, "GREEN", None, None)
    assert "the choices: RED, BLUE" in problems[0].message
    regions = sorted(set(tiny.constituencies["region"]))
    region = regions[0]
    problems, _ = check_inputs(tiny, 300.0, 100.0, "RED", None, [f" {region.lower()} ", "Narnia"])
    assert [p.message for p in problems] == [
        f"no such region in tiny; did you mean {region}?",
        f"no such region in tiny; the choices: {joined(regions)}",
    ]

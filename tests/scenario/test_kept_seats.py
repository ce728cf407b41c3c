"""A scenario cut to some seats names seats it lacks, and a seat given as text alone."""

import pytest

import votebank as vb
from votebank.errors import InputError


@pytest.fixture(scope="module")
def tiny():
    return vb.load_scenario("tiny")


def test_a_seat_the_scenario_lacks_is_named(tiny):
    # T-9 was left out in silence: the cut ran T-1 alone.
    with pytest.raises(InputError) as exc:
        tiny.with_seats(["T-1", "T-9", "T-0"])
    (problem,) = exc.value.problems
    assert (problem.file, problem.value) == ("seats", "T-0, T-9")
    assert "no such constituency in tiny" in problem.message


@pytest.mark.parametrize("seats", ["T-1", 3])
def test_seats_that_are_no_list_are_refused(tiny, seats):
    # "T-1" kept the seats "T", "-" and "1": none, refused later as a table without rows.
    with pytest.raises(InputError) as exc:
        tiny.with_seats(seats)
    (problem,) = exc.value.problems
    assert (problem.file, problem.value) == ("seats", repr(seats))


def test_seats_in_any_collection_are_kept_in_table_order(tiny):
    ids = tiny.constituencies["id"]
    assert tiny.with_seats(ids[ids != "T-2"]).constituencies["id"].tolist() == ["T-1", "T-3"]
    assert tiny.with_seats({"T-3", "T-1"}).constituencies["id"].tolist() == ["T-1", "T-3"]


@pytest.mark.parametrize("given", ["t-1", " t-1 "])
def test_an_id_written_otherwise_is_told_as_the_scenario_writes_it(tiny, given):
    # e14001024 was refused as no seat at all, with nothing to say that E14001024 was meant.
    from votebank.scenario.kept_seats import no_such_seat

    why = no_such_seat(tiny.constituencies, given, "tiny")
    assert why.startswith("no such constituency in tiny")
    assert "; the scenario writes it T-1" in why


def test_an_unknown_id_is_told_no_near_id(tiny):
    from votebank.scenario.kept_seats import no_such_seat

    assert no_such_seat(tiny.constituencies, "T-99", "tiny") == "no such constituency in tiny"

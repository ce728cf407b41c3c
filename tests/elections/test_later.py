"""Later contests named by their own day: read on their own, not as a general election."""

from __future__ import annotations

import pytest

from votebank.elections.read import read_election
from votebank.elections.rows import election_rows
from votebank.errors import InputError

HEAD = "election_date,election_type,constituency_id,region,electorate,party,candidate,votes"
ROWS = [
    "2031-05-01,general,S-1,North,1000,A,Ann,400",
    "2031-05-01,general,S-1,North,1000,B,Bob,300",
    "2031-05-01,general,S-2,North,900,A,Cy,350",
    "2031-05-01,general,S-2,North,900,B,Di,360",
    "2033-03-02,by-election,S-2,North,880,A,Ed,200",  # a seat polled at the general too
    "2033-03-02,by-election,S-2,North,880,C,Flo,150",
    "2034-06-01,by-election,S-1,North,990,B,Gus,100",
    "2034-06-01,by-election,S-1,North,990,A,Hal,90",
]


@pytest.fixture
def results(tmp_path):
    path = tmp_path / "results.csv"
    path.write_text("\n".join([HEAD, *ROWS]) + "\n", encoding="utf-8")
    return path


def test_a_by_elections_day_names_that_contest_with_its_own_candidates_and_roll(results):
    got = read_election(f"{results}:2033-03-02", contests=True)
    assert (got.date, got.kind) == ("2033-03-02", "by-election")
    assert list(got.seats["seat"]) == ["S-2"]
    assert list(got.seats["registered"]) == [880.0]
    assert sorted(got.candidates["name"]) == ["Ed", "Flo"]
    # A date form the file may give names it too.
    assert election_rows(f"{results}:2/3/2033", contests=True).date == "2033-03-02"


def test_a_general_elections_day_is_read_as_before(results):
    got = election_rows(f"{results}:2031-05-01", contests=True)
    assert got.kind == "general"
    assert set(got.rows["constituency_id"]) == {"S-1", "S-2"}


def test_a_year_names_no_by_election_and_the_error_lists_their_days(results):
    with pytest.raises(InputError) as err:
        election_rows(f"{results}:2033", contests=True)
    text = str(err.value)
    assert str(results) in text
    assert "2033" in text
    assert "by-elections and re-polls, named by their day: 2033-03-02, 2034-06-01" in text


def test_without_contests_a_by_elections_day_is_refused_as_no_general_election(results):
    # backtest and the UK studies read general elections only.
    with pytest.raises(InputError, match="no general election that year or day"):
        election_rows(f"{results}:2033-03-02")


def test_a_file_of_by_elections_alone_names_their_days_when_none_is_given(tmp_path):
    path = tmp_path / "by.csv"
    path.write_text("\n".join([HEAD, *ROWS[4:]]) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="named by their day: 2033-03-02, 2034-06-01"):
        election_rows(str(path), contests=True)
    assert election_rows(f"{path}:2034-06-01", contests=True).kind == "by-election"


@pytest.mark.parametrize("day", ["05/01/2031", "1/5/2031"])
def test_a_slashed_day_that_names_two_contests_either_way_is_refused_naming_both(tmp_path, day):
    # Before, 1 May (the general) was read, though 5 January held a by-election: nothing
    # said the date could be read either way. Two by-elections so were "no general election".
    path = tmp_path / "results.csv"
    early = [r.replace("2033-03-02", "2031-01-05") for r in ROWS]
    path.write_text("\n".join([HEAD, *early]) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        election_rows(f"{path}:{day}", contests=True)
    (problem,) = err.value.problems
    assert problem.value == day
    assert "names several elections (2031-01-05, 2031-05-01): give YYYY-MM-DD" in problem.message
    assert election_rows(f"{path}:2031-01-05", contests=True).kind == "by-election"

"""A country may ship several results files: ``KIND:YEAR`` reads whichever holds that year."""

from __future__ import annotations

import pandas as pd
import pytest

from votebank.elections import shipped as shippedmod
from votebank.elections.read import read_election
from votebank.elections.rows import parse_spec
from votebank.elections.shipped import shipped_file, shipped_files
from votebank.errors import InputError

HEAD = (
    "election_date,election_type,constituency_id,constituency_name,region,electorate,party,"
    "candidate,votes"
)


def results(dates: list[str], seats: int = 4) -> str:
    lines = [HEAD]
    for d in dates:
        for s in range(seats):
            for party, votes in (("A", 400 + 10 * s), ("B", 380 + 7 * s), ("C", 90)):
                lines.append(f"{d},general,S-{s},Seat {s} town,R{s % 2},1000,{party},,{votes}")
    return "\n".join(lines) + "\n"


@pytest.fixture
def land(tmp_path, monkeypatch):
    """A data folder with one country shipping two results files and a contests table."""
    folder = tmp_path / "data" / "testland"
    folder.mkdir(parents=True)
    (folder / "tl_results_old.csv").write_text(results(["2031-05-01", "2035-05-03"]))
    (folder / "tl_results_new.csv").write_text(results(["2040-05-05"]))
    # A table of contests: a results file by name, not by its columns.
    (folder / "tl_results_contests.csv").write_text("election_date,constituency_id,winner\n")
    (folder / "tl_polls.csv").write_text(results(["2036-01-01"]))
    monkeypatch.setattr(shippedmod, "data_dir", lambda: tmp_path / "data")
    shippedmod.shipped_files.cache_clear()
    yield folder
    shippedmod.shipped_files.cache_clear()


def test_the_results_files_are_found_by_name_and_columns(land):
    names = [p.name for p in shipped_files("testland")]
    assert names == ["tl_results_new.csv", "tl_results_old.csv"]
    assert shippedmod.countries() == ("testland",)


def test_a_year_is_read_from_the_file_that_holds_it(land):
    assert shipped_file("testland", "2035").name == "tl_results_old.csv"
    assert shipped_file("testland", "2040-05-05").name == "tl_results_new.csv"
    # Without a year: the file of the latest election.
    assert shipped_file("testland").name == "tl_results_new.csv"
    path, when, label = parse_spec("testland:2031")
    assert (path.name, when, label) == ("tl_results_old.csv", "2031", "testland:2031")
    assert read_election("testland:2040").date == "2040-05-05"


def test_a_year_no_file_holds_is_refused_naming_every_shipped_date(land):
    with pytest.raises(InputError) as err:
        parse_spec("testland:2038")
    message = str(err.value)
    assert "2038" in message
    assert "2031-05-01, 2035-05-03" in message
    assert "2040-05-05" in message


def test_a_year_two_files_hold_is_refused(land):
    (land / "tl_results_more.csv").write_text(results(["2040-05-05"]))
    shippedmod.shipped_files.cache_clear()
    with pytest.raises(InputError, match="several shipped files"):
        shipped_file("testland", "2040")


def test_uk_years_read_their_own_shipped_file():
    old = shipped_file("uk", "2001")
    new = shipped_file("uk", "2015")
    assert old != new
    assert parse_spec("uk:2001")[0] == old
    assert parse_spec("uk:2015")[0] == new
    # The UK studies' file (every candidate of 2010 and 2015) stays the country's default.
    assert shipped_file("uk") == new


def test_the_party_level_uk_file_never_reuses_a_seat_id_of_the_candidate_file():
    a = pd.read_csv(shipped_file("uk", "2001"), dtype=str, keep_default_na=False)
    b = pd.read_csv(shipped_file("uk", "2015"), dtype=str, keep_default_na=False)
    assert not set(a["constituency_id"]) & set(b["constituency_id"])
    # Party-level rows: no names, one aggregate row of the others at most per seat.
    assert (a["candidate"] == "").all()
    per_seat = a[a["party"] == "OTH"].groupby(["election_date", "constituency_id"]).size()
    assert per_seat.max() == 1


@pytest.mark.parametrize("day", ["2040-5-5", "05/05/2040", "5/5/40"])
def test_a_general_elections_day_in_another_form_finds_its_shipped_file(land, day):
    # Before, KIND:DAY matched a general election only written YYYY-MM-DD: testland:2040-5-5
    # was "no general election that year or day", though FILE:2040-5-5 and a by-election's
    # day in that form were read.
    assert shipped_file("testland", day).name == "tl_results_new.csv"
    assert read_election(f"testland:{day}").date == "2040-05-05"

"""The rows of one general election: the year resolved from the file, later contests by rule."""

from __future__ import annotations

import pytest

from votebank.elections.read import read_election
from votebank.elections.results_file import general_dates, read_results
from votebank.elections.rows import election_date, election_rows
from votebank.errors import InputError

HEAD = "election_date,election_type,constituency_id,region,electorate,party,candidate,votes"
ROWS = [
    "2031-05-01,general,S-10,North,1000,A,Ann,400",
    "2031-05-01,general,S-10,North,1000,B,Bob,300",
    "2031-05-01,general,S-2,North,900,A,Cy,350",
    "2031-05-01,general,S-2,North,900,B,Di,360",
    "2031-06-01,Re-poll,S-3,South,800,A,Ed,200",  # not polled on the day: re-polled
    "2031-06-01,Re-poll,S-3,South,800,B,Flo,250",
    "2032-01-01,by-election,S-4,South,700,A,Gus,100",  # a by-election of a seat not polled
    "2032-01-01,by-election,S-4,South,700,B,Hal,90",
    "2031-07-01,by-election,S-2,North,900,A,Ike,500",  # of a seat polled on the day: never
    "2036-05-01,general,S-10,North,1000,A,Ann,410",
    "2036-05-01,general,S-3,South,800,B,Flo,300",
    "2037-01-01,Re-poll,S-5,South,600,A,Jo,50",  # after 2036: of its cycle, not 2031's
]


@pytest.fixture
def results(tmp_path):
    path = tmp_path / "results.csv"
    path.write_text("\n".join([HEAD, *ROWS]) + "\n", encoding="utf-8")
    return path


def test_a_year_is_the_general_election_the_file_holds_that_year(results):
    assert election_date(f"{results}:2036") == "2036-05-01"
    assert election_date(f"{results}:2031-05-01") == "2031-05-01"
    with pytest.raises(InputError) as err:
        election_date(f"{results}:2033")
    assert "2033" in str(err.value)
    assert "2031-05-01, 2036-05-01" in str(err.value)


def test_re_polls_and_by_elections_join_only_when_asked_and_before_the_next_election(results):
    seats = lambda **kw: set(election_rows(f"{results}:2031", **kw).rows["constituency_id"])  # noqa: E731
    assert seats() == {"S-10", "S-2"}
    assert seats(repolls=True) == {"S-10", "S-2", "S-3"}
    assert seats(by_elections=True) == {"S-10", "S-2", "S-3", "S-4"}
    got = election_rows(f"{results}:2031", repolls=True)
    assert any("S-3" in n for n in got.notes)
    # The last general election of the file: every later re-poll is of its cycle.
    later = election_rows(f"{results}:2036", repolls=True).rows["constituency_id"]
    assert set(later) == {"S-10", "S-3", "S-5"}


ROWS_HEAD = (
    "election_date,election_type,constituency_number,province,voter_reg,votes_cast,"
    "validated_votes,win_votes,win_party,win_name,second_votes,second_party,second_name,"
    "third_votes,third_party,third_name,remainder_votes"
)


@pytest.mark.parametrize(
    "blank",
    [
        (ROWS_HEAD, "2031-05-01,General Election,S-2,North,900,,,,,,,,,,,,"),
        (HEAD, "2031-05-01,general,S-2,North,900,A,Cy,\n2031-05-01,general,S-2,North,900,B,Di,"),
    ],
)
def test_a_seat_listed_without_votes_on_the_day_takes_its_re_poll(tmp_path, blank):
    # A seat whose poll was put off, listed with blank counts on the day, was "not polled on
    # the day" yet its re-poll was ignored (only a seat missing from the day took one): the
    # seat was left out of the comparison.
    head, row = blank
    if head == ROWS_HEAD:
        polled = "2031-05-01,General Election,S-1,North,1000,700,700,400,A,Ann,300,B,Bob,,,,0"
        repoll = "2031-06-01,Re-Polling,S-2,North,900,600,600,350,B,Di,250,A,Cy,,,,0"
    else:
        polled = "2031-05-01,general,S-1,North,1000,A,Ann,400"
        polled += "\n2031-05-01,general,S-1,North,1000,B,Bob,300"
        repoll = (
            "2031-06-01,Re-poll,S-2,North,900,A,Cy,250\n2031-06-01,Re-poll,S-2,North,900,B,Di,350"
        )
    path = tmp_path / "results.csv"
    path.write_text("\n".join([head, polled, row, repoll]) + "\n", encoding="utf-8")
    got = read_election(f"{path}:2031", repolls=True, sort_seats=True)
    assert set(got.seats["seat"]) == {"S-1", "S-2"}
    s2 = got.candidates[got.candidates["seat"] == "S-2"]
    assert sorted(s2["votes"].tolist()) == [250.0, 350.0]
    assert any("re-polls added" in n and "S-2" in n for n in got.notes)
    # Without re-polls asked for, the seat is still left out with a note.
    plain = read_election(f"{path}:2031")
    assert set(plain.seats["seat"]) == {"S-1"}


def test_seats_in_the_order_of_their_number_only_when_asked(tmp_path):
    head = (
        "election_date,election_type,constituency_number,province,voter_reg,votes_cast,"
        "validated_votes,win_votes,win_party,win_name,second_votes,second_party,second_name,"
        "third_votes,third_party,third_name,remainder_votes"
    )
    rows = [f"2031-05-01,General Election,NA-{n},P,100,60,59,30,A,a,29,B,b,,,,0" for n in (10, 2)]
    path = tmp_path / "na.csv"
    path.write_text("\n".join([head, *rows]) + "\n", encoding="utf-8")
    assert read_election(str(path)).seats["seat"].tolist() == ["NA-10", "NA-2"]
    e = read_election(str(path), sort_seats=True)
    assert e.seats["seat"].tolist() == ["NA-2", "NA-10"]
    assert e.seats["ballots"].tolist() == [60.0, 60.0]


@pytest.mark.parametrize(
    "when", ["2036-05-01", "2036-5-1", "5/1/2036", "05/01/2036", "01/05/2036", "5/1/36", "2036"]
)
def test_a_date_after_the_colon_takes_the_forms_a_file_may_give(results, when):
    assert election_date(f"{results}:{when}") == "2036-05-01"


def test_a_date_after_the_colon_that_names_no_election_is_refused(results):
    with pytest.raises(InputError, match="no general election that year or day"):
        election_date(f"{results}:2036-5-2")


@pytest.mark.parametrize("suffix", ["", ":2031"])
def test_a_folder_named_as_the_results_file_is_said_to_be_a_folder(tmp_path, suffix):
    # It was "no such file", quoting the folder with its date as if that were the path.
    with pytest.raises(InputError) as info:
        election_rows(f"{tmp_path}{suffix}")
    [problem] = info.value.problems
    assert (problem.file, problem.value) == (str(tmp_path), f"{tmp_path}{suffix}")
    assert problem.message.startswith("a folder, not a results file")


@pytest.mark.parametrize("spec", ["{}:2031", "{}"])
@pytest.mark.parametrize(("kind", "shown"), [("Parliamentary", "'Parliamentary'"), ("", "blank")])
def test_a_file_whose_election_types_are_not_general_names_the_types(tmp_path, spec, kind, shown):
    # It said "no general election that year or day; general elections in the file: none",
    # as if the date were wrong, of a file holding the 2031 election under another type.
    path = tmp_path / "results.csv"
    typed = [",".join([r.split(",")[0], kind, *r.split(",")[2:]]) for r in ROWS]
    path.write_text("\n".join([HEAD, *typed]) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        election_rows(spec.format(path))
    assert "election_type" in str(err.value)
    assert f"the file's election types: {shown}" in str(err.value)


def test_a_file_of_several_assemblies_none_named_national_names_the_assemblies(tmp_path):
    # Its rows were all dropped unsaid: "general elections in the file: none", as if the
    # date were wrong, of a file whose national rows say "National Assembly".
    path = tmp_path / "results.csv"
    rows = [
        f"{r},{'National Assembly' if k % 2 else 'Provincial Assembly'}" for k, r in enumerate(ROWS)
    ]
    path.write_text("\n".join([f"{HEAD},assembly", *rows]) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        election_rows(f"{path}:2031")
    got = " ".join(str(err.value).split())
    assert "column assembly: rows of several assemblies, none 'national'" in got
    assert "(got National Assembly, Provincial Assembly)" in got


def test_a_count_that_is_no_number_on_the_day_is_refused_even_with_a_re_poll(tmp_path):
    # Only a blank or zero count is a poll put off: "6,000" is a broken cell, not a re-poll's.
    rows = [
        ROWS_HEAD,
        '2031-05-01,General Election,S-2,North,900,600,600,"6,000",A,Cy,250,B,Di,,,,0',
        "2031-06-01,Re-Polling,S-2,North,900,600,600,350,B,Di,250,A,Cy,,,,0",
    ]
    path = tmp_path / "results.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"row 2, column win_votes: not a count"):
        read_election(f"{path}:2031", repolls=True)


POSTPONED = [
    "2031-05-01,general,S-10,North,1000,A,Ann,400",
    "2031-05-01,general,S-10,North,1000,B,Bob,300",
    "2031-05-01,general,S-2,North,900,A,Cy,350",
    "2031-05-01,general,S-2,North,900,B,Di,360",
    "2031-05-01,general,S-3,South,800,A,Ed,",  # listed, its poll put off (a candidate died)
    "2031-05-01,general,S-3,South,800,B,Flo,",
    "2031-05-01,general,S-6,South,500,A,Gil,90",
    "2031-05-01,general,S-6,South,500,B,Hu,80",
    "2031-05-22,general,S-3,South,800,A,Ed,200",  # its postponed poll, typed general
    "2031-05-22,general,S-3,South,800,B,Flo,250",
    "2031-05-29,general,S-5,South,600,A,Jo,50",  # a seat missing on the day, polled later
    "2031-05-29,general,S-5,South,600,B,Kim,70",
    "2031-09-01,by-election,S-4,South,700,A,Gus,100",  # after the postponed polls
    "2031-09-01,by-election,S-4,South,700,B,Hal,90",
    "2036-05-01,general,S-10,North,1000,A,Ann,410",
    "2036-05-01,general,S-3,South,800,B,Flo,300",
]
# Seats polled on the day, so that the postponed polls are a few of its seats.
FILLER = [
    f"2031-05-01,general,F-{n},North,100,{p},{p}{n},{60 + v}"
    for n in range(20)
    for p, v in (("A", 0), ("B", 5))
]


@pytest.fixture
def postponed(tmp_path):
    path = tmp_path / "results.csv"
    path.write_text("\n".join([HEAD, *FILLER, *POSTPONED]) + "\n", encoding="utf-8")
    return path


def test_a_postponed_poll_typed_general_is_part_of_the_general_election(postponed):
    # A seat polled weeks after the general election (typed general on its own date) was a
    # general election of its own: FILE:2031 was refused as ambiguous, and the seat was
    # missing from the 2031 election, even with --by-elections.
    F = [f"F-{n}" for n in range(20)]
    assert general_dates(read_results(postponed)) == ["2031-05-01", "2036-05-01"]
    assert election_date(f"{postponed}:2031") == "2031-05-01"
    got = election_rows(f"{postponed}:2031")
    assert got.date == "2031-05-01"
    assert set(got.rows["constituency_id"]) - set(F) == {"S-10", "S-2", "S-3", "S-5", "S-6"}
    s3 = got.rows[got.rows["constituency_id"] == "S-3"]  # the blank row gives way
    assert s3["votes"].astype(float).tolist() == [200.0, 250.0]
    said = [n for n in got.notes if n.startswith("postponed polls")]
    assert len(said) == 1
    assert "'" not in said[0]  # no Python list: ['S-3', 'S-5'] on ...
    assert all(word in said[0] for word in ("S-3", "2031-05-22", "S-5"))
    e = read_election(f"{postponed}:2031")
    assert set(e.seats["seat"]) - set(F) == {"S-10", "S-2", "S-3", "S-5", "S-6"}
    # A later by-election still joins when asked: the postponed polls end no cycle.
    seats = set(election_rows(f"{postponed}:2031", by_elections=True).rows["constituency_id"])
    assert seats - set(F) == {"S-10", "S-2", "S-3", "S-4", "S-5", "S-6"}
    # Its own date names the general election it belongs to.
    assert election_date(f"{postponed}:2031-05-22") == "2031-05-01"


@pytest.mark.parametrize(
    "later",
    [
        # Far from the general election: an election of its own.
        ["2031-11-01,general,S-3,South,800,A,Ed,200", "2031-11-01,general,S-3,South,800,B,F,9"],
        # Polls a seat polled on the day: not a postponed poll.
        ["2031-05-22,general,S-3,South,800,A,Ed,200", "2031-05-22,general,S-2,South,9,B,F,9"],
        # As many seats as the day: a second general election (a snap election).
        [f"2031-05-22,general,S-{n},South,800,A,Ed,200" for n in (7, 8, 9, 11)],
    ],
)
def test_a_general_date_that_is_no_postponed_poll_stays_an_election(tmp_path, later):
    path = tmp_path / "results.csv"
    day = [r for r in POSTPONED if r.startswith("2031-05-01") and "S-3" not in r]
    path.write_text("\n".join([HEAD, *FILLER, *day, *later]) + "\n", encoding="utf-8")
    own = later[0][:10]
    assert general_dates(read_results(path)) == ["2031-05-01", own]
    assert election_date(f"{path}:{own}") == own


def test_a_postponed_poll_in_constituency_rows(tmp_path):
    rows = [
        ROWS_HEAD,
        *(
            f"2031-05-01,General Election,NA-{n},P,1000,700,700,400,A,a,300,B,b,,,,0"
            for n in range(1, 11)
        ),
        "2031-06-10,General Election,NA-11,P,900,600,600,350,B,Gil,250,A,Hu,,,,0",
    ]
    path = tmp_path / "results.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    e = read_election(str(path))  # a file of one election: no date needed
    assert e.date == "2031-05-01"
    assert e.seats["seat"].tolist() == [f"NA-{n}" for n in range(1, 12)]


def test_an_election_type_spaced_otherwise_is_read_as_the_uk_studies_read_it(tmp_path):
    # "General  Election" (two spaces, as a spreadsheet cell may hold) was no general
    # election here, though import-uk and uk-projection read the same file in any spacing.
    path = tmp_path / "results.csv"
    typed = [r.replace(",general,", ",General  Election,") for r in ROWS]
    path.write_text("\n".join([HEAD, *typed]) + "\n", encoding="utf-8")
    assert general_dates(read_results(path)) == ["2031-05-01", "2036-05-01"]
    assert set(election_rows(f"{path}:2031").rows["constituency_id"]) == {"S-10", "S-2"}


@pytest.mark.parametrize("typed", ["Re Polling", "re-poll", "RePoll"])
def test_a_re_poll_typed_with_a_space_is_a_re_poll(tmp_path, typed):
    # "Re Polling" was no re-poll: the seat it polled was left out as having no votes.
    path = tmp_path / "results.csv"
    rows = [
        *ROWS[:4],
        "2031-05-01,general,S-9,North,900,A,Ann,",
        "2031-05-01,general,S-9,North,900,B,Bo,",
    ]
    rows += [
        f"2031-06-01,{typed},S-9,North,900,A,Ann,300",
        f"2031-06-01,{typed},S-9,North,900,B,Bo,200",
    ]
    path.write_text("\n".join([HEAD, *rows]) + "\n", encoding="utf-8")
    got = read_election(f"{path}:2031", repolls=True)
    assert set(got.seats["seat"]) == {"S-10", "S-2", "S-9"}


@pytest.mark.parametrize(("typed", "says"), [("", "blank"), ("Generl", "S-10's other rows")])
def test_a_row_of_the_general_election_day_typed_otherwise_is_refused(tmp_path, typed, says):
    # Read as typed it was left out unsaid: a winner's row so typed gave the seat to the
    # runner-up (Ann's row below), in the scores of every method.
    rows = list(ROWS)
    rows[0] = rows[0].replace(",general,", f",{typed},")
    path = tmp_path / "results.csv"
    path.write_text("\n".join([HEAD, *rows]) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        election_rows(f"{path}:2031")
    assert "row 2, column election_type" in str(err.value)
    assert says in str(err.value)
    # Another election of the file, and a later contest's own day, are read as before.
    assert set(election_rows(f"{path}:2036").rows["constituency_id"]) == {"S-10", "S-3"}

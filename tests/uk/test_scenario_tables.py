"""The UK scenario's tables: a seat code the results do not hold is named under --seat."""

import pytest

from tests.uk.test_bad_input import refused
from tests.uk.test_results_files import BASE, TARGET, assert_refused, frames, votebank, write


def test_a_seat_not_in_the_results_is_named_under_the_option(tmp_path):
    # It was reported as a fault of the file's election_date column, with the date as the value.
    out = tmp_path / "out"
    got = votebank("import-uk", "2010", "--out", out, "--seat", "E14000530", "--seat", "e14000531")
    refused(
        got, "--seat: no contest on 2010-05-06 in", "uk_results_contests.csv", "(got e14000531)"
    )
    assert "column election_date" not in got.stderr
    # Written otherwise than the file (case), the seat's own spelling is given.
    assert "as the file writes them: 'e14000531' is E14000531" in " ".join(got.stderr.split())
    assert not out.exists()


def test_a_seat_unlike_any_of_the_files_is_given_no_spelling(tmp_path):
    out = tmp_path / "out"
    got = votebank("import-uk", "2010", "--out", out, "--seat", "E99")
    refused(got, "--seat: no contest on 2010-05-06 in", "(got E99)")
    assert "as the file writes them" not in got.stderr
    assert not out.exists()


@pytest.mark.parametrize(
    ("day", "column", "value", "says"),
    [
        (TARGET, "electorate", 60_000_000, "more than 50,000,000 electors"),
        (BASE, "ballots_counted", 1, "turnout (ballots_counted / electorate) 0.000"),
        (BASE, "ballots_counted", "electorate", "turnout (ballots_counted / electorate) 1"),
    ],
)
def test_a_seat_a_scenario_cannot_hold_is_named_in_the_contests_file(
    tmp_path, day, column, value, says
):
    # These passed the file's checks and were refused by the scenario built from it, naming
    # "constituencies.csv: row 1", a temporary file the user never saw.
    _, contests, _ = frames()
    row = contests.index[(contests.election_date == day) & (contests.constituency_id == "E1")]
    contests.loc[row, column] = contests.loc[row, value] if value == "electorate" else value
    src = write(tmp_path / "data", contests=contests)
    out = tmp_path / "out"
    got = votebank("import-uk", BASE, "--target-election", TARGET, "--results", src, "--out", out)
    assert_refused(got, out, f"uk_results_contests.csv: row {row[0] + 2}, column {column}", says)
    assert "constituencies.csv" not in got.stderr


def test_a_seat_with_candidates_but_no_contest_is_named_not_left_out(tmp_path):
    # Its contests rows deleted at both elections, the seat was left out of the scenario in
    # silence: four seats written, its candidates unread.
    _, contests, _ = frames()
    src = write(tmp_path / "data", contests=contests[contests.constituency_id != "E3"])
    out = tmp_path / "out"
    got = votebank("import-uk", BASE, "--target-election", TARGET, "--results", src, "--out", out)
    assert_refused(
        got,
        out,
        "uk_results_contests.csv: column constituency_id",
        f"seat(s) with candidates on {TARGET} in",
        "but no contest then (got E3 (Ceeton))",
    )
    # A seat asked for on its own does not need the others' contests.
    got = votebank("import-uk", BASE, "--results", src, "--out", out, "--seat", "E1")
    assert got.returncode == 0, got.stderr


def test_a_seat_placed_otherwise_in_the_two_files_is_named(tmp_path):
    # The seat swung with its contests file's region (Scotland, apart) and its votes counted
    # with its candidates file's (England's GB shares): accepted in silence.
    cands, _, _ = frames()
    cands.loc[cands.constituency_id == "S1", ["region", "nation"]] = ["North East", "England"]
    src = write(tmp_path / "data", cands=cands)
    out = tmp_path / "out"
    got = votebank("import-uk", BASE, "--target-election", TARGET, "--results", src, "--out", out)
    row = cands.index[cands.constituency_id == "S1"][0] + 2
    assert_refused(
        got,
        out,
        f"uk_results_candidates.csv: row {row}, column region: the contests file",
        f"gives S1 on {BASE} region 'Scotland': give both files one (got North East)",
        "column nation",
    )


def test_a_byelection_on_a_general_elections_slate_keeps_its_own_seats(tmp_path):
    # With --slate 2015 every seat of 2015 was written, each run as a by-election, beside
    # actual seats Con 1, Lab 1 and an actual vote of 0 in the 648 seats with no by-election.
    from votebank.scenario.load import load_scenario

    out = tmp_path / "out"
    got = votebank("import-uk", "2017-02-23", "--slate", "2015", "--out", out)
    assert got.returncode == 0, got.stderr
    sc = load_scenario(out)
    assert sorted(sc.constituencies["id"]) == ["E14000647", "E14000972"]
    assert (sc.candidates["actual_votes"] > 0).all()


def test_a_seat_given_by_its_name_is_told_its_code(tmp_path):
    # "Bury North" was refused with only an example code: the organiser had to look it up.
    out = tmp_path / "out"
    got = votebank("import-uk", "2010", "--out", out, "--seat", "bury north")
    refused(got, "--seat: no contest on 2010-05-06 in", "(got bury north)")
    said = " ".join(got.stderr.split())
    assert "as the file writes them: 'bury north' is the name of E14000611" in said
    assert not out.exists()

"""Targets read from any results file in the shipped layouts, with the year found in the file."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

import votebank as vb
from votebank.calibrate.target import Target, load_target
from votebank.cli import app, main
from votebank.elections.results_file import general_dates, read_results
from votebank.elections.shipped import shipped_file
from votebank.errors import InputError

PK_SEATS = ["NA-1", "NA-2", "NA-10", "NA-230", "NA-262", "NA-263"]
FIRST, SECOND = "2031-05-01", "2036-05-01"


def pakistan_file(tmp_path, repoll_date: str):
    """Shipped 2002 and 2008 National Assembly rows of some seats, relabelled 2031 and 2036.

    The 2002 re-polls (NA-262, NA-263) are dated ``repoll_date``.
    """
    raw = pd.read_csv(shipped_file("pakistan"), dtype=str, keep_default_na=False)
    raw = raw[(raw["assembly"] == "National") & raw["constituency_number"].isin(PK_SEATS)]
    general = raw["election_type"] == "General Election"
    first = raw[general & (raw["election_date"] == "2002-10-10")].assign(election_date=FIRST)
    repolls = raw[
        (raw["election_type"] == "Re-Polling") & raw["election_date"].str.startswith("2002")
    ]
    second = raw[general & (raw["election_date"] == "2008-02-18")].assign(election_date=SECOND)
    path = tmp_path / "na.csv"
    rows = [first, repolls.assign(election_date=repoll_date), second]
    pd.concat(rows).to_csv(path, index=False)
    return path


def same(a: Target, b: Target) -> None:
    pd.testing.assert_frame_equal(a.candidates, b.candidates, check_exact=True)
    pd.testing.assert_frame_equal(a.seats, b.seats, check_exact=True)


def test_a_pakistan_layout_file_of_other_years_reads_as_the_shipped_elections(tmp_path):
    path = pakistan_file(tmp_path, "2031-11-02")
    later = load_target(f"{path}:2036")
    same(later, Target.pakistan(2008).subset(PK_SEATS))
    assert str(path) in later.name
    assert SECOND in later.name
    # The re-polls of the cycle (before the file's next general election) stand for the seats
    # not polled on the day, as in the shipped 2002.
    earlier = load_target(f"{path}:2031-05-01")
    same(earlier, Target.pakistan(2002).subset(PK_SEATS))
    assert {"NA-262", "NA-263"} <= set(earlier.seats["constituency_id"])
    # A date written with its time names the same election (FILE:DATE split at its file).
    same(load_target(f"{path}:2031-05-01T00:00:00"), Target.pakistan(2002).subset(PK_SEATS))


def test_a_re_poll_after_the_next_general_election_in_the_file_is_not_taken(tmp_path):
    path = pakistan_file(tmp_path, "2036-06-01")
    earlier = load_target(f"{path}:2031")
    assert not {"NA-262", "NA-263"} & set(earlier.seats["constituency_id"])
    assert len(earlier.seats) == len(PK_SEATS) - 2


def uk_files(tmp_path, seats: int = 6, contests: bool = True):
    """Shipped UK 2010 and 2015 rows of some seats, relabelled 2031 and 2036."""
    dates = {"2010-05-06": FIRST, "2015-05-07": SECOND}
    base = shipped_file("uk").parent
    cands = pd.read_csv(base / "uk_results_candidates.csv", dtype=str, keep_default_na=False)
    ids = list(pd.unique(cands["constituency_id"]))[:seats]
    tmp_path.mkdir(exist_ok=True)
    path = tmp_path / "results.csv"
    keep = cands["constituency_id"].isin(ids) & cands["election_date"].isin(dates)
    cands[keep].assign(election_date=cands["election_date"].map(dates)).to_csv(path, index=False)
    if contests:
        cons = pd.read_csv(base / "uk_results_contests.csv", dtype=str, keep_default_na=False)
        keep = cons["constituency_id"].isin(ids) & cons["election_date"].isin(dates)
        cons = cons[keep].assign(election_date=cons["election_date"].map(dates))
        cons.to_csv(tmp_path / "uk_results_contests.csv", index=False)
    return path, ids


def test_a_uk_layout_pair_of_other_years_reads_as_the_shipped_elections(tmp_path):
    path, ids = uk_files(tmp_path)
    got = load_target(f"{path}:2036")
    same(got, Target.uk(2015).subset(ids))
    same(load_target(f"{path}:2031"), Target.uk(2010).subset(ids))


def test_a_uk_layout_file_without_its_contests_file_has_no_turnout(tmp_path):
    path, ids = uk_files(tmp_path / "alone", contests=False)
    got = load_target(f"{path}:2036")
    shipped = Target.uk(2015).subset(ids)
    pd.testing.assert_frame_equal(got.candidates, shipped.candidates)
    assert got.seats["ballots"].isna().all()
    assert (got.seats["registered"] > 0).all()


def test_a_candidate_file_s_own_ballots_counted_give_its_turnout_without_a_contests_file(
    tmp_path,
):
    """A country outside the UK has no contests file of the UK's kind: its own column is read."""
    path, ids = uk_files(tmp_path / "alone", contests=False)
    shipped = Target.uk(2015).subset(ids)
    ballots = shipped.seats.set_index("constituency_id")["ballots"]
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame["ballots_counted"] = frame["constituency_id"].map(ballots.astype(int).astype(str))
    frame.loc[frame["election_date"] != SECOND, "ballots_counted"] = ""
    frame.to_csv(path, index=False)
    got = load_target(f"{path}:2036")
    pd.testing.assert_frame_equal(got.seats, shipped.seats)


def test_a_year_the_file_does_not_hold_names_the_file_the_value_and_its_years(tmp_path):
    path = pakistan_file(tmp_path, "2031-11-02")
    with pytest.raises(InputError) as err:
        load_target(f"{path}:2040")
    text = str(err.value)
    assert str(path) in text
    assert "2040" in text
    assert FIRST in text
    assert SECOND in text
    # It said "several elections; pick one: [...]", a Python list, and not how to pick one.
    with pytest.raises(InputError, match=f"several general elections .{FIRST}, {SECOND}.: name"):
        load_target(path)
    with pytest.raises(InputError, match=r"an empty date.*\(got ''\)"):
        load_target(f"{path}:")


def test_a_shipped_year_without_a_general_election_lists_the_years_there_are():
    with pytest.raises(InputError) as err:
        load_target("pakistan:1999")
    text = str(err.value)
    assert "1999" in text
    dates = general_dates(read_results(shipped_file("pakistan")))
    assert len(dates) >= 2
    assert all(d in text for d in dates)


def tiny_results(tmp_path):
    """A constituency-rows file of the tiny scenario's seats, at two made-up elections."""
    head = (
        "election_date,election_type,constituency_number,province,voter_reg,votes_cast,"
        "validated_votes,win_votes,win_party,win_name,second_votes,second_party,second_name,"
        "third_votes,third_party,third_name,remainder_votes"
    )
    rows = [
        "T-1,North,24000,13000,12800,7000,RED,Mian Sahib,5000,IND,Malik Sahib,,,,800",
        "T-2,North,18000,7300,7200,4000,BLUE,Dr Amina,3200,RED,Mian Sahib,,,,0",
        "T-3,South,30000,18100,18000,8000,BLUE,Chaudhry Sahib,7000,RED,Pir Sahib,3000,IND,"
        "Mrs Rana,0",
    ]
    lines = [head]
    for date in (FIRST, SECOND):
        lines += [f"{date},General Election,{r}" for r in rows]
    path = tmp_path / "tiny-results.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_validate_against_a_results_file_runs_end_to_end(tmp_path, capsys):
    path = tiny_results(tmp_path)
    result = CliRunner().invoke(app, ["validate-against", "tiny", f"{path}:2036", "--runs", "2"])
    assert result.exit_code == 0, result.output
    assert "Brier score" in result.output
    with pytest.raises(SystemExit) as stop:
        main(["validate-against", "tiny", f"{path}:2040", "--runs", "2"])
    assert stop.value.code == 2
    said = capsys.readouterr().err
    assert "2040" in said
    assert "2036-05-01" in said
    assert "Traceback" not in said


@pytest.mark.parametrize("value", ["-500", "inf", "1e30", "True", "many"])
def test_an_actual_votes_cell_that_is_not_a_count_is_refused_naming_row_and_value(tmp_path, value):
    path = tmp_path / "actual.csv"
    path.write_text(f"constituency,party,actual_votes\nS-1,A,100\nS-1,B,{value}\nS-2,A,\n")
    with pytest.raises(
        InputError, match=rf"row 3, column actual_votes: not a count .* \(got {value}\)"
    ):
        Target.from_csv(path)


@pytest.mark.parametrize("value", ["2.5", "6000.4"])
def test_a_fraction_of_a_vote_in_actual_votes_is_refused_as_in_the_scenario_format(tmp_path, value):
    # The scenario format and the results files take whole votes only; a candidates CSV given
    # as real results took 2.5 votes as they were.
    path = tmp_path / "actual.csv"
    path.write_text(f"constituency,party,actual_votes\nS-1,A,100\nS-1,B,{value}\n")
    with pytest.raises(
        InputError,
        match=rf"row 3, column actual_votes: not a count \(a whole number.* \(got {value}\)",
    ):
        Target.from_csv(path)


def test_a_fraction_of_a_voter_in_a_constituencies_roll_is_refused(tmp_path):
    cands = tmp_path / "actual.csv"
    cands.write_text("constituency,party,actual_votes\nS-1,A,100\nS-1,B,50\n")
    cons = tmp_path / "cons.csv"
    cons.write_text("id,registered,turnout\nS-1,1000.5,0.5\n")
    with pytest.raises(InputError, match=r"cons.csv: row 2, column registered: not a count"):
        Target.from_csv(cands, cons)


def test_actual_votes_left_blank_are_skipped(tmp_path):
    path = tmp_path / "actual.csv"
    path.write_text("constituency,party,actual_votes\nS-1,A,100\nS-1,B,50\nS-2,A,\n")
    got = Target.from_csv(path)
    assert got.candidates["votes"].tolist() == [100.0, 50.0]
    assert got.seats["constituency_id"].tolist() == ["S-1"]


def test_a_seat_twice_in_the_contests_file_is_refused_naming_file_row_and_seat(tmp_path, capsys):
    path, ids = uk_files(tmp_path)
    contests = tmp_path / "uk_results_contests.csv"
    frame = pd.read_csv(contests, dtype=str, keep_default_na=False)
    twice = frame[(frame["election_date"] == SECOND) & (frame["constituency_id"] == ids[2])]
    twice = twice.assign(electorate=(twice["electorate"].astype(int) + 1).astype(str))
    pd.concat([frame, twice]).to_csv(contests, index=False)
    line = len(frame) + 2  # the header is line 1
    with pytest.raises(InputError) as err:
        load_target(f"{path}:2036")
    text = str(err.value)
    assert str(contests) in text
    assert f"row {line}, column constituency_id" in text
    assert ids[2] in text
    load_target(f"{path}:2031")  # the other election has each seat once
    # The commands stop with the message (exit 2), not a traceback, and write nothing.
    out = tmp_path / "out"
    for args in (
        ["validate-against", "tiny", f"{path}:2036", "--runs", "2"],
        ["match", "tiny", "--against", f"{path}:2036", "--turnout", "--out", str(out)],
        ["calibrate", "tiny", "--against", f"{path}:2036", "-p", "mechanisms.biradari.cohesion"],
    ):
        with pytest.raises(SystemExit) as stop:
            main([*args, "--out", str(out)] if args[0] == "calibrate" else args)
        assert stop.value.code == 2, args
        said = " ".join(capsys.readouterr().err.split())
        assert f"row {line}, column constituency_id" in said
        assert not out.exists()


@pytest.mark.parametrize(
    ("rows", "says"),
    [
        ("S-1,c1,A,100\nS-1,c2,B,50\nS-1,c1,A,100", "row 4: repeats an earlier row (got row 2)"),
        ("S-1,c1,A,100\nS-1,c1,B,50", "rows 2, 3, column candidate: one candidate id on two rows"),
    ],
)
def test_a_candidate_given_twice_is_refused_not_counted_twice(tmp_path, rows, says):
    path = tmp_path / "actual.csv"
    path.write_text(f"constituency,candidate,party,actual_votes\n{rows}\n")
    with pytest.raises(InputError) as err:
        Target.from_csv(path)
    assert says in str(err.value)


def test_a_seat_twice_in_a_constituencies_file_is_refused(tmp_path):
    cands = tmp_path / "actual.csv"
    cands.write_text("constituency,party,actual_votes\nS-1,A,100\nS-1,B,50\n")
    cons = tmp_path / "cons.csv"
    cons.write_text("id,registered,turnout\nS-1,1000,0.5\nS-1,1200,0.5\n")
    with pytest.raises(InputError, match=r"cons.csv: row 3, column id: seat listed twice"):
        Target.from_csv(cands, cons)


def test_a_seat_with_some_actual_votes_unknown_is_left_out_with_a_note(tmp_path):
    path = tmp_path / "actual.csv"
    path.write_text(
        "constituency,candidate,party,actual_votes\n"
        "T-1,T-1-a,RED,7000\nT-1,T-1-b,IND,4000\nT-1,T-1-c,OTH,1000\n"
        "T-3,T-3-a,RED,8000\nT-3,T-3-b,BLUE,\nT-3,T-3-c,IND,\n"
    )
    got = Target.from_csv(path)
    # Scored as zeros, the blank ones made T-3 a landslide: RED with 100%, margin 100 points.
    assert got.seats["constituency_id"].tolist() == ["T-1"]
    assert got.candidates["votes"].sum() == 12000
    assert any("T-3 (1 of 3)" in n and str(path) in n for n in got.notes)
    # The same rule for a scenario's own actual_votes.
    sc = vb.load_scenario("tiny")
    votes = {"T-1-a": 7000, "T-1-b": 4000, "T-1-c": 1000, "T-3-a": 8000}
    actual = sc.candidates["candidate"].map(votes).fillna(-1).astype(int)
    own = Target.from_scenario(
        sc.with_tables(sc.constituencies, sc.candidates.assign(actual_votes=actual))
    )
    assert own.seats["constituency_id"].tolist() == ["T-1"]
    assert any("T-3 (1 of 3)" in n for n in own.notes)


def test_a_scenario_without_actual_votes_is_refused_as_input(capsys):
    with pytest.raises(InputError, match="no candidate has actual_votes"):
        load_target("tiny")
    with pytest.raises(SystemExit) as stop:
        main(["validate-against", "tiny", "tiny", "--runs", "2"])
    assert stop.value.code == 2
    err = " ".join(capsys.readouterr().err.split())  # wrapped where the checkout's path is long
    assert "candidates.csv: column actual_votes" in err


def test_empty_results_are_named_not_read_as_the_current_folder():
    with pytest.raises(InputError, match=r"results: empty: name the real results \(got ''\)"):
        load_target("")


@pytest.mark.parametrize(
    ("rows", "says"),
    [
        ("T-2,BLUE,4000\n,RED,3000", "row 3, column constituency: blank"),
        ("T-2,BLUE,4000\nT-2,,3000", "row 3, column party: blank"),
    ],
)
def test_a_blank_seat_or_party_beside_votes_is_refused(tmp_path, rows, says):
    # Before: the row became a seat (or a party) named "", and T-2's winner changed silently.
    path = tmp_path / "actual.csv"
    path.write_text(f"constituency,party,actual_votes\n{rows}\nT-3,RED,5\n,,\n")
    with pytest.raises(InputError) as err:
        Target.from_csv(path)
    assert f"{path}: {says}" in " ".join(str(err.value).split())


@pytest.mark.parametrize("value", ["55%", "55", "-0.4", "many"])
def test_a_constituency_turnout_that_is_no_share_is_refused(tmp_path, value):
    # Before: "55%" stopped on a pandas traceback, 55 gave 1,320,000 ballots on a roll of
    # 24,000 and -0.4 negative ballots, both used as real turnout.
    cands = tmp_path / "actual.csv"
    cands.write_text("constituency,party,actual_votes\nT-1,RED,100\nT-1,BLUE,50\n")
    cons = tmp_path / "cons.csv"
    cons.write_text(f"id,registered,turnout\nT-1,24000,{value}\nT-2,,\n")
    with pytest.raises(InputError) as err:
        Target.from_csv(cands, cons)
    assert f"{cons}: row 2, column turnout: not a share from 0 to 1 (got {value})" in str(err.value)
    cons.write_text("id,registered,turnout\nT-1,24000,0.5\nT-2,,\n")
    assert Target.from_csv(cands, cons).seats["ballots"].tolist() == [12000.0]


@pytest.mark.parametrize(
    ("votes", "says"),
    [
        (-5, "row 1, column votes: not a count"),  # the row was dropped without a word
        (float("nan"), "row 1, column votes: empty: wants a count"),  # dropped likewise
        (float("inf"), "row 1, column votes: not a count"),
        (True, "row 1, column votes: not a count"),  # read as 1 vote
        ("many", "row 1, column votes: not a count"),  # pandas' ValueError
    ],
)
def test_a_frame_whose_votes_are_no_counts_is_refused(votes, says):
    frame = pd.DataFrame(
        {
            "constituency_id": ["T-1", "T-1"],
            "party": ["RED", "IND"],
            "votes": pd.Series([4000, votes], dtype=object),
        }
    )
    with pytest.raises(InputError) as err:
        Target.from_frames("mine", frame)
    assert says in " ".join(str(err.value).split())
    # Counts are kept row by row whatever the frame's index.
    good = frame.assign(votes=[4000, 3000]).set_axis([7, 3])
    assert Target.from_frames("mine", good).candidates["votes"].tolist() == [4000, 3000]


@pytest.mark.parametrize("column", ["registered", "ballots"])
def test_a_seat_frame_whose_counts_are_no_counts_is_refused(column):
    frame = pd.DataFrame({"constituency_id": ["T-1"], "party": ["RED"], "votes": [10]})
    seats = pd.DataFrame({"constituency_id": ["T-1"], "registered": [100.0], "ballots": [50.0]})
    seats[column] = -100.0  # a negative turnout, scored as such
    with pytest.raises(InputError, match=f"row 0, column {column}: not a count"):
        Target.from_frames("mine", frame, seats)
    seats[column] = np.nan  # unknown: allowed
    assert Target.from_frames("mine", frame, seats).seats[column].isna().all()


@pytest.mark.parametrize("suffix", [".txt", ".tsv", ""])
def test_a_results_file_not_named_csv_is_read_as_results_not_as_a_scenario(tmp_path, suffix):
    # A candidates CSV saved as .txt was read as a scenario's TOML file: "not valid TOML".
    sep = "\t" if suffix == ".tsv" else ","
    path = tmp_path / f"actual{suffix}"
    rows = ["constituency", "party", "actual_votes"], ["T-1", "RED", "100"], ["T-1", "IND", "50"]
    path.write_text("\n".join(sep.join(r) for r in rows) + "\n")
    got = load_target(str(path))
    assert got.candidates["votes"].tolist() == [100.0, 50.0]


COPELAND, BY_ELECTION = "E14000647", "2017-02-23"


def by_election_files(tmp_path, contests_day: str = BY_ELECTION):
    """Shipped rows of Copeland at GE2015 and its by-election; contests of ``contests_day``."""
    base = shipped_file("uk").parent
    tmp_path.mkdir(exist_ok=True)
    path = tmp_path / "results.csv"
    for name, out in (("uk_results_candidates.csv", path), ("uk_results_contests.csv", None)):
        rows = pd.read_csv(base / name, dtype=str, keep_default_na=False)
        rows = rows[rows["constituency_id"] == COPELAND]
        if out is None:
            out = tmp_path / name
            rows = rows[rows["election_date"].isin({"2015-05-07", contests_day})]
        rows.to_csv(out, index=False)
    return path


@pytest.mark.parametrize("spec", ["uk:2017-02-23", "file"])
def test_a_by_elections_day_scores_the_by_election_with_its_own_turnout(tmp_path, spec):
    # uk:2017-02-23 was refused ("no general election that year or day"): scoring a
    # by-election against uk:2015 took the general election's turnout, 0.641, for 0.513.
    got = load_target(f"{by_election_files(tmp_path)}:{BY_ELECTION}" if spec == "file" else spec)
    seat = got.seats.set_index("constituency_id").loc[COPELAND]
    assert (seat["registered"], seat["ballots"]) == (60602, 31108)  # turnout 0.513
    votes = got.candidates[got.candidates["constituency_id"] == COPELAND]
    assert votes["votes"].sum() == 31068  # the by-election's valid votes
    assert "by-election" in got.name
    assert BY_ELECTION in got.name


def test_a_by_election_the_contests_file_lacks_has_no_turnout_not_the_general_elections(tmp_path):
    got = load_target(f"{by_election_files(tmp_path, '2015-05-07')}:{BY_ELECTION}")
    assert got.seats["ballots"].isna().all()
    assert got.candidates["votes"].sum() == 31068


def test_a_year_of_by_elections_only_is_refused_naming_their_day(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["validate-against", "copeland-2017", "uk:2017", "--runs", "2"])
    assert stop.value.code == 2
    said = " ".join(capsys.readouterr().err.split())
    assert "(got 2017)" in said
    assert "no general election that year or day" in said
    assert f"by-elections and re-polls, named by their day: {BY_ELECTION}" in said
    assert "Traceback" not in said


def test_a_scenarios_own_turnout_is_named_as_the_input_it_is():
    # uk-2015-from-2010 scored against itself read its turnout column (2010's, the runs' input)
    # as 2015's real turnout, silently: "mean real 0.652" where 2015's was 0.661.
    own = load_target("uk-2015-from-2010")
    (note,) = [n for n in own.notes if "turnout" in n]
    assert "constituencies.csv" in note
    assert "input" in note
    assert "base election" in note
    sc = vb.load_scenario("uk-2015-from-2010")
    unknown = sc.constituencies.assign(turnout=float("nan"))  # no turnout given: no note
    bare = Target.from_scenario(sc.with_tables(unknown, sc.candidates))
    assert not [n for n in bare.notes if "turnout" in n]


def test_a_date_after_a_candidates_csv_is_refused_as_naming_nothing(tmp_path):
    # It was read as a results file and refused for missing election_date, region, ... columns.
    results = tmp_path / "res.csv"
    results.write_text("constituency,candidate,party,actual_votes\nT-1,T-1-a,RED,900\n")
    with pytest.raises(InputError) as exc:
        load_target(f"{results}:2008")
    (problem,) = exc.value.problems
    assert problem.file == str(results)
    assert "holds one election: give it without :DATE" in problem.message
    assert "missing column" not in str(exc.value)

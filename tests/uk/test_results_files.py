"""UK studies on results files not shipped (issue 16): ``--results`` of import-uk, uk-projection.

Every file here is synthetic and written by the test: five seats, two general elections in
years the shipped data does not hold, a new party that wins a seat, a minor party renamed
between the elections, and the errors a user's file can hold.
"""

import os
import subprocess
import sys
import tomllib

import pandas as pd
import pytest

from votebank.errors import InputError
from votebank.scenario.load import load_scenario
from votebank.uk import results_files
from votebank.uk.elections import general_date, general_elections
from votebank.uk.import_cli import check_pair, projection_scenario
from votebank.uk.project import compare_projections, deterministic_winners
from votebank.uk.real_results import seats_won
from votebank.uk.totals import gb_shares_from_totals, gb_totals

BASE, TARGET = "2001-06-07", "2005-05-05"
SEATS = [  # id, name, region, nation
    ("E1", "Ayton", "North East", "England"),
    ("E2", "Beeton", "North East", "England"),
    ("E3", "Ceeton", "South West", "England"),
    ("W1", "Deeton", "Wales", "Wales"),
    ("S1", "Eeton", "Scotland", "Scotland"),
]
VOTES = {  # seat -> party -> votes, per election
    BASE: {
        "E1": {"Lab": 500, "Con": 300, "LD": 100, "Eng Dem": 40},
        "E2": {"Con": 450, "Lab": 400, "LD": 150},
        "E3": {"LD": 420, "Con": 410, "Lab": 100},
        "W1": {"Lab": 380, "PC": 300, "Con": 200},
        "S1": {"SNP": 360, "Lab": 350, "Con": 150},
    },
    TARGET: {
        "E1": {"Lab": 420, "Con": 330, "Reform": 200, "ED": 30},
        "E2": {"Reform": 480, "Con": 350, "Lab": 300},
        "E3": {"Con": 460, "LD": 400, "Reform": 90},
        "W1": {"Lab": 360, "PC": 330, "Con": 210},
        "S1": {"SNP": 400, "Lab": 320, "Con": 160},
    },
}


def frames(votes=VOTES, seats=SEATS):
    cands, contests, totals = [], [], []
    place = {s[0]: s for s in seats}
    for day, by_seat in votes.items():
        for seat, parties in by_seat.items():
            sid, name, region, nation = place[seat]
            ranked = sorted(parties.items(), key=lambda kv: -kv[1])
            valid = sum(parties.values())
            common = {
                "election_date": day,
                "election_type": "general",
                "constituency_id": sid,
                "constituency_name": name,
                "region": region,
                "nation": nation,
                "electorate": 2 * valid,
            }
            for rank, (party, v) in enumerate(ranked, 1):
                cands.append(
                    common
                    | {"party": party, "party_name": party, "candidate": f"{party} {sid}"}
                    | {"votes": v, "rank": rank, "elected": int(rank == 1)}
                )
            contests.append(
                common
                | {"valid_votes": valid, "rejected_ballots": 5, "ballots_counted": valid + 5}
                | {"winner_party": ranked[0][0], "second_party": ranked[1][0]}
            )
        gb = pd.DataFrame([c for c in cands if c["election_date"] == day])
        total = int(gb["votes"].sum())
        for party, v in gb.groupby("party")["votes"].sum().items():
            totals.append(
                {"election_date": day, "scope": "GB", "party": party, "votes": int(v)}
                | {"vote_share": v / total, "total_valid_votes": total}
            )
    return pd.DataFrame(cands), pd.DataFrame(contests), pd.DataFrame(totals)


def write(folder, cands=None, contests=None, totals=None):
    c, k, t = frames()
    folder.mkdir(parents=True, exist_ok=True)
    (c if cands is None else cands).to_csv(folder / "uk_results_candidates.csv", index=False)
    (k if contests is None else contests).to_csv(folder / "uk_results_contests.csv", index=False)
    (t if totals is None else totals).to_csv(folder / "uk_national_totals.csv", index=False)
    return folder / "uk_results_candidates.csv"


def votebank(*args):
    wide = {**os.environ, "COLUMNS": "400"}  # messages and tables unwrapped
    return subprocess.run(
        [sys.executable, "-m", "votebank", *map(str, args)],
        capture_output=True,
        text=True,
        env=wide,
    )


def assert_refused(got, out, *texts):
    """Exit 2 with no traceback, each text in the (unwrapped) message, nothing written."""
    assert got.returncode == 2
    assert "Traceback" not in got.stderr
    message = " ".join(got.stderr.split())
    for text in texts:
        assert text in message
    assert not out.exists()


def test_dates_parties_and_seats_come_from_the_file(tmp_path):
    files = results_files.beside(write(tmp_path))
    with results_files.using(files):
        assert general_elections() == [BASE, TARGET]
        # A party not among the layout's harmonised codes that won a seat is a main party,
        # and swings (it stood in Great Britain); the renamed minor party folds into OTH.
        assert "Reform" in results_files.main_parties()
        assert "Reform" in results_files.swing_parties()
        assert not {"ED", "Eng Dem"} & set(results_files.main_parties())
        assert seats_won(TARGET) == {"Reform": 1, "Lab": 2, "Con": 1, "SNP": 1}
    # Outside the block the shipped files are read again.
    assert results_files.active() == results_files.shipped()


def test_import_uk_builds_a_projection_from_a_users_file(tmp_path):
    src = write(tmp_path / "data")
    out = tmp_path / "scenario"
    got = votebank("import-uk", BASE, "--target-election", TARGET, "--results", src, "--out", out)
    assert got.returncode == 0, got.stderr
    doc = tomllib.loads((out / "scenario.toml").read_text())
    assert doc["scenario"]["actual_seats"] == {"Con": 1, "Lab": 2, "SNP": 1, "Reform": 1}
    assert str(src) in doc["scenario"]["actual_source"]
    swing = doc["mechanisms"]["swing"]
    assert swing["regions_apart"] == ["Scotland"]  # no Northern Irish seats in this file
    assert swing["target"]["Reform"] == pytest.approx(770 / 3960, abs=1e-6)
    cands = pd.read_csv(out / "candidates.csv")
    reform = cands[cands["party"] == "Reform"]
    assert list(reform["constituency"]) == ["E1", "E2", "E3"]  # the target's slate
    assert (reform["baseline_votes"] == 0).all()  # it did not stand in the base election


def test_a_year_stands_for_the_files_general_election_that_year(tmp_path):
    with results_files.using(results_files.beside(write(tmp_path))):
        assert general_date(BASE[:4]) == BASE
        assert general_date(TARGET) == TARGET
        assert general_date("1999") == "1999"  # none that year: refused later, as any date
        # uk:2015-5-7 was read; --target 2015-5-7 was refused as no general election.
        year, month, day = (int(x) for x in TARGET.split("-"))
        assert general_date(f"{year}-{month}-{day}") == TARGET
        assert general_date(f"{day:02d}/{month:02d}/{year}") == TARGET


def test_dates_in_month_day_year_form_are_read(tmp_path):
    c, k, t = frames()
    for f in (c, k, t):
        f["election_date"] = f["election_date"].map({BASE: "6/7/01", TARGET: "5/5/05"})
    with results_files.using(results_files.beside(write(tmp_path, c, k, t))):
        assert general_elections() == [BASE, TARGET]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["2010-05-06"], ["no election on this date", f"{BASE}, {TARGET}", "2010-05-06"]),
        ([BASE, "--target-election", "2003-01-01"], ["no election", "2003-01-01"]),
    ],
)
def test_an_unknown_date_lists_the_files_dates(tmp_path, args, expected):
    src = write(tmp_path / "data")
    out = tmp_path / "out"
    got = votebank("import-uk", *args, "--results", src, "--out", out)
    assert "uk_results_contests.csv" in got.stderr
    assert_refused(got, out, *expected)


@pytest.mark.parametrize("column", ["votes", "candidate"])
def test_a_missing_column_names_the_file_and_column(tmp_path, column):
    # Without `candidate` (the names of the slate) the import ended in a KeyError traceback.
    c, _, _ = frames()
    src = write(tmp_path / "data", cands=c.drop(columns=[column]))
    out = tmp_path / "out"
    got = votebank("import-uk", BASE, "--results", src, "--out", out)
    assert_refused(got, out, "uk_results_candidates.csv: header", f"candidates file: {column}")


def test_a_bad_count_names_its_row(tmp_path):
    c, _, _ = frames()
    c.loc[3, "votes"] = -7
    files = results_files.beside(write(tmp_path, cands=c))
    with pytest.raises(InputError, match=r"row 5, column votes.*got -7"):
        results_files.read_checked(files.candidates, "candidates")


def test_a_blank_party_or_a_row_given_twice_is_refused_naming_its_row(tmp_path):
    c, k, _ = frames()
    c.loc[3, "party"] = None
    files = results_files.beside(write(tmp_path / "blank", cands=c))
    with pytest.raises(InputError, match=r"row 5, column party: blank"):
        results_files.read_checked(files.candidates, "candidates")
    twice = pd.concat([k, k.iloc[[1]]], ignore_index=True)
    files = results_files.beside(write(tmp_path / "twice", contests=twice))
    with pytest.raises(InputError, match=rf"row {len(twice) + 1}: repeats an earlier row.*row 3"):
        results_files.read_checked(files.contests, "contests")


def test_a_missing_file_is_named(tmp_path):
    src = write(tmp_path)
    (tmp_path / "uk_national_totals.csv").unlink()
    with pytest.raises(InputError, match=r"uk_national_totals\.csv"):
        results_files.beside(src)


def test_seats_that_do_not_match_are_refused(tmp_path):
    votes = {BASE: VOTES[BASE], TARGET: {k: v for k, v in VOTES[TARGET].items() if k != "E3"}}
    c, k, t = frames(votes)
    files = results_files.beside(write(tmp_path, c, k, t))
    with (
        results_files.using(files),
        pytest.raises(InputError, match=r"2001-06-07 election not in the 2005-05-05.*E3"),
    ):
        check_pair(BASE, TARGET)
    got = votebank("uk-projection", "--results", tmp_path / "uk_results_candidates.csv")
    assert got.returncode == 2
    assert "E3" in got.stderr
    assert "Traceback" not in got.stderr


def test_projection_scores_against_the_files_target(tmp_path):
    src = write(tmp_path / "data")
    with results_files.using(results_files.beside(src)):
        path = projection_scenario(BASE, TARGET, tmp_path / "sc", seed=1, runs=2)
        frame = compare_projections(runs=2, seed=1, scenario=load_scenario(path), target=TARGET)
    frame = frame.set_index("method")
    actual = frame.loc["actual 2005"]
    assert (actual["Reform"], actual["Lab"], actual["winners_wrong"]) == (1, 2, 0)
    # Uniform swing to 2005's shares (GB less Scotland): Reform gains 19.4 points where it
    # stands, not enough to take E2 from the Conservatives (45 % - 2.2 points), so E2 is wrong.
    assert frame.loc["uniform swing", "winners_wrong"] >= 1
    assert frame.loc["uniform swing", "Reform"] == 0


def test_uk_projection_command_on_a_users_file(tmp_path):
    src = write(tmp_path / "data")
    got = votebank("uk-projection", "--results", src, "--runs", 2, "--seed", 1)
    assert got.returncode == 0, got.stderr
    text = " ".join(got.stdout.split())
    assert "GE2005 projected from GE2001" in text
    assert "Actual 2005" in text
    assert "Reform" in text


def test_a_date_that_is_no_date_names_its_row(tmp_path):
    c, _, _ = frames()
    c["election_date"] = c["election_date"].astype(object)
    c.loc[2, "election_date"] = "June 2001"
    files = results_files.beside(write(tmp_path, cands=c))
    with pytest.raises(InputError, match=r"row 4, column election_date.*got June 2001"):
        results_files.read_checked(files.candidates, "candidates")


STOOD_DOWN = {  # the Speaker moves from E2 to E1; UKIP stands down; Lab leaves E3
    BASE: {
        "E1": {"Con": 500, "Lab": 300, "LD": 100, "UKIP": 50},
        "E2": {"Speaker": 600, "Green": 100, "UKIP": 80},
        "E3": {"Con": 410, "Lab": 300, "LD": 200, "UKIP": 90},
        "S1": {"SNP": 360, "Lab": 350, "Con": 150},
    },
    TARGET: {
        "E1": {"Speaker": 400, "Ind": 150, "Green": 50},
        "E2": {"Con": 500, "Lab": 300, "LD": 150, "Green": 40},
        "E3": {"Con": 420, "LD": 330},
        "S1": {"SNP": 400, "Lab": 320, "Con": 160},
    },
}


def test_votes_of_parties_that_do_not_stand_go_to_the_candidates_who_do(tmp_path):
    # They sat with an "Others (0 candidates)" row that cannot win: the Speaker's new seat
    # went to a party with no base votes, the Speaker's old one to nobody in particular.
    seats = [(*s[:2], "South East", s[3]) if s[0].startswith("E") else s for s in SEATS]
    src = write(tmp_path / "data", *frames(STOOD_DOWN, seats))
    with results_files.using(results_files.beside(src)):
        sc = load_scenario(projection_scenario(BASE, TARGET, tmp_path / "sc"))
        won = dict(zip(sc.constituencies["id"], deterministic_winners(sc, "uniform"), strict=True))
    c = sc.candidates.set_index(["constituency", "party"])["baseline_votes"]
    assert not sc.candidates["name"].astype(str).str.startswith("Others (0").any()
    for seat, parties in STOOD_DOWN[BASE].items():  # every base vote is someone's
        assert c.loc[seat].sum() == sum(parties.values())
    # The main parties stand aside for the Speaker, who takes the seat's vote.
    assert c.loc[("E1", "Speaker")] == 950
    assert (c.loc[("E1", "Ind")], c.loc[("E1", "Green")]) == (0, 0)
    # Where the Speaker left, the returning parties share the vote as they polled around it.
    assert list(c.loc["E2"].items()) == [("Con", 287), ("Lab", 189), ("LD", 94), ("Green", 210)]
    # Lab's and UKIP's votes in E3 go to Con and LD in proportion to theirs.
    assert (c.loc[("E3", "Con")], c.loc[("E3", "LD")]) == (672, 328)
    assert (won["E1"], won["E2"], won["E3"]) == ("Speaker", "Con", "Con")


def test_gb_totals_are_derived_from_uk_rows_less_the_seats_outside_gb(tmp_path):
    # A file with UK-scope totals only on a date was refused ("no GB rows on this date").
    seats = [*SEATS, ("N1", "Effton", "Northern Ireland", "Northern Ireland")]
    votes = {
        day: {**v, "N1": {"DUP": 300, "SF": 250, "TUV": 40, "Con": 10}} for day, v in VOTES.items()
    }
    c, k, gb_rows = frames(votes, seats)
    gb = c[c["nation"] != "Northern Ireland"]
    gb_rows = gb.groupby(["election_date", "party"], as_index=False)["votes"].sum()
    gb_rows["total_valid_votes"] = gb_rows.groupby("election_date")["votes"].transform("sum")
    uk_rows = c.groupby(["election_date", "party"], as_index=False)["votes"].sum()
    uk_rows["total_valid_votes"] = uk_rows.groupby("election_date")["votes"].transform("sum")
    # Minor parties pooled as the user's file may (TUV and ED in one row).
    uk_rows["party"] = uk_rows["party"].replace({"TUV": "Others", "ED": "Others"})
    uk_rows = uk_rows.groupby(["election_date", "party", "total_valid_votes"], as_index=False).sum()
    totals = pd.concat(
        [gb_rows[gb_rows["election_date"] == BASE].assign(scope="GB"), uk_rows.assign(scope="UK")]
    )
    src = write(tmp_path / "data", c, k, totals)
    with results_files.using(results_files.beside(src)):
        derived = gb_shares_from_totals(TARGET, exclude_regions=["Scotland"])
        assert "no GB rows for 2005-05-05" in gb_totals(TARGET).note
        assert gb_totals(BASE).note == ""
    with results_files.using(
        results_files.beside(write(tmp_path / "gb", c, k, gb_rows.assign(scope="GB")))
    ):
        assert derived == pytest.approx(gb_shares_from_totals(TARGET, exclude_regions=["Scotland"]))
    got = votebank("uk-projection", "--results", src, "--runs", 2, "--seed", 1)
    assert got.returncode == 0, got.stderr
    assert "no GB rows for 2005-05-05" in " ".join(got.stderr.split())
    # With neither scope the message says what to add.
    out = tmp_path / "out"
    src = write(tmp_path / "none", c, k, totals[totals["election_date"] == BASE])
    got = votebank("import-uk", BASE, "--target-election", TARGET, "--results", src, "--out", out)
    assert_refused(got, out, "column election_date", "got 2005-05-05", "no GB or UK rows")


def test_both_dates_missing_totals_are_named_together(tmp_path):
    # check_pair stopped at the base date's problem; the target's was never shown.
    c, k, t = frames()
    src = write(tmp_path / "data", c, k, t.replace({BASE: "1997-05-01", TARGET: "1992-04-09"}))
    with results_files.using(results_files.beside(src)), pytest.raises(InputError) as e:
        check_pair(BASE, TARGET)
    assert [p.value for p in e.value.problems] == [BASE, TARGET]


def test_a_party_missing_from_uk_rows_is_named_as_a_uk_row(tmp_path):
    # Derived from UK rows, GB's totals lack a party because its UK row is missing: the message
    # named a GB row, which the file does not have and should not get.
    c, k, _ = frames()
    uk_rows = c.groupby(["election_date", "party"], as_index=False)["votes"].sum()
    uk_rows["total_valid_votes"] = uk_rows.groupby("election_date")["votes"].transform("sum")
    uk_rows = uk_rows[~((uk_rows["election_date"] == TARGET) & (uk_rows["party"] == "Lab"))]
    src = write(tmp_path / "data", c, k, uk_rows.assign(scope="UK"))
    with results_files.using(results_files.beside(src)), pytest.raises(InputError) as e:
        gb_shares_from_totals(TARGET)
    assert "no UK row for this party" in str(e.value)
    assert "no GB row" not in str(e.value)


@pytest.mark.parametrize(
    ("column", "value", "expected"),
    [
        ("electorate", 0, "row 3, column electorate: no electors"),
        ("ballots_counted", 0, "row 3, column ballots_counted: no ballots counted"),
        ("ballots_counted", 10**6, "row 3, column ballots_counted: more than the electorate"),
    ],
)
def test_a_contest_whose_turnout_cannot_be_read_names_its_row(tmp_path, column, value, expected):
    # Before, the error named the temporary constituencies.csv built from it (turnout inf or 0).
    _, k, _ = frames()
    k.loc[1, column] = value
    src = write(tmp_path / "data", contests=k)
    out = tmp_path / "out"
    got = votebank("import-uk", BASE, "--results", src, "--out", out)
    assert_refused(got, out, "uk_results_contests.csv: row 3", expected)


def test_a_main_party_standing_twice_in_one_contest_is_refused_as_a_mistyped_seat(tmp_path):
    # E2's Labour row given E1's id: its votes went to E1's others, and E2 lost Labour.
    c, _, _ = frames()
    moved = c.index[(c["constituency_id"] == "E2") & (c["party"] == "Lab")][0]
    c.loc[moved, "constituency_id"] = "E1"
    src = write(tmp_path / "data", cands=c)
    out = tmp_path / "out"
    got = votebank("import-uk", BASE, "--results", src, "--out", out)
    assert_refused(got, out, f"row {moved + 2}, column constituency_id", "E1 (Lab)", "mistyped")


@pytest.mark.parametrize(
    ("column", "party", "typed", "says"),
    [
        # "con" is not "Con": the candidate was folded into the others without a word.
        ("party", "Con", "con", "the layout's code is Con"),
        # "Englnd" was taken as outside Great Britain: with UK-only national totals its votes
        # were taken off Great Britain's, silently.
        ("nation", None, "Englnd", "England, Scotland, Wales or Northern Ireland"),
    ],
)
def test_a_cell_spelt_otherwise_than_the_layout_is_refused(tmp_path, column, party, typed, says):
    c, _, _ = frames()
    chosen = (c.election_date == TARGET) & (c.constituency_id == "E3")
    row = c.index[chosen & (c.party == party) if party else chosen][0]
    c.loc[row, column] = typed
    src = write(tmp_path / "data", cands=c)
    out = tmp_path / "out"
    got = votebank("import-uk", BASE, "--target-election", TARGET, "--results", src, "--out", out)
    where = f"uk_results_candidates.csv: row {row + 2}, column {column}"
    assert_refused(got, out, where, says, f"(got {typed})")


def test_numbered_seats_are_read_as_ids(tmp_path):
    # Seats numbered 01, 02... were read as numbers: the import ended in a traceback (a
    # number plus "-" for the candidate id), and the zeros would have been lost.
    c, k, t = frames()
    number = {seat[0]: f"{i:02d}" for i, seat in enumerate(SEATS, 1)}
    c["constituency_id"], k["constituency_id"] = (f["constituency_id"].map(number) for f in (c, k))
    src = write(tmp_path / "data", c, k, t)
    out = tmp_path / "out"
    got = votebank("import-uk", BASE, "--target-election", TARGET, "--results", src, "--out", out)
    assert got.returncode == 0, got.stderr
    sc = load_scenario(out)
    assert sorted(sc.constituencies["id"]) == ["01", "02", "03", "04", "05"]
    assert "01-Lab" in set(sc.candidates["candidate"])


def test_a_count_written_with_a_dot_between_thousands_is_refused(tmp_path):
    # A spreadsheet in a European locale writes 2000 as "2.000": it was read as 2 votes.
    c, k, _ = frames()
    c["votes"] = c["votes"].astype(object)
    c.loc[3, "votes"] = "2.000"
    k["electorate"] = k["electorate"].astype(object)
    k.loc[1, "electorate"] = "1.000"
    files = results_files.beside(write(tmp_path, cands=c, contests=k))
    with pytest.raises(
        InputError, match=r"row 5, column votes: a dot .* thousands separator.*got 2\.000"
    ):
        results_files.read_checked(files.candidates, "candidates")
    with pytest.raises(InputError, match=r"row 3, column electorate: a dot .*got 1\.000"):
        results_files.read_checked(files.contests, "contests")


def test_rows_a_spreadsheet_emptied_are_skipped_as_blank_lines(tmp_path):
    # An emptied row is exported as delimiters only (",,,"): import-uk refused it as a row with
    # a blank date, seat, region and count, while votebank backtest reads it as a blank line.
    c, k, _ = frames()
    c["votes"] = c["votes"].astype(object)
    c.loc[3, "votes"] = -7
    files = results_files.beside(write(tmp_path, cands=c))
    text = files.candidates.read_text().splitlines(keepends=True)
    emptied = "," * (len(c.columns) - 1) + "\n"
    files.candidates.write_text("".join([*text[:3], emptied, *text[3:], emptied, emptied]))
    with pytest.raises(InputError, match=r"row 6, column votes.*got -7") as e:
        results_files.read_checked(files.candidates, "candidates")
    assert len(e.value.problems) == 1
    with files.contests.open("a") as f:
        f.write("," * (len(k.columns) - 1) + "\n")
    assert len(results_files.read_checked(files.contests, "contests")) == len(k)


def test_a_folder_given_for_the_candidates_file_is_said_to_be_a_folder(tmp_path):
    # `uk-projection --results FOLDER` said "no such candidates file", and looked for the
    # contests and totals beside the folder: the user, who gave the folder holding them all,
    # was not told that a file, not its folder, is wanted.
    folder = tmp_path / "data"
    write(folder)
    got = votebank("uk-projection", "--results", folder, "--runs", 2)
    text = " ".join(got.stderr.split())
    assert got.returncode == 2, got.stderr
    assert f"{folder}: is a folder; give the candidates CSV" in text
    assert f"(got {folder})" in text
    assert "no such" not in text
    assert "Traceback" not in got.stderr


def test_a_file_of_its_header_only_is_told_so_without_pandas_warnings(tmp_path):
    # import-uk on a candidates file emptied to its header printed 13 lines of
    # "Pandas4Warning: 'and' operations between boolean dtype and str are deprecated".
    import warnings

    c, _, _ = frames()
    files = results_files.beside(write(tmp_path, cands=c.iloc[:0]))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(InputError) as info:
            results_files.read_checked(files.candidates, "candidates")
    # It then said every seat of the contests file had "no candidate on 2001-06-07".
    [problem] = info.value.problems
    assert problem.message == "no rows: the file holds a header only"
    assert problem.file == str(files.candidates)


def test_a_main_partys_candidate_under_a_mistyped_code_is_refused_by_its_name(tmp_path):
    # "Lbr" named "Labour" (Lab's name on every other row) was folded into OTH without a
    # word: Labour stood nowhere in the seat, its votes counted with the others'.
    c, _, _ = frames()
    c["party_name"] = c["party"].replace({"Lab": "Labour Party"})
    typo = c.index[(c["constituency_id"] == "E2") & (c["party"] == "Lab")][0]
    c.loc[typo, ["party", "party_name"]] = ["Lbr", " labour  party"]
    src = write(tmp_path / "data", cands=c)
    out = tmp_path / "out"
    got = votebank("import-uk", BASE, "--results", src, "--out", out)
    assert_refused(
        got,
        out,
        f"row {typo + 2}, column party",
        "is Lab's on other rows of that election: write Lab",
        "(got Lbr)",
    )
    # A code renamed between elections keeps its party's name: no typo (the renamed-party
    # note tells of it). Refused, it stopped a rename the import had named.
    c.loc[typo, "party"] = "Lab"
    c.loc[(c["election_date"] == TARGET) & (c["party"] == "Lab"), "party"] = "Labour"
    renamed = write(tmp_path / "renamed", cands=c)
    got = votebank("import-uk", BASE, "--results", renamed, "--out", tmp_path / "out2")
    assert got.returncode == 0, got.stderr

"""Reading one election's counts: what is left out by rule, and what is refused as broken."""

from __future__ import annotations

import numpy as np
import pytest

from votebank.elections.read import read_election
from votebank.errors import InputError

HEAD = "election_date,election_type,constituency_id,region,electorate,party,candidate,votes"
GOOD = [
    "2031-05-01,general,S-1,North,1000,A,Ann,400",
    "2031-05-01,general,S-1,North,1000,B,Bob,300",
    "2031-05-01,general,S-2,North,900,A,Cy,350",
    "2031-05-01,general,S-2,North,900,B,Di,360",
]


def write(tmp_path, rows, sep=","):
    path = tmp_path / "results.csv"
    lines = [HEAD, *rows]
    path.write_text("\n".join(line.replace(",", sep) for line in lines) + "\n", encoding="utf-8")
    return path


def refusal(path) -> str:
    with pytest.raises(InputError) as err:
        read_election(str(path))
    return str(err.value)


def test_a_seat_with_no_count_above_zero_is_left_out_and_reported(tmp_path):
    rows = [
        *GOOD,
        "2031-05-01,general,S-3,South,800,A,Ed,",
        "2031-05-01,general,S-4,South,700,A,Fy,0",
    ]
    rows.append("2031-05-01,general,S-4,South,700,B,Gus,0")
    e = read_election(str(write(tmp_path, rows)))
    assert sorted(e.seats["seat"]) == ["S-1", "S-2"]
    # The seats were shown as a Python list: ['S-3', 'S-4'].
    assert "seats with no votes recorded, left out: S-3, S-4" in e.notes


def test_a_blank_count_beside_counted_rivals_is_refused_naming_the_row(tmp_path):
    rows = [*GOOD, "2031-05-01,general,S-2,North,900,C,Ed,nan"]
    message = refusal(write(tmp_path, rows))
    assert "row 6, column votes" in message
    assert "S-2" in message


def test_a_row_given_twice_is_refused_naming_both_rows(tmp_path):
    message = refusal(write(tmp_path, [*GOOD, GOOD[1]]))
    assert "row 6" in message
    assert "row 3" in message
    assert "repeats" in message


def test_two_candidates_alike_but_for_their_votes_are_not_a_repeat(tmp_path):
    rows = [
        *GOOD,
        "2031-05-01,general,S-2,North,900,Ind,,20",
        "2031-05-01,general,S-2,North,900,Ind,,30",
    ]
    assert len(read_election(str(write(tmp_path, rows))).candidates) == 6


@pytest.mark.parametrize("sep", [";", "\t"])
def test_a_spreadsheet_export_with_semicolons_or_tabs_reads_as_with_commas(tmp_path, sep):
    commas = read_election(str(write(tmp_path, GOOD)))
    other = read_election(str(write(tmp_path, GOOD, sep)))
    assert other.candidates.equals(commas.candidates)
    assert other.seats.equals(commas.seats)


def test_a_header_as_a_spreadsheet_writes_it_reads_as_the_shipped_one(tmp_path):
    commas = read_election(str(write(tmp_path, GOOD)))
    path = tmp_path / "results.csv"
    spelled = HEAD.upper().replace("_", " ").replace(",", ", ")
    path.write_text("\n".join([spelled, *GOOD]) + "\n", encoding="utf-8-sig")
    other = read_election(str(path))
    assert other.candidates.equals(commas.candidates)
    assert other.seats.equals(commas.seats)


def test_a_file_of_no_rows_says_so_whatever_date_is_named(tmp_path):
    # It said "no general election that year or day; general elections in the file: none".
    path = write(tmp_path, [])
    with pytest.raises(InputError) as err:
        read_election(f"{path}:2031")
    assert "no rows: the file holds a header only" in str(err.value)


@pytest.mark.parametrize(
    ("column", "row"),
    [
        ("constituency_id", "2031-05-01,general,,North,900,C,Ed,20"),
        ("region", "2031-05-01,general,S-2,,900,C,Ed,20"),
        ("party", "2031-05-01,general,S-2,North,900,,Ed,20"),
    ],
)
def test_a_row_without_seat_region_or_party_is_refused_naming_row_and_column(tmp_path, column, row):
    message = refusal(write(tmp_path, [*GOOD, row]))
    assert f"row 6, column {column}: blank" in message


def test_who_was_declared_elected_is_read_where_the_file_says(tmp_path):
    path = tmp_path / "results.csv"
    rows = [f"{r},{flag}" for r, flag in zip(GOOD, ["1", "0", "", "True"], strict=True)]
    path.write_text("\n".join([f"{HEAD},elected", *rows]) + "\n", encoding="utf-8")
    assert read_election(str(path)).candidates["elected"].tolist() == [True, False, False, True]
    assert not read_election(str(write(tmp_path, GOOD))).candidates["elected"].any()
    # Spelt out, as result sheets often say it (they were read as not elected).
    words = [
        f"{r},{flag}" for r, flag in zip(GOOD, ["Elected", "Defeated", "", "WON"], strict=True)
    ]
    path.write_text("\n".join([f"{HEAD},elected", *words]) + "\n", encoding="utf-8")
    assert read_election(str(path)).candidates["elected"].tolist() == [True, False, False, True]
    assert not any("declared winner" in n for n in read_election(str(path)).notes)


@pytest.mark.parametrize("true", ["WAHR", "VRAI", "VERDADERO"])
def test_true_as_another_locale_exports_it_is_elected(tmp_path, true):
    # A German spreadsheet exports TRUE as WAHR: no one was read as elected.
    path = tmp_path / "results.csv"
    rows = [f"{r},{flag}" for r, flag in zip(GOOD, [true, "FALSE", "", true], strict=True)]
    path.write_text("\n".join([f"{HEAD},elected", *rows]) + "\n", encoding="utf-8")
    assert read_election(str(path)).candidates["elected"].tolist() == [True, False, False, True]


def test_a_declared_winner_behind_a_rival_is_noted_and_the_counts_decide(tmp_path):
    # As the constituency-rows layout notes a named winner behind a rival; it went unsaid.
    path = tmp_path / "results.csv"
    rows = [f"{r},{flag}" for r, flag in zip(GOOD, ["0", "1", "0", "1"], strict=True)]
    path.write_text("\n".join([f"{HEAD},elected", *rows]) + "\n", encoding="utf-8")
    election = read_election(str(path))
    said = "seats whose declared winner has fewer votes than a rival, the counts deciding"
    assert f"{said}: S-1" in election.notes  # not a Python list: ['S-1']
    # All other candidates together (a party-level file's Speaker) outpoll the declared party:
    # they cannot win, so nothing is behind.
    rows = [*rows[2:], "2031-05-01,general,S-2,North,900,Others,,900,0"]
    path.write_text("\n".join([f"{HEAD},elected", *rows]) + "\n", encoding="utf-8")
    assert not any(said in n for n in read_election(str(path)).notes)


@pytest.mark.parametrize(
    ("column", "value", "says"),
    [
        (
            "electorate",
            "999999",
            "rows 2, 3, column electorate: seat S-1's rows disagree (got 1000, 999999)",
        ),
        (
            "region",
            "South",
            "rows 2, 3, column region: seat S-1's rows disagree (got North, South)",
        ),
    ],
)
def test_a_seat_whose_rows_disagree_on_its_region_or_roll_is_refused(tmp_path, column, value, says):
    cells = GOOD[1].split(",")
    cells[HEAD.split(",").index(column)] = value
    got = " ".join(refusal(write(tmp_path, [GOOD[0], ",".join(cells), *GOOD[2:]])).split())
    assert says in got


def test_a_roll_given_on_a_seats_first_row_only_is_its_roll_and_none_is_reported(tmp_path):
    rows = [GOOD[0], GOOD[1].replace(",1000,", ",,"), *(r.replace(",900,", ",,") for r in GOOD[2:])]
    e = read_election(str(write(tmp_path, rows)))
    rolls = dict(zip(e.seats["seat"], e.seats["registered"], strict=True))
    assert rolls["S-1"] == 1000
    assert np.isnan(rolls["S-2"])
    assert "rolls not given, read as unknown: S-2" in e.notes


def test_a_roll_below_the_votes_counted_is_read_as_unknown_and_reported(tmp_path):
    rows = [r.replace(",900,", ",500,") for r in GOOD]  # S-2 counts 710 votes on a roll of 500
    e = read_election(str(write(tmp_path, rows)))
    rolls = dict(zip(e.seats["seat"], e.seats["registered"], strict=True))
    assert rolls["S-1"] == 1000
    assert np.isnan(rolls["S-2"])
    assert any("rolls below the votes counted" in n and "S-2" in n for n in e.notes)


def test_a_roll_of_0_is_read_as_unknown_and_said_to_be_0(tmp_path):
    # The shipped UK file writes a roll its source leaves blank as 0 (Derbyshire West, February
    # 1974): it was reported as "rolls below the votes counted", as if the roll were a slip.
    rows = [r.replace(",900,", ",0,") for r in GOOD]
    e = read_election(str(write(tmp_path, rows)))
    assert np.isnan(dict(zip(e.seats["seat"], e.seats["registered"], strict=True))["S-2"])
    assert "rolls given as 0, read as unknown: S-2" in e.notes
    assert not any("below the votes counted" in n for n in e.notes)


ROWS_HEAD = (
    "election_date,election_type,constituency_number,province,voter_reg,votes_cast,"
    "validated_votes,win_votes,win_party,win_name,second_votes,second_party,second_name,"
    "third_votes,third_party,third_name,remainder_votes"
)
ROWS_GOOD = [
    "2031-05-01,General Election,NA-1,North,1000,700,690,400,A,Ann,200,B,Bob,60,C,Cy,30",
    "2031-05-01,General Election,NA-2,North,900,600,590,300,B,Di,250,A,Ed,40,C,Fay,0",
]


def write_rows(tmp_path, rows, name="rows.csv"):
    path = tmp_path / name
    path.write_text("\n".join([ROWS_HEAD, *rows]) + "\n", encoding="utf-8")
    return path


def changed(row: str, column: str, value: str) -> str:
    cells = row.split(",")
    cells[ROWS_HEAD.split(",").index(column)] = value
    return ",".join(cells)


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        # Left alone, the winner would vanish and the runner-up win the seat.
        ("win_party", "", "row 2, column win_party: blank, with 400 votes"),
        # Left alone, the seat would be dropped as "no votes recorded".
        # ... and each is named as the file writes it.
        ("win_votes", "nan", "row 2, column win_votes: not a count, though the second"),
        ("win_votes", "", "row 2, column win_votes: blank, though the second"),
        ("win_votes", "0", "row 2, column win_votes: 0, though the second"),
        # A European thousands separator (76.199 for 76,199) must not pass as a count.
        ("win_votes", "76.199", "row 2, column win_votes: not a count (a whole number"),
        # Read as 0, a named runner-up would drop out of the seat.
        ("second_votes", "nan", "row 2, column second_votes: not a count, though the row names"),
        ("third_votes", "", "row 2, column third_votes: blank, though the row names its party"),
    ],
)
def test_a_constituency_row_that_would_be_misread_is_refused(tmp_path, column, value, message):
    path = write_rows(tmp_path, [changed(ROWS_GOOD[0], column, value), ROWS_GOOD[1]])
    assert message in " ".join(refusal(path).split())


def test_ballots_cast_below_the_votes_counted_are_read_as_unknown_and_reported(tmp_path):
    e = read_election(
        str(write_rows(tmp_path, [changed(ROWS_GOOD[0], "votes_cast", "0"), ROWS_GOOD[1]]))
    )
    ballots = dict(zip(e.seats["seat"], e.seats["ballots"], strict=True))
    assert np.isnan(ballots["NA-1"])
    assert ballots["NA-2"] == 600
    assert any("ballots cast given as 0, read as unknown" in n and "NA-1" in n for n in e.notes)


def test_a_count_column_of_booleans_is_refused_not_read_as_ones(tmp_path):
    rows = [changed(r, "remainder_votes", "TRUE") for r in ROWS_GOOD]
    assert "row 2, column remainder_votes: not a count" in " ".join(
        refusal(write_rows(tmp_path, rows)).split()
    )


def test_padded_cells_read_as_trimmed_ones(tmp_path):
    padded = [
        changed(ROWS_GOOD[0], "win_party", "A "),
        changed(ROWS_GOOD[1], "constituency_number", " NA-2"),
    ]
    plain = read_election(str(write_rows(tmp_path, ROWS_GOOD)))
    read = read_election(str(write_rows(tmp_path, padded, name="padded.csv")))
    assert read.candidates.equals(plain.candidates)
    assert read.seats.equals(plain.seats)


def test_a_file_of_only_a_header_says_it_has_no_rows(tmp_path):
    assert "results.csv: no rows: the file holds a header only" in refusal(write(tmp_path, []))


def test_a_seat_listed_twice_with_one_result_keeps_its_first_row(tmp_path):
    # The shipped NA-230 of 2008: the same counts and parties, a name spelt two ways.
    again = changed(ROWS_GOOD[0], "third_name", "Cy Dee")
    for rows in ([*ROWS_GOOD, again], [again, *ROWS_GOOD]):
        e = read_election(str(write_rows(tmp_path, rows)))
        assert len(e.seats) == 2
        assert any("listed twice on the day, first row kept: NA-1" in n for n in e.notes)


def test_a_seat_listed_twice_with_different_results_is_refused_naming_both_rows(tmp_path):
    swapped = changed(changed(ROWS_GOOD[0], "win_party", "B"), "second_party", "A")
    for rows, lines in (
        ([*ROWS_GOOD, swapped], "rows 2 and 4"),
        ([swapped, *ROWS_GOOD], "rows 2 and 3"),
    ):
        got = " ".join(refusal(write_rows(tmp_path, rows)).split())
        assert (
            f"rows.csv: {lines}: seat NA-1 is listed twice on the day with different results" in got
        )
        assert "(win_party, second_party)" in got


@pytest.mark.parametrize(("cell", "said"), [("nan", "not a count"), ("NULL", "not a count")])
def test_a_count_a_spreadsheet_marks_missing_is_named_as_written(tmp_path, cell, said):
    rows = [*GOOD, f"2031-05-01,general,S-2,North,900,C,Ed,{cell}"]
    got = " ".join(refusal(write(tmp_path, rows)).split())
    assert f"row 6, column votes: {said}, though other candidates of seat S-2 have counts" in got
    assert f"(got {cell})" in got


def test_a_blank_count_beside_counted_rivals_is_still_called_blank(tmp_path):
    got = " ".join(
        refusal(write(tmp_path, [*GOOD, "2031-05-01,general,S-2,North,900,C,Ed,"])).split()
    )
    assert "row 6, column votes: blank, though other candidates of seat S-2 have counts" in got


@pytest.mark.parametrize("when", ["2031-05-01", "2031-05-01T00:00:00", "2031-05-01 00:00"])
def test_a_date_written_with_its_time_names_the_election(tmp_path, when):
    # FILE:DATE is split at the first colon after which the file exists, not at the last one.
    path = write(tmp_path, GOOD)
    election = read_election(f"{path}:{when}")
    assert election.date == "2031-05-01"
    assert len(election.seats) == 2


@pytest.mark.parametrize(
    ("cell", "said"), [("many", "not a count"), ("NULL", "not a count, though other")]
)
def test_a_bad_count_after_blank_lines_names_its_line_in_the_file(tmp_path, cell, said):
    # A spreadsheet leaves blank lines between blocks; the message names the line to fix.
    rows = [GOOD[0], "", GOOD[1], "", GOOD[2], f"2031-05-01,general,S-2,North,900,C,Ed,{cell}"]
    got = " ".join(refusal(write(tmp_path, rows)).split())
    assert f"row 7, column votes: {said}" in got
    assert f"(got {cell})" in got


def test_a_bad_date_after_blank_lines_names_its_line_in_the_file(tmp_path):
    rows = [GOOD[0], "", "", GOOD[1], "2031-13-45,general,S-2,North,900,A,Cy,350"]
    assert "row 6, column election_date" in refusal(write(tmp_path, rows))


def test_one_candidate_given_twice_in_a_seat_with_two_counts_is_refused(tmp_path):
    # One person cannot poll twice: which count is right is unknown (added, it inflated the
    # party's vote and was listed as the party standing twice).
    rows = [*GOOD, "2031-05-01,general,S-1,North,1000,B,Bob,120"]
    got = " ".join(refusal(write(tmp_path, rows)).split())
    assert "rows 3, 6, column candidate: seat S-1 gives candidate Bob (B) twice" in got
    assert "(got Bob)" in got


def test_one_candidate_twice_in_a_constituency_row_is_refused(tmp_path):
    row = changed(changed(ROWS_GOOD[0], "second_name", "Ann"), "second_party", "A")
    got = " ".join(refusal(write_rows(tmp_path, [row, ROWS_GOOD[1]])).split())
    assert "row 2, columns win_name, second_name: seat NA-1 gives candidate Ann (A) twice" in got


def test_two_people_of_one_name_for_two_parties_are_two_candidates(tmp_path):
    rows = [*GOOD, "2031-05-01,general,S-1,North,1000,C,Bob,120"]
    assert len(read_election(str(write(tmp_path, rows))).candidates) == 5


def test_two_independents_of_one_name_in_a_seat_are_two_candidates(tmp_path):
    # Namesakes stand as independents (common names; a rival's namesake put up to confuse):
    # no party polls once there, so two rows are two people.
    rows = [
        *GOOD,
        *(
            f"2031-05-01,general,S-1,North,1000,{ind},Cy Khan,{v}"
            for ind, v in (("Ind", 50), ("Ind", 40))
        ),
    ]
    assert len(read_election(str(write(tmp_path, rows))).candidates) == 6


def test_a_spreadsheets_empty_rows_are_skipped_as_blank_lines_are(tmp_path):
    # A spreadsheet writes an emptied row as delimiters only: a blank line, not a broken row.
    empty = "," * (len(HEAD.split(",")) - 1)
    e = read_election(str(write(tmp_path, [GOOD[0], empty, *GOOD[1:], empty, empty])))
    assert len(e.candidates) == 4
    assert sorted(e.seats["seat"]) == ["S-1", "S-2"]


def test_numbered_seats_beside_an_empty_row_keep_their_numbers(tmp_path):
    # The empty row's blank cell made the column decimal: seat 1 read as "1.0", matching no
    # seat 1 of another file.
    rows = [line.replace("S-", "") for line in GOOD] + ["," * (len(HEAD.split(",")) - 1)]
    e = read_election(str(write(tmp_path, rows)))
    assert sorted(e.seats["seat"]) == ["1", "2"]
    assert sorted(e.candidates["seat"].unique()) == ["1", "2"]


def test_slashed_dates_either_order_could_mean_are_read_month_first_and_said(tmp_path):
    # 06/05/2031 is 5 June month first, 6 May day first: nothing in the file tells, so the
    # reading is said (a day-first file would have been misdated silently).
    rows = [r.replace("2031-05-01", "06/05/2031") for r in GOOD]
    e = read_election(str(write(tmp_path, rows)))
    assert e.date == "2031-06-05"
    assert any("06/05/2031" in n and "month first" in n for n in e.notes)
    # A first field above 12 settles it: nothing to say.
    rows = [r.replace("2031-05-01", "16/05/2031") for r in GOOD]
    e = read_election(str(write(tmp_path, rows)))
    assert e.date == "2031-05-16"
    assert not any("month first" in n for n in e.notes)
    assert not any("month first" in n for n in read_election(str(write(tmp_path, GOOD))).notes)


def test_a_named_winner_behind_a_rival_in_a_constituency_row_is_said(tmp_path):
    # The file's win_ columns name Ann at 400, its second_ columns Bob at 450: a slip of the
    # file's (or a result changed later). The counts decide, as everywhere, and it is said.
    row = changed(ROWS_GOOD[0], "second_votes", "450")
    e = read_election(str(write_rows(tmp_path, [row, ROWS_GOOD[1]])))
    said = "seats whose named winner has fewer votes than a rival, the counts deciding: NA-1"
    assert said in e.notes  # not a Python list: ['NA-1']
    assert not any(
        "fewer votes" in n for n in read_election(str(write_rows(tmp_path, ROWS_GOOD))).notes
    )


def test_constituency_rows_without_a_roll_are_reported(tmp_path):
    # As the candidate rows' are: such a seat is weighed by its base votes, not its roll.
    path = write_rows(tmp_path, [changed(ROWS_GOOD[0], "voter_reg", ""), ROWS_GOOD[1]])
    e = read_election(str(path))
    assert "rolls not given, read as unknown: NA-1" in e.notes
    assert not any("rolls" in n for n in read_election(str(write_rows(tmp_path, ROWS_GOOD))).notes)


def test_constituency_rows_without_ballots_cast_are_reported(tmp_path):
    # A blank (or NaN) votes_cast left the seat's real turnout out of every turnout score
    # without a word, where a blank roll was reported.
    for cell in ("", "nan"):
        path = write_rows(tmp_path, [changed(ROWS_GOOD[0], "votes_cast", cell), ROWS_GOOD[1]])
        e = read_election(str(path))
        assert np.isnan(dict(zip(e.seats["seat"], e.seats["ballots"], strict=True))["NA-1"])
        assert "ballots cast not given, read as unknown: NA-1" in e.notes
    assert not any(
        "ballots" in n for n in read_election(str(write_rows(tmp_path, ROWS_GOOD))).notes
    )


def test_a_blank_party_with_one_vote_is_said_in_the_singular(tmp_path):
    # "row 2, column third_party: blank, with 1 votes".
    row = changed(changed(ROWS_GOOD[0], "third_party", ""), "third_votes", "1")
    path = write_rows(tmp_path, [row, ROWS_GOOD[1]])
    assert "row 2, column third_party: blank, with 1 vote" in " ".join(refusal(path).split())
    assert "1 votes" not in refusal(path)


@pytest.mark.parametrize("label", ["OTH", "Other(s)", "others"])
def test_the_labels_the_docs_give_for_all_other_candidates_are_read_as_their_aggregate(
    tmp_path, label
):
    # "Other(s)", one of the two labels docs/validation.md gives, was read as a party that can
    # win a seat: its row largest, it was the seat's winner.
    rows = [*GOOD, f"2031-05-01,general,S-1,North,1000,{label},,500"]
    election = read_election(str(write(tmp_path, rows)))
    # The label as written, never a Python list: "rows labelled ['OTH']" was printed.
    said = f"rows labelled {label} read as the aggregate of other candidates (OTH)"
    assert said in election.notes


def _with_ballots(rows: list[str], ballots: dict[str, str]) -> list[str]:
    """Candidate rows with a ``ballots_counted`` cell after the roll, by seat."""
    return [r + "," + ballots[r.split(",")[2]] for r in rows]


def write_with_ballots(tmp_path, rows):
    path = tmp_path / "results.csv"
    path.write_text("\n".join([HEAD + ",ballots_counted", *rows]) + "\n", encoding="utf-8")
    return path


def test_candidate_rows_may_give_each_seats_ballots_counted(tmp_path):
    rows = _with_ballots(GOOD, {"S-1": "720", "S-2": ""})
    e = read_election(str(write_with_ballots(tmp_path, rows)))
    ballots = dict(zip(e.seats["seat"], e.seats["ballots"], strict=True))
    assert ballots["S-1"] == 720
    assert np.isnan(ballots["S-2"])
    assert "ballots cast not given, read as unknown: S-2" in e.notes


def test_ballots_counted_below_the_votes_in_candidate_rows_are_unknown_and_reported(tmp_path):
    rows = _with_ballots(GOOD, {"S-1": "720", "S-2": "700"})  # S-2 counts 710 votes
    e = read_election(str(write_with_ballots(tmp_path, rows)))
    assert np.isnan(e.seats.set_index("seat").loc["S-2", "ballots"])
    assert any("ballots cast below the votes counted" in n and "S-2" in n for n in e.notes)


@pytest.mark.parametrize(
    ("cell", "says"),
    [("TRUE", "not a count"), ("-5", "not a count"), ("7.5", "not a count")],
)
def test_a_ballots_counted_cell_that_is_no_count_is_refused_naming_it(tmp_path, cell, says):
    rows = _with_ballots(GOOD, {"S-1": cell, "S-2": "720"})
    got = " ".join(refusal(write_with_ballots(tmp_path, rows)).split())
    assert "row 2, column ballots_counted" in got
    assert says in got


def test_a_seat_whose_rows_disagree_on_its_ballots_counted_is_refused(tmp_path):
    rows = _with_ballots(GOOD, {"S-1": "720", "S-2": "720"})
    rows[1] = rows[1].rsplit(",", 1)[0] + ",730"
    got = " ".join(refusal(write_with_ballots(tmp_path, rows)).split())
    assert "column ballots_counted: seat S-1's rows disagree" in got


def test_a_party_whose_short_code_is_another_party_of_the_file_keeps_its_name(tmp_path):
    # Pakistani short codes were applied to any file: a user's "NP" standing beside the
    # "National Party" (whose code is NP) became one party with twice the votes.
    from votebank.elections.parties import PAKISTAN_PARTY_CODES

    full, code = next(iter(PAKISTAN_PARTY_CODES.items()))
    rows = [changed(changed(ROWS_GOOD[0], "win_party", full), "second_party", code), ROWS_GOOD[1]]
    e = read_election(str(write_rows(tmp_path, rows)))
    na1 = e.candidates[e.candidates["seat"] == "NA-1"]
    assert {full, code} <= set(na1["party"])
    # Alone, the full name still reads as its code, as the shipped file does.
    e = read_election(str(write_rows(tmp_path, [changed(ROWS_GOOD[0], "win_party", full)])))
    assert code in set(e.candidates["party"])
    assert full not in set(e.candidates["party"])


def test_seat_ids_written_as_numbers_keep_their_leading_zeros(tmp_path):
    # 0503 was read as the number 503 and shown so in every table and message.
    rows = [r.replace("S-1", "0503").replace("S-2", "0504") for r in GOOD]
    election = read_election(str(write(tmp_path, rows)))
    assert sorted(election.seats["seat"].astype(str)) == ["0503", "0504"]


@pytest.mark.parametrize("cell", ["Unknown", " TBC ", "-", "?"])
def test_a_candidate_cell_that_names_no_one_is_read_as_no_name(tmp_path, cell):
    # "Unknown" in every row made a seat's candidates one person across two elections,
    # paired at random: the backtest counted 7 of 24 as having switched party.
    rows = [r.replace(",Bob,", f",{cell},").replace(",Di,", f",{cell},") for r in GOOD]
    names = read_election(str(write(tmp_path, rows))).candidates["name"].tolist()
    assert names == ["Ann", "", "Cy", ""]


def test_a_seat_whose_others_row_outpolls_every_party_is_listed(tmp_path):
    # The shipped February 1974 rows put the Speaker's Wirral and the independents' Blyth and
    # Lincoln in OTH: the best party row was silently read as each seat's winner.
    rows = [*GOOD, "2031-05-01,general,S-2,North,900,OTH,,500"]
    e = read_election(str(write(tmp_path, rows)))
    assert any(
        n.startswith("seats where the others' row (OTH) outpolls every party") for n in e.notes
    )
    assert any(n.endswith(": S-2") for n in e.notes)
    plain = read_election(str(write(tmp_path, [*GOOD, "2031-05-01,general,S-2,North,900,OTH,,5"])))
    assert not any("outpolls" in n for n in plain.notes)

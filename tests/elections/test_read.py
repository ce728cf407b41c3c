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
    assert any("no votes recorded" in n and "'S-3', 'S-4'" in n for n in e.notes)


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


def test_a_file_of_no_general_election_says_so(tmp_path):
    path = write(tmp_path, [])
    with pytest.raises(InputError) as err:
        read_election(f"{path}:2031")
    assert "general elections in the file: none" in str(err.value)


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


def test_a_roll_below_the_votes_counted_is_read_as_unknown_and_reported(tmp_path):
    rows = [r.replace(",900,", ",500,") for r in GOOD]  # S-2 counts 710 votes on a roll of 500
    e = read_election(str(write(tmp_path, rows)))
    rolls = dict(zip(e.seats["seat"], e.seats["registered"], strict=True))
    assert rolls["S-1"] == 1000
    assert np.isnan(rolls["S-2"])
    assert any("rolls below the votes counted" in n and "S-2" in n for n in e.notes)

"""Labels of one election written two ways but for case or spacing are refused."""

from __future__ import annotations

import pytest

from tests.elections.test_read import GOOD, ROWS_GOOD, changed, refusal, write, write_rows
from votebank.elections.read import read_election


def test_a_party_code_in_another_case_in_some_rows_is_refused_naming_both_rows(tmp_path):
    # Read as written, LAB would be a new party in S-2 and Lab's base votes there lost.
    rows = [r.replace(",A,", ",Lab,") for r in GOOD]
    rows[2] = rows[2].replace(",Lab,", ",LAB,")
    message = " ".join(refusal(write(tmp_path, rows)).split())
    assert "row 4, column party" in message
    assert "written 'Lab' in row 2" in message
    assert "(got LAB)" in message


def test_the_spelling_most_rows_use_is_named_as_the_label_not_the_first_written(tmp_path):
    # A stray first row must not make every later, usual, spelling look like the odd one.
    rows = [r.replace(",North,", ",NORTH,", 1) if k == 0 else r for k, r in enumerate(GOOD)]
    message = " ".join(refusal(write(tmp_path, rows)).split())
    assert "row 2, column region: written 'North' in row 3 and 2 other rows" in message
    assert "(got NORTH)" in message
    assert "row 3, column region" not in message


def test_a_region_spelt_two_ways_is_refused(tmp_path):
    rows = [*GOOD[:2], *(r.replace(",North,", ",north ,") for r in GOOD[2:])]
    rows = [r.replace(",north ,", ",NORTH,") for r in rows]
    message = " ".join(refusal(write(tmp_path, rows)).split())
    assert "row 4, column region: written 'North' in row 2" in message
    assert "(got NORTH)" in message


@pytest.mark.parametrize(("column", "value"), [("second_party", "a"), ("province", "NORTH")])
def test_a_constituency_row_label_spelt_two_ways_is_refused(tmp_path, column, value):
    path = write_rows(tmp_path, [ROWS_GOOD[0], changed(ROWS_GOOD[1], column, value)])
    assert f"row 3, column {column}" in " ".join(refusal(path).split())


def test_independents_and_others_written_two_ways_are_still_read(tmp_path):
    rows = [*GOOD, "2031-05-01,general,S-1,North,1000,Ind,Ed,10"]
    rows += [
        "2031-05-01,general,S-2,North,900,IND,Fy,10",
        "2031-05-01,general,S-2,North,900,oth,,5",
    ]
    rows += ["2031-05-01,general,S-1,North,1000,OTH,,5"]
    assert len(read_election(str(write(tmp_path, rows))).seats) == 2


def test_labels_spelt_alike_in_two_elections_of_a_file_are_not_compared(tmp_path):
    later = [r.replace("2031", "2036").replace(",A,", ",a,") for r in GOOD]
    path = write(tmp_path, [*GOOD, *later])
    assert len(read_election(f"{path}:2036").seats) == 2

"""A count written like 5.000 (five thousand where the dot separates thousands) is refused."""

from __future__ import annotations

import pytest

from votebank.elections.read import read_election
from votebank.errors import InputError

HEAD = "election_date;election_type;constituency_id;region;electorate;party;candidate;votes"
ROWS = [
    "2031-05-01;general;S-1;North;27.000;A;Ann;400",
    "2031-05-01;general;S-1;North;27.000;B;Bob;5.000",
    "2031-05-01;general;S-2;North;900;A;Cy;350",
    "2031-05-01;general;S-2;North;900;B;Di;360",
]


def test_a_count_with_a_dot_before_three_zeros_is_refused_naming_row_and_value(tmp_path):
    # A semicolon file from a locale whose dot separates thousands: Bob's 5.000 was read as
    # 5 votes and S-1's roll of 27.000 as 27, and the forecast ran on them without a word.
    path = tmp_path / "results.csv"
    path.write_text("\n".join([HEAD, *ROWS]) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_election(str(path))
    got = [(p.location, p.value) for p in err.value.problems]
    assert got == [
        ("row 3, column votes", "5.000"),
        ("row 2, column electorate", "27.000"),
        ("row 3, column electorate", "27.000"),
    ]
    assert "thousands separator" in err.value.problems[0].message


def test_a_count_written_with_a_decimal_zero_is_still_read(tmp_path):
    path = tmp_path / "results.csv"
    rows = [r.replace("27.000", "27000").replace("5.000", "5000.0") for r in ROWS]
    path.write_text("\n".join([HEAD, *rows]) + "\n", encoding="utf-8")
    votes = read_election(str(path)).candidates["votes"].tolist()
    assert votes == [400, 5000, 350, 360]


def test_a_dotted_count_that_is_no_whole_number_is_named_as_written_with_its_digits(tmp_path):
    # 4.600 (four thousand six hundred) was refused as "not a count (got 4.6)": a value the
    # file does not hold, and no word of the separator; 5.000's hint gave 5000 for any count.
    path = tmp_path / "results.csv"
    rows = [r.replace("5.000", "4.600").replace(";400", ";4.000") for r in ROWS]
    path.write_text("\n".join([HEAD, *rows]) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_election(str(path))
    votes = [p for p in err.value.problems if p.location.endswith("column votes")]
    assert [(p.location, p.value) for p in votes] == [
        ("row 2, column votes", "4.000"),
        ("row 3, column votes", "4.600"),
    ]
    assert "without it (4000), or as the number it is (4)" in votes[0].message
    assert "not a count" in votes[1].message
    assert "thousands separator here: write the count without it (4600)" in votes[1].message

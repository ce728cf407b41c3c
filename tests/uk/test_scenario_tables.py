"""The UK scenario's tables: a seat code the results do not hold is named under --seat."""

from tests.uk.test_bad_input import refused
from tests.uk.test_results_files import votebank


def test_a_seat_not_in_the_results_is_named_under_the_option(tmp_path):
    # It was reported as a fault of the file's election_date column, with the date as the value.
    out = tmp_path / "out"
    got = votebank("import-uk", "2010", "--out", out, "--seat", "E14000530", "--seat", "e14000531")
    refused(
        got, "--seat: no contest on 2010-05-06 in", "uk_results_contests.csv", "(got e14000531)"
    )
    assert "column election_date" not in got.stderr
    assert not out.exists()

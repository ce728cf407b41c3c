"""The national-totals rows a share cannot come from are refused naming the file and row."""

import pytest

from tests.uk.test_bad_input import refused
from tests.uk.test_results_files import TARGET, frames, votebank, write
from votebank.errors import InputError
from votebank.uk import results_files


def _rows(t):
    return t.index[t["election_date"] == TARGET]


def _two_totals(t):
    # A typo in one row's total: the first row's was used, and every share shrank by a third.
    t.loc[_rows(t)[0], "total_valid_votes"] = t.loc[_rows(t)[0], "total_valid_votes"] * 3 // 2
    return t


def _parts_over(t):
    # Each row within its total, together over it: the target shares added up to 1.32.
    t.loc[_rows(t)[0], "votes"] = t.loc[_rows(t)[0], "total_valid_votes"]
    return t


@pytest.mark.parametrize(
    ("edit", "texts"),
    [
        (
            _two_totals,
            ["row 9, column total_valid_votes: differs from row 8's (7,260)", "got 4,840"],
        ),
        (
            _parts_over,
            [
                "election_date 2005-05-05, scope GB, column votes: the parties' votes add up",
                "got 8,170",
            ],
        ),
    ],
)
def test_totals_whose_shares_cannot_add_up_are_refused(tmp_path, edit, texts):
    c, k, t = frames()
    src = write(tmp_path / "data", c, k, edit(t.copy()))
    with pytest.raises(InputError) as e:
        results_files.read_checked(results_files.beside(src).totals, "totals")
    message = " ".join(str(e.value).split())
    assert all(text in message for text in texts), message


def test_uk_projection_refuses_two_totals_for_one_date(tmp_path):
    c, k, t = frames()
    src = write(tmp_path / "data", c, k, _two_totals(t.copy()))
    got = votebank("uk-projection", "--results", src, "--runs", 2, "--seed", 1)
    refused(got, "uk_national_totals.csv: row", "column total_valid_votes", "one total for GB")


def test_the_shipped_totals_pass():
    assert len(results_files.read_checked(results_files.shipped().totals, "totals")) == 515

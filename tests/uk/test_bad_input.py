"""A user's UK files with bad cells: refused naming the user's file, row and value (exit 2).

Never a traceback, never the temporary scenario the tool builds from the files, nothing written.
The files are the synthetic ones of test_results_files (five seats, 2001 and 2005).
"""

import pandas as pd
import pytest

from tests.uk.test_results_files import BASE, TARGET, frames, votebank, write
from votebank.errors import InputError
from votebank.uk import results_files
from votebank.uk.elections import general_elections
from votebank.uk.shares import poll_average
from votebank.uk.totals import gb_shares_from_totals

POLLS = "uk_polls_2010_2017.csv"
WINDOW = "2005-04-01:2005-05-01"


def polls(**cells) -> pd.DataFrame:
    """Three polls in April 2005; ``cells`` set the second poll's cells (as text)."""
    rows = [
        ["2005-04-04", "2005-04-05", "33", "36", "22", "3", ""],
        ["2005-04-11", "2005-04-12", "34", "37", "21", "", "2"],
        ["2005-04-18", "2005-04-19", "32", "38", "20", "4", "3"],
    ]
    frame = pd.DataFrame(
        rows, columns=["fieldwork_start", "fieldwork_end", "con", "lab", "ld", "ukip", "green"]
    )
    for col, value in cells.items():
        frame.loc[1, col] = value
    return frame


def write_polls(folder, frame):
    src = write(folder)
    frame.to_csv(folder / POLLS, index=False)
    return src


def refused(got, *texts):
    """Exit 2, no traceback, no temporary file named, each text in the unwrapped message."""
    message = " ".join(got.stderr.split())
    assert got.returncode == 2, got.stderr
    assert "Traceback" not in got.stderr
    assert "votebank-uk-" not in message  # the temporary folder of the built scenario
    for text in texts:
        assert text in message


@pytest.mark.parametrize("value", ["true", "-50", "inf", "1e300", "101", "", "nan"])
def test_a_poll_share_that_is_no_share_is_refused_naming_its_row(tmp_path, value):
    src = write_polls(tmp_path, polls(con=value))
    with pytest.raises(InputError, match=rf"{POLLS}: row 3, column con: not a share"):
        results_files.read_checked(results_files.beside(src).polls, "polls")


def test_import_uk_refuses_a_bad_poll_naming_the_polls_file(tmp_path):
    src = write_polls(tmp_path / "data", polls(lab="-50"))
    out = tmp_path / "out"
    got = votebank("import-uk", BASE, "--polls", WINDOW, "--results", src, "--out", out)
    refused(got, f"{POLLS}: row 3, column lab", "got -50")
    assert not out.exists()


def test_a_poll_given_twice_row_for_row_is_refused_naming_both_rows(tmp_path):
    # It counted twice in the mean of the polls of its window.
    twice = pd.concat([polls(), polls().iloc[[1]]], ignore_index=True)
    src = write_polls(tmp_path / "data", twice)
    out = tmp_path / "out"
    got = votebank("import-uk", BASE, "--polls", WINDOW, "--results", src, "--out", out)
    refused(got, f"{POLLS}: row 5: repeats an earlier row", "got row 3")
    assert not out.exists()


def test_the_shipped_polls_give_each_poll_once():
    assert results_files.read_checked(results_files.shipped().polls, "polls").shape[0] == 2207


def test_polls_over_100_are_refused_and_unreported_parties_may_be_blank(tmp_path):
    src = write_polls(tmp_path / "over", polls(con="60", lab="50"))
    with pytest.raises(InputError, match=rf"{POLLS}: row 3: shares add up to more than 100"):
        results_files.read_checked(results_files.beside(src).polls, "polls")
    # Blank UKIP and Green (early polls give none) are not zeros: the mean is of the others.
    with results_files.using(results_files.beside(write_polls(tmp_path / "ok", polls()))):
        shares = poll_average("2005-04-01", "2005-05-01")
    assert shares["UKIP"] == pytest.approx(0.035)
    assert shares["Con"] == pytest.approx(0.33)


def test_poll_dates_are_read_as_results_dates_are(tmp_path):
    slashed = polls()
    for col in ("fieldwork_start", "fieldwork_end"):
        slashed[col] = [f"{d.month}/{d.day}/{d:%y}" for d in pd.to_datetime(slashed[col])]
    with results_files.using(results_files.beside(write_polls(tmp_path / "ok", slashed))):
        assert poll_average("2005-04-01", "2005-04-30")["Con"] == pytest.approx(0.33)
    src = write_polls(tmp_path / "bad", polls(fieldwork_end="April 2005"))
    with pytest.raises(InputError, match=r"row 3, column fieldwork_end.*got April 2005"):
        results_files.read_checked(results_files.beside(src).polls, "polls")


def test_a_polls_window_that_is_no_dates_is_refused(tmp_path):
    src = write_polls(tmp_path / "data", polls())
    out = tmp_path / "out"
    got = votebank("import-uk", BASE, "--polls", "4/1/05:5/1/05", "--results", src, "--out", out)
    refused(got, "--polls", "got 4/1/05:5/1/05")
    assert not out.exists()


def test_a_polls_window_with_no_poll_names_the_file_column_and_window(tmp_path):
    # It exited 1 with a bare "error: no polls in ...".
    src = write_polls(tmp_path / "data", polls())
    out = tmp_path / "out"
    got = votebank(
        "import-uk", BASE, "--polls", "2005-06-01:2005-06-30", "--results", src, "--out", out
    )
    refused(got, f"{POLLS}: column fieldwork_start", "its polls start 2005-04-04 to 2005-04-18")
    assert "(got 2005-06-01:2005-06-30)" in " ".join(got.stderr.split())
    assert not out.exists()


def test_the_election_type_is_read_in_any_case_and_spacing(tmp_path):
    c, k, t = frames()
    c["election_type"] = "General Election "
    k["election_type"] = " General"
    src = write(tmp_path / "data", c, k, t)
    with results_files.using(results_files.beside(src)):
        assert general_elections() == [BASE, TARGET]
        assert gb_shares_from_totals(TARGET, exclude_regions=["Scotland"])["Lab"] > 0
    got = votebank("uk-projection", "--results", src, "--runs", 2, "--seed", 1)
    assert got.returncode == 0, got.stderr
    assert "RuntimeWarning" not in got.stderr


def _lab_row(t, day=TARGET):
    return t.index[(t["election_date"] == day) & (t["party"] == "Lab")][0]


def _twice(t):
    return pd.concat([t, t.loc[[_lab_row(t)]]], ignore_index=True)


def _zero(t):
    t.loc[t["election_date"] == TARGET, "total_valid_votes"] = 0
    return t


def _big(t):
    t.loc[_lab_row(t), "votes"] = 10**8
    return t


def _missing(t):
    return t.drop(index=_lab_row(t))


@pytest.mark.parametrize(
    ("edit", "texts"),
    [
        (_twice, ["column party: given twice for GB on 2005-05-05", "got Lab"]),
        (_zero, ["column total_valid_votes: no valid votes", "got 0"]),
        (_big, ["column votes: more than the row's total_valid_votes", "got 100,000,000"]),
        (_missing, ["2005-05-05, column party: no GB row for this party", "stood", "got Lab"]),
    ],
)
def test_national_totals_that_cannot_be_shares_are_refused(tmp_path, edit, texts):
    c, k, t = frames()
    src = write(tmp_path / "data", c, k, edit(t.copy()))
    got = votebank("uk-projection", "--results", src, "--runs", 2, "--seed", 1)
    refused(got, "uk_national_totals.csv", *texts)
    if edit is not _missing:
        assert "uk_national_totals.csv: row " in " ".join(got.stderr.split())


def test_import_uk_refuses_a_file_as_out_before_any_work(tmp_path):
    src = write(tmp_path / "data")
    out = tmp_path / "afile"
    out.write_text("keep me")
    got = votebank("import-uk", BASE, "--results", src, "--out", out)
    refused(got, "--out: is a file; give a folder", str(out))
    assert out.read_text() == "keep me"


def test_a_seat_without_candidates_is_named_in_the_users_file(tmp_path):
    c, k, t = frames()
    c = c[~((c["election_date"] == TARGET) & (c["constituency_id"] == "E3"))]
    src = write(tmp_path / "data", c, k, t)
    got = votebank("uk-projection", "--results", src, "--runs", 2, "--seed", 1)
    refused(
        got,
        "uk_results_candidates.csv: column constituency_id",
        "no candidate on 2005-05-05",
        "got E3 (Ceeton)",
    )
    assert "constituencies.csv" not in got.stderr

"""Seats' shares (``shares_by``): a set of seats with no votes has none to swing from."""

from tests.uk.test_bad_input import refused
from tests.uk.test_results_files import BASE, TARGET, frames, votebank, write


def test_a_region_apart_with_no_votes_is_named_in_the_users_file(tmp_path):
    # Scotland's seats at 0 votes at the base: its shares were NaN (two RuntimeWarnings), and
    # the scenario was refused naming a temporary scenario.toml the user never saw.
    c, k, t = frames()
    c.loc[(c.election_date == BASE) & (c.region == "Scotland"), "votes"] = 0
    src = write(tmp_path / "data", c, k, t)
    got = votebank(
        "import-uk", BASE, "--target-election", TARGET, "--results", src, "--out", tmp_path / "out"
    )
    refused(
        got, "uk_results_candidates.csv: column votes", f"no votes in region(s) Scotland on {BASE}"
    )
    assert "RuntimeWarning" not in got.stderr
    assert not (tmp_path / "out").exists()


def test_polls_begun_after_polling_day_are_named_in_a_note(tmp_path):
    # A window running past polling day averaged the polls taken after the vote without a
    # word: hindsight in what reads as a forecast.
    from tests.uk.test_poll_columns import COLUMNS, ROWS, polls, write_files

    late = ["2005-05-06", "2005-05-07", "Late Ltd", "40", "30", "14", "10", "2"]
    src = write_files(tmp_path / "data", polls(COLUMNS, [*ROWS, late]))
    said = {}
    for window in ("2005-04-01:2005-05-10", "2005-04-01:2005-05-04"):
        out = tmp_path / window.replace(":", "-")
        got = votebank(
            "import-uk", BASE, "--polls", window, "--slate", TARGET, "--results", src, "--out", out
        )
        assert got.returncode == 0, got.stderr
        said[window] = " ".join(got.stderr.split())
    note = "1 of the polls averaged (--polls 2005-04-01:2005-05-10) started on or after polling"
    assert note in said["2005-04-01:2005-05-10"]
    assert f"day, {TARGET} (Late Ltd 2005-05-06)" in said["2005-04-01:2005-05-10"]
    assert "polling day" not in said["2005-04-01:2005-05-04"]

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

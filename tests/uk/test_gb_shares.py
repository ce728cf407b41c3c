"""gb_shares_from_totals takes off only votes that the GB totals hold (not Northern Ireland's)."""

import pytest

from votebank.uk.tables import candidates_table
from votebank.uk.totals import gb_shares_from_totals


@pytest.mark.parametrize("date", ["2010-05-06", "2015-05-07"])
def test_england_and_wales_shares_match_the_candidate_file(date):
    c = candidates_table()
    c = c[(c["election_date"] == date) & c["nation"].isin(["England", "Wales"])]
    direct = c.groupby("party")["votes"].sum() / c["votes"].sum()
    got = gb_shares_from_totals(date, exclude_regions=["Scotland", "Northern Ireland"])
    for party in ("Con", "Lab", "LD", "UKIP", "Green", "PC"):
        assert got[party] == pytest.approx(direct[party], abs=1e-9)


def test_excluding_northern_ireland_alone_changes_nothing():
    a = gb_shares_from_totals("2015-05-07")
    b = gb_shares_from_totals("2015-05-07", exclude_regions=["Northern Ireland"])
    assert a == pytest.approx(b)


def test_a_file_of_scotlands_seats_alone_is_projected_on_scotlands_shares(tmp_path):
    # Scotland swings apart, and nothing was left of the GB totals once its votes were taken
    # off: NaN shares (RuntimeWarnings) and a refusal naming a temporary scenario.toml.
    from tests.uk.test_results_files import SEATS, VOTES, frames, votebank, write

    scotland = [s for s in SEATS if s[3] == "Scotland"]
    votes = {day: {"S1": seats["S1"]} for day, seats in VOTES.items()}
    src = write(tmp_path / "data", *frames(votes, scotland))
    got = votebank("uk-projection", "--results", src, "--runs", 2, "--seed", 1)
    assert got.returncode == 0, got.stderr
    assert "RuntimeWarning" not in got.stderr
    assert "GE2005 projected from GE2001" in " ".join(got.stdout.split())

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

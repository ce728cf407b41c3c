"""When the leader's share cannot be read by the Klimek fit: every valid vote, nearly everywhere."""

import numpy as np

from votebank.forensics.klimek_reading import unreadable_share


def test_a_share_of_100_percent_at_95_percent_of_stations_or_more_is_unreadable():
    share, turnout = np.full(200, 1.0), np.linspace(0.4, 0.8, 200)
    assert "all the valid votes at 200 of 200 stations" in unreadable_share(share, turnout)
    share[:10] = 0.6  # 190 of 200 (95%): still one point on the share axis, but for a few
    assert "at 190 of 200 stations" in unreadable_share(share, turnout)
    share[:11] = 0.6  # 189 of 200: read
    assert unreadable_share(share, turnout) is None
    assert unreadable_share(np.linspace(0.3, 0.7, 200), turnout) is None


def test_stations_unanimous_in_turnout_too_are_left_to_the_fit():
    # At 100% turnout and 100% for the leader they sit in the model's extreme cluster, which
    # the fit reads as extreme fraud (tests/forensics/test_klimek_extreme.py).
    share, turnout = np.full(200, 1.0), np.full(200, 1.0)
    assert unreadable_share(share, turnout) is None
    turnout[:190] = 0.7  # 190 of 200 below: one point on the share axis again
    assert "at 190 of 200 stations" in unreadable_share(share, turnout)


def test_a_share_of_nearly_100_percent_everywhere_is_unreadable_too():
    # One candidate and a few votes against at each station (share 97-100%): before, only an
    # exact 100% counted, and the fit read such a file as extreme fraud (f_e 0.08, flagged).
    share, turnout = np.linspace(0.97, 1.0, 200), np.linspace(0.4, 0.8, 200)
    assert "at 200 of 200 stations with valid ballots (or nearly: 95% or more)" in (
        unreadable_share(share, turnout)
    )
    assert unreadable_share(np.linspace(0.90, 1.0, 200), turnout) is None  # half below 95%

"""First past the post, with ties decided by lot."""

import numpy as np
from scipy import stats

from votebank.core.count import fptp


def test_plurality_winner_and_aggregates_never_win():
    votes = np.array([[10, 30, 20], [50, 40, 60]])
    can_win = np.array([[True, True, True], [True, True, False]])
    winner, tie = fptp(votes, can_win, np.random.default_rng(0).random(votes.shape))
    assert winner.tolist() == [1, 0]
    assert not tie.any()


def test_tie_is_decided_by_a_fair_lot():
    votes = np.tile([100, 100, 40], (4000, 1))
    can_win = np.ones_like(votes, dtype=bool)
    winner, tie = fptp(votes, can_win, np.random.default_rng(1).random(votes.shape))
    assert tie.all()
    assert set(np.unique(winner)) == {0, 1}
    # Fair coin: two-sided binomial test at the 0.1% level.
    assert stats.binomtest(int((winner == 0).sum()), 4000, 0.5).pvalue > 0.001


def test_three_way_tie_is_uniform():
    votes = np.tile([7, 7, 7], (6000, 1))
    winner, _ = fptp(
        votes, np.ones_like(votes, dtype=bool), np.random.default_rng(2).random(votes.shape)
    )
    counts = np.bincount(winner, minlength=3)
    assert stats.chisquare(counts).pvalue > 0.001

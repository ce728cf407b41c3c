"""First past the post, with ties decided by lot."""

import numpy as np
import pytest
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


def test_a_ctrl_c_inside_a_kernel_call_waits_until_it_returns(monkeypatch):
    # Numba passes a Generator in through Python code (ctypes.cast) and ignores an error
    # there: a Ctrl-C raised inside the call left the kernel drawing through a null pointer,
    # and calibrate, match or run died of a segmentation fault instead of stopping.
    import signal

    import votebank as vb
    import votebank.core.count as count_module
    from votebank.core.vote_kernels import direct
    from votebank.run.model import Model

    calls = []

    def landing_inside(kernel, args):
        compiled = direct(kernel, args)

        def call(*a):
            signal.raise_signal(signal.SIGINT)  # as one landing in numba's unboxing
            calls.append("started")
            compiled(*a)
            calls.append("returned")

        return call

    monkeypatch.setattr(count_module, "direct", landing_inside)
    model = Model.of(vb.load_scenario("tiny"), seed=1)
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
    with pytest.raises(KeyboardInterrupt):
        model.outcome(0)
    assert calls == ["started", "returned"]  # the call ran out, then the Ctrl-C stopped the run
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # Python's, again

"""Rules added for issue 16's second pass: a label new to a seat starts from its block share,
seats are weighed by roll x base turnout, every run honours the given totals, and the drawn
volatility (``tau``) is fitted from the spread of volatility between regions."""

import numpy as np
import pandas as pd
import pytest

from tests.backtest.test_pair_forecast import election
from votebank.backtest.baselines import information, labels_of
from votebank.backtest.central import raw_shares
from votebank.backtest.fit import _scale, _tau, brier_gap
from votebank.backtest.forecast import Params, ensemble, mean_shares
from votebank.backtest.pair import make_pair

SEATS = tuple(f"s{i}" for i in range(30))


def test_a_label_new_to_the_seat_starts_from_its_block_share():
    base = election(
        [
            ("s1", "Ann Lee", "A", 60),
            ("s1", "Bo Chan", "B", 40),
            ("s2", "Cy Dune", "A", 50),
            ("s2", "Di Eze", "C", 50),
        ],
        seats=("s1", "s2"),
    )
    target = election([("s1", "Al Ray", "A", 50), ("s1", "Bo Chan", "B", 20),
                       ("s1", "Ed Fox", "C", 30), ("s2", "Cy Dune", "A", 50),
                       ("s2", "Di Eze", "C", 50)], seats=("s1", "s2"))  # fmt: skip
    pair = make_pair(base, target)
    blk, B, T = information(pair, "national")
    c = labels_of(pair).index("C")
    ed = pair.slate["name"].eq("Ed Fox").to_numpy()
    # C had no vote in s1: with nu = 1 it starts from its national share there (0.4 over
    # the two seats), with nu = 0 from what proportional swing implies (0, floored).
    assert T[0, c] == pytest.approx(0.4)
    assert raw_shares(pair, blk, B, T, 1.0, 0.0, nu=1.0)[ed][0] == pytest.approx(T[0, c])
    assert raw_shares(pair, blk, B, T, 1.0, 0.0, nu=0.0)[ed][0] == pytest.approx(0.001)
    # A label present in the seat is not touched by nu.
    bo = pair.slate["name"].eq("Bo Chan").to_numpy()
    np.testing.assert_allclose(
        raw_shares(pair, blk, B, T, 1.0, 0.0, nu=1.0)[bo],
        raw_shares(pair, blk, B, T, 1.0, 0.0, nu=0.0)[bo],
    )


def with_rolls(e, rolls):
    seats = e.seats.copy()
    seats["registered"] = rolls
    return type(e)(e.label, e.file, e.date, seats, e.candidates)


def test_seats_are_weighed_by_the_target_roll_times_the_base_turnout():
    rows = [("s1", "Ann Lee", "A", 30), ("s1", "Bo Chan", "B", 20),
            ("s2", "Cy Dune", "A", 10), ("s2", "Di Eze", "B", 30)]  # fmt: skip
    base = with_rolls(election(rows, ("s1", "s2")), [100.0, 80.0])
    target = with_rolls(election(rows, ("s1", "s2")), [200.0, 0.0])
    pair = make_pair(base, target)
    # s1: turnout 50 / 100 on a roll of 200; s2 has no target roll: its base votes (40).
    np.testing.assert_allclose(pair.sizes(), [100.0, 40.0])


def random_pair(seed=3):
    rng = np.random.default_rng(seed)
    rows = []
    for s in SEATS:
        v = rng.dirichlet([4, 3, 1]) * 1000
        rows += [(s, f"{p} {s}", p, float(x)) for p, x in zip("ABC", v, strict=True)]
    after = [(s, n, p, v * (1.3 if p == "C" else 1.0)) for s, n, p, v in rows]
    return make_pair(election(rows, SEATS), election(after, SEATS))


def block_totals(pair, shares):
    col = {q: k for k, q in enumerate(labels_of(pair))}
    k = pair.slate["label"].map(col).to_numpy()
    size = pair.sizes()[pair.slate["i"].to_numpy()]
    got = np.stack([np.bincount(k, r * size, minlength=len(col)) for r in shares])
    return got / got.sum(axis=1, keepdims=True)


def raked_and_free(k: float, runs: int, seed: int):
    """A random pair given national shares, and the same runs raked to them and left free."""
    pair = random_pair()
    info = information(pair, "national")
    p = Params(k_seat=(k,) * 5, core=1.0)  # normal tails, as the figures below were measured
    m = mean_shares(pair, *info, p, "national")
    raked = ensemble(pair, m, p, "national", runs, seed, info)
    return pair, info, m, raked, ensemble(pair, m, p, "national", runs, seed)


def test_every_run_honours_the_given_totals():
    pair, info, _, raked, free = raked_and_free(k=2.0, runs=200, seed=7)
    # Raked runs hit the given national shares within 0.002 (measured 2e-7, 10 rounds); the
    # same runs left free miss them by several points (measured 0.13: the test can fail).
    assert np.abs(block_totals(pair, raked) - info[2][0]).max() < 0.002
    assert np.abs(block_totals(pair, free) - info[2][0]).max() > 0.02


def test_a_drawn_volatility_spreads_the_runs():
    pair = random_pair()
    info = information(pair, "regional")
    m = mean_shares(pair, *info, Params(), "regional")
    spread = {}
    for tau in (0.0, 0.5):
        runs = ensemble(pair, m, Params(tau=tau, sd_slope=0.0), "regional", 400, 11, info)
        # Each run's log deviation sd over its 90 candidates: the run's own volatility.
        per_run = np.log(runs / m).std(axis=1)
        spread[tau] = np.log(per_run).std()
    # tau 0: per-run sds vary only by sampling and the heavy tails (measured 0.12); tau 0.5:
    # by exp(0.5 z) too (measured 0.50).
    assert spread[0.0] < 0.2
    assert spread[0.5] > 0.3


def test_tau_recovers_the_spread_of_volatility_between_regions():
    rng = np.random.default_rng(2)
    log_sd = np.array([-0.4, -0.2, 0.0, 0.2, 0.4, 0.0])
    frames = [
        pd.DataFrame({"region": f"r{j}", "kind": 1, "z": rng.normal(0, np.exp(s), 800), "pair": 0})
        for j, s in enumerate(log_sd)
    ]
    r = pd.concat(frames, ignore_index=True)
    ks = np.ones(5)
    # sd of log_sd is 0.28; sampling error of each region's log sd is 1/sqrt(1600) = 0.025.
    assert _tau(r, ks) == pytest.approx(log_sd.std(ddof=1), abs=0.05)
    # Fewer than three regions of 20 residuals: nothing to measure.
    assert _tau(r[r["region"].isin(["r0", "r1"])], ks) == 0.0
    # A region whose residuals do not spread at all (log 0) is left out, not a NaN.
    flat = pd.DataFrame({"region": "flat", "kind": 1, "z": np.zeros(50), "pair": 0})
    assert _tau(pd.concat([r, flat]), ks) == pytest.approx(_tau(r, ks))


def test_brier_gap_by_hand():
    won = np.array([["A", "A"], ["A", "B"], ["A", "B"], ["B", "B"]], dtype=object)
    actual = np.array(["A", "C"], dtype=object)
    # Seat 1: p = (0.75, 0.25), A won: Brier 0.125, expected 1 - 0.625 = 0.375.
    # Seat 2: p = (0.25, 0.75), C won (never drawn): Brier 0.0625 + 0.5625 + 1 = 1.625,
    # expected 0.375 (the multi-category Brier of votebank.calibrate.scores).
    np.testing.assert_allclose(brier_gap(actual, won), [-0.25, 1.25])


def test_the_scale_posterior_is_wide_for_one_small_pair():
    pair = random_pair()
    data = [(pair, information(pair, "regional"), None, None)]
    scale, sd, _ = _scale(data, Params(), "regional")
    # The target barely differs from the base, so the posterior leans to the grid's small
    # end (measured 0.35), but 30 seats pin it only loosely: log sd measured 0.16.
    assert 0.3 <= scale < 0.6
    assert sd > 0.1


def test_raked_runs_are_centred_on_the_central_path():
    _, _, m, raked, free = raked_and_free(k=1.5, runs=2000, seed=4)
    off = {
        name: np.abs(np.median(np.log(x / m), axis=0)).mean()
        for name, x in (("raked", raked), ("free", free))
    }
    # Mean |median log deviation| over candidates: raked runs (median-preserving errors)
    # measured 0.059, free runs (mean-preserving, exp(e - v/2)) 0.104 (seeds 4 and 5 alike;
    # 2000 runs: sampling error of a median well under 0.01).
    assert off["raked"] < 0.08
    assert off["free"] > 0.09
    # The free runs keep each candidate's mean share instead (measured 0.002 off on average).
    assert np.abs(free.mean(axis=0) - m).mean() < 0.005

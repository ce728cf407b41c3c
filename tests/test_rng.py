"""Named streams: stable, independent of hash seeds and of the order they are asked for."""

import subprocess
import sys

import numpy as np
import pytest
from scipy import stats

from votebank.rng import (
    FEW_UNITS,
    Streams,
    binomial_by_inversion,
    bounds_of,
    name_key,
    pcg64_states,
)


def test_same_name_same_numbers_different_name_different():
    a = Streams(42, 3).generator("vote.turnout", 7).random(5)
    b = Streams(42, 3).generator("vote.turnout", 7).random(5)
    c = Streams(42, 3).generator("vote.choice", 7).random(5)
    d = Streams(42, 4).generator("vote.turnout", 7).random(5)
    assert np.array_equal(a, b)
    assert not np.array_equal(a, c)
    assert not np.array_equal(a, d)


def test_order_of_requests_does_not_matter():
    s = Streams(1, 0)
    first = s.generator("a").random(3)
    s.generator("b").random(1000)
    again = Streams(1, 0).generator("a").random(3)
    assert np.array_equal(first, again)


def test_name_key_is_independent_of_pythonhashseed():
    code = "from votebank.rng import name_key; print(name_key('biradari.choice'))"
    outs = {
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            env={"PYTHONHASHSEED": seed, "PATH": ""},
            check=True,
        ).stdout
        for seed in ("0", "1", "12345")
    }
    assert outs == {f"{name_key('biradari.choice')}\n"}


def test_segmented_draws_leave_other_units_untouched():
    """Changing one unit's inputs changes only that unit's draws (common random numbers)."""
    s = Streams(9, 0)
    n = np.full(30, 100)
    p = np.full(30, 0.3)
    bounds = bounds_of(np.repeat(np.arange(3), 10), 3)
    base = s.binomial("x", n, p, bounds)
    p2 = p.copy()
    p2[10:20] = 0.9
    changed = s.binomial("x", n, p2, bounds)
    assert np.array_equal(base[:10], changed[:10])
    assert np.array_equal(base[20:], changed[20:])
    assert not np.array_equal(base[10:20], changed[10:20])


def test_uniforms_are_uniform():
    # KS test at the 0.1% level on 20,000 draws spread over 50 units.
    u = Streams(5, 0).uniform("u", bounds_of(np.repeat(np.arange(50), 400), 50))
    assert stats.kstest(u, "uniform").pvalue > 0.001


def test_multinomial_is_exact_in_mean_and_total():
    s = Streams(3, 0)
    n = np.full(4000, 50)
    probs = np.tile([0.2, 0.5, 0.3], (4000, 1))
    out = s.multinomial("m", n, probs, bounds_of(np.zeros(4000, dtype=int), 1))
    assert np.array_equal(out.sum(axis=1), n)
    # Mean of each category within 5 standard errors of n * p.
    se = np.sqrt(50 * probs[0] * (1 - probs[0]) / 4000)
    assert np.all(np.abs(out.mean(axis=0) - 50 * probs[0]) < 5 * se)


@pytest.mark.parametrize("entropy", [0, 1, 2**32, 2**70 + 5, 2**128 - 1, 2**200 + 3])
def test_generators_seeded_together_draw_as_one_at_a_time(entropy):
    """Every unit's generator from the vectorised seeding is NumPy's, state and draws (enough
    units to be seeded together, and a few, seeded one at a time)."""
    units = np.array([0, 1, 7, 268, 65_535, 2**32 - 1, *range(300, 300 + FEW_UNITS)])
    for streams in (Streams(entropy, 3, "p."), Streams(entropy, 0).of_seats(units[::-1])):
        for count in (len(units), FEW_UNITS - 1):
            at_once = streams.generators("vote.choice.own", np.arange(count))
            for unit, gen in zip(range(count), at_once, strict=True):
                one = streams.generator("vote.choice.own", unit)
                assert gen.bit_generator.state == one.bit_generator.state
                assert np.array_equal(gen.binomial(50, 0.3, 20), one.binomial(50, 0.3, 20))


def test_pcg64_states_match_numpy_on_random_keys():
    rnd = np.random.default_rng(20260218)
    for _ in range(50):
        entropy = int(rnd.integers(0, 2**62)) << int(rnd.integers(0, 100))
        prefix = tuple(int(x) for x in rnd.integers(0, 2**32, 3))
        units = rnd.integers(0, 2**32, 4)
        for unit, (state, inc) in zip(units, pcg64_states(entropy, prefix, units), strict=True):
            seq = np.random.SeedSequence(entropy=entropy, spawn_key=(*prefix, int(unit)))
            want = np.random.PCG64(seq).state["state"]
            assert (state, inc) == (want["state"], want["inc"])


def test_generators_past_32_bit_units_fall_back_to_one_at_a_time():
    streams = Streams(7, 1).of_seats(np.array([3, 2**33 + 5]))
    for unit, gen in zip(range(2), streams.generators("x", np.arange(2)), strict=True):
        assert gen.bit_generator.state == streams.generator("x", unit).bit_generator.state


def test_monotone_binomials_invert_every_cells_uniform_and_never_fall_as_p_rises():
    # Cells with no trials or p = 0 are not inverted (their quantile is 0 whatever the
    # uniform): the draws are the full inversion's, cell for cell.
    rng = np.random.default_rng(3)
    n = rng.integers(0, 400, 3000)
    n[::4] = 0
    p = rng.random(3000)
    p[::3] = 0.0
    segments = np.array([0, 1000, 1000, 3000])  # a unit without cells too
    s = Streams(11, 2)
    u = np.zeros(3000)
    for unit, gen in zip([0, 2], s.generators("canvass", np.array([0, 2])), strict=True):
        u[segments[unit] : segments[unit + 1]] = gen.random(segments[unit + 1] - segments[unit])
    full = stats.binom.ppf(np.maximum(u, np.finfo(float).tiny), n, p).astype(np.int64)
    drawn = s.binomial_monotone("canvass", n, p, segments)
    np.testing.assert_array_equal(drawn, full)
    assert (s.binomial_monotone("canvass", n, np.minimum(p + 0.1, 1.0), segments) >= drawn).all()


# Boost warns that it cannot bracket the root for some extreme cells (p near 1e-12); the
# comparison is with whatever SciPy returns.
@pytest.mark.filterwarnings("ignore:Error in function boost")
def test_inversion_skips_scipy_only_where_its_quantile_is_zero():
    # Uniforms on either side of the chance of 0, (1 - p) ** n, by 1e-16 to 1e-3 relative,
    # for a campaign's tiny chances and large ones: every quantile is SciPy's.
    rng = np.random.default_rng(5)
    cells = 20_000
    n = rng.integers(1, 100_000, cells)
    p = 10.0 ** rng.uniform(-12, 0, cells)
    p[::50] = 1.0
    zero_chance = stats.binom.cdf(0, n, p)
    nudge = 10.0 ** rng.uniform(-16, -3, cells) * rng.choice([-1, 1], cells)
    u = np.clip(zero_chance * (1 + nudge), 0.0, 1.0 - 1e-16)
    u[::7] = rng.random(len(u[::7]))
    u[::97] = 0.0
    full = stats.binom.ppf(np.maximum(u, np.finfo(float).tiny), n, p).astype(np.int64)
    np.testing.assert_array_equal(binomial_by_inversion(u, n, p), full)
    assert (full == 0).mean() > 0.3  # both sides of the chance of 0 are exercised
    assert (full > 0).mean() > 0.3

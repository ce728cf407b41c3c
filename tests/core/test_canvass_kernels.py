"""The compiled canvass loop draws what its Python original draws, number for number."""

import numpy as np

from votebank.core.canvass_kernels import canvass_slot
from votebank.core.labels import OWN, ROUTES

COHORTS, STATIONS, SLOTS = 400, 7, 3


def _inputs(rng):
    chosen = rng.integers(0, 60, (COHORTS, SLOTS))
    chosen[::9] = 0  # cohorts none of whose voters chose here take no numbers
    protected = np.where(rng.random(COHORTS) < 0.3, rng.integers(0, SLOTS, COHORTS), -1)
    return (
        np.arange(COHORTS)[::-1].copy(),  # rows in any order of the run's cohorts
        chosen,
        rng.integers(0, STATIONS, COHORTS),
        rng.random(COHORTS),
        rng.uniform(0.5, 1.5, STATIONS),  # station multipliers past 1 are clipped
        protected,
        rng.random(COHORTS) * 0.5,
    )


def _draw(kernel, k):
    """Outputs of ``kernel`` for slot ``k``, cohorts 50..350 (one seat), seed 4."""
    inputs = _inputs(np.random.default_rng(1))
    out = [np.zeros(COHORTS, dtype=np.int64)] + [np.zeros(COHORTS) for _ in range(4)]
    tally = np.zeros((STATIONS, SLOTS, len(ROUTES)), dtype=np.int64)
    gens = [np.random.default_rng(4 + d) for d in range(3)]
    kernel(50, 350, k, *inputs, 0.9, 0.07, 0.01, *out, tally, *gens)
    return [*out, tally], inputs[1]


def test_compiled_and_python_draw_the_same_numbers():
    for k in range(SLOTS):
        compiled, chosen = _draw(canvass_slot, k)
        plain, _ = _draw(canvass_slot.py_func, k)
        for a, b in zip(compiled, plain, strict=True):
            np.testing.assert_array_equal(a, b)
        voting, tally = compiled[0], compiled[-1]
        assert (voting <= chosen[:, k]).all()
        assert voting[:50].sum() == voting[350:].sum() == 0  # only the seat's cohorts
        assert tally[:, k, OWN].sum() == voting.sum()
        skipped = chosen[50:350].sum(axis=1) == 0
        assert skipped.any()
        assert (compiled[3][50:350][skipped] == 0).all()  # no uniform taken
        assert (compiled[3][50:350][~skipped] > 0).all()

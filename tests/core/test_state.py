"""The run state's buffers: reused only when nobody holds them, and never changing a result."""

from __future__ import annotations

import pickle

import numpy as np

import votebank as vb
from votebank.core.state import Buffers, slot_dtype
from votebank.run.model import Model


def test_a_free_buffer_is_refilled_in_place():
    pool = Buffers()
    a = pool.full("x", 5, 1.5)
    a[:] = 7.0
    del a
    b = pool.full("x", 5, 0.0)
    assert pool.allocations == 1  # the same array again
    assert np.array_equal(b, np.zeros(5))


def test_a_held_buffer_or_view_is_never_handed_out_again():
    pool = Buffers()
    held = pool.full("x", 4, -1, np.int8)
    other = pool.full("x", 4, 3, np.int8)
    assert other is not held
    assert np.array_equal(held, [-1] * 4)
    view = other[1:]
    del other
    again = pool.full("x", 4, 0, np.int8)
    assert pool.allocations == 3
    assert not np.shares_memory(again, view)
    assert np.array_equal(view, [3, 3, 3])


def test_a_new_shape_or_type_gets_a_new_array():
    pool = Buffers()
    pool.full("x", 4, 0.0)
    assert pool.full("x", 5, 0.0).shape == (5,)
    assert pool.full("x", 5, 0, np.int16).dtype == np.int16
    assert pool.allocations == 3


def test_buffers_are_not_shipped():
    pool = Buffers()
    pool.full("x", 3, 1.0)
    assert pickle.loads(pickle.dumps(pool))._arrays == {}  # noqa: S301 (our own bytes)


def test_slot_type_holds_every_slot_and_minus_one():
    assert slot_dtype(5) == np.int8
    assert slot_dtype(200) == np.int16
    assert np.iinfo(slot_dtype(126)).max >= 126


def _fingerprint(state) -> list[np.ndarray]:
    return [state.tally.copy(), state.final_party.copy(), state.turnout.copy(), state.p_clan.copy()]


def test_runs_reusing_buffers_equal_runs_of_fresh_models():
    scenario = vb.load_scenario("tiny")
    model = Model.of(scenario, 5)
    reused = []
    for run in range(3):
        state = model.state(run)
        reused.append(_fingerprint(state))
        del state  # dropped: the next run may refill its arrays
    made = model._buffers.allocations
    assert 0 < made == len(model._buffers._arrays)  # made by the first run, reused after
    for run, got in enumerate(reused):
        fresh = _fingerprint(Model.of(scenario, 5).state(run))
        for a, b in zip(got, fresh, strict=True):
            assert np.array_equal(a, b)


def test_a_kept_run_state_is_not_overwritten_by_the_next_run():
    model = Model.of(vb.load_scenario("tiny"), 5)
    first = model.state(0)
    before = _fingerprint(first)
    second = model.state(1)
    assert second.turnout is not first.turnout
    for a, b in zip(_fingerprint(first), before, strict=True):
        assert np.array_equal(a, b)

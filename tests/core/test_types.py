"""Voter types: the same types, in the same order, as NumPy's unique over the cohorts' rows."""

from __future__ import annotations

import numpy as np

import votebank as vb
from votebank.core import types as types_module
from votebank.core.types import VoterTypes
from votebank.run.model import Model


def _reference(el):
    rows = np.stack([el.cohort_seat, el.cohort_urban, el.cohort_class, el.cohort_pid], axis=1)
    codes, inverse = np.unique(rows.astype(np.int64), axis=0, return_inverse=True)
    key = el.cohort_station.astype(np.int64) * len(codes) + inverse.ravel()
    pools, pool_of = np.unique(key, return_inverse=True)
    return codes, inverse.ravel(), pool_of.ravel(), pools


def _check(t: VoterTypes, el) -> None:
    codes, inverse, pool_of, pools = _reference(el)
    assert np.array_equal(t.seat, codes[:, 0])
    assert np.array_equal(t.urban, codes[:, 1].astype(bool))
    assert np.array_equal(t.klass, codes[:, 2])
    assert np.array_equal(t.pid, codes[:, 3])
    assert np.array_equal(t.cohort_type, inverse)
    assert np.array_equal(t.cohort_pool, pool_of)
    assert np.array_equal(t.pool_station * len(codes) + t.pool_type, pools)


def test_types_equal_unique_over_rows():
    el, _ = Model.of(vb.load_scenario("tiny"), 3).electorate(0)
    t = VoterTypes.of(el)
    _check(t, el)
    assert t.cohort_type.dtype == np.int32  # narrow where the index fits


def test_the_sorting_fallback_gives_the_same_types(monkeypatch):
    el, _ = Model.of(vb.load_scenario("tiny"), 3).electorate(0)
    dense = VoterTypes.of(el)
    real = np.unique
    calls = []

    def counted(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(types_module.np, "unique", counted)
    codes, inverse = types_module._unique(np.array([5, 2**40, 5, 7]), 2.0**41)
    assert calls  # the span was too wide for a table: NumPy sorted
    assert np.array_equal(codes, [5, 7, 2**40])
    assert np.array_equal(inverse, [0, 2, 0, 1])
    key = np.array([3, 1, 3, 0, 1])
    table = types_module._unique(key, 4.0)
    assert np.array_equal(table[0], real(key))
    assert np.array_equal(table[1], real(key, return_inverse=True)[1])
    _check(dense, el)

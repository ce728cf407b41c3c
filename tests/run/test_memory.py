"""The C heap helpers act where glibc is, do nothing elsewhere, and never change a result."""

from __future__ import annotations

import numpy as np

import votebank as vb
from votebank.run import memory
from votebank.run.model import Model


def test_they_run_here_and_do_nothing_without_a_c_library(monkeypatch):
    memory.release_free_memory()
    assert memory.keep_freed_memory() in (True, False)
    monkeypatch.setattr(memory, "_libc", lambda: None)
    memory.release_free_memory()  # no C library: nothing happens, nothing raised
    assert memory.keep_freed_memory.__wrapped__() is False


def test_runs_after_keeping_freed_memory_are_the_same():
    scenario = vb.load_scenario("tiny")
    before = Model.of(scenario, 2).state(1).tally.copy()
    memory.keep_freed_memory()
    after = Model.of(scenario, 2).state(1).tally
    assert np.array_equal(before, after)

"""A forensics report's repr counts its tests as its headline does."""

from __future__ import annotations

import dataclasses

import numpy as np

from votebank.forensics.analyze import analyze
from votebank.forensics.synthetic import klimek_synthetic


def test_the_repr_does_not_count_a_test_that_could_not_be_run_as_clean():
    # "0 of 4 main tests flag it" where the headline said "None of the 2 main tests flags
    # this election ... 2 main tests could not be run here".
    results, _ = klimek_synthetic(400, rng=np.random.default_rng(3))
    report = analyze(results, seed=0, bootstrap=5)
    counted = [f for f in report.flags if f.counted]
    ran = {id(f): dataclasses.replace(f, p_value=0.5, flagged=False) for f in counted[1:]}
    ran[id(counted[0])] = dataclasses.replace(counted[0], p_value=None, flagged=False)
    flags = tuple(ran.get(id(f), f) for f in report.flags)
    shown = repr(dataclasses.replace(report, flags=flags))
    n = len(counted) - 1
    assert f"0 of {n} main tests flag it at alpha 0.05 (1 could not be run);" in shown

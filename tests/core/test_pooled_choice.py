"""Own-choice voters of several types at one station: each type keeps its own probabilities.

The vote step pools a station's own-choice voters by voter type and draws each pool's choices
as one multinomial. Every voter votes for candidate ``k`` with chance ``t * q[type, k]``,
independently, so each candidate's votes have mean ``sum n t q`` and variance
``sum n t q (1 - t q)``. Over 2,000 seeds the mean is checked by a z-test and the variance by
its chi-square interval, each at 1e-5 per candidate (family-wise below 1e-4 for the test); a
deliberately wrong pooling (every pool read as the first type) is shown to be caught.
"""

import dataclasses

import numpy as np
from scipy import stats

from tests.core.test_exactness import one_station_electorate
from votebank.core import vote as decide
from votebank.core.labels import OWN
from votebank.core.state import RunState
from votebank.core.types import VoterTypes
from votebank.rng import Streams
from votebank.run.contests import build_contests
from votebank.scenario.load import load_scenario

SEEDS = 2000
LEVEL = 1e-5
COUNTS = [30, 25, 10, 5, 18]
PIDS = [-1, 0, -1, 2, 0]  # three voter types, mixed in the cohort order
UTILITY = {-1: [0.4, 0.0, -0.5], 0: [1.5, -0.5, 0.0], 2: [-1.0, 0.2, 1.2]}
TURNOUT = 0.6


def votes(*, wrong_pools: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Own-choice votes per candidate over the seeds, and their expected mean and variance."""
    scenario = load_scenario("tiny")
    contests = build_contests(scenario)
    el = one_station_electorate(COUNTS, contests.seats)
    el = dataclasses.replace(el, cohort_pid=np.array(PIDS, dtype=np.int64))
    types = VoterTypes.of(el)
    if wrong_pools:
        types = dataclasses.replace(types, pool_type=np.zeros_like(types.pool_type))
    utility = np.array([UTILITY[int(pid)] for pid in types.pid])
    out = []
    for seed in range(SEEDS):
        state = RunState.start(scenario.spec, contests, el, types, Streams(seed, 0))
        state.utility[:] = utility
        state.turnout[:] = TURNOUT
        decide.vote(state)
        out.append(state.tally[0, :, OWN].copy())
    q = np.exp(utility) / np.exp(utility).sum(axis=1, keepdims=True)
    p = TURNOUT * q[types.cohort_type]  # per cohort and candidate
    n = np.array(COUNTS)[:, None]
    return np.array(out), np.stack([(n * p).sum(axis=0), (n * p * (1 - p)).sum(axis=0)])


def departures(observed: np.ndarray, expected: np.ndarray) -> list[str]:
    """Candidates whose mean or variance departs from the expectation at LEVEL."""
    mean, var = expected
    found = []
    for k in range(observed.shape[1]):
        z = (observed[:, k].mean() - mean[k]) / np.sqrt(var[k] / SEEDS)
        if 2 * stats.norm.sf(abs(z)) < LEVEL:
            found.append(f"mean of {k}: z = {z:.1f}")
        chi2 = (SEEDS - 1) * observed[:, k].var(ddof=1) / var[k]
        low, high = stats.chi2.ppf([LEVEL / 2, 1 - LEVEL / 2], SEEDS - 1)
        if not low <= chi2 <= high:
            found.append(f"variance of {k}: chi2 = {chi2:.0f} outside [{low:.0f}, {high:.0f}]")
    return found


def test_pooled_choices_follow_each_types_probabilities():
    observed, expected = votes()
    assert departures(observed, expected) == []


def test_the_check_catches_pools_with_the_wrong_type():
    observed, expected = votes(wrong_pools=True)
    assert departures(observed, expected) != []

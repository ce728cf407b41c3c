"""Grouping never changes the distribution: one cohort of n voters vs n cohorts of one.

Each configuration is voted over many seeds both ways; every tally cell (candidate x route) is
compared by a two-sample Kolmogorov-Smirnov test. With ~20 cells per configuration we use a
Bonferroni level of 0.001 / cells, so a correct sampler fails a configuration with probability
below 0.1%. A deliberately wrong sampler (the whole cohort deciding as one voter) is shown to be
caught by the same test.
"""

import numpy as np
import pytest
from scipy import stats

from votebank.core import vote as decide
from votebank.core.electorate import Electorate
from votebank.core.state import RunState
from votebank.core.types import VoterTypes
from votebank.rng import Streams
from votebank.run.contests import build_contests
from votebank.scenario.load import load_scenario

SEEDS = 300
N = 40


def one_station_electorate(counts: list[int], seats: int) -> Electorate:
    """All cohorts in seat 0, station 0, same clan, bloc and landlord, rural men, no party id."""
    n = len(counts)
    zeros, ones = np.zeros(n, dtype=np.int64), np.ones(n, dtype=np.int64)
    station_bounds = np.array([0] + [1] * seats)
    cohort_bounds = np.array([0] + [n] * seats)
    return Electorate(
        station_seat=np.zeros(1, dtype=np.int32),
        station_locality=np.zeros(1, dtype=np.int64),
        station_registered=np.array([sum(counts)]),
        station_ghosts=np.zeros(1, dtype=np.int64),
        station_urban=np.zeros(1, dtype=bool),
        station_bounds=station_bounds,
        locality_seat=np.zeros(1, dtype=np.int32),
        locality_urban=np.zeros(1, dtype=bool),
        locality_landlord=np.zeros(1, dtype=np.int64),
        clan_locality=np.zeros(1, dtype=np.int64),
        clan_bloc=np.zeros(1, dtype=np.int64),
        clan_class=np.zeros(1, dtype=np.int8),
        bloc_seat=np.zeros(1, dtype=np.int32),
        landlord_seat=np.zeros(1, dtype=np.int32),
        landlord_slot=np.array([-1]),
        landlord_kind=np.ones(1, dtype=np.int8),
        landlord_militia=np.ones(1),
        cohort_count=np.array(counts, dtype=np.int64),
        cohort_station=zeros,
        cohort_seat=zeros.astype(np.int32),
        cohort_bloc=zeros,
        cohort_landlord=zeros,
        cohort_female=zeros.astype(bool),
        cohort_class=zeros.astype(np.int8),
        cohort_urban=zeros.astype(bool),
        cohort_pid=-ones,
        cohort_bounds=cohort_bounds,
    )


CONFIGS = {
    "own choice only": {},
    "landlord, coerced, bloc and own": {"p_landlord": 0.3, "p_coerced": 0.1, "p_clan": 0.5},
    "suppression of opponents": {"p_clan": 0.4, "suppress": 0.5, "protected": 1},
    "canvass contacts": {"contact": (0.3, 0.2, 0.0), "gotv": 0.1, "demobilise": 0.05},
    "turnout by choice": {"choice_turnout": (1.2, 0.7, 1.0)},
}


def tallies(counts: list[int], config: dict, *, broken: bool = False) -> np.ndarray:
    scenario = load_scenario("tiny")
    contests = build_contests(scenario)
    el = one_station_electorate(counts, contests.seats)
    types = VoterTypes.of(el)
    out = []
    for seed in range(SEEDS):
        state = RunState.start(scenario.spec, contests, el, types, Streams(seed, 0))
        state.utility[:] = [0.4, 0.0, -0.5]
        state.turnout[:] = 0.55
        state.follow_turnout[:] = 0.8
        state.p_landlord[:] = config.get("p_landlord", 0.0)
        state.p_coerced[:] = config.get("p_coerced", 0.0)
        state.landlord_target[:] = 0
        state.p_clan[:] = config.get("p_clan", 0.0)
        state.clan_target[:] = 2
        state.suppress[:] = config.get("suppress", 0.0)
        state.protected_slot[:] = config.get("protected", -1)
        if "contact" in config:
            state.contact = np.tile(config["contact"], (len(counts), 1))
            state.gotv, state.demobilise = config["gotv"], config["demobilise"]
        if "choice_turnout" in config:
            state.choice_turnout = np.tile(config["choice_turnout"], (contests.seats, 1))
        if broken:
            # Wrong on purpose: the whole cohort decides as one voter would.
            state.electorate.cohort_count[:] = 1
        decide.vote(state)
        tally = state.tally[0].copy()
        if broken:
            tally *= sum(counts)
            state.electorate.cohort_count[:] = counts
        out.append(tally.ravel())
    return np.array(out)


def differing_cells(a: np.ndarray, b: np.ndarray) -> list[int]:
    live = [j for j in range(a.shape[1]) if a[:, j].any() or b[:, j].any()]
    level = 0.001 / max(len(live), 1)
    return [j for j in live if stats.ks_2samp(a[:, j], b[:, j]).pvalue < level]


@pytest.mark.parametrize("name", list(CONFIGS))
def test_one_cohort_of_n_equals_n_cohorts_of_one(name):
    config = CONFIGS[name]
    grouped = tallies([N], config)
    split = tallies([1] * N, config)
    assert grouped.sum(axis=1).max() > 0
    assert differing_cells(grouped, split) == []


def test_the_comparison_catches_a_wrong_sampler():
    config = CONFIGS["landlord, coerced, bloc and own"]
    assert differing_cells(tallies([N], config, broken=True), tallies([N], config)) != []

"""The choice model's per-run shocks: a national shock moves a party alike in every region."""

import numpy as np

from votebank.core import choice
from votebank.core.state import RunState
from votebank.rng import Streams
from votebank.run.model import Model
from votebank.scenario.load import load_scenario
from votebank.scenario.schema import Counterfactual


def party_shifts(national: float, region: float, run: int) -> np.ndarray:
    """Each (type, slot)'s utility change from the shocks, per unit of party weight."""
    quiet = {"choice.candidate_shock_sd": 0.0, "choice.region_shock_sd": 0.0}
    shocked = {**quiet, "choice.national_shock_sd": national, "choice.region_shock_sd": region}
    out = []
    for changes in (quiet, shocked):
        sc = load_scenario("tiny").variant(Counterfactual(name="x", set=changes))
        model = Model.of(sc, 1)
        el, types = model.electorate(0)
        state = RunState.start(sc.spec, model.contests, el, types, Streams(1, run))
        choice.set_utilities(state)
        out.append(state.utility.copy())
    ch, t = sc.spec.choice, types
    weight = 2 * (1 - np.where(t.urban, ch.candidate_weight_urban, ch.candidate_weight_rural))
    with np.errstate(invalid="ignore"):  # empty slots: -inf - -inf
        return (out[1] - out[0]) / weight[:, None]


def by_party(shift: np.ndarray) -> dict[int, set[float]]:
    """The distinct shifts of each party's candidates over every seat and voter type."""
    model = Model.of(load_scenario("tiny"), 1)
    party = model.contests.party[model.electorate(0)[1].seat]
    return {
        int(p): set(np.round(shift[(party == p) & np.isfinite(shift)], 12))
        for p in np.unique(party[party >= 0])
    }


def test_a_national_shock_moves_each_party_alike_in_every_region():
    for run in range(5):
        shifts = by_party(party_shifts(0.5, 0.0, run))
        assert all(len(values) == 1 for values in shifts.values())
        assert any(abs(next(iter(v))) > 1e-6 for v in shifts.values())


def test_region_shocks_differ_between_regions_and_the_check_sees_it():
    shifts = by_party(party_shifts(0.0, 0.5, 0))
    assert any(len(values) > 1 for values in shifts.values())


def test_no_national_shock_by_default():
    assert load_scenario("tiny").spec.choice.national_shock_sd == 0.0
    shift = party_shifts(0.0, 0.0, 0)
    assert np.all(shift[np.isfinite(shift)] == 0)

"""By-elections: lower turnout, party-specific turnout, a swing against the government."""

import numpy as np

from votebank.core import choice, turnout
from votebank.core.state import RunState
from votebank.mechanisms import byelection
from votebank.mechanisms.byelection import ByElectionParams
from votebank.rng import Streams
from votebank.run.model import Model
from votebank.scenario.load import Scenario, load_scenario


def with_byelection(sc: Scenario, **params) -> Scenario:
    mech = sc.spec.mechanisms.model_copy(update={"byelection": ByElectionParams(**params)})
    return sc.with_spec(sc.spec.model_copy(update={"mechanisms": mech}))


def ballots(model: Model, run: int) -> int:
    return int(model.state(run).seat_votes.sum())


def test_byelection_turnout_is_below_the_general_elections_same_seat_same_seed():
    sc = load_scenario("copeland-2017")
    general = Model.of(with_byelection(sc, enabled=False), 11)
    by = Model(with_byelection(sc, enabled=True), general.entropy)
    for run in range(5):
        g, b = general.state(run), by.state(run)
        # Same seat shock, then times 0.75 for every cohort.
        np.testing.assert_allclose(b.turnout, 0.75 * g.turnout)
        assert b.seat_votes.sum() < 0.85 * g.seat_votes.sum()
    registered = sc.constituencies["registered"].sum()
    share = np.mean([ballots(by, r) for r in range(5)]) / registered
    assert 0.40 < share < 0.55  # 0.64 x 0.75, give or take the canvass and differential turnout


def test_party_turnout_replaces_turnout_mult_for_that_partys_voters():
    sc = with_byelection(
        load_scenario("copeland-2017"), enabled=True, party_turnout={"Lab": 0.6, "Con": 0.9}
    )
    model = Model.of(sc, 3)
    state = model.state(0)
    c = model.contests
    slot = {c.party_ids[p]: k for k, p in enumerate(c.party[0]) if c.valid[0, k]}
    assert state.choice_turnout[0, slot["Lab"]] == 0.6 / 0.75
    assert state.choice_turnout[0, slot["Con"]] == 0.9 / 0.75
    assert state.choice_turnout[0, slot["LD"]] == 1.0


def gov_share_change(sc: Scenario, runs: int) -> np.ndarray:
    """Change of the government's preference share made by the by-election step, per run."""
    model = Model.of(sc, 5)
    el, types = model.electorate(0)
    c = model.contests
    gov = c.party_government[np.maximum(c.party, 0)] & c.valid
    out = []
    for run in range(runs):
        state = RunState.start(sc.spec, c, el, types, Streams(model.entropy, run))
        choice.set_utilities(state)
        turnout.set_turnout(state)
        before = (choice.choice_probs(state) * gov[types.seat]).sum(axis=1)
        byelection.step(state)
        after = (choice.choice_probs(state) * gov[types.seat]).sum(axis=1)
        out.append(after[0] - before[0])
    return np.array(out)


def test_government_swing_has_the_stated_mean_and_spread():
    sc = with_byelection(
        load_scenario("copeland-2017"), enabled=True, government_swing=-3.0, government_swing_sd=5.0
    )
    d = gov_share_change(sc, 400)
    se = 0.05 / np.sqrt(len(d))
    assert abs(d.mean() + 0.03) < 4 * se
    assert 0.04 < d.std() < 0.06
    fixed = with_byelection(sc, enabled=True, government_swing=2.0, government_swing_sd=0.0)
    np.testing.assert_allclose(gov_share_change(fixed, 3), 0.02, atol=1e-9)


def test_only_listed_seats_hold_a_byelection(tmp_path):
    from votebank.uk.scenario_folder import build_uk_scenario

    seats = ["E14000530", "E14000531"]
    path = build_uk_scenario("2015-05-07", tmp_path / "two", seats=seats, seed=2)
    sc = with_byelection(load_scenario(path), enabled=True, seats=["E14000531"])
    general = Model.of(with_byelection(sc, enabled=False), 2)
    by = Model(sc, general.entropy)
    g, b = general.state(0), by.state(0)
    seat = general.electorate(0)[0].cohort_seat
    np.testing.assert_allclose(b.turnout[seat == 0], g.turnout[seat == 0])
    np.testing.assert_allclose(b.turnout[seat == 1], 0.75 * g.turnout[seat == 1])

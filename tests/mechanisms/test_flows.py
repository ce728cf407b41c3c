"""Flows: a matrix that reproduces the polls, applied to each seat's own voters."""

import functools

import numpy as np
import pytest

import votebank as vb
from votebank.core.choice import choice_probs
from votebank.mechanisms.flows import flow_matrix
from votebank.mechanisms.swing import baseline_shares
from votebank.run.model import Model
from votebank.scenario.overrides import with_overrides

B = {"Con": 0.37, "Lab": 0.31, "LD": 0.08, "UKIP": 0.13, "Green": 0.04, "OTH": 0.07}
T = {"Con": 0.40, "Lab": 0.27, "LD": 0.10, "UKIP": 0.13, "Green": 0.04, "OTH": 0.06}


@pytest.mark.parametrize("churn", [0.05, 0.2, 0.5])
def test_the_matrix_keeps_every_voter_and_reproduces_the_national_change(churn):
    parties, f = flow_matrix(B, T, churn, {"UKIP": {"Con": 0.6}})
    b = np.array([B[p] for p in parties])
    t = np.array([T[p] for p in parties])
    assert (f >= 0).all()
    np.testing.assert_allclose(f.sum(axis=1), 1, atol=1e-12)
    np.testing.assert_allclose(b @ f, t, atol=1e-6)
    # Second preferences steer leavers: UKIP's go to the Conservatives more than Labour's do.
    i = {p: k for k, p in enumerate(parties)}
    u, lab, con = i["UKIP"], i["Lab"], i["Con"]
    assert f[u, con] / (1 - f[u, u]) > f[lab, con] / (1 - f[lab, lab])
    # More churn, fewer stayers.
    assert np.diag(f).min() < 1 - churn * 0.5


def test_no_change_in_the_polls_no_second_preferences_means_stayers_keep_their_rate():
    parties, f = flow_matrix(B, B, 0.2, {})
    np.testing.assert_allclose(np.array([B[p] for p in parties]) @ f, [B[p] for p in parties])


@functools.cache
def six_seats() -> vb.Scenario:
    sc = vb.load_scenario("uk-2015-from-2010")
    sc = sc.with_seats(list(sc.constituencies["id"][:6]))
    return sc.with_spec(with_overrides(sc.spec, {"mechanisms.swing.seat_sd": 0.0}))


def test_each_seats_choice_is_its_baseline_through_the_matrix():
    sc = six_seats()
    over = {"mechanisms.flows.enabled": True, "mechanisms.flows.second": {"UKIP": {"Con": 0.6}}}
    state = Model.of(sc.with_spec(with_overrides(sc.spec, over)), 3).state(0)
    c, t = state.contests, state.types
    sw = sc.spec.mechanisms.swing
    parties, f = flow_matrix(sw.baseline, sw.target, 0.2, {"UKIP": {"Con": 0.6}})
    shares, _ = baseline_shares(c)
    apart = np.isin(np.array(c.region_names)[c.region], sw.regions_apart)
    assert (~apart).sum() >= 3
    for seat in np.flatnonzero(~apart):
        names = [c.party_ids[p] if p >= 0 else "" for p in c.party[seat]]
        base = np.zeros(len(parties))
        for k, n in enumerate(names):
            if c.valid[seat, k] and n in parties:
                base[parties.index(n)] += shares[seat, k]
        flowed = base @ f
        want = np.array(
            [
                flowed[parties.index(n)] if n in parties else np.nan_to_num(shares[seat, k])
                for k, n in enumerate(names)
            ]
        )
        want = np.where(c.valid[seat], want, 0)
        want = want / want.sum()
        got = choice_probs(state, np.flatnonzero(t.seat == seat))
        np.testing.assert_allclose(got, np.broadcast_to(want, got.shape), atol=1e-7)


def test_a_party_loses_in_proportion_to_its_voters_unlike_uniform_swing():
    """Where a losing party was strong it loses more points than the national change."""
    sc = six_seats()
    on = sc.with_spec(with_overrides(sc.spec, {"mechanisms.flows.enabled": True}))
    a, b = Model.of(sc, 3).state(0), Model.of(on, 3).state(0)
    c, t = a.contests, a.types
    sw = sc.spec.mechanisms.swing
    shares, _ = baseline_shares(c)
    loser = min(sw.target, key=lambda p: sw.target[p] - sw.baseline[p])
    code = c.party_ids.index(loser)
    for seat in range(c.seats):
        k = np.flatnonzero(c.party[seat] == code)
        if not len(k):
            continue
        row = np.flatnonzero(t.seat == seat)[0]
        uns, flows = choice_probs(a, [row])[0, k[0]], choice_probs(b, [row])[0, k[0]]
        stronger = shares[seat, k[0]] > sw.baseline[loser]
        assert (flows < uns) == stronger or abs(flows - uns) < 0.01

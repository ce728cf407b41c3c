"""Swing models: hand-computed examples, the step's probabilities, per-seat noise."""

import numpy as np
import pandas as pd
import pytest

from votebank.core import choice
from votebank.core.state import RunState
from votebank.mechanisms import swing
from votebank.mechanisms.swing import SwingParams, project_shares
from votebank.rng import Streams
from votebank.run.model import Model
from votebank.scenario.load import load_scenario
from votebank.scenario.schema import Counterfactual
from votebank.uk.scenario_folder import build_uk_scenario

BASE = {"A": 0.40, "B": 0.30, "C": 0.30}
TARGET = {"A": 0.30, "B": 0.45, "C": 0.25}  # A -10, B +15, C -5 points


def test_uniform_swing_hand_example_with_floor_and_renormalisation():
    seats = pd.DataFrame({"A": [0.50, 0.05], "B": [0.30, 0.60], "C": [0.20, 0.35]})
    got = project_shares(seats, None, "uniform", baseline=BASE, target=TARGET)
    # Seat 1: 0.50 - 0.10, 0.30 + 0.15, 0.20 - 0.05 = 0.40, 0.45, 0.15 (sums to one).
    # Seat 2: 0.05 - 0.10 = -0.05 -> 0 (floor); 0.75, 0.30; sum 1.05 -> divide by 1.05.
    expected = np.array([[0.40, 0.45, 0.15], [0.0, 0.75 / 1.05, 0.30 / 1.05]])
    assert isinstance(got, pd.DataFrame)
    np.testing.assert_allclose(got.to_numpy(), expected, atol=1e-12)
    np.testing.assert_allclose(got.sum(axis=1), 1.0)


def test_proportional_swing_hand_example():
    seats = np.array([[0.50, 0.30, 0.20]])
    got = project_shares(
        seats, None, "proportional", baseline=BASE, target=TARGET, slot_party=["A", "B", "C"]
    )
    # Ratios 0.75, 1.5, 5/6: 0.375, 0.45, 1/6; sum 0.991667 -> renormalised.
    raw = np.array([0.375, 0.45, 0.2 * 0.25 / 0.30])
    np.testing.assert_allclose(got[0], raw / raw.sum(), atol=1e-12)
    np.testing.assert_allclose(got[0], [0.378151, 0.453782, 0.168067], atol=1e-6)


def test_hybrid_is_uniform_for_gainers_and_proportional_for_losers():
    seats = np.array([[0.20, 0.30, 0.50]])
    got = project_shares(
        seats, None, "hybrid", baseline=BASE, target=TARGET, slot_party=["A", "B", "C"]
    )
    raw = np.array([0.20 * 0.75, 0.30 + 0.15, 0.50 * 0.25 / 0.30])
    np.testing.assert_allclose(got[0], raw / raw.sum(), atol=1e-12)


def test_regions_apart_unlisted_parties_and_empty_slots():
    shares = np.array([[0.5, 0.3, 0.2], [0.5, 0.3, np.nan]])
    parties = np.array([["A", "B", "Ind"], ["A", "B", ""]], dtype=object)
    got = project_shares(
        shares,
        ["England", "Scotland"],
        "uniform",
        baseline={"A": 0.4, "B": 0.3},
        target={"A": 0.35, "B": 0.35},
        slot_party=parties,
        regions_apart=["Scotland"],
        regional_baseline={"Scotland": {"A": 0.5, "B": 0.3}},
        regional_target={"Scotland": {"A": 0.2, "B": 0.6}},
    )
    # England: national -5/+5, the independent unchanged.
    np.testing.assert_allclose(got[0], [0.45, 0.35, 0.2])
    # Scotland: its own -30/+30; the empty slot stays empty.
    np.testing.assert_allclose(got[1, :2], [0.2, 0.6] / np.float64(0.8))
    assert np.isnan(got[1, 2])


def test_params_reject_points_and_unknown_regions():
    with pytest.raises(ValueError, match="fractions"):
        SwingParams(baseline={"A": 37.0})
    with pytest.raises(ValueError, match="regions_apart"):
        SwingParams(regional_target={"Scotland": {"A": 0.5}})


def small_uk(tmp_path, seat_sd=3.0, target=None):
    seats = ["E14000530", "E14000531", "S14000001", "W07000049"]
    path = build_uk_scenario(
        "2015-05-07", tmp_path / "uk", seats=seats, seat_sd=seat_sd, target=target, seed=5
    )
    return load_scenario(path)


def fresh_state(model: Model, run: int) -> RunState:
    el, types = model.electorate(0)
    return RunState.start(
        model.scenario.spec, model.contests, el, types, Streams(model.entropy, run)
    )


def test_step_sets_own_choice_probabilities_to_the_projection(tmp_path):
    target = {"Con": 0.30, "Lab": 0.40}
    sc = small_uk(tmp_path, seat_sd=0.0, target=target)
    model = Model.of(sc)
    state = fresh_state(model, 0)
    choice.set_utilities(state)
    swing.step(state)
    expected, has = swing.seat_projection(state, noise=False)
    assert has.all()
    probs = choice.choice_probs(state)
    np.testing.assert_allclose(probs, expected[state.types.seat], atol=1e-9)
    c = model.contests
    con = c.party == c.party_ids.index("Con")
    votes = np.where(c.valid, c.baseline_votes, 0)
    base = (votes * con).sum(axis=1) / votes.sum(axis=1)
    # Con's national change (target 0.30 against GB 2015's 0.377) applies before renormalising.
    assert np.all((expected * con).sum(axis=1) < base)


def test_seat_noise_is_per_run_per_seat_and_about_the_stated_size(tmp_path):
    sc = small_uk(tmp_path, seat_sd=3.0)
    model = Model.of(sc)
    draws = []
    for run in range(200):
        state = fresh_state(model, run)
        draws.append(swing.seat_projection(state)[0])
    draws = np.array(draws)
    again = swing.seat_projection(fresh_state(model, 7))[0]
    np.testing.assert_array_equal(again, draws[7])
    # Largest party in seat 0: noise sd about 3 points * sqrt(s(1-s))/0.5 (renormalising
    # shrinks it a little), mean at the projection.
    noiseless = swing.seat_projection(fresh_state(model, 0), noise=False)[0]
    k = int(np.argmax(noiseless[0]))
    s = noiseless[0, k]
    sd = draws[:, 0, k].std()
    expected = 0.03 * np.sqrt(s * (1 - s)) / 0.5
    assert 0.6 * expected < sd < 1.15 * expected
    assert abs(draws[:, 0, k].mean() - s) < 4 * sd / np.sqrt(len(draws))
    # Seats are independent: seat 0's and seat 1's largest parties do not move together.
    k1 = int(np.argmax(noiseless[1]))
    assert abs(np.corrcoef(draws[:, 0, k], draws[:, 1, k1])[0, 1]) < 0.25


def with_national_error(scenario, national_sd: float):
    cf = Counterfactual(name="national", set={"mechanisms.swing.national_sd": national_sd})
    return scenario.variant(cf)


def test_national_error_moves_every_seat_together_by_about_the_stated_size(tmp_path):
    """With seat noise off, a national error is all there is: every seat's Labour share moves
    with the others, and the national target's sd matches ``national_sd`` scaled by
    sqrt(t(1-t))/0.5 (400 runs: the sample sd's relative s.e. is 3.5%; the band allows for the
    rescaling to the old total, which shrinks the error a little)."""
    sc = with_national_error(small_uk(tmp_path, seat_sd=0.0), 2.5)
    model = Model.of(sc)
    p = sc.spec.mechanisms.swing
    lab = np.array(
        [
            swing.national_error(p, Streams(5, run).generator("swing.national"))[0]["Lab"]
            for run in range(400)
        ]
    )
    t = p.target["Lab"]
    expected = 0.025 * np.sqrt(t * (1 - t)) / 0.5
    assert 0.75 * expected < lab.std() < 1.1 * expected
    assert abs(lab.mean() - t) < 4 * lab.std() / np.sqrt(len(lab))
    draws = np.array([swing.seat_projection(fresh_state(model, run))[0] for run in range(60)])
    c = model.contests
    col = c.party == c.party_ids.index("Lab")
    labour = (draws * col).sum(axis=2)  # runs x seats
    english = [i for i, s in enumerate(c.seat_ids) if str(s).startswith("E")]
    assert np.corrcoef(labour[:, english[0]], labour[:, english[1]])[0, 1] > 0.95


def test_no_national_error_by_default_and_none_drawn(tmp_path):
    sc = small_uk(tmp_path, seat_sd=3.0)
    assert sc.spec.mechanisms.swing.national_sd == 0.0
    model = Model.of(sc)
    same = with_national_error(sc, 0.0)
    np.testing.assert_array_equal(
        swing.seat_projection(fresh_state(model, 3))[0],
        swing.seat_projection(fresh_state(Model.of(same, model.entropy), 3))[0],
    )


def test_the_swing_projects_from_baseline_votes_as_docs_uk_says():
    # docs/uk.md said the seats' baseline shares came from `actual_votes`: a user writing a
    # scenario by it would put the baseline there, and the swing would not see it.
    from pathlib import Path

    from votebank.mechanisms.swing import baseline_shares
    from votebank.run.contests import build_contests

    sc = load_scenario("uk-2015-from-2010")
    shares, _ = baseline_shares(build_contests(sc))
    cands = sc.candidates.assign(actual_votes=sc.candidates["baseline_votes"][::-1].to_numpy())
    other, _ = baseline_shares(build_contests(sc.with_tables(sc.constituencies, cands)))
    np.testing.assert_array_equal(shares, other)
    doc = " ".join((Path(__file__).parents[2] / "docs" / "uk.md").read_text().split())
    assert "baseline shares come from its candidates' `baseline_votes` column" in doc

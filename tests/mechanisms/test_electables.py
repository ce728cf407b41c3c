"""Electables: they take the ticket that raises their P(win), at the stated rate; tickets go to
the stronger candidate; voters' party identification and the switching penalty follow the move."""

import numpy as np

from tests.mechanisms.conftest import state_of, variant
from votebank.core.state import RunState
from votebank.mechanisms import electables
from votebank.mechanisms.switching import punished
from votebank.rng import Streams
from votebank.run.model import Model


def moving(**more) -> dict:
    return {
        "mechanisms.electables.enabled": True,
        **{f"mechanisms.electables.{k}": v for k, v in more.items()},
    }


def fresh(scenario, run: int, seed: int = 1) -> RunState:
    """A run's state before any step."""
    model = Model(scenario, seed)
    el, types = model.electorate(run)
    return RunState.start(scenario.spec, model.contests, el, types, Streams(seed, run), ())


def first_step(scenario, run: int, seed: int = 1) -> RunState:
    """A run's state after the electables step alone (it is the first step)."""
    state = fresh(scenario, run, seed)
    electables.step(state)
    return state


def test_a_sure_mover_takes_the_best_offer_and_the_displaced_candidate_stands_down():
    sc = variant(moving(electable_appeal=0.0, switch_intercept=50.0, independent_prob=0.0))
    before = Model(sc, 1).contests
    state = first_step(sc, 0)
    dest, gain, out = electables.offers(fresh(sc, 0))  # the offers before any move
    truth = state.truth["electables"]
    c = state.contests
    for s in range(c.seats):
        if not (dest[s] >= 0).any():
            assert not truth["moved"][s].any()
            continue
        k = int(np.where(dest[s] >= 0, gain[s], -np.inf).argmax())
        assert truth["moved"][s, k]
        assert c.party[s, k] == dest[s, k]
        assert c.switched_from[s, k] == before.party[s, k]
        if out[s, k] >= 0:
            # The ticket goes to the stronger candidate; the one displaced stands down.
            assert before.appeal[s, k] > before.appeal[s, out[s, k]]
            assert not state.standing[s, out[s, k]]
            # The new party's identifiers now identify with the mover.
            t0, t1 = Model(sc, 1).electorate(0)[1], state.types
            here = t0.seat == s
            np.testing.assert_array_equal(t1.pid[here & (t0.pid == out[s, k])], k)
            assert not (t1.pid[here] == out[s, k]).any()


def test_no_electable_no_move_and_the_run_is_unchanged():
    off = state_of(variant(), 0, seed=4)
    none = state_of(variant(moving(electable_appeal=10.0)), 0, seed=4)
    np.testing.assert_array_equal(none.tally, off.tally)
    assert not none.truth["electables"]["moved"].any()


def test_electables_accept_at_the_stated_rate():
    sc = variant(moving(electable_appeal=0.5, switch_intercept=-1.0, gain_weight=2.0))
    moves, runs = 0, 200
    _, gain, _ = electables.offers(fresh(sc, 0))
    seat, slot = 1, 1  # T-2's Mian Sahib (appeal 0.6), the only electable at 0.5
    assert gain[seat, slot] > 0
    for run in range(runs):
        moves += int(first_step(sc, run).truth["electables"]["moved"][seat, slot])
    p = 1 / (1 + np.exp(-(-1.0 + 2.0 * gain[seat, slot])))
    assert abs(moves / runs - p) < 4 * np.sqrt(p * (1 - p) / runs), (moves, p)


def test_the_switching_penalty_applies_to_a_move_into_a_punished_party():
    state = state_of(
        variant(
            moving(electable_appeal=0.5, switch_intercept=50.0)
            | {"mechanisms.switching.punished_parties": ["BLUE"]}
        ),
        0,
    )
    c = state.contests
    moved = state.truth["electables"]["moved"]
    assert moved.any()
    to_blue = moved & (c.party == c.party_ids.index("BLUE"))
    assert to_blue.any()
    assert (punished(state) >= to_blue).all()


def test_an_electable_foresees_the_penalty_of_a_punished_party():
    # T-3: Mrs Rana (independent) made strong enough for RED's and BLUE's tickets.
    def best(extra: dict):
        sc = variant(moving(electable_appeal=0.0) | extra, candidates={"T-3-c": {"appeal": 0.5}})
        return electables.offers(fresh(sc, 0))

    red = 0
    dest, gain, _ = best({"mechanisms.switching.enabled": False})
    assert dest[2, 2] == red
    punished = {
        "mechanisms.switching.punished_parties": ["RED"],
        "mechanisms.switching.penalty": 5.0,
    }
    dest_p, gain_p, _ = best(punished)
    assert dest_p[2, 2] != red  # RED's ticket, foreseen to cost 5 logits, is no longer her best
    assert gain_p[2, 1] < gain[2, 1]  # Chaudhry's move into RED is worth less


def test_a_candidate_who_stands_down_gets_no_vote():
    # Once displaced from the ticket he no longer stands: were he still chosen, he could top
    # the poll and lose to a rival with fewer votes (an impossible result the store refuses).
    sc = variant(moving(electable_appeal=0.0, switch_intercept=50.0, independent_prob=0.0))
    gone = 0
    for run in range(3):
        state = state_of(sc, run)
        out = state.truth["electables"]["stood_down"]
        gone += int(out.sum())
        assert (state.seat_votes.sum(axis=2)[out] == 0).all()
    assert gone


def test_a_far_out_intercept_decides_without_overflow_warnings():
    # exp(1e300) overflowed: the right answer, under a screen of RuntimeWarnings.
    import warnings

    for intercept, moved in ((-1e300, False), (1e300, True)):
        sc = variant(moving(electable_appeal=0.0, switch_intercept=intercept))
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            state = first_step(sc, 0)
        assert state.truth["electables"]["moved"].any() == moved


def test_a_seat_where_nobody_would_stand_has_no_chances_not_nan():
    # A seat's one candidate weighing another ticket leaves a row with nobody standing: its
    # chances were NaN (exp of -inf minus -inf), with a RuntimeWarning on every such run.
    score = np.array([[0.3, 1.2], [0.5, 0.0]])
    standing = np.array([[True, True], [False, False]])
    with np.errstate(invalid="raise"):
        chances = electables.win_chances(score, standing)
    assert np.allclose(chances[0].sum(), 1.0)
    assert chances[1].tolist() == [0.0, 0.0]

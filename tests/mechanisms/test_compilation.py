"""Compilation fraud: votes move to the favoured candidate on missing forms; ballots do not."""

import numpy as np

from tests.mechanisms.conftest import state_of, variant


def rigged(**more) -> dict:
    return {
        "mechanisms.compilation.enabled": True,
        **{f"mechanisms.compilation.{k}": v for k, v in more.items()},
    }


def test_the_favoured_candidate_gains_the_stated_share_and_no_ballot_is_added():
    for run in range(3):
        on = state_of(variant(rigged(seat_share=1.0, shift=(0.03, 0.03))), run, seed=5)
        off = state_of(variant(), run, seed=5)
        truth = on.truth["compilation"]
        slot, seat = truth["favoured_slot"], on.electorate.station_seat
        assert truth["seat_shifted"].any()
        np.testing.assert_array_equal(truth["seat_shifted"], slot >= 0)
        # Every station keeps its ballots: only the split between candidates changes.
        np.testing.assert_array_equal(on.tally.sum(axis=(1, 2)), off.tally.sum(axis=(1, 2)))
        np.testing.assert_array_equal(on.station_ballots, off.station_ballots)
        gained = on.seat_votes.sum(axis=2) - off.seat_votes.sum(axis=2)
        valid = off.seat_votes.sum(axis=(1, 2))
        for s in np.flatnonzero(truth["seat_shifted"]):
            moved = truth["station_moved"][seat == s].sum()
            assert gained[s, slot[s]] == moved
            assert (gained[s, np.arange(on.contests.slots) != slot[s]] <= 0).all()
            # 3% of valid votes, less at most one vote per station and slot lost to rounding.
            stations = (seat == s).sum()
            assert 0.03 * valid[s] - stations * on.contests.slots <= moved <= 0.03 * valid[s]
            winner = np.where(on.standing[s], on.seat_votes[s].sum(axis=1), -1).argmax()
            assert on.seat_winner[s] == winner
        # Votes are moved only on missing forms (or every form where none is missing).
        written = truth["station_moved"] > 0
        seats_with_missing = np.unique(seat[truth["form_missing"]])
        there = np.isin(seat, seats_with_missing)
        assert not (written & there & ~truth["form_missing"]).any()


def test_off_or_at_rate_zero_the_count_is_untouched():
    for run in range(2):
        off = state_of(variant(), run, seed=9)
        zero = state_of(variant(rigged(seat_share=0.0)), run, seed=9)
        np.testing.assert_array_equal(zero.tally, off.tally)
        np.testing.assert_array_equal(zero.seat_winner, off.seat_winner)
        assert "compilation" not in off.truth
        assert not zero.truth["compilation"]["station_moved"].any()


def test_seats_and_forms_are_chosen_at_the_stated_rates():
    seat_share, form_share = 0.4, 0.3
    seats = shifted = forms = missing = 0
    for run in range(30):
        state = state_of(variant(rigged(seat_share=seat_share, form_missing_share=form_share)), run)
        truth = state.truth["compilation"]
        eligible = truth["favoured_slot"] >= 0
        seats += int(eligible.sum())
        shifted += int(truth["seat_shifted"].sum())
        forms += len(truth["form_missing"])
        missing += int(truth["form_missing"].sum())
    for hits, n, p in ((shifted, seats, seat_share), (missing, forms, form_share)):
        assert n > 0
        assert abs(hits / n - p) < 4 * np.sqrt(p * (1 - p) / n), (hits, n, p)


def test_a_named_party_is_favoured_instead_of_the_government():
    state = state_of(variant(rigged(seat_share=1.0, favoured_parties=["BLUE"])), 0)
    c = state.contests
    slot = state.truth["compilation"]["favoured_slot"]
    for s in range(c.seats):
        if slot[s] >= 0:
            assert c.party_ids[c.party[s, slot[s]]] == "BLUE"

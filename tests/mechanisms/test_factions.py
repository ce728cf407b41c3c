"""Rival village factions: rival blocs break from the leading bloc's candidate; leaders hedge."""

import numpy as np

from tests.mechanisms.conftest import state_of, variant
from votebank.mechanisms.factions import bloc_locality, camps


def split(**more) -> dict:
    return {
        "mechanisms.factions.enabled": True,
        **{f"mechanisms.factions.{k}": v for k, v in more.items()},
    }


def test_rival_blocs_never_back_the_leading_blocs_candidate_when_they_always_break_away():
    broke = 0
    for run in range(4):
        on = state_of(variant(split(rival_share=1.0, opposed_prob=1.0, hedge_prob=0.0)), run)
        off = state_of(variant(), run)
        facing = on.truth["factions"]["facing"]
        rivals = facing >= 0
        assert rivals.any()
        assert not (on.bloc_choice[rivals] == on.bloc_choice[facing[rivals]]).any()
        # Leading blocs and blocs of villages not split keep the auction's choice.
        np.testing.assert_array_equal(on.bloc_choice[~rivals], off.bloc_choice[~rivals])
        broke += int((off.bloc_choice[rivals] == off.bloc_choice[facing[rivals]]).sum())
    assert broke > 0  # the auction alone puts rivals together: the lever has work to do


def test_the_favourites_bloc_votes_fall_when_villages_split():
    fav_on = fav_off = 0
    for run in range(6):
        on = state_of(variant(split(rival_share=1.0, opposed_prob=1.0, hedge_prob=0.0)), run)
        off = state_of(variant(), run)
        for state, acc in ((on, "on"), (off, "off")):
            members = np.bincount(
                state.electorate.cohort_bloc[state.electorate.cohort_bloc >= 0],
                state.electorate.cohort_count[state.electorate.cohort_bloc >= 0],
                minlength=len(state.bloc_choice),
            )
            fav = state.p_win.argmax(axis=1)[state.electorate.bloc_seat]
            n = int(members[state.bloc_choice == fav].sum())
            if acc == "on":
                fav_on += n
            else:
                fav_off += n
    assert fav_on < fav_off


def test_villages_split_at_the_stated_rate_among_rural_villages_with_two_blocs():
    share, hits, eligible = 0.55, 0, 0
    for run in range(20):
        state = state_of(variant(split(rival_share=share)), run, seed=4)
        el = state.electorate
        villages, _ = camps(state)
        loc = bloc_locality(state)
        populated = (loc >= 0) & (el.bloc_voters > 0)
        two = np.bincount(loc[populated], minlength=len(el.locality_seat)) >= 2
        can = two & ~el.locality_urban
        assert not villages[~can].any()
        hits += int(villages[can].sum())
        eligible += int(can.sum())
    assert abs(hits / eligible - share) < 4 * np.sqrt(share * (1 - share) / eligible)


def test_a_hedging_leader_frees_the_stated_share_of_his_members():
    on = state_of(variant(split(rival_share=0.0, hedge_prob=1.0, hedge_release=0.25)), 0)
    off = state_of(variant(), 0)
    in_bloc = on.electorate.cohort_bloc >= 0
    assert in_bloc.any()
    np.testing.assert_allclose(on.p_clan[in_bloc], 0.75 * off.p_clan[in_bloc])
    np.testing.assert_array_equal(on.p_clan[~in_bloc], off.p_clan[~in_bloc])

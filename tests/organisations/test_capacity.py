"""Volunteer capacity follows the remaining active members; it becomes canvass campaigns."""

from __future__ import annotations

import numpy as np
import pytest

import votebank as vb
from votebank.organisations.capacity import campaigns, capacity, channel, marginal_seats
from votebank.organisations.members import generate_members
from votebank.organisations.rules import apply_rules
from votebank.scenario.organisations.load import load_organisations


@pytest.fixture
def setup(small):
    sc = vb.load_scenario(small)
    spec = load_organisations(sc)
    members = generate_members(spec, sc.constituencies, sc.candidates, seed=8)
    return sc, spec, members


def test_capacity_is_the_remaining_active_members_hours(setup):
    sc, spec, members = setup
    after, _ = apply_rules(members, spec, seed=8)
    scale = spec.campaign_weeks * spec.canvass_share
    for m in (members, after):
        cap = capacity(m, spec, sc.constituencies, sc.candidates)
        inside = m.belongs(spec.election).any(axis=1)
        assert cap["hours"].sum() == pytest.approx(m.hours[inside].sum() * scale)
        assert cap["hours_out"].sum() == pytest.approx(cap["hours_in"].sum())
        assert cap["active"].sum() == ((m.hours > 0) & inside).sum()
    # The rule's loss is exactly the hours of the active members it took out of every body.
    before = capacity(members, spec, sc.constituencies, sc.candidates)["hours"].sum()
    later = capacity(after, spec, sc.constituencies, sc.candidates)["hours"].sum()
    was = members.belongs(spec.election).any(axis=1)
    now = after.belongs(spec.election).any(axis=1)
    lost = members.hours[was & ~now].sum() - members.hours[now & ~was].sum()
    assert before - later == pytest.approx(lost * scale)
    assert lost > 0


def test_without_travel_each_seat_keeps_its_members_hours(setup):
    sc, spec, members = setup
    orgs = [o.model_copy(update={"travel_share": 0.0}) for o in spec.organisation]
    still = spec.model_copy(update={"organisation": orgs})
    cap = capacity(members, still, sc.constituencies, sc.candidates)
    inside = members.belongs(spec.election).any(axis=1)
    per_seat = np.bincount(members.home[inside], members.hours[inside], minlength=6)
    scale = spec.campaign_weeks * spec.canvass_share
    assert cap["hours"].to_numpy() == pytest.approx(per_seat * scale)


def test_travel_goes_to_the_targets_of_the_region(setup):
    sc, spec, members = setup
    cap = capacity(members, spec, sc.constituencies, sc.candidates).set_index("constituency_id")
    # The movement's two marginals are S-3 (North) and S-4 (South): one per region.
    assert marginal_seats(sc.constituencies, sc.candidates, "Lab", 2) == ["S-3", "S-4"]
    assert cap.loc[["S-3", "S-4"], "hours_in"].gt(0).all()
    assert cap.drop(index=["S-3", "S-4"])["hours_in"].eq(0).all()
    north = cap[cap["region"] == "North"]
    assert north["hours_in"].sum() == pytest.approx(north["hours_out"].sum())


def test_channel_is_the_first_listed_organisation(setup):
    _, spec, members = setup
    via = channel(members, spec.election)
    both = members.belongs(spec.election).all(axis=1)
    assert (via[both] == 0).all()
    none = ~members.belongs(spec.election).any(axis=1)
    assert (via[none] == -1).all()


def test_campaigns_one_per_seat_with_tokens_for_listed_seats(setup):
    sc, spec, members = setup
    cap = capacity(members, spec, sc.constituencies, sc.candidates)
    made = campaigns(cap)
    assert [c.seats[0] for c in made] == list(cap.loc[cap["hours"] > 0, "constituency_id"])
    assert sum(c.total_hours for c in made) == pytest.approx(cap["hours"].sum())
    empty = cap.assign(hours=0.0)
    tokens = campaigns(empty, ["S-1", "S-2"])
    assert [c.seats for c in tokens] == [["S-1"], ["S-2"]]
    assert all(0 < c.hours < 1e-3 for c in tokens)


def test_travel_with_no_target_to_go_to_stays_at_home(setup):
    # With no targets, travel_share 1 used to lose every hour of the members living away.
    sc, spec, members = setup
    totals = []
    for share in (0.0, 1.0):
        orgs = [
            o.model_copy(update={"travel_share": share, "targets": [], "target_marginals": 0})
            for o in spec.organisation
        ]
        cap = capacity(
            members,
            spec.model_copy(update={"organisation": orgs}),
            sc.constituencies,
            sc.candidates,
        )
        assert (cap["hours_out"] == 0).all()
        totals.append(cap["hours"].to_numpy())
    assert totals[1] == pytest.approx(totals[0])
    assert totals[0].sum() > 0

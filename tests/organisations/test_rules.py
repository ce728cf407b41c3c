"""Membership rules: eligibility by a date, deemed resignation of the expelled, hearings."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from scipy.stats import binomtest

import votebank as vb
from votebank.organisations.members import (
    DEEMED_RESIGNED,
    EXPELLED,
    INELIGIBLE,
    LAPSED,
    generate_members,
    to_date,
)
from votebank.organisations.rules import apply_rules, remaining
from votebank.scenario.organisations.load import load_organisations, parse_organisations
from votebank.scenario.organisations.rule_spec import Rule

from .conftest import hand_members

D = 100  # the deadline, as a day number
ALPHA = 0.001  # level of the binomial tests


def spec_for_hand():
    return parse_organisations(
        {
            "start": "1970-01-01",
            "election": "1971-01-01",
            "organisation": [
                {"id": "M", "party": "Lab", "members": 0},
                {"id": "L", "party": "Lab", "members": 0},
            ],
        }
    )


def must_belong(comply: float = 0.0, **more) -> Rule:
    return Rule(kind="must_belong", org="M", other="L", date=to_date(D), comply_prob=comply, **more)


# Persons: (M joined, L joined), (M left, L left), reasons; what the rule should do to each.
PEOPLE = [
    # joined M, L     left M, L       reasons
    ((10, 5), (None, None), (0, 0)),  # 0 in both: stays
    ((10, None), (None, None), (0, 0)),  # 1 not in L: removed
    ((10, 5), (None, 50), (0, LAPSED)),  # 2 lapsed from L before D: removed
    ((10, None), (60, None), (LAPSED, 0)),  # 3 left M before D: untouched
    ((10, 90), (None, None), (0, 0)),  # 4 joins L before D: stays
    ((10, 120), (None, None), (0, 0)),  # 5 joins L after D: removed
    ((150, 5), (None, None), (0, 0)),  # 6 joins M after D, in L: admitted
    ((150, None), (None, None), (0, 0)),  # 7 joins M after D, not in L: refused
    ((10, 5), (None, 40), (0, EXPELLED)),  # 8 expelled from L before D: removed, cannot comply
    ((10, 5), (None, 130), (0, EXPELLED)),  # 9 expelled from L after D: not this rule's business
]


def people():
    return hand_members(
        [list(p[0]) for p in PEOPLE], [list(p[1]) for p in PEOPLE], [list(p[2]) for p in PEOPLE]
    )


def test_eligibility_removes_exactly_the_members_it_should_by_the_date():
    before = people()
    after, (effect,) = apply_rules(before, spec_for_hand(), seed=1, rules=[must_belong()])
    assert np.flatnonzero(effect.removed).tolist() == [1, 2, 5, 8]
    assert np.flatnonzero(effect.refused).tolist() == [7]
    assert not effect.complied.any()
    # Until the day before the deadline nothing changes; from the deadline they are out.
    assert (remaining(after, "M", D - 1) == remaining(before, "M", D - 1)).all()
    assert np.flatnonzero(remaining(after, "M", D)).tolist() == [0, 4, 9]
    assert np.flatnonzero(remaining(after, "M", 200)).tolist() == [0, 4, 6, 9]
    assert (after.reason[[1, 2, 5, 8], 0] == INELIGIBLE).all()
    assert (after.left[[1, 2, 5, 8], 0] == D).all()
    # Labour membership is not the rule's to change.
    assert (after.member_of("L", 200) == before.member_of("L", 200)).all()


def test_compliers_join_in_time_and_stay_but_the_expelled_cannot():
    before = people()
    after, (effect,) = apply_rules(before, spec_for_hand(), seed=1, rules=[must_belong(1.0)])
    assert np.flatnonzero(effect.removed).tolist() == [8]
    assert np.flatnonzero(effect.complied).tolist() == [1, 2, 5, 7]
    assert after.member_of("L", D)[[1, 2, 5]].all()
    assert np.flatnonzero(remaining(after, "M", 200)).tolist() == [0, 1, 2, 4, 5, 6, 7, 9]


def test_on_generated_members_the_rule_keeps_exactly_those_in_both_on_the_day(small):
    sc = vb.load_scenario(small)
    spec = load_organisations(sc)
    members = generate_members(spec, sc.constituencies, sc.candidates, seed=3)
    rule = Rule(kind="must_belong", org="M", other="L", date=dt.date(2017, 7, 1))
    after, (effect,) = apply_rules(members, spec, seed=3, rules=[rule])
    d = dt.date(2017, 7, 1)
    expected = members.member_of("M", d) & members.member_of("L", d)
    assert (after.member_of("M", d) == expected).all()
    assert effect.removed.sum() == (members.member_of("M", d) & ~members.member_of("L", d)).sum()
    assert effect.removed.sum() > 100  # the test means something
    # The day before, nobody has gone.
    eve = d - dt.timedelta(days=1)
    assert (after.member_of("M", eve) == members.member_of("M", eve)).all()


def test_compliance_rate_is_the_configured_probability(small):
    sc = vb.load_scenario(small)
    spec = load_organisations(sc)
    members = generate_members(spec, sc.constituencies, sc.candidates, seed=5)
    rule = Rule(kind="must_belong", org="M", other="L", date=dt.date(2017, 7, 1), comply_prob=0.5)
    _, (effect,) = apply_rules(members, spec, seed=5, rules=[rule])
    eligible = effect.complied | effect.removed | effect.refused
    expelled = (members.reason[:, 1] == EXPELLED) & (members.left[:, 1] <= effect.removed_day)
    offered = int((eligible & ~expelled).sum())
    assert binomtest(int(effect.complied.sum()), offered, 0.5).pvalue > ALPHA


@pytest.mark.parametrize("p", [0.3, 0.8])
def test_a_hearing_reinstates_with_the_configured_probability(p):
    # 20,000 members of M, all expelled from L ten days after the date.
    n = 20_000
    members = hand_members([[10, 5]] * n, [[None, D + 10]] * n, [[0, EXPELLED]] * n)
    rule = Rule(
        kind="expelled_resigned",
        org="M",
        other="L",
        date=to_date(D),
        hearing_prob=p,
        hearing_delay_days=30,
    )
    after, (effect,) = apply_rules(members, spec_for_hand(), seed=9, rules=[rule])
    assert effect.removed.all()
    assert (after.reason[:, 0] == DEEMED_RESIGNED).all()
    k = int(effect.reinstated.sum())
    # Binomial test at level 0.001: the reinstated are Binomial(n, p).
    assert binomtest(k, n, p).pvalue > ALPHA
    back = effect.reinstated
    assert not after.member_of("M", D + 10)[back].any()
    assert not after.member_of("M", D + 39)[back].any()
    assert after.member_of("M", D + 40)[back].all()
    assert not after.member_of("M", D + 400)[~back].any()


def test_expelled_before_the_date_are_deemed_resigned_on_the_date():
    members = hand_members([[10, 5], [10, 5], [10, 5]], [[None, 50], [None, 150], [None, None]])
    members = members.replace(reason=np.array([[0, EXPELLED], [0, EXPELLED], [0, 0]], np.int8))
    rule = Rule(kind="expelled_resigned", org="M", other="L", date=to_date(D))
    after, (effect,) = apply_rules(members, spec_for_hand(), seed=2, rules=[rule])
    assert effect.removed.tolist() == [True, True, False]
    assert effect.removed_day[:2].tolist() == [D, 150]
    assert after.member_of("M", D - 1)[0]
    assert not after.member_of("M", D)[0]
    assert after.member_of("M", 149)[1]
    assert not after.member_of("M", 150)[1]


def test_rules_are_reproducible_and_their_streams_their_own(small):
    sc = vb.load_scenario(small)
    spec = load_organisations(sc)
    members = generate_members(spec, sc.constituencies, sc.candidates, seed=3)
    a, _ = apply_rules(members, spec, seed=3)
    b, _ = apply_rules(members, spec, seed=3)
    assert (a.left == b.left).all()
    assert (a.rejoined == b.rejoined).all()
    # Drawing the members again does not depend on whether rules were applied.
    again = generate_members(spec, sc.constituencies, sc.candidates, seed=3)
    assert (again.joined == members.joined).all()
    assert (again.left == members.left).all()


def test_a_recruit_expelled_from_the_other_after_the_deadline_cannot_rejoin_it_to_comply():
    # Expelled from L on day 130, joins M on 150: the rule let them rejoin L to comply.
    before = hand_members([[150, 5], [150, 5]], [[None, 130], [None, 120]], [[0, EXPELLED]] * 2)
    before.reason[1, 1] = LAPSED  # lapsed, not expelled: may rejoin
    after, (effect,) = apply_rules(before, spec_for_hand(), seed=1, rules=[must_belong(1.0)])
    assert np.flatnonzero(effect.refused).tolist() == [0]
    assert np.flatnonzero(effect.complied).tolist() == [1]
    assert np.flatnonzero(after.member_of("L", 200)).tolist() == [1]
    assert np.flatnonzero(remaining(after, "M", 200)).tolist() == [1]

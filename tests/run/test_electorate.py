"""The electorate builder: columns whose type must hold every value they are given, and
weights that hold every mood."""

from __future__ import annotations

import pandas as pd
import pytest

import votebank as vb
from votebank.run.model import Model


def test_party_identification_holds_seats_of_more_than_127_candidates():
    """A party candidate's slot past 127 (Nizamabad 2019 had 185 candidates) must not wrap."""
    tiny = vb.load_scenario("tiny")
    n = 140
    blue = tiny.spec.parties[1]
    extra = [blue.model_copy(update={"id": f"P{k}", "name": f"Party {k}"}) for k in range(n)]
    spec = tiny.spec.model_copy(update={"parties": [*tiny.spec.parties, *extra]})
    first = tiny.candidates[tiny.candidates.constituency == "T-1"].iloc[0].to_dict()
    more = pd.DataFrame(
        [
            {**first, "candidate": f"T-1-p{k}", "name": f"Candidate {k}", "party": f"P{k}"}
            | {"person": "", "patron": "none", "militia": 0.0, "budget": 0.0}
            for k in range(n)
        ]
    )
    cands = pd.concat([tiny.candidates, more], ignore_index=True)
    model = Model(tiny.with_spec(spec).with_tables(tiny.constituencies, cands), 1)
    pid = model.electorate(0)[0].cohort_pid
    assert pid.min() >= -1
    assert pid.max() > 127  # some voters identify with a candidate past slot 127
    assert model.state(0).tally.sum() > 0  # and a run reads the wider column


@pytest.mark.filterwarnings("error::RuntimeWarning")
def test_a_mood_past_exp_range_gives_its_party_every_identifier():
    """A mood of 1e300 overflowed exp to inf, and inf / inf gave NaN probabilities.

    The schema now bounds a mood (to MOOD_LIMIT), so such a spec is built unvalidated here:
    the electorate must not depend on that bound.
    """
    tiny = vb.load_scenario("tiny")
    blue = tiny.spec.parties[1].id
    spec = tiny.spec.model_copy(update={"mood": {"national": {blue: 1e300}}})
    model = Model(tiny.with_spec(spec), 1)
    el, c = model.electorate(0)[0], model.contests
    pid, seat = el.cohort_pid.astype(int), el.cohort_seat
    stands = (c.party == list(c.party_ids).index(blue)).any(axis=1)
    has = (pid >= 0) & stands[seat]
    assert has.any()
    # Where the party stands, every voter with a party identifies with it.
    assert {c.party_ids[p] for p in c.party[seat[has], pid[has]]} == {blue}

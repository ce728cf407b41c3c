"""The by-election prior: only what was known before the vote, the levers on, and its baseline."""

import numpy as np
import pytest

from votebank.errors import InputError
from votebank.scenario.load import load_scenario
from votebank.uk.byelection_prior import (
    build_prior,
    byelections,
    polls_before,
    summarise,
    uns_baseline,
)
from votebank.uk.scenario_folder import build_uk_scenario
from votebank.uk.tables import contests_table, polls_table


def test_polls_are_those_finished_before_polling_day_within_the_window():
    shares, n = polls_before("2017-02-23", 28)
    p = polls_table()
    end = p["fieldwork_end"].astype(str)
    used = p[(end < "2017-02-23") & (end >= "2017-01-26")]
    assert n == len(used) > 0
    assert shares["Con"] == pytest.approx(used["con"].mean() / 100)
    assert sum(shares.values()) == pytest.approx(1.0)
    # A poll finished on the day before counts for that day, not for the day itself.
    assert (end == "2017-02-22").any()
    late = p[(end < "2017-02-22") & (end >= "2017-01-25")]
    assert polls_before("2017-02-22", 28)[1] == len(late)
    # An input error naming the polls file, column and day (it was a bare error, exit 1).
    with pytest.raises(InputError, match=r"polls_2010_2017.csv: column fieldwork_end: no polls"):
        polls_before("2009-01-01", 28)


def test_every_shipped_byelection_gets_a_prior_with_nothing_fitted(tmp_path):
    rows = byelections()
    assert len(rows) >= 2
    for _, r in rows.iterrows():
        path = build_prior(r.election_date, r.constituency_id, tmp_path / r.constituency_id)
        sc = load_scenario(path.parent)
        m = sc.spec.mechanisms
        assert m.byelection.enabled
        assert not m.byelection.party_turnout
        assert m.incumbency.enabled
        assert m.incumbency.mp == "gone"
        assert m.flows.enabled
        assert m.postal.enabled
        assert not m.canvass.enabled
        # The swing's target is the polls, not the result.
        assert m.swing.target["Con"] == pytest.approx(
            polls_before(r.election_date)[0]["Con"], abs=1e-3
        )


def test_the_baseline_is_uniform_swing_alone():
    sc = uns_baseline(load_scenario("copeland-2017-prior"))
    m = sc.spec.mechanisms
    on = [name for name in type(m).model_fields if getattr(m, name).enabled]
    assert on == ["swing"]


def test_the_built_in_priors_are_what_the_builder_writes(tmp_path):
    for name, seat in (("copeland-2017-prior", "E14000647"), ("stoke-2017-prior", "E14000972")):
        path = build_prior("2017-02-23", seat, tmp_path / name, seed=20170223)
        shipped = load_scenario(name)
        assert load_scenario(path.parent).spec == shipped.spec
        np.testing.assert_array_equal(
            load_scenario(path.parent).candidates.values, shipped.candidates.values
        )


def test_the_declared_result_does_not_reach_the_runs():
    """Scrambling the declared votes leaves every simulated vote as it was."""
    from votebank.run.model import Model

    sc = load_scenario("stoke-2017-prior")
    cands = sc.candidates.copy()
    cands["actual_votes"] = cands["actual_votes"].to_numpy()[::-1]
    scrambled = sc.with_tables(sc.constituencies, cands)
    for run in range(2):
        a, b = Model.of(sc, 5).state(run), Model.of(scrambled, 5).state(run)
        np.testing.assert_array_equal(a.seat_votes, b.seat_votes)


def test_the_declared_turnout_is_that_of_the_election_the_scenario_is_scored_on(tmp_path):
    # Stoke-on-Trent Central at the 2015 general election: the seat also had a by-election in
    # 2017, whose turnout (38 %) was reported beside a run scored on 2015 (51 %).
    path = build_uk_scenario("2015-05-07", tmp_path / "stoke-2015", seats=["E14000972"], runs=2)
    sc = load_scenario(path.parent)
    turnout = summarise(sc, runs=2, seed=1)["turnout"]["actual"]
    real = contests_table()
    real = real[(real["constituency_id"] == "E14000972") & (real["election_date"] == "2015-05-07")]
    assert turnout == pytest.approx(float(real["turnout_valid"].iloc[0]), abs=1e-4)

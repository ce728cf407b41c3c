"""votebank explain: which mechanisms decide a seat, from paired runs with each one off."""

import numpy as np
import pytest
from typer.testing import CliRunner

import votebank as vb
from votebank.cli import app
from votebank.errors import InputError
from votebank.explain import NOT_ROUTES, deciding_routes
from votebank.scenario.overrides import with_overrides

RUNS = 20


def test_one_row_per_mechanism_that_delivers_votes_with_a_binomial_se():
    sc = vb.load_scenario("na184-2008")
    found = deciding_routes(sc, "NA-184", runs=RUNS, seed=3)
    on = [m for m, p in sc.spec.mechanisms if p.enabled and m not in NOT_ROUTES]
    assert list(found["mechanism"]) == on
    p = found["p_changed"].to_numpy()
    assert ((p >= 0) & (p <= 1)).all()
    np.testing.assert_allclose(found["p_changed_se"], np.sqrt(p * (1 - p) / RUNS), atol=1e-12)


def test_a_mechanism_that_does_nothing_never_changes_the_winner():
    # Common random numbers: fear draws from its own stream only, so with no effect at all the
    # runs with and without it are the same runs.
    sc = vb.load_scenario("na184-2008")
    calm = {"mechanisms.fear.beta": 0.0, "mechanisms.fear.attack_rate": 0.0}
    sc = sc.with_spec(with_overrides(sc.spec, calm))
    found = deciding_routes(sc, "NA-184", runs=RUNS, seed=5).set_index("mechanism")
    assert found.loc["fear", "p_changed"] == 0.0


def test_an_unknown_seat_is_an_input_error():
    with pytest.raises(InputError, match="NA-999"):
        deciding_routes(vb.load_scenario("na184-2008"), "NA-999", runs=2, seed=1)


def test_the_command_prints_the_table():
    result = CliRunner().invoke(
        app, ["explain", "NA-184", "--runs", "4", "--seed", "2"], env={"COLUMNS": "120"}
    )
    assert result.exit_code == 0, result.output
    assert "What decides NA-184" in result.output
    assert "biradari" in result.output

"""Behaviour is pinned: the reference ensemble must reproduce baseline.json exactly.

If this fails after a change that is meant to move results, run
``python -m tests.regression.update_baseline`` and commit the reviewed diff with the reason.
"""

import json
from pathlib import Path

from tests.regression.scenario import summary

BASELINE = Path(__file__).with_name("baseline.json")


def test_reference_ensemble_matches_the_baseline():
    expected = json.loads(BASELINE.read_text(encoding="utf-8"))
    assert summary() == expected


def test_results_do_not_depend_on_run_order():
    from tests.regression.scenario import SEED
    from votebank.run.model import Model
    from votebank.scenario.load import load_scenario

    forward = Model(load_scenario("tiny"), SEED)
    backward = Model(load_scenario("tiny"), SEED)
    ahead = {i: forward.run(i)["candidates"] for i in range(4)}
    behind = {i: backward.run(i)["candidates"] for i in reversed(range(4))}
    for i in range(4):
        assert ahead[i].equals(behind[i])

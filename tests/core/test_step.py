"""A mis-declared step is refused when the registry is read, named with its module."""

import pytest
from pydantic import BaseModel

from votebank.core.params import MechanismParams
from votebank.core.step import Step, checked
from votebank.mechanisms.registry import STEPS


class RumourParams(MechanismParams):
    depression: float = 0.2


class Other(MechanismParams):
    pass


class Required(MechanismParams):
    party: str


class On(MechanismParams):
    enabled: bool = True


def rumour(state) -> None:
    pass


def step(**changes) -> Step:
    fields = {"name": "rumour", "owner": "rumour", "phase": "campaign", "run": rumour, "doc": "d"}
    return Step(**{"params": RumourParams, **fields, **changes})


def test_the_registry_passes():
    assert checked(STEPS) == STEPS


@pytest.mark.parametrize(
    ("changes", "said"),
    [
        ({"params": None}, r"params= must be the MechanismParams model of \[mechanisms.rumour\]"),
        ({"params": BaseModel}, "params= must be the MechanismParams model"),
        ({"phase": "polling-day"}, "phase 'polling-day' is none of campaign, polling day"),
        ({"streams": "rumour.seat"}, r"streams= must be a tuple of names, e.g. \('x',\)"),
        ({"writes": ["turnout"]}, "writes= must be a tuple"),
        ({"owner": "core"}, "a core step has no params"),
        ({"params": Required}, "every field of Required needs a default .*: party"),
        ({"params": On}, "On must be off by default"),
        ({"reads": ("turnuot",)}, "reads= names no column of the run state: turnuot"),
        ({"writes": ("contests.partty",)}, "writes= names no column .*: contests.partty"),
        ({"writes": ("spec.turnout",)}, "writes= names no column .*: spec.turnout"),
    ],
)
def test_a_mis_declared_step_is_named_with_what_is_wrong(changes, said):
    with pytest.raises(TypeError, match=said) as caught:
        checked((step(**changes),))
    assert "step 'rumour' (tests.core.test_step)" in str(caught.value)


def test_two_steps_of_one_name_or_two_models_of_one_mechanism_are_refused():
    with pytest.raises(TypeError, match="another step is named 'rumour'"):
        checked((step(), step()))
    with pytest.raises(
        TypeError, match=r"\[mechanisms.rumour\] already has the model RumourParams"
    ):
        checked((step(), step(name="rumour2", params=Other)))

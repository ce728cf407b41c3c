"""votebank: simulate how parliamentary elections are won, voter by voter, station by station."""

from votebank.errors import InputError, Problem, VotebankError
from votebank.run.model import Model, RunResult, simulate
from votebank.scenario.load import Scenario, load_scenario

__all__ = [
    "InputError",
    "Model",
    "Problem",
    "RunResult",
    "Scenario",
    "VotebankError",
    "load_scenario",
    "simulate",
]

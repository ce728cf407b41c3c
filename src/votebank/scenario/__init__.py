"""Scenario files: a hand-written TOML file and the CSV tables it names."""

from votebank.scenario.load import Scenario, load_scenario

__all__ = ["Scenario", "load_scenario"]

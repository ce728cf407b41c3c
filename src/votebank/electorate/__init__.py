"""The synthetic electorate: stations, villages, clans, blocs, landlords and voter cohorts."""

from votebank.electorate.build import build_electorate
from votebank.electorate.frame import Electorate

__all__ = ["Electorate", "build_electorate"]

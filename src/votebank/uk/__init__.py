"""The United Kingdom: scenarios from the shipped results, swing projections, Copeland 2017.

* :mod:`votebank.uk.scenario_folder`: build scenario folders from ``votebank/data/uk`` or a
  user's files in the same layout (:mod:`votebank.uk.results_files`,
  :mod:`votebank.uk.import_cli`), with the tables of :mod:`votebank.uk.scenario_tables`.
* :mod:`votebank.uk.project`: a general election projected from the one before (default GE2015
  from GE2010) by uniform, proportional swing and votebank's ensemble, against the real seats.
* :mod:`votebank.uk.carloads`: the Copeland 2017 canvass counterfactuals.
"""

from votebank.uk.import_cli import import_uk_command
from votebank.uk.scenario_folder import build_uk_scenario

__all__ = ["build_uk_scenario", "import_uk_command"]

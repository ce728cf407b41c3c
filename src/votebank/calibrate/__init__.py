"""Calibration and validation: fit scenario parameters to real results, and score forecasts.

``calibrate`` fits parameters (``params``) with a seeded TPE search over ensemble summaries
(``objective``); ``validate_against`` scores a scenario's ensemble against real results
(seats, favourites, Brier score, KS distances).
"""

from votebank.calibrate.fit import CalibrationResult, calibrate
from votebank.calibrate.objective import Ensemble, Objective, simulate_ensemble
from votebank.calibrate.params import Param, apply_params, parse_param, parse_params
from votebank.calibrate.target import Target, load_target
from votebank.calibrate.validate import Validation, validate_against, validate_ensemble

__all__ = [
    "CalibrationResult",
    "Ensemble",
    "Objective",
    "Param",
    "Target",
    "Validation",
    "apply_params",
    "calibrate",
    "load_target",
    "parse_param",
    "parse_params",
    "simulate_ensemble",
    "validate_against",
    "validate_ensemble",
]

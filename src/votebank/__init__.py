"""votebank: simulate how parliamentary elections are won, voter by voter, station by station.

The names below are imported on first use, so ``votebank --help`` does not pay for NumPy,
pandas, Numba and the engine.
"""

from __future__ import annotations

import importlib
from typing import Any

from votebank.errors import InputError, Problem, VotebankError

# name -> the module that defines it
_LAZY = {
    "Model": "votebank.run.model",
    "RunResult": "votebank.run.model",
    "simulate": "votebank.api",
    "Scenario": "votebank.scenario.load",
    "load_scenario": "votebank.scenario.load",
    "Ensemble": "votebank.api",
    "run_ensemble": "votebank.api",
    "sweep": "votebank.sweeps",
    "compare": "votebank.ensemble.compare",
    "deciding_routes": "votebank.explain",
}

__all__ = ["InputError", "Problem", "VotebankError", "__version__", *sorted(_LAZY)]


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from votebank.version import __version__

        return __version__
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'votebank' has no attribute {name!r}")


def __dir__() -> list[str]:
    # A notebook's completion lists the API, not this file's own imports (Any, importlib).
    return sorted(__all__)

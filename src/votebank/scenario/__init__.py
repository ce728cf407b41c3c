"""Scenario files: a hand-written TOML file and the CSV tables it names."""

from __future__ import annotations

from typing import Any

__all__ = ["Scenario", "load_scenario"]


def __getattr__(name: str) -> Any:
    # Loaded on first use: `votebank scenarios` lists the catalogue without pandas or pydantic.
    if name in __all__:
        from votebank.scenario import load

        return getattr(load, name)
    raise AttributeError(f"module 'votebank.scenario' has no attribute {name!r}")

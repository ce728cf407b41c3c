"""The turnout checks of a UK contests file: electors and ballots that make no turnout."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from votebank.errors import Problem


def turnout_problems(frame: pd.DataFrame, path: Path, lines: np.ndarray) -> list[Problem]:
    """A contest with no electors or no ballots, or more ballots than electors (turnout)."""
    n = {col: pd.to_numeric(frame[col]).to_numpy() for col in ("electorate", "ballots_counted")}
    checks = (
        ("electorate", n["electorate"] <= 0, "no electors (turnout = ballots / electorate)"),
        ("ballots_counted", n["ballots_counted"] <= 0, "no ballots counted (turnout 0)"),
        ("ballots_counted", n["ballots_counted"] > n["electorate"], "more than the electorate"),
    )
    return [
        Problem(str(path), f"row {line}, column {col}", f"{cell:,.0f}", why)
        for col, bad, why in checks
        for line, cell in zip(lines[bad][:3], n[col][bad][:3], strict=True)
    ]

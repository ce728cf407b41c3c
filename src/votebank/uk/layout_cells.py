"""Cells of a user's UK results file that the layout spells one way: nation, region, scope.

Each is matched exactly where it is used, so another spelling would be taken silently as
something else: a Scottish seat whose region is ``scotland`` would swing with England and
Wales (regions apart are matched by name), and a totals row whose scope is ``gb`` would be
dropped from Great Britain's totals.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from votebank.errors import Problem
from votebank.uk.nations import NATIONS, nations

OWN_REGION = NATIONS[1:]  # the layout's region of every seat in these nations is the nation
SCOPES = ("GB", "UK")  # uk_national_totals.csv: England, Scotland and Wales; and with NI


def spelt(frame: pd.DataFrame, path: Path, lines: np.ndarray) -> list[Problem]:
    """Every nation, region and scope spelt otherwise than the layout (blanks: elsewhere)."""
    return nations(frame, path, lines) + regions(frame, path, lines) + scopes(frame, path, lines)


def regions(frame: pd.DataFrame, path: Path, lines: np.ndarray) -> list[Problem]:
    """Rows whose ``region`` is not the layout's for their nation.

    A seat in Scotland, Wales or Northern Ireland has the nation as its region; an English
    seat's region (its ONS region) may not be one of those three in any case.
    """
    if not {"region", "nation"} <= set(frame.columns):
        return []
    region, nation = frame["region"], frame["nation"]
    text = region.astype(str)
    own = nation.isin(OWN_REGION) & region.notna() & (text != nation)
    borrowed = nation.eq("England") & text.str.strip().str.casefold().isin(
        [n.casefold() for n in OWN_REGION]
    )
    problems = []
    for line, value, where in zip(
        lines[own.to_numpy()][:5], region[own][:5], nation[own][:5], strict=True
    ):
        why = f"a seat in {where} has the region {where} (the layout's spelling)"
        problems.append(Problem(str(path), f"row {line}, column region", str(value), why))
    for line, value in zip(lines[borrowed.to_numpy()][:5], region[borrowed][:5], strict=True):
        why = "an English seat's region is its ONS region, not another nation"
        problems.append(Problem(str(path), f"row {line}, column region", str(value), why))
    return problems


def scopes(frame: pd.DataFrame, path: Path, lines: np.ndarray) -> list[Problem]:
    """Totals rows whose ``scope`` is not GB or UK (a blank included)."""
    if "scope" not in frame.columns:
        return []
    scope = frame["scope"]
    bad = (~scope.isin(SCOPES)).to_numpy()
    why = "not a scope of the layout: GB (England, Scotland and Wales) or UK (and Northern Ireland)"
    return [
        Problem(
            str(path), f"row {line}, column scope", "blank" if pd.isna(value) else str(value), why
        )
        for line, value in zip(lines[bad][:5], scope[bad][:5], strict=True)
    ]

"""Cells of a user's UK results file that the layout spells one way: nation, region, scope, type.

Each is matched exactly where it is used, so another spelling would be taken silently as
something else: a nation typed ``Englnd`` would put its seat outside Great Britain, a Scottish
seat whose region is ``scotland`` would swing with England and Wales (regions apart are
matched by name), a totals row whose scope is ``gb`` would be dropped from Great
Britain's totals, and a row whose type is ``local`` would be left out of its general election's
shares but not of its seat's votes.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from votebank.elections.later import GENERAL
from votebank.elections.spelling import spelt_two_ways
from votebank.errors import Problem

NATIONS = ("England", "Scotland", "Wales", "Northern Ireland")
OWN_REGION = NATIONS[1:]  # the layout's region of every seat in these nations is the nation
SCOPES = ("GB", "UK")  # uk_national_totals.csv: England, Scotland and Wales; and with NI
TYPES = ("general", "by-election")  # election_type, as read by :func:`election_types`


def spelt(frame: pd.DataFrame, path: Path, lines: np.ndarray) -> list[Problem]:
    """Every nation, region and scope spelt otherwise than the layout (blanks: elsewhere)."""
    return (
        nations(frame, path, lines)
        + regions(frame, path, lines)
        + region_spellings(frame, path, lines)
        + scopes(frame, path, lines)
        + types(frame, path, lines)
    )


def election_types(kinds: pd.Series) -> pd.Series:
    """``election_type`` in any case and spacing; ``General Election `` is ``general``.

    ``votebank backtest`` reads the same file so (:data:`votebank.elections.later.GENERAL`).
    """
    kinds = kinds.astype(str).str.lower().str.split().str.join(" ")
    kinds = kinds.str.replace(r"^by[ -]?election$", "by-election", regex=True)
    return kinds.where(~kinds.isin(GENERAL), "general")


def types(frame: pd.DataFrame, path: Path, lines: np.ndarray) -> list[Problem]:
    """Rows whose ``election_type`` is neither kind of :data:`TYPES` (blanks: elsewhere)."""
    if "election_type" not in frame.columns:
        return []
    kind = frame["election_type"]
    bad = kind.notna() & kind.astype(str).str.strip().ne("") & ~election_types(kind).isin(TYPES)
    why = "not an election type of the layout: general or by-election (in any case)"
    return _first_rows(path, "election_type", lines, kind, bad, why)


def nations(frame: pd.DataFrame, path: Path, lines: np.ndarray) -> list[Problem]:
    """Rows whose ``nation`` is not one of :data:`NATIONS` (blanks are named elsewhere)."""
    if "nation" not in frame.columns:
        return []
    nation = frame["nation"]
    bad = nation.notna() & ~nation.astype(str).isin(NATIONS)
    why = f"not a nation of the layout: {', '.join(NATIONS[:3])} or {NATIONS[3]}"
    return _first_rows(path, "nation", lines, nation, bad, why)


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
    why = "a seat in " + nation.astype(str) + " has the region " + nation.astype(str)
    problems = _first_rows(path, "region", lines, region, own, why + " (the layout's spelling)")
    borrowed = nation.eq("England") & text.str.strip().str.casefold().isin(
        [n.casefold() for n in OWN_REGION]
    )
    why = "an English seat's region is its ONS region, not another nation"
    return problems + _first_rows(path, "region", lines, region, borrowed, why)


def region_spellings(frame: pd.DataFrame, path: Path, lines: np.ndarray) -> list[Problem]:
    """English regions spelt two ways but for case or spacing (:func:`spelt_two_ways`).

    Regions are matched by their exact name, so ``north west`` beside ``North West`` would
    make a region of its own (its own mood, swing and totals).
    """
    if not {"region", "nation"} <= set(frame.columns):
        return []
    english = frame["region"].where(frame["nation"].eq("England"))  # the others: :func:`regions`
    return spelt_two_ways(pd.DataFrame({"region": english, "_row": lines}), ("region",), path)


def scopes(frame: pd.DataFrame, path: Path, lines: np.ndarray) -> list[Problem]:
    """Totals rows whose ``scope`` is not GB or UK (a blank included)."""
    if "scope" not in frame.columns:
        return []
    scope = frame["scope"]
    why = "not a scope of the layout: GB (England, Scotland and Wales) or UK (and Northern Ireland)"
    return _first_rows(path, "scope", lines, scope.fillna("blank"), ~scope.isin(SCOPES), why)


def _first_rows(
    path: Path,
    column: str,
    lines: np.ndarray,
    values: pd.Series,
    bad: pd.Series,
    why: str | pd.Series,
) -> list[Problem]:
    """The first five ``bad`` rows of ``column`` as problems naming their row and value.

    ``why`` is one reason for every row, or one a row.
    """
    flagged = bad.to_numpy(dtype=bool)
    whys = why if isinstance(why, pd.Series) else pd.Series(why, index=values.index)
    return [
        Problem(str(path), f"row {line}, column {column}", str(value), reason)
        for line, value, reason in zip(
            lines[flagged][:5], values[flagged][:5], whys[flagged][:5], strict=True
        )
    ]

"""Which columns of a UK polls file are parties' shares, and what they cannot be.

A poll gives a party's share in a column headed with the party's code as the results write it,
in any case or spacing (``Con`` is ``con``, ``BRX`` is ``brx``): the rule of ``votebank
backtest``'s ``--given polls``. Every other column (the pollster, the mode) is not a share, so
a later election's polls may carry a party the shipped ones do not and leave out one they do.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from votebank.counts import not_counts
from votebank.csvfiles import column_name
from votebank.errors import Problem

SHOWN = 20  # party codes listed in the error of a polls file that names none


def party_columns(columns: Iterable[str], codes: Iterable[str]) -> dict[str, str]:
    """Each column that names one of ``codes`` -> that code, in the columns' order.

    Two codes written alike (``Con``, ``CON``) name the column for the first of them.
    """
    by_name: dict[str, str] = {}
    for code in codes:
        by_name.setdefault(column_name(code), code)
    return {c: by_name[c] for c in columns if c in by_name}


def no_party_column(path: Path, columns: Iterable[str], codes: Collection[str]) -> Problem:
    """The problem of a polls file none of whose columns names a party of the results."""
    shown = ", ".join(list(codes)[:SHOWN])
    more = f" and {len(codes) - SHOWN} more" if len(codes) > SHOWN else ""
    why = (
        "no column names a party of the results (a share is given in a column headed with "
        f"a party's code, in any case): the codes are {shown}{more}"
    )
    return Problem(str(path), "header", ", ".join(map(str, columns)), why)


def share_problems(
    frame: pd.DataFrame,
    path: Path,
    lines: np.ndarray,
    parties: Mapping[str, str],
    major: Collection[str],
) -> list[Problem]:
    """Each share that is not a percentage (made numbers in ``frame``), or a row over 100.

    ``parties`` are the share columns (column -> code). A blank is a party the poll did not
    ask about (early polls gave no UKIP or Green figure), but not for a party in ``major``:
    one big enough at every general election of the results (on the shipped files Con, Lab
    and LD) that every poll names it.
    """
    problems = []
    for col, code in parties.items():
        numbers, bad = not_counts(frame[col], blank_ok=code not in major)
        bad = bad | (numbers > 100).to_numpy()
        problems += [
            Problem(
                str(path),
                f"row {line}, column {col}",
                "blank or NaN" if pd.isna(cell) else str(cell),
                "not a share (a number from 0 to 100)",
            )
            for line, cell in zip(lines[bad][:3], frame[col][bad][:3], strict=True)
        ]
        frame[col] = numbers
    if not problems:
        # The rest of 100 is the others' share: it cannot be negative.
        total = frame[list(parties)].sum(axis=1).to_numpy()
        problems += [
            Problem(str(path), f"row {line}", f"{t:g}", "shares add up to more than 100")
            for line, t in zip(lines[total > 100][:3], total[total > 100][:3], strict=True)
        ]
    return problems


def unnamed_note(named: Iterable[str], standing: Mapping[str, float], base: str) -> str:
    """The slate's swinging parties the polls do not name, and what becomes of them ('' if none).

    ``standing`` maps each such party of the slate to its baseline votes. A party that a
    swing's tables do not list keeps its seat shares; one new since ``base`` has none to keep.
    """
    left = [p for p in standing if p not in set(named)]
    kept = [p for p in left if standing[p] > 0]
    new = [p for p in left if standing[p] <= 0]
    said = []
    if kept:
        said.append(f"{', '.join(kept)} keep their seat shares of {base}, not swung")
    if new:
        said.append(f"{', '.join(new)}, not standing in {base}, get no votes")
    if not said:
        return ""
    # No column headed with the party's code, or no figure in it in the window.
    return f"no share in the polls for some parties standing: {'; '.join(said)}"


def unstanding_note(polled: Mapping[str, tuple[float, float]], standing: Iterable[str], base: str):
    """The polled parties that stand in none of the scenario's seats, and what becomes of them.

    ``polled`` maps each party the polls name to its (target, baseline) shares. The swing
    (:mod:`votebank.mechanisms.swing`) gives each candidate its party's change from baseline to
    target, then rescales each seat's shares to sum to one: a party with no candidate moves
    none, and the rescaling spreads its change over the candidates standing. '' if none.
    """
    held = set(standing)
    gone = [p for p in polled if p not in held]
    if not gone:
        return ""
    said = ", ".join(
        f"{p} {polled[p][0]:.1%} in the polls, {polled[p][1]:.1%} at {base} "
        f"({100 * (polled[p][0] - polled[p][1]):+.1f} points)"
        for p in gone
    )
    return (
        f"polled parties standing in none of the scenario's seats: {said}; no candidate takes "
        "their swing, and each seat's swung shares are rescaled to sum to one, which spreads "
        "that change over the candidates standing there in proportion to their swung shares"
    )

"""The rows of a national-totals file checked (``uk_national_totals.csv`` or the user's).

Each party's row gives its votes and its date and scope's valid votes; the shares are taken
over them. A row a share cannot come from is a :class:`Problem` naming the file, row and value.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from votebank.errors import Problem


def totals_problems(frame: pd.DataFrame, path: Path, lines: np.ndarray) -> list[Problem]:
    """Rows a share cannot come from: a party twice, a total of 0 or a party over it, two totals.

    And a date and scope whose parties' votes add up to more than its total.
    """
    twice = []
    first: dict[tuple, int] = {}
    keys = map(tuple, frame[["election_date", "scope", "party"]].to_numpy())
    for key, line in zip(keys, lines, strict=True):
        if key in first:
            twice.append(
                Problem(
                    str(path),
                    f"row {line}, column party",
                    str(key[2]),
                    f"given twice for {key[1]} on {key[0]} (also row {first[key]})",
                )
            )
        first.setdefault(key, line)
    problems = twice[:5]
    votes = pd.to_numeric(frame["votes"]).to_numpy()
    total = pd.to_numeric(frame["total_valid_votes"]).to_numpy()
    for line in lines[total == 0][:5]:
        problems.append(
            Problem(str(path), f"row {line}, column total_valid_votes", "0", "no valid votes")
        )
    over = votes > total
    for line, v, t in zip(lines[over][:5], votes[over][:5], total[over][:5], strict=True):
        problems.append(
            Problem(
                str(path),
                f"row {line}, column votes",
                f"{v:,.0f}",
                f"more than the row's total_valid_votes ({t:,.0f})",
            )
        )
    return problems + _total_problems(frame, path, lines, votes, total)[:5]


def _total_problems(
    frame: pd.DataFrame, path: Path, lines: np.ndarray, votes: np.ndarray, total: np.ndarray
) -> list[Problem]:
    """A date and scope whose rows give two totals, or whose parties' votes exceed the total.

    The shares are taken over the first row's total: another total, or parts adding up to
    more than it, gave shares summing to other than 1 in silence.
    """
    key = frame["election_date"].astype(str) + "\0" + frame["scope"].astype(str)
    problems = []
    for group in dict.fromkeys(key):
        rows = np.flatnonzero((key == group).to_numpy())
        day, scope = group.split("\0")
        first = total[rows[0]]
        other = rows[total[rows] != first]
        if len(other):
            problems.append(
                Problem(
                    str(path),
                    f"row {lines[other[0]]}, column total_valid_votes",
                    f"{total[other[0]]:,.0f}",
                    f"differs from row {lines[rows[0]]}'s ({first:,.0f}): "
                    f"one total for {scope} on {day}",
                )
            )
        elif votes[rows].sum() > first:
            problems.append(
                Problem(
                    str(path),
                    f"election_date {day}, scope {scope}, column votes",
                    f"{votes[rows].sum():,.0f}",
                    f"the parties' votes add up to more than the total_valid_votes ({first:,.0f})",
                )
            )
    return problems

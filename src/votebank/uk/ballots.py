"""A contest's ballots counted against its candidates' votes (the contests and candidates files).

Ballots counted are the valid votes plus the rejected ballots, so they cannot be fewer than the
candidates' votes: a contest whose are fewer holds a mistyped count, and the turnout built from
it (ballots counted / electorate) would be too low.
"""

from __future__ import annotations

import pandas as pd

from votebank.errors import InputError, Problem
from votebank.uk import results_files
from votebank.uk.tables import candidates_table, contests_table

_KEYS = ["election_date", "election_type", "constituency_id"]


def check_ballots() -> None:
    """InputError naming each contest whose ``ballots_counted`` are fewer than its votes."""
    contests = contests_table()
    votes = candidates_table().groupby(_KEYS)["votes"].sum().rename("candidates_votes")
    held = contests.join(votes, on=_KEYS)
    counted = pd.to_numeric(held["ballots_counted"])
    short = held[counted < held["candidates_votes"]]
    problems = [
        Problem(
            results_files.source_name("contests"),
            f"row {i + 2}, column ballots_counted",
            f"{n:,.0f}",
            f"fewer than the {v:,.0f} votes of the contest's candidates in "
            f"{results_files.source_name('candidates')} (ballots counted are the valid votes "
            "plus the rejected ballots)",
        )
        for i, n, v in zip(
            short.index, counted[short.index], short["candidates_votes"], strict=True
        )
    ]
    if problems:
        raise InputError(problems[:5])

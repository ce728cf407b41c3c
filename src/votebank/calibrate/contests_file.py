"""Roll and ballots of a candidate file's contests, from the contests file beside it (UK layout).

The candidate layout gives each seat's roll but not its ballots: turnout comes from a
``uk_results_contests.csv`` beside the file, the rows of the same day and the same kind of
contest (a general election's, or a by-election's on its own day). Without that file, or
without a seat's row in it, the seat's turnout is unknown: another contest's is not its own.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from votebank.csvfiles import refuse_seats_twice
from votebank.elections.later import is_general


def contests_beside(path: Path, date: str, kind: str, seats: pd.DataFrame) -> pd.DataFrame:
    """``constituency_id``, ``registered``, ``ballots`` of the contests of ``date`` and ``kind``.

    ``kind`` is ``general`` or the type of the later contests named by their day; ``seats`` is
    returned as it is where no contests file is beside ``path``.
    """
    from votebank.uk.results_files import NAMES, read_checked

    contests = path.parent / NAMES["contests"]
    if not contests.is_file():
        return seats
    c = read_checked(contests, "contests")
    general = is_general(c)
    c = c[(c["election_date"] == date) & (general if kind == "general" else ~general)]
    refuse_seats_twice(c["constituency_id"].astype(str), contests, "constituency_id")
    return pd.DataFrame(
        {
            "constituency_id": c["constituency_id"].astype(str),
            "registered": c["electorate"].astype(float),
            "ballots": c["ballots_counted"].astype(float),
        }
    )

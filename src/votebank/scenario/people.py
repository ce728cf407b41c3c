"""Rows of one ``person``: one person standing in several seats, never twice in one seat.

Two rows of a seat with the same ``person`` (even for two parties) passed, and the seat's
contest then held one person as two rivals.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from votebank.errors import Problem
from votebank.scenario.tables import MAX_PER_COLUMN, line


def person_problems(candidates: pd.DataFrame, table: str) -> list[Problem]:
    """Each candidate row whose ``person`` already stands in its constituency."""
    # As the loader fills it: an empty person is the candidate id.
    person = candidates["person"].where(candidates["person"] != "", candidates["candidate"])
    pairs = pd.DataFrame({"seat": candidates["constituency"], "person": person})
    first = ~pairs.duplicated(keep="first")
    # A repeated candidate id is reported as a duplicate id, not here as well.
    twice = pairs.duplicated(keep="first") & ~candidates["candidate"].duplicated(keep=False)
    where = {
        (seat, who): line(candidates, i)
        for i, (seat, who) in enumerate(zip(pairs["seat"], pairs["person"], strict=True))
        if first.iat[i]
    }
    return [
        Problem(
            table,
            f"row {line(candidates, i)}, column person",
            repr(person.iat[i]),
            f"{person.iat[i]!r} already stands in {pairs['seat'].iat[i]!r} (row "
            f"{where[(pairs['seat'].iat[i], person.iat[i])]}): a person stands once in a seat",
        )
        for i in np.flatnonzero(twice.to_numpy())[:MAX_PER_COLUMN]
    ]

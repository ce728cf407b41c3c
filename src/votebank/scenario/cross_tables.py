"""The scenario's tables checked against each other and the party list.

Each check names its first :data:`MAX_PER_COLUMN` rows and counts the rest, as the cells' checks
do: a renamed seat breaks every candidate row that names it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from votebank.core.labels import BACKGROUNDS
from votebank.display import joined
from votebank.errors import Problem
from votebank.scenario.tables import MAX_PER_COLUMN, bad_cells, line


def cross_check(
    constituencies: pd.DataFrame,
    candidates: pd.DataFrame,
    party_ids: set[str],
    aggregate_ids: set[str],
    files: tuple[str, str],
    *,
    numbers: bool = True,
) -> list[Problem]:
    """Check the tables against each other and the party list.

    Args:
        constituencies: Typed constituency table.
        candidates: Typed candidate table.
        party_ids: Parties declared in the TOML file.
        aggregate_ids: Parties that stand for several candidates (never win).
        files: The two tables' file names, for messages.
        numbers: Whether the number columns are checked too (not where some cell is bad).

    Returns:
        Every problem found.
    """
    cfile, kfile = files
    problems: list[Problem] = []
    for frame, key, shown in ((constituencies, "id", cfile), (candidates, "candidate", kfile)):
        dup = frame[key].duplicated(keep="first").to_numpy()
        problems += _rows(
            shown, key, frame, dup, lambda i, f=frame, k=key: (repr(f[k].iat[i]), "duplicate id")
        )
    # [mood.national] is every region's mood: a region of that name could not have its own.
    regions = constituencies.get("region", pd.Series("", index=constituencies.index))
    national = regions.eq("national").to_numpy()  # a missing column is named on reading
    why = "'national' names the mood of every region ([mood.national]): name the region otherwise"
    problems += _rows(cfile, "region", constituencies, national, lambda i: ("'national'", why))
    known = set(constituencies["id"])
    unknown = ~candidates["constituency"].isin(known).to_numpy()
    why = f"no such constituency in {cfile}"
    problems += _rows(
        kfile,
        "constituency",
        candidates,
        unknown,
        lambda i: (repr(candidates["constituency"].iat[i]), why),
    )
    for column in ("party", "switched_from"):
        values = candidates[column]
        wrong = ~values.isin(party_ids).to_numpy() & values.ne("").to_numpy()
        problems += _rows(
            kfile,
            column,
            candidates,
            wrong,
            lambda i, v=values: (repr(v.iat[i]), "party not declared in [[parties]]"),
        )
    # A "switch" from the candidate's own party: no switch, so it did nothing.
    same = (candidates["switched_from"].eq(candidates["party"])).to_numpy()
    problems += _rows(
        kfile,
        "switched_from",
        candidates,
        same,
        lambda i: (
            repr(candidates["switched_from"].iat[i]),
            "the candidate's own party: a switch is from another party (leave it empty for none)",
        ),
    )
    sourced = (
        candidates["background_source"].ne("") & candidates["background"].eq("none")
    ).to_numpy()
    problems += _rows(
        kfile,
        "background",
        candidates,
        sourced,
        lambda i: (
            "'none'",
            f"background_source {candidates['background_source'].iat[i]!r} is given, so the "
            "background must be one of " + joined(b for b in BACKGROUNDS if b != "none"),
        ),
    )
    # Only a standing patron's estate has his armed men: a militia of anyone else did nothing.
    unarmed = (candidates["militia"].gt(0) & candidates["patron"].eq("none")).to_numpy() & numbers
    problems += _rows(
        kfile,
        "militia",
        candidates,
        unarmed,
        lambda i: (
            f"{candidates['militia'].iat[i]:g}",
            "only a standing patron (patron landlord or pir) has armed men, and this "
            "candidate's patron is none: give the patron, or militia 0",
        ),
    )
    # The builder gives a seat at most one station per voter: more were cut in silence.
    crowded = (constituencies["stations"] > constituencies["registered"]).to_numpy() & numbers
    problems += _rows(
        cfile,
        "stations",
        constituencies,
        crowded,
        lambda i: (
            str(constituencies["stations"].iat[i]),
            f"more polling stations than the seat's {constituencies['registered'].iat[i]:,} "
            "registered voters: a station needs at least one voter",
        ),
    )
    real = candidates[~candidates["party"].isin(aggregate_ids)]
    # Sorted by id, as before: the order of the report does not follow the rows here.
    lost = sorted(known - set(real["constituency"]))
    rows = [int(np.flatnonzero(constituencies["id"].to_numpy() == cid)[0]) for cid in lost]
    cells = [
        (line(constituencies, i), repr(cid), "constituency has no candidate who can win")
        for i, cid in zip(rows, lost, strict=True)
    ]
    return problems + bad_cells(cfile, "id", cells)


def _rows(shown: str, column: str, frame: pd.DataFrame, bad: np.ndarray, what) -> list[Problem]:
    """A problem per flagged row (``what(i)`` gives its value and why): the first few, counted.

    Only the rows named are described: half a million bad rows took minutes to describe.
    """
    flagged = np.flatnonzero(bad)
    cells = [(line(frame, i), *what(i)) for i in flagged[:MAX_PER_COLUMN]]
    return bad_cells(shown, column, cells, total=len(flagged))

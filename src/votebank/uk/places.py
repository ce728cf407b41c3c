"""A candidate's region and nation against its contest's (the candidates and contests files).

The scenario's seats take their region from the contests file, while the regions apart are
taken off the GB shares, and a region's shares summed, from the candidates file: a seat placed
in one region in one file and another in the other would swing with one and count with the
other.
"""

from __future__ import annotations

from votebank.errors import InputError, Problem
from votebank.uk import results_files
from votebank.uk.tables import candidates_table, contests_table

_KEYS = ["election_date", "election_type", "constituency_id"]
PLACE = ("region", "nation")


def check_places() -> None:
    """InputError naming each seat whose candidates' region or nation is not its contest's."""
    contests = contests_table().drop_duplicates(_KEYS).set_index(_KEYS)[list(PLACE)]
    contests.columns = [f"{col}_contest" for col in PLACE]
    held = candidates_table().join(contests, on=_KEYS)
    problems = []
    for col in PLACE:
        other = held[f"{col}_contest"]
        # A seat's first row: every candidate of a seat placed otherwise would say the same.
        bad = held[other.notna() & (held[col] != other)].drop_duplicates(_KEYS)
        problems += [
            Problem(
                results_files.source_name("candidates"),
                f"row {i + 2}, column {col}",
                str(value),
                f"the contests file {results_files.source_name('contests')} gives {seat} "
                f"on {day} {col} {place!r}: give both files one",
            )
            for i, value, seat, day, place in zip(
                bad.index,
                bad[col],
                bad["constituency_id"],
                bad["election_date"],
                bad[f"{col}_contest"],
                strict=True,
            )
        ]
    if problems:
        raise InputError(problems[:5])

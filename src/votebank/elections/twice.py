"""One candidate given twice in a seat (the same name for the same party): a broken file.

One person polls once, so two counts for them leave which is right unknown; added, they
inflated the party's vote in the seat. Two people of one name for two parties, two
independents of one name (namesakes are put up to confuse voters), and unnamed rows
(party-level files), are left alone.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from votebank.elections.parties import INDEPENDENT
from votebank.errors import Problem

POSITIONS = ("win", "second", "third")


def _named(names: pd.Series) -> pd.Series:
    return names.notna() & names.astype(str).str.strip().ne("")


def _party(labels: pd.Series) -> pd.Series:
    """Whether each label is a party's (not an independent's)."""
    return ~labels.astype(str).str.strip().str.lower().isin(INDEPENDENT)


def twice_in_candidate_rows(day: pd.DataFrame, path: Path) -> list[Problem]:
    """Candidate rows of one seat with the same name and party (five shown)."""
    key = ["constituency_id", "candidate", "party"]
    named = day[_named(day["candidate"]) & _party(day["party"])]
    twice = named[named.duplicated(key, keep=False)]
    problems = []
    for (seat, name, party), rows in twice.groupby(key, sort=False)["_row"]:
        where = f"rows {', '.join(map(str, rows))}, column candidate"
        why = f"seat {seat} gives candidate {name} ({party}) twice: keep one row"
        problems.append(Problem(str(path), where, str(name), why))
    return problems[:5]


def twice_in_constituency_rows(day: pd.DataFrame, path: Path) -> list[Problem]:
    """A constituency row naming one candidate of one party in two places (five shown)."""
    problems = []
    for k, a in enumerate(POSITIONS):
        for b in POSITIONS[k + 1 :]:
            same = (
                _named(day[f"{a}_name"])
                & _party(day[f"{a}_party"])
                & (day[f"{a}_name"] == day[f"{b}_name"])
                & (day[f"{a}_party"] == day[f"{b}_party"])
            )
            for _, r in day[same].iterrows():
                where = f"row {r['_row']}, columns {a}_name, {b}_name"
                why = (
                    f"seat {r['constituency_number']} gives candidate {r[f'{a}_name']} "
                    f"({r[f'{a}_party']}) twice: keep one"
                )
                problems.append(Problem(str(path), where, str(r[f"{a}_name"]), why))
    return problems[:5]

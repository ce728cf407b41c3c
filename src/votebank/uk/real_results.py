"""The real results a UK scenario is set beside: seats won and each candidate's votes."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from votebank.errors import InputError, Problem
from votebank.uk import results_files
from votebank.uk.elections import contest
from votebank.uk.parties import fold_parties
from votebank.uk.results_files import OTHERS, main_parties
from votebank.uk.tables import candidates_table


def seats_won(election_date: str, seats: Iterable[str] | None = None) -> dict[str, int]:
    """Real seats won at an election (by party code as in a scenario; minor parties: OTH)."""
    c = contest(election_date)
    if seats is not None:
        c = c[c["constituency_id"].isin(list(seats))]
    check_winners(c)
    party = c["winner_party"].where(c["winner_party"].isin(main_parties()), OTHERS)
    counts = party.value_counts()
    return {str(k): int(v) for k, v in counts.items()}


def real_votes(candidates: pd.DataFrame, election_date: str) -> pd.Series:
    """Each scenario candidate's real votes at ``election_date``, matched by seat and party.

    The others entry of a seat gets every vote not matched to a main-party candidate there; a
    party that did not stand then gets 0. These are the results runs are compared with; the
    swing's starting point is ``baseline_votes``.
    """
    held, by_party = _real_rows(candidates, election_date)
    key = list(zip(candidates["constituency"], candidates["party"], strict=True))
    votes = pd.Series([int(by_party.get(k, 0)) for k in key], index=candidates.index)
    seat_total = held.groupby("constituency_id")["votes"].sum()
    others = candidates["party"].eq(OTHERS)
    matched = votes[~others].groupby(candidates.loc[~others, "constituency"]).sum()
    rest = candidates["constituency"].map(seat_total).fillna(0) - candidates["constituency"].map(
        matched
    ).fillna(0)
    return votes.where(~others, rest.clip(lower=0).astype(int)).astype(np.int64)


def unscored_note(candidates: pd.DataFrame, election_date: str) -> str:
    """Real votes at ``election_date`` that no scenario candidate stands for ('' if none).

    With another election's slate (``--slate``) and no others entry in a seat, the votes of a
    party not on the slate are in no candidate's ``actual_votes``: the user should know.
    """
    _, by_party = _real_rows(candidates, election_date)
    standing = set(zip(candidates["constituency"], candidates["party"], strict=True))
    seats_with_others = set(candidates.loc[candidates["party"].eq(OTHERS), "constituency"])
    lost = [
        f"{party} {int(votes):,} in {seat}"
        for (seat, party), votes in by_party.items()
        if votes > 0 and (seat, party) not in standing and seat not in seats_with_others
    ]
    if not lost:
        return ""
    return (
        f"real votes of {election_date} for no candidate of the slate, left out of actual_votes: "
        + ", ".join(lost)
    )


def _real_rows(candidates: pd.DataFrame, election_date: str) -> tuple[pd.DataFrame, pd.Series]:
    """The results rows of ``election_date`` in the scenario's seats; votes by seat and code."""
    cands = candidates_table()
    held = cands[
        (cands["election_date"] == election_date)
        & cands["constituency_id"].isin(set(candidates["constituency"]))
    ]
    by_party = fold_parties(held, alias=False).groupby(["constituency_id", "code"])["votes"].sum()
    return held, by_party


def check_winners(contests: pd.DataFrame) -> None:
    """InputError unless each contest's ``winner_party`` has the most votes among its candidates.

    The seats scored come from the contests file, the votes from the candidates file: a
    winner edited in one and not the other, or left blank, would be scored silently.
    """
    cands = candidates_table()
    keys = ["election_date", "constituency_id"]
    held = cands.merge(contests[keys].drop_duplicates(), on=keys)
    top = held.groupby(keys)["votes"].transform("max")
    best = held[held["votes"] == top].groupby(keys)["party"].agg(lambda p: sorted(set(p)))
    problems = []
    for line, day, seat, name, winner in zip(
        contests.index + 2,  # the file's line: the header is line 1
        contests["election_date"],
        contests["constituency_id"],
        contests["constituency_name"],
        contests["winner_party"],
        strict=True,
    ):
        parties = best.get((day, seat))
        if parties is not None and winner not in parties:
            problems.append(
                Problem(
                    results_files.source_name("contests"),
                    f"row {line}, column winner_party",
                    "blank" if pd.isna(winner) else str(winner),
                    f"the candidates file gives the most votes in {seat} ({name}): "
                    f"{', '.join(parties)}",
                )
            )
    if problems:
        raise InputError(problems[:5])

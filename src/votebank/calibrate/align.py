"""Real results laid on a scenario's seat x candidate-slot grid (:class:`Aligned`).

Each real candidate row goes to a slot by candidate id, else party and name, else party alone
(the party's one candidate in the seat, once), else into the seat's aggregate ("others") row;
what no slot can take is counted as unmatched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from votebank.core.contests import Contests


def norm_name(name: object) -> str:
    """A person's name reduced for matching (lower-case letters only)."""
    return re.sub(r"[^a-z]", "", str(name).lower())


@dataclass(frozen=True)
class Aligned:
    """Real results on a scenario's grid.

    Attributes:
        seats: Seats of the scenario that the target covers (bool, per seat).
        votes: Real votes per seat and candidate slot (0 where none).
        turnout: Real turnout per seat (NaN unknown or not covered).
        winner_party: The real winner's party per seat ("" where not covered).
        unmatched_share: Share of the covered real votes that no slot could take.
    """

    seats: np.ndarray
    votes: np.ndarray
    turnout: np.ndarray
    winner_party: np.ndarray
    unmatched_share: float

    @property
    def shares(self) -> np.ndarray:
        """Real vote shares per seat and slot (NaN for seats not covered)."""
        total = self.votes.sum(axis=1, keepdims=True)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(self.seats[:, None], self.votes / total, np.nan)


def align(candidates: pd.DataFrame, seat_table: pd.DataFrame, c: Contests) -> Aligned:
    """Lay real results on a scenario's seat x slot grid (see the module docstring).

    Args:
        candidates: ``constituency_id``, ``candidate_id``, ``name``, ``party``, ``votes``,
            ``aggregate`` (as :class:`votebank.calibrate.target.Target` holds them).
        seat_table: ``constituency_id``, ``registered``, ``ballots``.
        c: The scenario's contests.
    """
    seat_index = {s: i for i, s in enumerate(c.seat_ids)}
    t = candidates[candidates["constituency_id"].isin(seat_index)]
    t = t.sort_values(["constituency_id", "votes"], ascending=[True, False], kind="stable")
    party_names = np.array(c.party_ids, dtype=object)
    votes = np.zeros(c.valid.shape)
    unmatched = 0.0
    for seat_id, rows in t.groupby("constituency_id", sort=False):
        s = seat_index[seat_id]
        slots = np.flatnonzero(c.valid[s])
        ids = {str(c.candidate_ids[s, k]): k for k in slots}
        party = {k: party_names[c.party[s, k]] for k in slots}
        names = {k: norm_name(c.candidate_names[s, k]) for k in slots}
        aggregate = [k for k in slots if not c.can_win[s, k]]
        claimed: set[int] = set()
        for r in rows.itertuples(index=False):
            k = ids.get(r.candidate_id) if r.candidate_id else None
            if k is None and r.aggregate and aggregate:
                k = aggregate[0]
            if k is None:
                k = next(
                    (j for j in slots if party[j] == r.party and names[j] == norm_name(r.name)),
                    None,
                )
            if k is None:  # the party's candidate, if it has exactly one here, once
                same = [j for j in slots if party[j] == r.party and c.can_win[s, j]]
                k = same[0] if len(same) == 1 and same[0] not in claimed else None
            if k is None and aggregate:
                k = aggregate[0]
            if k is None:
                unmatched += r.votes
                continue
            claimed.add(int(k))
            votes[s, k] += r.votes
    covered = np.zeros(c.seats, dtype=bool)
    covered[[seat_index[s] for s in pd.unique(t["constituency_id"])]] = True
    seats = seat_table.set_index("constituency_id").reindex(c.seat_ids.astype(str))
    turnout = np.where(covered, (seats["ballots"] / seats["registered"]).to_numpy(float), np.nan)
    # The real winner: the best candidate who could win (the scenario's "others" cannot).
    score = np.where(c.can_win & covered[:, None], votes, -1.0)
    best = score.argmax(axis=1)
    winner = np.where(covered, party_names[c.party[np.arange(c.seats), best]], "")
    total = float(t["votes"].sum())
    return Aligned(covered, votes, turnout, winner.astype(object), unmatched / max(total, 1.0))

"""Candidate selection: local party members keep or replace the candidate for their seat.

In every seat where the party of ``[organisations.selection] org`` stands (or those listed in
``seats``), the sitting candidate is of a side drawn from ``sitting_sides``; with probability
``challenge_prob`` a challenger of another side stands (drawn in proportion to the other sides'
shares). The seat's members of ``org`` on selection day vote: each turns out with ``turnout``
(else their faction's turnout) and votes for the candidate of their faction's side with their
faction's loyalty, else for the other one; a member whose side has no candidate, or who has no
faction, splits evenly. The challenger wins with more votes than the sitting candidate (a tie
keeps the sitting candidate).

The baseline appeal of the party's candidate is the sitting candidate's. A challenger who wins
takes the candidate row (same id, so paired runs compare it with the sitting candidate) with
the appeal ``appeal + appeal_shift[new side] - appeal_shift[old side] - deselection_penalty``
(the penalty is the lost personal vote) and a new name and person. :func:`enthusiasm` gives each
member an hours multiplier from ``enthusiasm[their side][the candidate's side]`` (1 where not
given), which :func:`votebank.organisations.capacity.capacity` takes.

Draws come from named streams ``organisations.selection.<decision>`` with one generator per
seat, so the members and draws of one seat decide it whatever happens elsewhere.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from votebank.organisations.capacity import channel
from votebank.organisations.members import Members
from votebank.rng import Streams
from votebank.scenario.load import Scenario
from votebank.scenario.organisations.section_spec import OrganisationsSpec
from votebank.scenario.tables import APPEAL_LIMIT


@dataclass(frozen=True)
class SelectionResult:
    """The selections, and the scenario whose candidate table they changed.

    Attributes:
        seats: One row per seat where the party stands: ``constituency_id``, ``candidate``,
            ``sitting_side``, ``challenger_side`` (empty: unopposed), ``members`` (entitled),
            ``votes_sitting``, ``votes_challenger``, ``selected_side``, ``deselected``,
            ``appeal_before``, ``appeal_after``.
        scenario: The scenario with the selected candidates in its candidate table.
        candidate_side: Side index of the party's candidate in every seat (-1: none).
    """

    seats: pd.DataFrame
    scenario: Scenario
    candidate_side: np.ndarray

    @property
    def deselected(self) -> int:
        """Seats where the sitting candidate lost."""
        return int(self.seats["deselected"].sum())


def _pick(u: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Inverse-CDF choice per row: ``weights`` rows need not be normalised (all-zero: -1)."""
    total = weights.sum(axis=1, keepdims=True)
    cdf = np.cumsum(np.divide(weights, total, out=np.zeros_like(weights), where=total > 0), axis=1)
    pick = (u[:, None] >= cdf).sum(axis=1)
    return np.where(total[:, 0] > 0, np.minimum(pick, weights.shape[1] - 1), -1)


def select_candidates(
    scenario: Scenario,
    members: Members,
    spec: OrganisationsSpec,
    seed: int,
    on: dt.date | None = None,
) -> SelectionResult:
    """Run the local selections and return the scenario with the selected candidates.

    Args:
        scenario: The general-election scenario.
        members: The members (after whatever rules apply).
        spec: The ``[organisations]`` section (``selection`` must be enabled).
        seed: The seed of the named streams.
        on: Selection day (default: the section's).

    Returns:
        The selections and the changed scenario.

    Raises:
        ValueError: When selection is not enabled.
    """
    sel = spec.selection
    if not sel.enabled:
        raise ValueError("[organisations.selection] is not enabled")
    org = spec.organisation[spec.org_index(sel.org)]
    sides = spec.sides
    n_sides, n_fac = len(sides), len(spec.faction)
    cons, cands = scenario.constituencies, scenario.candidates.copy()
    ids = cons["id"].to_numpy(dtype=object)
    n_seats = len(ids)
    streams = Streams(int(seed), 0, "organisations.selection.")
    per_seat = np.arange(n_seats + 1)

    # The party's candidate in each seat (the first if it fields several).
    rows = np.flatnonzero(cands["party"].to_numpy() == org.party)
    seat_of_row = pd.Index(ids).get_indexer(cands["constituency"].to_numpy()[rows])
    first = np.full(n_seats, -1)
    first[seat_of_row[::-1]] = rows[::-1]
    chosen = first >= 0
    if sel.seats:
        chosen &= np.isin(ids, sel.seats)

    # Sitting and challenger sides, one generator per seat.
    share = np.array([sel.sitting_sides.get(s, 0.0) for s in sides])
    sit = _pick(streams.uniform("sitting", per_seat), np.tile(share, (n_seats, 1)))
    others = np.tile(share, (n_seats, 1))
    others[np.arange(n_seats), sit] = 0.0
    # Sides that never sit may still challenge: weight them evenly when no other side sits.
    spare = (others.sum(axis=1, keepdims=True) == 0) & (n_sides > 1)
    others = np.where(spare, 1.0, others)
    others[np.arange(n_seats), sit] = 0.0
    challenger = _pick(streams.uniform("challenger", per_seat), others)
    stands = (streams.uniform("challenge", per_seat) < sel.challenge_prob) & (challenger >= 0)
    contested = chosen & stands

    # The seat's members by faction (last column: no faction).
    on = on or spec.selection_date
    inside = members.member_of(sel.org, on)
    cols = n_fac + 1
    fac = np.where(members.faction[inside] >= 0, members.faction[inside], n_fac)
    cells = members.home[inside].astype(np.int64) * cols + fac
    entitled = np.bincount(cells, minlength=n_seats * cols)
    turnout = np.array([f.turnout for f in spec.faction] + [0.5])
    if sel.turnout is not None:
        turnout[:] = sel.turnout
    loyalty = np.array([f.loyalty for f in spec.faction] + [0.5])
    side_of_faction = spec.side_of_faction
    segments = per_seat * cols
    voters = streams.binomial("turnout", entitled, np.tile(turnout, n_seats), segments)
    f_side = np.tile(side_of_faction, n_seats)
    seat = np.repeat(np.arange(n_seats), cols)
    loyal = np.tile(loyalty, n_seats)
    p_sitting = np.where(
        f_side == sit[seat],
        loyal,
        np.where((f_side == challenger[seat]) & (f_side >= 0), 1 - loyal, 0.5),
    )
    for_sitting = streams.binomial("vote", voters, p_sitting, segments)
    votes_sitting = np.bincount(seat, for_sitting, minlength=n_seats)
    votes_challenger = np.bincount(seat, voters - for_sitting, minlength=n_seats)
    deselected = contested & (votes_challenger > votes_sitting)

    # The selected candidates, in the candidate table.
    shift = np.array([sel.appeal_shift.get(s, 0.0) for s in sides])
    selected = np.where(deselected, challenger, sit)
    rows_changed = first[deselected]
    before = cands["appeal"].to_numpy(float).copy()
    after = before.copy()
    delta = shift[challenger[deselected]] - shift[sit[deselected]] - sel.deselection_penalty
    after[rows_changed] = np.clip(before[rows_changed] + delta, -APPEAL_LIMIT, APPEAL_LIMIT)
    cands["appeal"] = after
    side_names = np.array(sides, dtype=object)
    if len(rows_changed):
        new_side = side_names[challenger[deselected]]
        cands.loc[cands.index[rows_changed], "name"] = [f"Challenger ({s})" for s in new_side]
        cands.loc[cands.index[rows_changed], "person"] = [
            f"{c}~selected" for c in cands["candidate"].to_numpy()[rows_changed]
        ]
    changed = scenario.with_tables(cons, cands)

    where = np.flatnonzero(first >= 0)
    frame = pd.DataFrame(
        {
            "constituency_id": ids[where],
            "candidate": cands["candidate"].to_numpy()[first[where]],
            "in_selection": chosen[where],
            "sitting_side": side_names[sit[where]],
            "challenger_side": np.where(contested[where], side_names[challenger[where]], ""),
            "members": entitled.reshape(n_seats, cols).sum(axis=1)[where],
            "votes_sitting": votes_sitting[where],
            "votes_challenger": votes_challenger[where],
            "selected_side": side_names[selected[where]],
            "deselected": deselected[where],
            "appeal_before": before[first[where]],
            "appeal_after": after[first[where]],
        }
    )
    side = np.where(first >= 0, selected, -1)
    return SelectionResult(frame, changed, side)


def enthusiasm(
    members: Members,
    spec: OrganisationsSpec,
    result: SelectionResult,
    on: dt.date | int | None = None,
) -> np.ndarray:
    """Hours multiplier of every member: their side's enthusiasm for their seat's candidate.

    Only members who campaign on ``on`` (default: the election) through an organisation of the
    selecting party have one: the candidate selected is that party's, not their party's.

    Args:
        members: The members.
        spec: The ``[organisations]`` section.
        result: The selections.
        on: The day members campaign.

    Returns:
        One multiplier per person (1 where the section gives none).
    """
    sides = spec.sides
    table = np.ones((len(sides) + 1, len(sides) + 1))
    for mine, row in spec.selection.enthusiasm.items():
        for theirs, value in row.items():
            if mine in sides and theirs in sides:
                table[sides.index(mine), sides.index(theirs)] = value
    side_of_faction = spec.side_of_faction
    member_side = side_of_faction[members.faction]
    candidate_side = result.candidate_side[members.home]
    party = spec.organisation[spec.org_index(spec.selection.org)].party
    # -1 (no organisation on the day, so no hours): kept as the table gives.
    same = np.array([o.party == party for o in spec.organisation] + [True])
    via = channel(members, spec.election if on is None else on)
    return np.where(same[via], table[member_side, candidate_side], 1.0)

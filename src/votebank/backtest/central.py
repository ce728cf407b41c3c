"""The start of votebank's forecast: each target candidate's share before kinds and raking.

1. *Personal vote of the seat's winner* (:func:`incumbency`): the base winner's share is
   ``phi`` personal. If the winner stands again for another party (people matched by
   :mod:`votebank.backtest.names`, whatever the spelling), the new party's candidate starts
   from its party's base share plus ``phi`` of the winner's; a party whose winner does not
   stand again for it starts from ``1 - phi`` of its base share. Every other candidate starts
   from its party's base share in the seat (split between its candidates there); an
   independent from its own base share (one who stood for a party in the base takes only
   ``phi`` of that share, and only as the seat's winner: the rest was the party's, whose
   candidate keeps it; before, the whole of it was counted twice, and a party candidate
   turned independent could win from it); the aggregate "others" row keeps its share. A label
   with no base share in the seat (a party new there, a new independent, or the others row
   where no other candidate stood in the base) starts from at least ``nu`` times its given
   share in the block (prior ``nu = 1`` [E]): what it holds on
   average there, not the zero (proportional) or ``T - B`` (uniform) its absence implies
   (with ``--given none`` nothing is given: 0).
   Losers carry no personal vote: in a first-past-the-post seat it is the winner's
   incumbency that moves votes (an earlier version gave every new candidate ``1 - phi`` of
   the party share, which cost the UK 2015 forecast 16 (national) and 22 (regional) winners
   at ``phi = 0.25``).
2. *Seat-dependent swing*: ``s + (T - B) ((1 - lam) + lam s / B)``: ``lam = 0`` is uniform
   swing, ``lam = 1`` proportional; between, a party moves more where it was strong. A party
   with no base share in the block gains ``T``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from votebank.backtest.baselines import labels_of
from votebank.backtest.pair import Pair
from votebank.backtest.ties import prefer
from votebank.elections.read import OTHERS

FLOOR = 0.001
KINDS = ("others", "same person", "switcher", "new candidate", "new in seat")


def kinds(pair: Pair) -> np.ndarray:
    """Each slate candidate's kind (index into :data:`KINDS`)."""
    sl = pair.slate
    labels = labels_of(pair)
    col = {p: k for k, p in enumerate(labels)}
    S = pair.base.reindex(columns=labels, fill_value=0.0).to_numpy()
    party = S[sl["i"].to_numpy(), sl["label"].map(col).to_numpy()]
    person = sl["person"].to_numpy() > 0
    same = person & (sl["person_label"].to_numpy() == sl["label"].to_numpy())
    conds = [sl["aggregate"].to_numpy(bool), same, person, party > 0]
    return np.select(conds, [0, 1, 2, 3], 4)


def incumbency(pair: Pair) -> tuple[np.ndarray, np.ndarray]:
    """Per slate candidate: ``(is the base winner in person, party lost its winner)``.

    The base winner of a seat is its largest named candidate that is not an independent
    label's aggregate; a target candidate *is* that person when matched by name
    (:mod:`votebank.backtest.names`) with the winner's base share and label. A party *lost
    its winner* where it won the seat in the base (ahead of the independents) and its
    target candidate is someone else (not where either file gives no names).
    """
    labels = labels_of(pair)
    sl = pair.slate
    i = sl["i"].to_numpy()
    S = pair.single_shares(labels)  # an independents' label at its best-placed candidate
    named = np.array([p != OTHERS and p not in pair.indep for p in labels])
    party_top = np.where(named[None, :], S, -1.0)
    win_label = np.array(labels, dtype=object)[prefer(labels, party_top, pair.base_winner)]
    win_share = party_top.max(axis=1)
    person = sl["person"].to_numpy()
    plabel = sl["person_label"].to_numpy(dtype=object)
    label = sl["label"].to_numpy(dtype=object)
    agg = sl["aggregate"].to_numpy(bool)
    # Independents have no party row: their best-placed person counts as the winner too.
    best_person = pd.Series(person).groupby(i).transform("max").to_numpy()
    is_winner = (
        (person > 0)
        & ~agg
        & (
            ((plabel == win_label[i]) & np.isclose(person, win_share[i]))
            | ((best_person == person) & (person > win_share[i]))
        )
    )
    held = pd.Series(is_winner & (label == plabel)).groupby(i).transform("any").to_numpy()
    # Where an independent out-polled every party, no party held the seat.
    ind = np.array([p in pair.indep for p in labels])
    ind_top = S[:, ind].max(axis=1) if ind.any() else np.zeros(len(S))
    party_won = win_share >= ind_top
    # Unknown people (a file without names) cannot be said to have stood down.
    unknown = sl["unknown"].to_numpy(bool) if "unknown" in sl else np.zeros(len(sl), bool)
    lost = ~agg & (label == win_label[i]) & ~is_winner & ~held & party_won[i] & ~unknown
    return is_winner, lost


def defenders(pair: Pair) -> np.ndarray:
    """Per slate candidate: its party won the seat at the base; its winner did not stand down."""
    if pair.base_winner is None:
        return np.zeros(len(pair.slate), dtype=bool)
    sl = pair.slate
    holder = sl["label"].to_numpy(dtype=object) == pair.base_winner[sl["i"].to_numpy()]
    return holder & ~sl["aggregate"].to_numpy(bool) & ~incumbency(pair)[1]


def first_defence(pair: Pair) -> np.ndarray:
    """Per slate candidate: a defender (:func:`defenders`) of a seat its party took at the base."""
    if pair.gained is None:
        return np.zeros(len(pair.slate), dtype=bool)
    return defenders(pair) & pair.gained[pair.slate["i"].to_numpy()]


def raw_shares(pair: Pair, block_of, B, T, lam: float, phi: float, nu: float = 1.0) -> np.ndarray:
    """Steps 1 and 2 of the mean, floored, not yet renormalised."""
    labels = labels_of(pair)
    col = {p: k for k, p in enumerate(labels)}
    sl = pair.slate
    i = sl["i"].to_numpy()
    k = sl["label"].map(col).to_numpy()
    S = pair.base.reindex(columns=labels, fill_value=0.0).to_numpy()
    same = sl.groupby(["i", "label"])["label"].transform("size").to_numpy()
    party = S[i, k] / same
    person = sl["person"].to_numpy()
    agg = sl["aggregate"].to_numpy()
    indep = sl["indep"].to_numpy(bool)
    is_winner, lost = incumbency(pair)
    plabel = sl["person_label"].to_numpy(dtype=object)
    moved_party = plabel != sl["label"].to_numpy(dtype=object)
    # A person who stood for a party in the base and now stands as an independent: that vote
    # was mostly the party's, which keeps it; they take phi of it as the seat's winner (as a
    # winner who changed party does) and nothing as a loser (losers carry no personal vote).
    ex_party = indep & (person > 0) & ~np.isin(plabel, [*pair.indep, OTHERS, ""])
    own = np.where(ex_party, np.where(is_winner, phi * person, 0.0), person)
    # Independents carry only their own vote; the winner who changed party takes phi of it.
    start = np.where(indep & ~agg, own, party)
    start = start + np.where(is_winner & moved_party & ~indep, phi * person, 0.0)
    start = start - np.where(lost, phi * party, 0.0)
    b, t = B[block_of[i], k], T[block_of[i], k]
    moved = np.where(
        b > 0, start + (t - b) * ((1 - lam) + lam * start / np.maximum(b, 1e-12)), start + t
    )
    # A label that did not stand in the base seat (a party new there, whoever its candidate,
    # a new independent, or other candidates where none stood before) starts from at least nu
    # times its given share in the block, not from what its absence implies (0 or T - B); one
    # that stood there and polled nothing is not new.
    new = ~pair.stood(labels)[i, k] & ~(indep & (person > 0) & ~ex_party)
    moved = np.where(new, np.maximum(moved, nu * t), moved)
    return np.maximum(moved, FLOOR)

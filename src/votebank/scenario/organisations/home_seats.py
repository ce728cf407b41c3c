"""Where an organisation's members live: each seat's weight, from its party's share there."""

from __future__ import annotations

import numpy as np
import pandas as pd

from votebank.scenario.organisations.member_spec import Organisation


def party_shares(constituencies: pd.DataFrame, candidates: pd.DataFrame, party: str) -> np.ndarray:
    """Each seat's share of ``party`` from the candidates' appeals (softmax within the seat).

    Args:
        constituencies: The scenario's constituency table (its order is the seats' order).
        candidates: The candidate table (``constituency``, ``party``, ``appeal``).
        party: Party id.

    Returns:
        Share per seat (0 where the party does not stand).

    The tables must link (:func:`seats_linked`), as a loaded scenario's do.
    """
    seat_of = pd.Index(constituencies["id"]).get_indexer(candidates["constituency"])
    appeal = candidates["appeal"].to_numpy(float)
    top = np.full(len(constituencies), -np.inf)
    np.maximum.at(top, seat_of, appeal)
    e = np.exp(appeal - top[seat_of])
    total = np.bincount(seat_of, e, minlength=len(constituencies))
    mine = np.bincount(
        seat_of, np.where(candidates["party"].to_numpy() == party, e, 0.0), len(constituencies)
    )
    return np.divide(mine, total, out=np.zeros_like(mine), where=total > 0)


def seats_linked(constituencies: pd.DataFrame, candidates: pd.DataFrame) -> bool:
    """Whether each candidate's seat is one row of the constituency table.

    The shares index the table by seat id: a duplicated id cannot be indexed and an unknown
    one indexes no row (the tables' own checks name both).
    """
    ids = constituencies["id"]
    return bool(ids.is_unique and candidates["constituency"].isin(ids).all())


def home_weights(
    org: Organisation, constituencies: pd.DataFrame, candidates: pd.DataFrame
) -> np.ndarray:
    """Weight of each seat as the home of an organisation's members.

    ``registered x share^area_tilt``, ``share`` being the party's share of the seat
    (:func:`party_shares`), and 0 where the party does not stand, whatever the tilt (0^0 is 1:
    members lived there and their hours reached no candidate); by ``registered`` alone where
    the party stands nowhere.
    """
    registered = constituencies["registered"].to_numpy(float)
    share = party_shares(constituencies, candidates, org.party)
    w = registered * np.where(share > 0, share**org.area_tilt, 0.0)
    return w if w.sum() > 0 else registered.copy()

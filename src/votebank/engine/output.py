"""Turn a finished run's arrays into the tables the store keeps (see votebank.results.frames)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from votebank.engine.state import RunState
from votebank.routes import ROUTES, STUFFING_KINDS
from votebank.scenario.schema import BACKGROUNDS


def run_frames(state: RunState, *, stations: bool = True) -> dict[str, pd.DataFrame]:
    """Return the run's tables, named as in :mod:`votebank.results.frames`.

    ``stations=False`` leaves out the station table (tens of thousands of rows), for runs whose
    station detail will not be kept.
    """
    frames = {
        "constituencies": _constituencies(state),
        "candidates": _candidates(state),
        "seats": _seats(state),
        "byelections": _byelections(state),
        "canvass": _canvass(state),
    }
    if stations:
        frames["polling_stations"] = _stations(state)
    return frames


def _constituencies(state: RunState) -> pd.DataFrame:
    c, el = state.contests, state.electorate
    seats = np.arange(c.seats)
    votes = state.seat_votes.sum(axis=2)
    valid = votes.sum(axis=1)
    rejected = np.bincount(el.station_seat, state.station_rejected, minlength=c.seats)
    ballots = valid + rejected
    # The runner-up is the best other candidate who could have won (none in a walkover).
    others = np.where(c.can_win, votes, -1)
    others[seats, state.seat_winner] = -1
    runner = others.argmax(axis=1)
    has_runner = others[seats, runner] >= 0
    party_id = np.array(c.party_ids, dtype=object)
    return pd.DataFrame(
        {
            "constituency_id": c.seat_ids.astype(str),
            "name": c.seat_names.astype(str),
            "region": np.array(c.region_names, dtype=object)[c.region].astype(str),
            "registered": c.registered,
            "ballots": ballots.astype(np.int64),
            "rejected": rejected.astype(np.int64),
            "valid": valid.astype(np.int64),
            "turnout": ballots / c.registered,
            "winner_candidate": c.candidate_ids[seats, state.seat_winner].astype(str),
            "winner_party": party_id[c.party[seats, state.seat_winner]].astype(str),
            "runner_up_party": np.where(has_runner, party_id[c.party[seats, runner]], "").astype(
                str
            ),
            "margin": (
                votes[seats, state.seat_winner] - np.where(has_runner, votes[seats, runner], 0)
            ).astype(np.int64),
            "tie_by_lot": state.seat_tie.astype(bool),
        }
    )


def _candidates(state: RunState) -> pd.DataFrame:
    c = state.contests
    seat, slot = np.nonzero(c.valid)
    by_route = state.seat_votes[seat, slot]  # rows x routes
    votes = by_route.sum(axis=1)
    ranked = np.where(c.can_win, state.seat_votes.sum(axis=2), -1)
    rank = (ranked[seat] > ranked[seat, slot][:, None]).sum(axis=1) + 1
    frame = pd.DataFrame(
        {
            "constituency_id": c.seat_ids[seat].astype(str),
            "candidate_id": c.candidate_ids[seat, slot].astype(str),
            "name": c.candidate_names[seat, slot].astype(str),
            "party": np.array(c.party_ids, dtype=object)[c.party[seat, slot]].astype(str),
            "background": np.array(BACKGROUNDS, dtype=object)[c.background[seat, slot]].astype(str),
            "votes": votes.astype(np.int64),
        }
    )
    for r, route in enumerate(ROUTES):
        frame[f"votes_{route}"] = by_route[:, r].astype(np.int64)
    elected = state.seat_winner[seat] == slot
    frame["rank"] = np.where(elected, 1, np.where(rank == 1, 2, rank)).astype(np.int64)
    frame["elected"] = elected
    return frame


def _stations(state: RunState) -> pd.DataFrame:
    el, c = state.electorate, state.contests
    votes = state.tally.sum(axis=2)
    slots_of = c.valid.sum(axis=1)[el.station_seat]
    lists = [row[:k] for row, k in zip(votes, slots_of, strict=True)]
    valid = votes.sum(axis=1)
    return pd.DataFrame(
        {
            "station_id": np.arange(el.stations, dtype=np.int64),
            "constituency_id": c.seat_ids[el.station_seat].astype(str),
            "registered": el.station_registered,
            "ballots": (valid + state.station_rejected).astype(np.int64),
            "rejected": state.station_rejected.astype(np.int64),
            "valid": valid.astype(np.int64),
            "leader_votes": votes.max(axis=1).astype(np.int64),
            "votes": lists,
            "stuffing": np.array(STUFFING_KINDS, dtype=object)[state.station_stuffing].astype(str),
            "stuffed_ballots": state.station_stuffed.astype(np.int64),
            "fabricated": state.station_fabricated.astype(bool),
        }
    )


def _byelections(state: RunState) -> pd.DataFrame:
    columns = ("constituency_id", "vacated_by", "winner_candidate", "winner_party")
    return pd.DataFrame(
        {
            **{k: pd.Series([b[k] for b in state.byelections], dtype=str) for k in columns},
            "turnout": pd.Series([b["turnout"] for b in state.byelections], dtype=float),
        }
    )


def _seats(state: RunState) -> pd.DataFrame:
    c = state.contests
    parties = len(c.party_ids)
    general = state.seats.get("general", np.bincount(state.final_party, minlength=parties))
    women = state.seats.get("women", np.zeros(parties, dtype=np.int64))
    non_muslim = state.seats.get("non_muslim", np.zeros(parties, dtype=np.int64))
    return pd.DataFrame(
        {
            "party": c.party_ids,
            "general": general.astype(np.int64),
            "women": women.astype(np.int64),
            "non_muslim": non_muslim.astype(np.int64),
            "total": (general + women + non_muslim).astype(np.int64),
        }
    )


def _canvass(state: RunState) -> pd.DataFrame:
    """Canvass returns: conversations by seat and campaign, and what voters said."""
    c, el = state.contests, state.electorate
    support = np.zeros((c.seats, c.slots))  # talked to a campaign whose candidate they prefer
    other = np.zeros((c.seats, c.slots))  # talked to a campaign, prefer someone else
    for rows, k, friendly, hostile in state.canvass_returns:
        seat = el.cohort_seat[rows]
        np.add.at(support[:, k], seat, friendly)
        # Each conversation with a voter of candidate k is credited to the other campaigns in
        # proportion to their contact rates.
        contact = state.contact[rows].copy()
        contact[:, k] = 0.0
        total = contact.sum(axis=1, keepdims=True)
        share = np.divide(contact, total, out=np.zeros_like(contact), where=total > 0)
        np.add.at(other, seat, share * hostile[:, None])
    seat, slot = np.nonzero((support + other) > 0)
    said_support = np.rint(support[seat, slot]).astype(np.int64)
    said_other = np.rint(other[seat, slot]).astype(np.int64)
    return pd.DataFrame(
        {
            "constituency_id": pd.Series(c.seat_ids[seat], dtype=str),
            "party": pd.Series(np.array(c.party_ids, dtype=object)[c.party[seat, slot]], dtype=str),
            "contacts": said_support + said_other,
            "stated_support": said_support,
            "stated_other": said_other,
        }
    )

"""Turn a run's outcome into the tables the store keeps (see votebank.results.frames)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from votebank.core.labels import BACKGROUNDS, ROUTES, STUFFING_KINDS
from votebank.run.outcome import Outcome


def run_frames(outcome: Outcome, *, stations: bool = True) -> dict[str, pd.DataFrame]:
    """Return the run's tables, named as in :mod:`votebank.results.frames`.

    ``stations=False`` leaves out the station table (tens of thousands of rows), for runs whose
    station detail will not be kept.
    """
    frames = {
        "constituencies": _constituencies(outcome),
        "candidates": _candidates(outcome),
        "seats": _seats(outcome),
        "byelections": _byelections(outcome),
        "canvass": _canvass(outcome),
    }
    if stations:
        frames["polling_stations"] = _stations(outcome)
    return frames


def _constituencies(outcome: Outcome) -> pd.DataFrame:
    c = outcome.contests
    seats = np.arange(c.seats)
    votes = outcome.votes
    valid = votes.sum(axis=1)
    rejected = np.bincount(outcome.station_seat, outcome.station_rejected, minlength=c.seats)
    ballots = valid + rejected
    # The runner-up is the best other candidate who could have won (none in a walkover).
    others = np.where(c.can_win, votes, -1)
    others[seats, outcome.seat_winner] = -1
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
            "winner_candidate": c.candidate_ids[seats, outcome.seat_winner].astype(str),
            "winner_party": party_id[c.party[seats, outcome.seat_winner]].astype(str),
            "runner_up_party": np.where(has_runner, party_id[c.party[seats, runner]], "").astype(
                str
            ),
            "margin": (
                votes[seats, outcome.seat_winner] - np.where(has_runner, votes[seats, runner], 0)
            ).astype(np.int64),
            "tie_by_lot": outcome.seat_tie.astype(bool),
        }
    )


def _candidates(outcome: Outcome) -> pd.DataFrame:
    c = outcome.contests
    seat, slot = np.nonzero(c.valid)
    by_route = outcome.seat_votes[seat, slot]  # rows x routes
    votes = by_route.sum(axis=1)
    ranked = np.where(c.can_win, outcome.votes, -1)
    rank = (ranked[seat] > ranked[seat, slot][:, None]).sum(axis=1) + 1
    frame = pd.DataFrame(
        {
            "constituency_id": c.seat_ids[seat].astype(str),
            "candidate_id": c.candidate_ids[seat, slot].astype(str),
            "name": c.candidate_names[seat, slot].astype(str),
            "party": np.array(c.party_ids, dtype=object)[c.party[seat, slot]].astype(str),
            "background": np.array(BACKGROUNDS, dtype=object)[c.background[seat, slot]].astype(str),
            "background_sourced": c.background_sourced[seat, slot].astype(bool),
            "votes": votes.astype(np.int64),
        }
    )
    for r, route in enumerate(ROUTES):
        frame[f"votes_{route}"] = by_route[:, r].astype(np.int64)
    elected = outcome.seat_winner[seat] == slot
    frame["rank"] = np.where(elected, 1, np.where(rank == 1, 2, rank)).astype(np.int64)
    frame["elected"] = elected
    return frame


def _stations(outcome: Outcome) -> pd.DataFrame:
    c = outcome.contests
    votes = outcome.tally.sum(axis=2)
    slots_of = c.valid.sum(axis=1)[outcome.station_seat]
    lists = [row[:k] for row, k in zip(votes, slots_of, strict=True)]
    valid = votes.sum(axis=1)
    # The leader is a candidate who can win: an "others" row sums many candidates' votes.
    leader = np.where(c.can_win[outcome.station_seat], votes, 0).max(axis=1)
    return pd.DataFrame(
        {
            "station_id": np.arange(outcome.stations, dtype=np.int64),
            "constituency_id": c.seat_ids[outcome.station_seat].astype(str),
            "registered": outcome.station_registered,
            "ballots": (valid + outcome.station_rejected).astype(np.int64),
            "rejected": outcome.station_rejected.astype(np.int64),
            "valid": valid.astype(np.int64),
            "leader_votes": leader.astype(np.int64),
            "votes": lists,
            "stuffing": np.array(STUFFING_KINDS, dtype=object)[outcome.station_stuffing].astype(
                str
            ),
            "stuffed_ballots": outcome.station_stuffed.astype(np.int64),
            "fabricated": outcome.station_fabricated.astype(bool),
        }
    )


def _byelections(outcome: Outcome) -> pd.DataFrame:
    columns = ("constituency_id", "vacated_by", "winner_candidate", "winner_party")
    return pd.DataFrame(
        {
            **{k: pd.Series([b[k] for b in outcome.byelections], dtype=str) for k in columns},
            "turnout": pd.Series([b["turnout"] for b in outcome.byelections], dtype=float),
        }
    )


def _seats(outcome: Outcome) -> pd.DataFrame:
    c = outcome.contests
    parties = len(c.party_ids)
    general = outcome.seats.get("general", np.bincount(outcome.final_party, minlength=parties))
    women = outcome.seats.get("women", np.zeros(parties, dtype=np.int64))
    non_muslim = outcome.seats.get("non_muslim", np.zeros(parties, dtype=np.int64))
    return pd.DataFrame(
        {
            "party": c.party_ids,
            "general": general.astype(np.int64),
            "women": women.astype(np.int64),
            "non_muslim": non_muslim.astype(np.int64),
            "total": (general + women + non_muslim).astype(np.int64),
        }
    )


def _canvass(outcome: Outcome) -> pd.DataFrame:
    """Canvass returns: conversations by seat and campaign, and what voters said."""
    c = outcome.contests
    support = np.zeros((c.seats, c.slots))  # talked to a campaign whose candidate they prefer
    other = np.zeros((c.seats, c.slots))  # talked to a campaign, prefer someone else
    for rows, k, friendly, hostile in outcome.canvass_returns:
        seat = outcome.cohort_seat[rows]
        np.add.at(support[:, k], seat, friendly)
        # Each conversation with a voter of candidate k is credited to the other campaigns in
        # proportion to their contact rates.
        contact = outcome.contact[rows].copy()
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


STATION_VOTES = {
    "station_id": np.int64,
    "constituency_id": str,
    "candidate_id": str,
    "party": str,
    "route": str,
    "votes": np.int64,
}
"""The columns of :func:`station_votes` and their types (an ensemble without station runs
has an empty table of them)."""


def station_votes(outcome: Outcome) -> pd.DataFrame:
    """Votes at every polling station, long: one row per station, candidate and route.

    Every candidate standing at a station gets a row for every route, zeros included, so
    sums over any subset are plain group-bys.
    """
    c = outcome.contests
    valid = c.valid[outcome.station_seat]  # station x slot
    station, slot = np.nonzero(valid)
    routes = len(ROUTES)
    seat = outcome.station_seat[station]
    each = {  # one value per station and candidate, typed before it is repeated per route
        "station_id": station,
        "constituency_id": c.seat_ids[seat],
        "candidate_id": c.candidate_ids[seat, slot],
        "party": np.array(c.party_ids, dtype=object)[c.party[seat, slot]],
    }
    frame = {k: np.repeat(v.astype(STATION_VOTES[k]), routes) for k, v in each.items()}
    frame["route"] = np.tile(np.array(ROUTES, dtype=STATION_VOTES["route"]), len(station))
    frame["votes"] = outcome.tally[station, slot].reshape(-1).astype(STATION_VOTES["votes"])
    return pd.DataFrame(frame)

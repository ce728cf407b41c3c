"""Volunteer capacity: the remaining active members' hours, seat by seat, as canvass campaigns.

An active person who belongs on the day to at least one organisation works through the first
one listed in ``[[organisations.organisation]]`` that they belong to (their *channel*: a
movement listed before its party organises its members' campaigning), for that organisation's
party. Their door-knocking hours over the campaign are

    hours a week x campaign_weeks x canvass_share x enthusiasm

(``enthusiasm`` is 1 unless candidate selection sets it, :mod:`votebank.organisations.selection`).
A member whose home is not one of their channel's target seats spends ``travel_share`` of those
hours in the channel's target seats of their region, shared evenly (in every target seat, evenly,
when their region has none); the rest, and every hour of members who live in a target seat, is
spent at home. A channel with no target seat at all (no ``targets``, no ``target_marginals``
the party stands in) has nowhere to send anyone: its members work every hour at home.
:func:`campaigns` turns the hours into ``[[mechanisms.canvass.campaigns]]`` entries, one per
seat, for :mod:`votebank.mechanisms.canvass`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import numpy as np
import pandas as pd

from votebank.mechanisms.canvass import TOKEN_HOURS, Campaign
from votebank.organisations.members import Members
from votebank.scenario.organisations.home_seats import party_shares
from votebank.scenario.organisations.member_spec import Organisation
from votebank.scenario.organisations.section_spec import OrganisationsSpec


def marginal_seats(
    constituencies: pd.DataFrame, candidates: pd.DataFrame, party: str, count: int
) -> list[str]:
    """The party's ``count`` most marginal seats: smallest gap to the winner or runner-up.

    Shares come from the candidates' appeals (softmax within each seat); only seats where the
    party stands count.
    """
    if count <= 0:
        return []
    ids = constituencies["id"].to_numpy(dtype=object)
    seat_of = pd.Index(ids).get_indexer(candidates["constituency"])
    mine = party_shares(constituencies, candidates, party)
    appeal = candidates["appeal"].to_numpy(float)
    top = np.full(len(ids), -np.inf)
    np.maximum.at(top, seat_of, appeal)
    e = np.exp(appeal - top[seat_of])
    total = np.bincount(seat_of, e, minlength=len(ids))
    share = e / total[seat_of]
    others = np.where(candidates["party"].to_numpy() == party, -np.inf, share)
    best_other = np.full(len(ids), -np.inf)
    np.maximum.at(best_other, seat_of, others)
    gap = np.abs(mine - np.maximum(best_other, 0))
    stands = mine > 0
    order = np.argsort(np.where(stands, gap, np.inf), kind="stable")
    return [str(s) for s in ids[order[: min(count, int(stands.sum()))]]]


def target_mask(
    org: Organisation, constituencies: pd.DataFrame, candidates: pd.DataFrame
) -> np.ndarray:
    """Boolean per seat: the organisation's ``targets`` and its ``target_marginals``."""
    chosen = set(org.targets) | set(
        marginal_seats(constituencies, candidates, org.party, org.target_marginals)
    )
    return constituencies["id"].isin(chosen).to_numpy()


def channel(members: Members, on: dt.date | int) -> np.ndarray:
    """The organisation each person campaigns through on a day (-1: belongs to none)."""
    inside = members.belongs(on)
    first = np.argmax(inside, axis=1)
    return np.where(inside.any(axis=1), first, -1)


def capacity(
    members: Members,
    spec: OrganisationsSpec,
    constituencies: pd.DataFrame,
    candidates: pd.DataFrame,
    on: dt.date | int | None = None,
    enthusiasm: np.ndarray | None = None,
) -> pd.DataFrame:
    """Canvass hours per seat and party from the members who remain on a day.

    Args:
        members: The members (after whatever rules apply).
        spec: The ``[organisations]`` section.
        constituencies: The scenario's constituency table.
        candidates: The scenario's candidate table (for marginal targets).
        on: The day (default: the election).
        enthusiasm: Hours multiplier per person (default: 1).

    Returns:
        One row per (seat, party): ``constituency_id``, ``region``, ``party``, ``target``,
        ``target_<org>`` (one column per organisation: its targets), ``members``
        (campaigning through an organisation of that party), ``active``,
        ``home_hours`` (worked at home), ``hours_out`` (taken elsewhere), ``hours_in``
        (brought in) and ``hours`` (worked in the seat).
    """
    on = spec.election if on is None else on
    seats = len(constituencies)
    regions = constituencies["region"].to_numpy(dtype=str)
    region_names, region = np.unique(regions, return_inverse=True)
    via = channel(members, on)
    mult = np.ones(len(members)) if enthusiasm is None else np.asarray(enthusiasm, float)
    total = members.hours * spec.campaign_weeks * spec.canvass_share * mult
    parties = list(dict.fromkeys(o.party for o in spec.organisation))
    masks = {o.id: target_mask(o, constituencies, candidates) for o in spec.organisation}
    frames = []
    for party in parties:
        n_members = np.zeros(seats)
        n_active = np.zeros(seats)
        home = np.zeros(seats)
        out = np.zeros(seats)
        into = np.zeros(seats)
        targeted = np.zeros(seats, dtype=bool)
        for j, org in enumerate(spec.organisation):
            if org.party != party:
                continue
            mine = via == j
            seat = members.home[mine]
            hours = total[mine]
            n_members += np.bincount(seat, minlength=seats)
            n_active += np.bincount(seat, members.hours[mine] > 0, minlength=seats)
            target = masks[org.id]
            targeted |= target
            # With no target seat to go to, members work every hour at home.
            away = org.travel_share if target.any() else 0.0
            travels = np.where(target[seat], 0.0, away * hours)
            home += np.bincount(seat, hours - travels, minlength=seats)
            out += np.bincount(seat, travels, minlength=seats)
            into += _spread(np.bincount(seat, travels, minlength=seats), target, region)
        frames.append(
            pd.DataFrame(
                {
                    "constituency_id": constituencies["id"].to_numpy(dtype=object),
                    "region": region_names[region],
                    "party": party,
                    "target": targeted,
                    **{f"target_{k}": v for k, v in masks.items()},
                    "members": n_members.astype(np.int64),
                    "active": n_active.astype(np.int64),
                    "home_hours": home,
                    "hours_out": out,
                    "hours_in": into,
                    "hours": home + into,
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def _spread(travel: np.ndarray, target: np.ndarray, region: np.ndarray) -> np.ndarray:
    """Share each region's travelling hours evenly over its target seats (else all targets)."""
    into = np.zeros(len(travel))
    if not target.any():
        return into  # nowhere to go (capacity keeps such hours at home)
    regions = region.max() + 1
    by_region = np.bincount(region, travel, minlength=regions)
    targets_in = np.bincount(region, target, minlength=regions)
    here = targets_in[region] > 0
    into += np.where(target & here, by_region[region] / np.maximum(targets_in[region], 1), 0.0)
    homeless = by_region[targets_in == 0].sum()
    into += np.where(target, homeless / target.sum(), 0.0)
    return into


def campaigns(
    cap: pd.DataFrame,
    seats: Iterable[str] | None = None,
    *,
    token: float = TOKEN_HOURS,
    **extra: float,
) -> list[Campaign]:
    """Campaigns for ``[mechanisms.canvass]``: one per seat and party, with the seat's hours.

    Args:
        cap: From :func:`capacity`.
        seats: Seats to give a campaign (default: every seat with hours). A seat listed here
            with no hours gets ``token`` hours, so two variants canvass the same seats and
            sample their voters by the same path (common random numbers).
        token: Least hours of a listed seat.
        **extra: Other :class:`~votebank.mechanisms.canvass.Campaign` fields for every entry.

    Returns:
        The campaigns.
    """
    rows = cap if seats is None else cap[cap["constituency_id"].isin(set(seats))]
    if seats is None:
        rows = rows[rows["hours"] > 0]
    return [
        Campaign(party=str(p), seats=[str(s)], hours=float(max(h, token)), **extra)
        for s, p, h in zip(rows["constituency_id"], rows["party"], rows["hours"], strict=True)
    ]

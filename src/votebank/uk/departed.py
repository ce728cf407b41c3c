"""Where the baseline votes of a party no longer standing in a seat go (see ``scenario_tables``).

A party standing down, the Speaker moving seat, minor candidates when none stand: their
votes at the baseline election are shared by the candidates who stand now.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from votebank.uk.results_files import SPEAKER


def region_shares(folded: pd.DataFrame) -> dict[str, dict[str, float]]:
    """Region -> code -> share of the valid votes there, from candidates labelled by ``code``."""
    votes = folded.groupby(["region", "code"])["votes"].sum()
    total = votes.groupby(level=0).transform("sum")
    share = (votes / total.where(total > 0, 1)).astype(float)
    out: dict[str, dict[str, float]] = {}
    for (region, code), v in share.items():
        out.setdefault(str(region), {})[str(code)] = float(v)
    return out


def share_departed(
    codes: list[str], seat_base: pd.Series | None, region_share: Mapping[str, float]
) -> list[int]:
    """Each standing code's baseline votes in one seat: its own, plus its part of the departed.

    The departed are the base votes of codes with no candidate in the seat now (a party
    standing down, the Speaker moving seat, minor candidates when none stand). They are
    shared, as uniform swing's renormalising shares them, by the standing candidates in
    proportion to their base votes there; a party that did not stand there then counts with
    its share of the region's vote at the base election (what it polled around the seat),
    else a new party would get none of a seat its rivals left. The Speaker standing where
    they did not stand before takes them all: by convention the main parties stand aside for
    the Speaker. The seat's base total is kept (largest remainders).
    """
    if seat_base is None:
        return [0] * len(codes)
    own = np.array([float(seat_base.get(c, 0)) for c in codes])
    departed = float(seat_base[~seat_base.index.isin(codes)].sum())
    if departed <= 0 or not codes:
        return [int(v) for v in own]
    total = float(seat_base.sum())
    weight = np.array(
        [v if v > 0 else region_share.get(c, 0.0) * total for c, v in zip(codes, own, strict=True)]
    )
    speaker = np.array([c == SPEAKER and v == 0 for c, v in zip(codes, own, strict=True)])
    if speaker.any():
        weight = speaker.astype(float)
    if weight.sum() <= 0:
        weight = np.ones(len(codes))
    exact = departed * weight / weight.sum()
    extra = np.floor(exact)
    left = round(departed - extra.sum())
    extra[np.argsort(-(exact - extra), kind="stable")[:left]] += 1
    return [int(v) for v in own + extra]

"""The Klimek fit in plain words, and why a fit is not attempted on some elections."""

from __future__ import annotations

import numpy as np

from votebank.display import plural
from votebank.forensics.klimek_corner import NEAR_UNANIMOUS

ALL_VOTES_AT_MOST = 0.95
"""Share of stations where the leader may have (nearly) every valid vote and the fit be made."""


def unreadable_share(share: np.ndarray, turnout: np.ndarray) -> str | None:
    """Why the fit cannot be made on these leader shares and turnouts, or ``None`` when it can.

    The model tells fraud by where stations sit on the share axis. Where the leader has every
    valid vote at (nearly) every station, as when one candidate stands, that axis is one point:
    no fair cluster can be told from a fraudulent one, and a fit invents an extreme cluster
    (f_e about 0.06 on such a file at 40-80% turnout, read as stations near 100% that were not
    there). Nearly every vote counts as every vote: a few votes "against" beside one candidate
    (share 99%) were read as extreme fraud all the same. Stations at near-unanimous turnout as
    well are left to the fit: they sit in the model's own extreme cluster (see
    :data:`~votebank.forensics.klimek_corner.NEAR_UNANIMOUS`, the bound on both axes).
    """
    flat = int(np.count_nonzero((share >= NEAR_UNANIMOUS) & (turnout < NEAR_UNANIMOUS)))
    if flat < ALL_VOTES_AT_MOST * len(share):
        return None
    return (
        f"Not tested: the leader has all the valid votes at {flat:,} of "
        f"{plural(len(share), 'station')} with valid ballots (or nearly: "
        f"{NEAR_UNANIMOUS:.0%} or more), at turnouts below "
        f"{NEAR_UNANIMOUS:.0%} (as when one candidate stands), so the leader's share carries no "
        "information and the fraud model cannot be fitted. Turnout is still read by the "
        "pile-up test."
    )


def too_few_reading(n: int, least: int) -> str:
    """Why a file or region of ``n`` stations gets no fit."""
    return (
        f"Only {plural(n, 'station')} with valid ballots: too few to fit the fraud model "
        f"(need {least})."
    )


def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def fit_reading(
    f_i: float,
    f_e: float,
    fi_int: tuple[float, float],
    fe_int: tuple[float, float],
    level: float,
    flagged: bool,
    bootstrap: int,
) -> str:
    """The reading of a fit that was made: its best fit, and any fraud its intervals show."""
    if not bootstrap:
        return (
            f"Best fit: incremental fraud {_pct(f_i)} of stations, extreme fraud {_pct(f_e)}. "
            "No bootstrap was run, so there is no interval and no flag."
        )
    lvl = f"{round(100 * level)}%"
    ints = (
        f"incremental fraud {_pct(f_i)} of stations ({lvl} interval {_pct(fi_int[0])} to "
        f"{_pct(fi_int[1])}), extreme fraud {_pct(f_e)} ({_pct(fe_int[0])} to {_pct(fe_int[1])})"
    )
    if not flagged:
        return (
            f"The fingerprint is consistent with one clean cluster: both fraud shares could be "
            f"zero. Best fit: {ints}."
        )
    parts = []
    if fe_int[0] > 0:
        parts.append(
            "a group of stations near 100% turnout and 100% for the leader that a clean "
            "election does not produce"
        )
    if fi_int[0] > 0:
        parts.append(
            "a smear of stations towards higher turnout together with a higher leader share"
        )
    return f"The fingerprint shows {' and '.join(parts)}. Best fit: {ints}."

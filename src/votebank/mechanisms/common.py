"""Small helpers shared by mechanisms."""

from __future__ import annotations

import numpy as np
from scipy.special import ndtri

from votebank.core.state import RunState


def gumbel(u: np.ndarray) -> np.ndarray:
    """Gumbel variates from uniforms (for random-utility choices)."""
    return -np.log(-np.log(np.clip(u, 1e-12, 1 - 1e-12)))


def half_normal(u: np.ndarray, sd: float) -> np.ndarray:
    """|Normal(0, sd)| variates from uniforms."""
    return np.abs(ndtri(0.5 + 0.5 * np.clip(u, 0, 1 - 1e-12)) * sd)


def seat_normals(state: RunState, name: str, cols: int = 0) -> np.ndarray:
    """Standard normals, one row per seat, each seat from its own generator."""
    u = state.streams.uniform(name, np.arange(state.contests.seats + 1), cols=cols)
    return ndtri(np.clip(u, 1e-12, 1 - 1e-12))


def armed_patron(state: RunState) -> np.ndarray:
    """The armed patron (landlord index) whose men stand at each station, or -1."""
    el = state.electorate
    lord = el.locality_landlord[el.station_locality]
    militia = np.append(el.landlord_militia, 0.0)  # lord -1 (none) reads 0: also if none at all
    return np.where(militia[lord] > 0, lord, -1)


def take_votes(tally: np.ndarray, taken: np.ndarray) -> None:
    """Remove ``taken`` votes per station and slot from ``tally``, drawing down routes in order."""
    remaining = taken.copy()
    for route in range(tally.shape[2]):
        cut = np.minimum(tally[:, :, route], remaining)
        tally[:, :, route] -= cut
        remaining -= cut

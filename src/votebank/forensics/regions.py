"""Honest differences between regions: standardise turnout and share within region.

A country whose regions differ honestly in turnout and in the leader's support gives a mixture
of clusters, which a one-cluster fraud model reads as fraud. Before the Klimek fit, every
station's turnout and leader share are shifted by the gap between its region's peak and the
national peak, so all regions share one centre while each keeps its own spread and its own
right tail (where stuffing would show). The peak is the mode, which stuffing does not move
unless it is widespread in that region.

The shift is full up to three spreads above the region's peak and then tapers linearly to
nothing at 100%: a station stuffed to 100% stays at 100% whatever its region, so the extreme
cluster and the pile-up are not smeared by the standardisation.
"""

from __future__ import annotations

import numpy as np

from votebank.forensics.klimek_fair import MODE_BELOW

_GRID = np.linspace(0.0, 1.0, 401)
_MIN_BANDWIDTH = 0.015


def mode(x: np.ndarray) -> float:
    """Mode of a kernel density of ``x`` searched below 90%.

    The bandwidth follows Silverman's rule (at least 1.5 points), so small regions get a
    smoother, steadier estimate.

    Args:
        x: Values (fractions).

    Returns:
        The mode, or NaN for no values.
    """
    x = np.asarray(x, dtype=float)
    if len(x) == 0:
        return float("nan")
    spread = min(np.std(x), np.subtract(*np.quantile(x, [0.75, 0.25])) / 1.34) or np.std(x)
    bw = max(_MIN_BANDWIDTH, 0.9 * spread * len(x) ** -0.2)
    counts, edges = np.histogram(np.clip(x, 0.0, 1.0), bins=len(_GRID) - 1, range=(0.0, 1.0))
    centres = 0.5 * (edges[1:] + edges[:-1])
    step = centres[1] - centres[0]
    radius = int(np.ceil(4 * bw / step))
    kernel = np.exp(-0.5 * (np.arange(-radius, radius + 1) * step / bw) ** 2)
    smooth = np.convolve(counts, kernel, mode="same")
    return float(centres[np.argmax(np.where(centres < MODE_BELOW, smooth, -1.0))])


def standardise(
    turnout: np.ndarray, share: np.ndarray, regions: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Shift each region's turnout and share so that its peak sits on the national peak.

    Args:
        turnout: Turnout per station.
        share: Leader share per station.
        regions: Region label per station.

    Returns:
        Shifted turnout (at least 0) and share (clipped to [0, 1]).
    """
    labels, inverse = np.unique(np.asarray(regions).astype(str), return_inverse=True)
    t_out = np.asarray(turnout, dtype=float).copy()
    s_out = np.asarray(share, dtype=float).copy()
    for x, out in ((turnout, t_out), (share, s_out)):
        centre = mode(x)
        for k in range(len(labels)):
            sel = inverse == k
            out[sel] = _shift(x[sel], centre)
    return np.maximum(t_out, 0.0), np.clip(s_out, 0.0, 1.0)


def _shift(x: np.ndarray, centre: float) -> np.ndarray:
    """Move the peak of ``x`` to ``centre``, tapering the shift to 0 at 100%."""
    peak = mode(x)
    spread = np.subtract(*np.quantile(x, [0.75, 0.25])) / 1.349 if len(x) > 3 else 0.0
    knee = min(peak + 3.0 * spread, 0.99)
    weight = np.clip((1.0 - x) / (1.0 - knee), 0.0, 1.0)
    return x + (centre - peak) * weight

"""Honest differences between regions: standardise turnout and share within region.

A country whose regions differ honestly in turnout and in the leader's support gives a mixture
of clusters, which a one-cluster fraud model reads as fraud. Before the Klimek fit, every
station's turnout and leader share are shifted by the gap between its region's centre and the
national centre, so all regions share one centre while each keeps its own spread and its own
right tail (where stuffing would show).

The centre is read from the lower side, as the fair parameters are (klimek_fair): the centre
and spread a normal would have with the observed 10th and 35th percentiles. Stuffing moves
stations up and to the right, so the lower side moves least; and it moves alike in every
region, so the regions line up. A kernel-density mode (used before) is both noisier and
moved by how a region's stuffed tail happens to lean: with 80% of stations stuffed in four
regions whose fair turnout differs by 0.16, it left the aligned clusters 15% wider than
they are, and the fit read f_i 0.7 for 0.8.

The shift is full up to three spreads above the region's centre and then tapers linearly to
nothing at 100%: a station stuffed to 100% stays at 100% whatever its region, so the extreme
cluster and the pile-up are not smeared by the standardisation.

The leader's share is aligned by scaling the rest's share ``1 - s`` rather than by a shift
(a factor between 2/3 and 3/2; any gap left beyond that is shifted as above). Stuffing takes
a fraction of the rest's votes that does not depend on how many they were, so the share a
stuffed station keeps for the rest is its fair rest share times a factor of the stuffing
alone: scaling commutes with stuffing, a shift does not. Shifted, the stuffed tail of a region
where the leader is honestly weak runs further right than that of one where he is strong,
and the aligned tails read as more fair spread and less fraud: f_i 0.75 for a true 0.8 on
four regions of 10,000 stations whose leader share differs by +-0.08 (mean of 24 datasets;
scaled 0.78, 21 instead of 14 within 0.05; 0.77 and 0.79 at 100,000 stations).
"""

from __future__ import annotations

import numpy as np

from votebank.forensics.klimek_corner import NEAR_UNANIMOUS

_LOW_Q = (0.10, 0.35)
MIN_STATIONS = 10
"""Stations a region needs to be standardised; a smaller one is left where it is.

The centre is read from the 10th and 35th percentiles, which fewer stations do not give: a
region of one station has its own counts for a centre and was moved exactly onto the national
centre, so a region column that named every station on its own (the station's number given
as ``--region``) collapsed the whole file to one point, and a file stuffed at 8% of its
stations to the extreme read f_e 0."""
# Bounds of the factor on the rest's share: a region whose leader is honestly far stronger or
# weaker than nationally is not stretched or squeezed beyond them (the rest is a shift).
REST_SCALE = (2.0 / 3.0, 1.5)
_LOW_Z = (-1.2815515655446004, -0.38532046640756773)


def lower_centre(x: np.ndarray) -> tuple[float, float]:
    """Centre and spread a normal would have, from the 10th and 35th percentiles of ``x``."""
    x = np.asarray(x, dtype=float)
    if len(x) == 0:
        return float("nan"), 0.0
    q10, q35 = np.quantile(x, _LOW_Q)
    width = max((q35 - q10) / (_LOW_Z[1] - _LOW_Z[0]), 1e-3)
    return float(q35 - _LOW_Z[1] * width), float(width)


def standardise(
    turnout: np.ndarray, share: np.ndarray, regions: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Move each region's turnout and share so that its centre sits on the national centre.

    A region of fewer than :data:`MIN_STATIONS` stations is left where it is.

    Turnout is shifted; the share is aligned by scaling the rest's share (:func:`rest_scale`)
    and shifted only for what the bounded scale leaves.

    Each shift tapers on its own axis (full up to three spreads above the region's centre,
    nothing at 100%) and also on the other axis from five spreads up: a station far up
    either axis, stuffed towards the 100%/100% corner, keeps its place on both. With a
    taper per axis alone, a station stuffed to 97% turnout and 95% for a leader whose
    honest share there is 0.8 (no room for a taper above that) was moved down to the
    national share, out of the extreme cluster. A cross-taper from three spreads instead of
    five also held back the shifts of the many modestly stuffed stations where most are
    stuffed (f_i 0.7 read for 0.8 on four regions of 100,000 stations).

    Args:
        turnout: Turnout per station.
        share: Leader share per station.
        regions: Region label per station.

    Returns:
        Aligned turnout (at least 0) and share (clipped to [0, 1]).
    """
    labels, inverse = np.unique(np.asarray(regions).astype(str), return_inverse=True)
    turnout = np.asarray(turnout, dtype=float)
    share = np.asarray(share, dtype=float)
    t_centre, s_centre = lower_centre(turnout)[0], lower_centre(share)[0]
    t_out, s_out = turnout.copy(), share.copy()
    for k in range(len(labels)):
        sel = inverse == k
        if sel.sum() < MIN_STATIONS or unanimous(turnout[sel], share[sel]):
            continue  # no lower side to read, or no fair centre (see unanimous): left as is
        t_gap, t_own, t_far = _shift(turnout[sel], t_centre)
        s_far = _shift(share[sel], s_centre)[2]
        t_out[sel] += t_gap * np.minimum(t_own, s_far)
        # The rest's share is scaled first (see the module notes), then what is left of
        # the gap (only where the scale hit its bounds) is shifted as turnout is.
        scaled = 1.0 - rest_scale(share[sel], s_centre) * (1.0 - share[sel])
        s_gap, s_own, _ = _shift(scaled, s_centre)
        s_out[sel] = scaled + s_gap * np.minimum(s_own, t_far)
    return np.maximum(t_out, 0.0), np.clip(s_out, 0.0, 1.0)


def unanimous(turnout: np.ndarray, share: np.ndarray) -> bool:
    """Whether a region's lower side sits at near-unanimous turnout and share.

    Then most of its stations are where the fraud model's extreme stations land
    (:data:`~votebank.forensics.klimek_corner.NEAR_UNANIMOUS`, 0.949 on both axes), and its
    lower side is not a fair centre: a region stuffed almost everywhere would be shifted down
    onto the national centre and its stuffing read as a clean cluster. Such a region is left
    unmoved, so its stations stay in the extreme corner.
    """
    return bool(
        lower_centre(turnout)[0] >= NEAR_UNANIMOUS and lower_centre(share)[0] >= NEAR_UNANIMOUS
    )


def rest_scale(share: np.ndarray, centre: float) -> float:
    """Factor on the rest's share ``1 - s`` that puts a region's share centre on ``centre``.

    Kept within :data:`REST_SCALE`; what it cannot close is shifted.
    """
    peak = lower_centre(share)[0]
    if not np.isfinite(peak):
        return 1.0
    ratio = (1.0 - centre) / max(1.0 - peak, 1e-3)
    return float(np.clip(ratio, *REST_SCALE))


def _shift(x: np.ndarray, centre: float) -> tuple[float, np.ndarray, np.ndarray]:
    """The gap from the centre of ``x`` to ``centre``, and two taper weights per value.

    The weights are 1 up to three (own axis) or five (the other axis) spreads above the
    centre and fall linearly to 0 at 100%.
    """
    peak, spread = lower_centre(x)

    def taper(k: float) -> np.ndarray:
        knee = min(peak + k * spread, 0.99)
        return np.clip((1.0 - x) / (1.0 - knee), 0.0, 1.0)

    return centre - peak, taper(3.0), taper(5.0)

"""Reading the Klimek fit's profile over f_i: is any fraud needed, and where does it bottom out.

The profile (:func:`~votebank.forensics.klimek.fit_point`) holds one row per trial
(f_i, alpha): ``(f_i, alpha, f_e, loss, unsmoothed loss)``, each loss net of the simulation's
own noise. :func:`simplest` decides between the clean model and fraud with a standard-error
rule; :func:`ridge_centre` reads f_i from the points near the best.
"""

from __future__ import annotations

import numpy as np

SE_RULE = 2.0  # standard errors of loss a fraud fit must gain over the clean one


def simplest(
    loss: np.ndarray,
    f_i: np.ndarray,
    se: np.ndarray,
    test: tuple[np.ndarray, np.ndarray] | None = None,
) -> int:
    """The best profile point, unless a clean one (f_i = 0) is within ``SE_RULE`` SEs of it.

    A standard-error rule (as in Breiman's one-SE rule for trees) for the question the flag
    asks, "is any incremental fraud needed?": along the ridge where fair spread and
    incremental fraud trade off, a loss a sampling error or two below the clean model's is
    no evidence of fraud (a one-sided z-test at about 2%). When fraud is needed, the argmin
    stands (applying the rule to every f_i would bias f_i down).

    ``test`` (losses and SEs) asks the question on another loss than the one that places
    f_i: the fit asks it on the unsmoothed loss. The smoothed loss sees the honest misfit of
    a clean country with regions (several parties, standardised regions) as well as fraud:
    asked on it, the rule flagged 2 of 100 clean 5,000-station elections (0 unsmoothed).
    """
    t_loss, t_se = (loss, se) if test is None else test
    best = int(np.argmin(t_loss))
    clean = np.flatnonzero(f_i == 0)
    if len(clean):
        k0 = int(clean[np.argmin(t_loss[clean])])
        if t_loss[k0] <= t_loss[best] + SE_RULE * t_se[k0, best]:
            return k0
    return int(np.argmin(loss))


def ridge_centre(profile: np.ndarray, se: np.ndarray, k: int, grid_i: np.ndarray) -> float:
    """Where the profile's loss bottoms out along f_i, read from all its points near ``k``.

    When most stations are stuffed, the loss is nearly flat along the ridge where fair
    spread and f_i trade off, and each point carries its own simulation's noise, so the
    argmin jumps around. The vertex of a parabola through the points at the chosen alpha
    within two SEs of the best (and 0.1 beyond them), kept within those points, averages
    that noise out; without an upward curve, their middle. A clean fit stays clean.

    Args:
        profile: Rows (f_i, alpha, f_e, loss).
        se: Standard errors of loss differences.
        k: The chosen point.
        grid_i: The f_i grid (the estimate is rounded to it).

    Returns:
        The f_i to report.
    """
    if profile[k, 0] == 0:
        return 0.0
    same = profile[:, 1] == profile[k, 1]
    near = same & (profile[:, 3] <= profile[k, 3] + 2.0 * se[:, k])
    # Only the run of near points around k: a second dip far away (0.9 beside 0.2 on a clean
    # election) must not stretch the window over the rise between them.
    order = np.flatnonzero(same)[np.argsort(profile[same, 0])]
    at = int(np.flatnonzero(order == k)[0])
    run = near[order]
    first = at - int(np.argmin(np.r_[run[at::-1], False]))
    last = at + int(np.argmin(np.r_[run[at:], False]))
    lo, hi = profile[order[first + 1], 0], profile[order[last - 1], 0]
    window = same & (profile[:, 0] >= lo - 0.1 - 1e-9) & (profile[:, 0] <= hi + 0.1 + 1e-9)
    x, y = profile[window, 0], profile[window, 3]
    centre = 0.5 * (lo + hi)
    if len(np.unique(x)) >= 3:
        c2, c1, _ = np.polyfit(x, y, 2)
        # A rise across the window below rounding error is no curve (flat points fit a c2 of
        # either sign, 1e-14, depending on the linear algebra library).
        if c2 * np.ptp(x) ** 2 > 1e-9 * (1.0 + np.abs(y).max()):
            centre = float(np.clip(-c1 / (2.0 * c2), lo, hi))
    return float(grid_i[np.argmin(np.abs(grid_i - centre))])

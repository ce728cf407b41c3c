"""Scores of one method against the real target.

* **winners wrong**: seats whose real winner is not the method's favourite (the label that
  wins the seat in most runs, a tie going to the central path's winner; a point forecast has
  one run);
* **seats wrong**: ``sum over labels |mean seats - actual seats| / 2``;
* **Brier score** of the win probabilities and the **expected Brier** the forecast expects
  of itself (``mean(1 - sum p^2)``), from :mod:`votebank.calibrate.scores`; a point
  forecast puts probability 1 on its winner and has no expected Brier (None);
* **log score**: mean log probability of the real winner, each seat's frequencies smoothed by
  half a run per label (``(count + 0.5) / (runs + 0.5 k)``, ``k`` the labels that can win
  there) so that a miss costs a finite amount; ensembles only;
* **coverage** of the central 50 % and 90 % intervals of each label's seat total (labels that
  won or were expected to win a seat) and of each candidate's vote share; ensembles only;
* a **reliability** table (binned probability against share won);
* ``wins``: each seat's runs won by label (ensembles only), in the order of the seats;
* ``share_intervals``: each candidate's 5th, 25th, 75th and 95th percentile share over the
  runs (candidates x 4, in the slate's order): what the shares' coverage is counted from.
"""

from __future__ import annotations

import numpy as np

from votebank.calibrate.scores import brier_score, expected_brier, favourites, reliability


def score(
    actual: np.ndarray,
    winners: np.ndarray,
    shares: np.ndarray | None = None,
    real_shares: np.ndarray | None = None,
    k_seat: np.ndarray | None = None,
    central: np.ndarray | None = None,
) -> dict:
    """Score winners (runs x seats, labels) and optionally shares (runs x candidates).

    Args:
        actual: Real winning label per seat.
        winners: Winning label per run and seat (one row for a point forecast).
        shares: Simulated vote share per run and candidate (ensembles).
        real_shares: Real vote share per candidate.
        k_seat: Labels able to win in each seat (for the log score's smoothing).
        central: A label per seat that takes the seat when the runs split evenly between it
            and others (the central path's winner); else the first label in order does.
    """
    winners = np.atleast_2d(winners)
    runs, n = winners.shape
    labels = sorted(set(actual) | set(np.unique(winners)))
    idx = {p: k for k, p in enumerate(labels)}
    w = np.vectorize(idx.__getitem__, otypes=[np.int64])(winners)
    a = np.array([idx[p] for p in actual])
    probs = np.zeros((n, len(labels)))
    # Counts first, then one division: runs x 1/runs summed can exceed 1 (a log score above 0).
    np.add.at(probs, (np.broadcast_to(np.arange(n), w.shape), w), 1.0)
    probs /= runs
    prefer = np.zeros_like(probs)
    if central is not None:  # a central winner no run has cannot be tied at the top
        seats = [(s, idx[p]) for s, p in enumerate(central) if p in idx]
        prefer[tuple(np.array(seats, dtype=np.int64).reshape(-1, 2).T)] = 1.0
    fav = favourites(probs, prefer)
    per_run = np.stack([np.bincount(r, minlength=len(labels)) for r in w])
    real = np.bincount(a, minlength=len(labels))
    mean = per_run.mean(axis=0)
    out: dict = {
        "runs": runs,
        "seats": n,
        "winners_wrong": int((fav != a).sum()),
        "seats_wrong": float(np.abs(mean - real).sum() / 2),
        "brier": brier_score(probs, a),
        # A point forecast is certain of every seat: it expects nothing of itself.
        "brier_expected": expected_brier(probs) if runs > 1 else None,
        "log_score": None,
        "by_label": [],
    }
    q = {
        k: np.quantile(per_run, k, axis=0, method="inverted_cdf") for k in (0.05, 0.25, 0.75, 0.95)
    }
    for k in np.argsort(-real, kind="stable"):
        if real[k] == 0 and mean[k] < 0.5:
            continue
        out["by_label"].append(
            {
                "label": labels[k],
                "actual": int(real[k]),
                "mean": float(mean[k]),
                "p05": int(q[0.05][k]),
                "p25": int(q[0.25][k]),
                "p75": int(q[0.75][k]),
                "p95": int(q[0.95][k]),
            }
        )
    if runs > 1:
        k = np.asarray(k_seat if k_seat is not None else np.full(n, len(labels)), float)
        counts = probs[np.arange(n), a] * runs
        out["log_score"] = float(np.mean(np.log((counts + 0.5) / (runs + 0.5 * k))))
        # Each seat's runs won by label: what the Brier, log score and reliability are from.
        won = np.rint(probs * runs).astype(np.int64)
        out["wins"] = [{labels[j]: int(c) for j, c in enumerate(row) if c} for row in won]
        rows = out["by_label"]
        out["seat_cover50"] = _frac([r["p25"] <= r["actual"] <= r["p75"] for r in rows])
        out["seat_cover90"] = _frac([r["p05"] <= r["actual"] <= r["p95"] for r in rows])
        out["top3_inside90"] = all(r["p05"] <= r["actual"] <= r["p95"] for r in rows[:3])
        if shares is not None and real_shares is not None:
            lo90, lo50, hi50, hi90 = np.quantile(shares, [0.05, 0.25, 0.75, 0.95], axis=0)
            out["share_intervals"] = np.stack([lo90, lo50, hi50, hi90], axis=1)
            out["share_cover50"] = float(np.mean((lo50 <= real_shares) & (real_shares <= hi50)))
            out["share_cover90"] = float(np.mean((lo90 <= real_shares) & (real_shares <= hi90)))
    rel = reliability(probs, a)
    out["reliability"] = [
        {k: (None if isinstance(v, float) and np.isnan(v) else v) for k, v in r.items()}
        for r in rel.to_dict(orient="records")
    ]
    out["favourites"] = np.array(labels, dtype=object)[fav]
    return out


def _frac(flags: list[bool]) -> float | None:
    return float(np.mean(flags)) if flags else None

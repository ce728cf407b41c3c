"""votebank's own forecast: people, seat-dependent swing and correlated errors.

**Mean** (per target candidate, from the same information as every method):

1. *Personal vote*: a base candidate's share is ``phi`` personal and ``1 - phi`` party. A
   target candidate starts from ``(1 - phi)`` of its party's base share in the seat (split
   between its party's candidates there) plus ``phi`` of the same person's own base share in
   the seat, whatever party the person stood for then (people matched by
   :mod:`votebank.backtest.names`). A party whose candidate left loses the personal part; a
   switcher takes it along. The aggregate "others" row keeps its share.
2. *Seat-dependent swing*: ``s + (T - B) ((1 - lam) + lam s / B)``: ``lam = 0`` is uniform
   swing, ``lam = 1`` proportional; between, a party moves more where it was strong. A party
   with no base share in the block gains ``T``.
3. Floor at 0.1 % and renormalise within the seat.

**Errors** on the log share, all normal, then renormalised within each seat: a national
error per label (``sd_national``; only when the national shares are not given), a regional
error per region and label (``sd_regional``; not when regional shares are given) and a
candidate error (``sd_seat``). Every value is fitted on earlier pairs (:mod:`fit`). The
ensemble is a vectorised projection (it needs no voter-level simulation: the mechanisms of
:mod:`votebank.run` add nothing the shipped results could check seat by seat).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import numpy as np

from votebank.backtest.baselines import labels_of
from votebank.backtest.pair import Pair

FLOOR = 0.001


@dataclass(frozen=True)
class Params:
    """The forecast's parameters and where they come from."""

    lam: float = 0.5
    phi: float = 0.5
    sd_national: float = 0.3
    sd_regional: float = 0.2
    sd_seat: float = 0.5
    source: str = "prior [E]: no earlier pair"
    fitted_on: tuple[str, ...] = field(default_factory=tuple)

    def as_dict(self) -> dict:
        """Plain data."""
        return asdict(self)


def mean_shares(pair: Pair, block_of, B, T, lam: float, phi: float) -> np.ndarray:
    """Projected share of every slate candidate (module docstring, steps 1-3)."""
    labels = labels_of(pair)
    col = {p: k for k, p in enumerate(labels)}
    sl = pair.slate
    i = sl["i"].to_numpy()
    k = sl["label"].map(col).to_numpy()
    S = pair.base.reindex(columns=labels, fill_value=0.0).to_numpy()
    same = sl.groupby(["i", "label"])["label"].transform("size").to_numpy()
    party = S[i, k] / same
    person = sl["person"].to_numpy()
    agg = sl["aggregate"].to_numpy()
    start = np.where(agg, party, (1 - phi) * party + phi * person)
    b, t = B[block_of[i], k], T[block_of[i], k]
    moved = np.where(
        b > 0, start + (t - b) * ((1 - lam) + lam * start / np.maximum(b, 1e-12)), start + t
    )
    return seat_normalise(np.maximum(moved, FLOOR), i, len(pair.seats))


def seat_normalise(x: np.ndarray, i: np.ndarray, n: int) -> np.ndarray:
    """Divide each candidate's value by its seat's total (last axis is candidates)."""
    rows = np.atleast_2d(x)
    tot = np.stack([np.bincount(i, r, minlength=n) for r in rows])
    out = rows / tot[:, i]
    return out[0] if x.ndim == 1 else out


def ensemble(
    pair: Pair, mean: np.ndarray, p: Params, given: str, runs: int, seed: int
) -> np.ndarray:
    """Runs x candidates shares, with the errors the given information leaves open."""
    rng = np.random.default_rng([seed, 16])
    labels = labels_of(pair)
    col = {q: k for k, q in enumerate(labels)}
    sl = pair.slate
    i = sl["i"].to_numpy()
    k = sl["label"].map(col).to_numpy()
    regions, reg = np.unique(pair.region.astype(str), return_inverse=True)
    log = np.log(mean)[None, :] + p.sd_seat * rng.standard_normal((runs, len(mean)))
    if given not in ("national", "regional"):
        log += p.sd_national * rng.standard_normal((runs, len(labels)))[:, k]
    if given != "regional":
        z = rng.standard_normal((runs, len(regions), len(labels)))
        log += p.sd_regional * z[:, reg[i], k]
    return seat_normalise(np.exp(log), i, len(pair.seats))


def winners(pair: Pair, shares: np.ndarray) -> np.ndarray:
    """Runs x seats: the label of each seat's largest candidate that can win."""
    sl = pair.slate
    i = sl["i"].to_numpy()
    label = sl["label"].to_numpy(dtype=object)
    x = np.where(sl["aggregate"].to_numpy(), -1.0, np.atleast_2d(shares))
    starts = np.searchsorted(i, np.arange(len(pair.seats)))
    ends = np.append(starts[1:], len(i))
    out = np.empty((x.shape[0], len(pair.seats)), dtype=object)
    for s, (a, b) in enumerate(zip(starts, ends, strict=True)):
        out[:, s] = label[a + x[:, a:b].argmax(axis=1)]
    return out

"""National swing: project each seat's result from a baseline election and national polls.

A seat's baseline shares are its candidates' ``baseline_votes`` (the baseline election). Each
party's national change from ``baseline`` to ``target`` is applied to every seat:

* ``uniform`` (uniform national swing, UNS): ``s' = s + (T - B)`` in points, floored at
  ``floor`` and renormalised to sum to one. It works because seat-level deviations cancel,
  not because swing is uniform [S: Kellner, YouGov 2014; Butler & Kavanagh 1979 found it
  better than proportional].
* ``proportional`` (Reece's proportional loss): ``s' = s T / B``, renormalised; "consistently
  slightly less accurate than uniform" in 1997-2005 [S: Mark Pack]. A party with no national
  baseline share gains its target share uniformly instead (a ratio is undefined).
* ``hybrid``: uniform for parties that gain, proportional for parties that lose [E, domain
  brief §6.2]: no negative shares, and the losing party does disproportionately badly where
  it was strong.

Regions in ``regions_apart`` (Scotland after 2014 [S: UKPR switched to separate Scottish and
rest-of-GB UNS]) swing by their own ``regional_baseline``/``regional_target`` instead. A party
that a block does not list keeps its seat shares unchanged (before renormalisation).

The step adds per-run seat-level noise with sd ``seat_sd`` points for a party at 50 %, scaled as
``sqrt(s (1 - s)) / 0.5`` so small parties move less (sd about 3 points [E], domain brief §6.2;
the scaling is [E]), floors and renormalises again, and sets every voter type's utility to the
log of the seat's projected share: own-choice probabilities then equal the projected shares.
Seats with no baseline result keep the baseline choice model.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Annotated, Literal

import numpy as np
import pandas as pd
from pydantic import AfterValidator, Field, ValidationInfo, field_validator

from votebank.core.contests import Contests
from votebank.core.params import MechanismParams
from votebank.core.state import RunState
from votebank.core.step import Step
from votebank.mechanisms.common import seat_normals

SwingModel = Literal["uniform", "proportional", "hybrid"]
_TINY = 1e-9  # share standing in for zero in log utilities (finite, never chosen in practice)


def _fraction(value: float) -> float:
    if not 0 <= value <= 1:
        raise ValueError("shares must be fractions in [0, 1] (0.377, not 37.7)")
    return value


# Checked one by one, so that every bad share is reported, each at its own place.
Fraction = Annotated[float, AfterValidator(_fraction)]


class SwingParams(MechanismParams):
    """Parameters of ``[mechanisms.swing]``.

    Shares are fractions (0.377, not 37.7); ``seat_sd`` is in points.
    """

    model: SwingModel = Field(
        "uniform",
        description="[S] uniform (Butler & Kavanagh 1979; Kellner 2014), proportional (Reece) "
        "or hybrid [E] (uniform for gainers, proportional for losers).",
    )
    baseline: dict[str, Fraction] = Field(
        default_factory=dict,
        description="[S] national share of each party at the baseline election (outside the "
        "regions apart), e.g. GB 2015 from the Electoral Commission.",
    )
    target: dict[str, Fraction] = Field(
        default_factory=dict,
        description="[S] national share now (polls or the later election), same parties.",
    )
    regions_apart: list[str] = Field(
        default_factory=list,
        description="[S] regions that swing on their own figures (Scotland since 2015; UKPR).",
    )
    regional_baseline: dict[str, dict[str, Fraction]] = Field(
        default_factory=dict, description="[S] baseline shares of each region apart."
    )
    regional_target: dict[str, dict[str, Fraction]] = Field(
        default_factory=dict, description="[S] target shares of each region apart."
    )
    seat_sd: float = Field(
        3.0,
        ge=0,
        le=30,
        description="[E] per-run seat noise, points, for a party at 50 % (scaled by "
        "sqrt(s(1-s))/0.5); domain brief §6.2.",
    )
    floor: float = Field(
        0.0, ge=0, lt=1, description="[S] smallest projected share (UNS floored at zero)."
    )
    national_sd: float = Field(
        0.0,
        ge=0,
        le=20,
        description="[E] per-run national error of the target shares, points, for a party at "
        "50 % (scaled by sqrt(s(1-s))/0.5), shared by every seat; 0 = off. Final polls miss a "
        "party's share by about 2 points on average (Jennings & Wlezien 2018) [S]: sd 2.5 [E].",
    )

    # Checks of their own fields (regions_apart comes first), so that each is reported beside
    # the table's other bad fields.
    @field_validator("regional_baseline", "regional_target")
    @classmethod
    def _apart(cls, value: dict, info: ValidationInfo) -> dict:
        apart = info.data.get("regions_apart")  # absent if it failed its own check
        for region in value:
            if apart is not None and region not in apart:
                raise ValueError(f"{region}: a region not in regions_apart")
        return value


def project_shares(
    seat_shares: pd.DataFrame | np.ndarray,
    seat_region: Sequence[str] | np.ndarray | None = None,
    model: SwingModel = "uniform",
    *,
    baseline: Mapping[str, float],
    target: Mapping[str, float],
    slot_party: np.ndarray | Sequence[str] | None = None,
    regions_apart: Sequence[str] = (),
    regional_baseline: Mapping[str, Mapping[str, float]] | None = None,
    regional_target: Mapping[str, Mapping[str, float]] | None = None,
    floor: float = 0.0,
) -> pd.DataFrame | np.ndarray:
    """Project seat shares from a baseline election to new national shares (no noise).

    Args:
        seat_shares: Baseline shares, seats x parties. A DataFrame's columns are party codes
            (NaN: the party does not stand there). An array is seats x slots, with
            ``slot_party`` giving each column's party (1-D) or each cell's (2-D, '' for an
            empty slot); NaN cells are empty slots.
        seat_region: Each seat's region (needed only with ``regions_apart``).
        model: ``uniform``, ``proportional`` or ``hybrid``.
        baseline: National baseline share by party (fractions).
        target: National target share by party (fractions).
        slot_party: Party codes of an array's columns or cells.
        regions_apart: Regions that use their own baseline and target.
        regional_baseline: Region -> party -> baseline share.
        regional_target: Region -> party -> target share.
        floor: Smallest share a standing candidate keeps before renormalising (UNS: 0).

    Returns:
        Projected shares, same type and shape as ``seat_shares``; each seat's standing
        candidates sum to one (empty slots stay NaN).

    Raises:
        ValueError: On an unknown model or inconsistent shapes.
    """
    if model not in ("uniform", "proportional", "hybrid"):
        raise ValueError(f"unknown swing model {model!r}; use uniform, proportional or hybrid")
    frame = isinstance(seat_shares, pd.DataFrame)
    shares = np.asarray(seat_shares, dtype=float)
    if shares.ndim != 2:
        raise ValueError("seat_shares must be two-dimensional (seats x parties or slots)")
    if frame:
        party = np.broadcast_to(np.asarray(seat_shares.columns, dtype=object), shares.shape)
    elif slot_party is None:
        raise ValueError("an array of shares needs slot_party")
    else:
        party = np.broadcast_to(np.asarray(slot_party, dtype=object), shares.shape)
    n = shares.shape[0]
    region = np.asarray(seat_region if seat_region is not None else [""] * n, dtype=object)
    if len(region) != n:
        raise ValueError("seat_region must give one region per seat")

    # Blocks: 0 is the nation outside the regions apart; 1.. each region apart.
    blocks = [(dict(baseline), dict(target))]
    for r in regions_apart:
        blocks.append(
            (dict((regional_baseline or {}).get(r, {})), dict((regional_target or {}).get(r, {})))
        )
    block_of = np.zeros(n, dtype=np.int64)
    for b, r in enumerate(regions_apart, start=1):
        block_of[region == r] = b
    codes = sorted({str(p) for p in np.unique(party) if p is not None} | _keys(blocks))
    index = {p: i for i, p in enumerate(codes)}
    base = np.full((len(blocks), len(codes)), np.nan)
    targ = np.full((len(blocks), len(codes)), np.nan)
    for b, (bl, tg) in enumerate(blocks):
        for p in set(bl) & set(tg):
            base[b, index[p]], targ[b, index[p]] = bl[p], tg[p]
    pidx = np.vectorize(lambda p: index.get(str(p), 0), otypes=[np.int64])(party)
    B = base[block_of[:, None], pidx]
    T = targ[block_of[:, None], pidx]
    listed = np.isfinite(B) & np.isfinite(T)
    B, T = np.where(listed, B, 0.0), np.where(listed, T, 0.0)

    standing = np.isfinite(shares)
    s = np.where(standing, shares, 0.0)
    uniform = s + (T - B)
    ratio = np.divide(T, B, out=np.ones_like(B), where=B > 0)
    proportional = np.where(B > 0, s * ratio, s + T)
    if model == "uniform":
        new = uniform
    elif model == "proportional":
        new = proportional
    else:
        new = np.where(T >= B, uniform, proportional)
    new = np.where(listed, new, s)
    out = _floor_normalise(new, standing, floor, fallback=s)
    out = np.where(standing, out, np.nan)
    if frame:
        return pd.DataFrame(out, index=seat_shares.index, columns=seat_shares.columns)
    return out


def _keys(blocks: list[tuple[dict, dict]]) -> set[str]:
    return {p for bl, tg in blocks for p in (*bl, *tg)}


def _floor_normalise(
    new: np.ndarray, standing: np.ndarray, floor: float, fallback: np.ndarray
) -> np.ndarray:
    """Floor standing candidates' shares, zero the rest, renormalise each row to one."""
    new = np.where(standing, np.maximum(new, floor), 0.0)
    total = new.sum(axis=1, keepdims=True)
    back = np.where(standing, fallback, 0.0)
    back_total = back.sum(axis=1, keepdims=True)
    # A seat whose every share was floored to zero keeps its baseline (never happens with data).
    new = np.where(total > 0, new, back)
    total = np.where(total > 0, total, back_total)
    return np.divide(new, total, out=np.zeros_like(new), where=total > 0)


def baseline_shares(c: Contests) -> tuple[np.ndarray, np.ndarray]:
    """Each seat's baseline shares from ``baseline_votes`` and which seats have a baseline.

    Returns:
        ``(shares, has)``: shares (seats x slots, NaN in empty slots, 0 for a candidate with no
        baseline votes) and a mask of seats with any baseline votes.
    """
    votes = np.where(c.valid, np.maximum(c.baseline_votes, 0), 0).astype(float)
    total = votes.sum(axis=1, keepdims=True)
    has = (total[:, 0] > 0) & ((c.baseline_votes >= 0) & c.valid).any(axis=1)
    shares = np.divide(votes, total, out=np.zeros_like(votes), where=total > 0)
    return np.where(c.valid, shares, np.nan), has


def national_error(
    p: SwingParams, gen: np.random.Generator
) -> tuple[dict[str, float], dict[str, dict[str, float]]]:
    """This run's targets, national and regional, moved by one national error per party.

    Each party's error is ``Normal(0, national_sd * sqrt(t (1 - t)) / 0.5)`` points for its
    national target share ``t`` (its largest regional target where it has no national one),
    the same in every region: polls miss together. Each table is then rescaled to its old total
    (negative shares floored at zero), so the error moves shares between parties.
    """
    regional = p.regional_target
    parties = sorted(set(p.target).union(*regional.values()))
    z = gen.standard_normal(len(parties))
    share = {
        q: p.target.get(q, max((row.get(q, 0.0) for row in regional.values()), default=0.0))
        for q in parties
    }
    shift = {
        q: p.national_sd / 100 * np.sqrt(s * (1 - s)) / 0.5 * z[i]
        for i, (q, s) in enumerate(share.items())
    }

    def moved(row: dict[str, float]) -> dict[str, float]:
        new = {q: max(v + shift[q], 0.0) for q, v in row.items()}
        total, new_total = sum(row.values()), sum(new.values())
        return {q: v * total / new_total for q, v in new.items()} if new_total > 0 else dict(row)

    return moved(p.target), {r: moved(row) for r, row in regional.items()}


def seat_projection(state: RunState, *, noise: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """Projected shares (seats x slots) of this run, with its noise, and the seats used.

    The noise: one national error per party (``national_sd``), then each seat's (``seat_sd``).
    """
    p, c = state.spec.mechanisms.swing, state.contests
    shares, has = baseline_shares(c)
    slot_party = np.where(c.valid, np.array(c.party_ids, dtype=object)[np.maximum(c.party, 0)], "")
    region = np.array(c.region_names, dtype=object)[c.region]
    target, regional_target = p.target, p.regional_target
    if noise and p.national_sd > 0:
        target, regional_target = national_error(p, state.streams.generator("swing.national"))
    projected = project_shares(
        shares,
        region,
        p.model,
        baseline=p.baseline,
        target=target,
        slot_party=slot_party,
        regions_apart=p.regions_apart,
        regional_baseline=p.regional_baseline,
        regional_target=regional_target,
        floor=p.floor,
    )
    projected = np.where(c.valid, projected, 0.0)
    if noise and p.seat_sd > 0:
        # One generator per seat: a change in one seat leaves the others' noise untouched.
        z = seat_normals(state, "swing.noise", cols=c.slots)
        sd = p.seat_sd / 100 * np.sqrt(projected * (1 - projected)) / 0.5
        noisy = np.where(projected > 0, projected + sd * z, 0.0)
        projected = _floor_normalise(noisy, c.valid, p.floor, fallback=projected)
    return projected, has


def step(state: RunState) -> None:
    """Set every voter type's utility to the log of its seat's projected share this run."""
    projected, has = seat_projection(state)
    c, t = state.contests, state.types
    u = np.where(c.valid, np.log(np.maximum(projected, _TINY)), -np.inf)
    rows = has[t.seat]
    state.utility[rows] = u[t.seat[rows]]


STEP = Step(
    "swing",
    "swing",
    "campaign",
    step,
    "project seat shares from the baseline election by national swing, plus seat noise",
    writes=("utility",),
    streams=("swing.national", "swing.noise"),
    params=SwingParams,
    seat_local=True,
)

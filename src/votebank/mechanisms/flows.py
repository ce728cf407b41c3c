"""Voter flows between parties driven by the national polls, applied to each seat's own voters.

Uniform swing (``[mechanisms.swing]``) moves every seat by the national change in points. Voters
move between parties, though, so a party loses in proportion to how many voters it had in the
seat, and its leavers go where its voters' second preferences lie (UKIP's 2015 voters mostly to
the Conservatives). This step builds a flow matrix ``F`` (share of party a's baseline voters who
now choose party b) from the swing's national ``baseline`` and ``target``:

* a prior: each party keeps ``1 - churn`` of its voters; its leavers go to the other parties
  by ``second`` (weights by party; the rest of a row, or a party not listed, in proportion to
  the target shares);
* fitted to the national figures by iterative proportional fitting (rows sum to one, and the
  baseline shares times ``F`` give the target shares), the matrix closest to the prior that
  reproduces the polls;
* each seat's baseline shares times ``F`` (parties the national figures do not list keep their
  voters; a party that does not stand loses its inflow, the rest renormalised) replace the
  swing's projection: every voter type's utility moves by ``log(flows / swing projection)``,
  so the swing's seat noise is kept.

Seats in the swing's ``regions_apart`` and seats with no baseline are left alone. If the run
does not project by swing (``[mechanisms.swing]`` off), the step does nothing.

Sources: the flows' national totals are the swing's (the polls) [S]; churn 0.2 between a general
election and a by-election two years on [E] (panels find far larger gross than net change;
the levers brief §8.4); second preferences: most BES respondents who rated UKIP highest
ranked the Conservatives second, December 2016 [S, Prospect], size [E].
"""

from __future__ import annotations

from typing import Annotated

import numpy as np
from pydantic import AfterValidator, Field

from votebank.core.params import MechanismParams
from votebank.core.state import RunState
from votebank.core.step import Step
from votebank.mechanisms import swing
from votebank.mechanisms.swing import baseline_shares, project_shares

Weight = Annotated[float, Field(ge=0, le=1)]


def _at_most_one(row: dict[str, float]) -> dict[str, float]:
    # Past 1 the prior would scale the weights down to share the leavers: not what was written.
    if (total := sum(row.values())) > 1:
        weights = ", ".join(f"{party} {w:g}" for party, w in row.items())
        raise ValueError(f"a party's weights must sum to at most 1, not {total:g}: [{weights}]")
    return row


Row = Annotated[dict[str, Weight], AfterValidator(_at_most_one)]


class FlowsParams(MechanismParams):
    """Parameters of ``[mechanisms.flows]``."""

    churn: float = Field(
        0.2, ge=0, le=0.9, description="[E] a party's baseline voters who choose again (prior)."
    )
    second: dict[str, Row] = Field(
        default_factory=dict,
        description="[S direction, E size] where a party's leavers go: party -> {party: weight}"
        " (weights sum to at most 1; the rest in proportion to the target shares).",
    )
    iterations: int = Field(500, ge=1, le=100_000, description="Proportional-fitting rounds.")


def prior_matrix(parties: list[str], target: np.ndarray, churn: float, second: dict) -> np.ndarray:
    """The prior flow matrix: ``1 - churn`` stay, the leavers split by second preferences."""
    n = len(parties)
    m = np.zeros((n, n))
    for a, party in enumerate(parties):
        given = {parties.index(b): w for b, w in second.get(party, {}).items() if b in parties}
        given.pop(a, None)
        rest = [b for b in range(n) if b != a and b not in given]
        left = max(1.0 - sum(given.values()), 0.0)
        pool = target[rest].sum()
        for b in rest:
            m[a, b] = left * (target[b] / pool if pool > 0 else 1 / len(rest))
        for b, w in given.items():
            m[a, b] = w
        total = m[a].sum()
        m[a] = churn * m[a] / total if total > 0 else 0.0
        m[a, a] = 1.0 - m[a].sum()
    return m


def flow_matrix(
    baseline: dict[str, float],
    target: dict[str, float],
    churn: float,
    second: dict,
    iterations: int = 500,
) -> tuple[list[str], np.ndarray]:
    """The flow matrix closest to the prior whose rows sum to one and that maps B to T."""
    parties = sorted(set(baseline) & set(target))
    b = np.array([baseline[p] for p in parties], dtype=float)
    t = np.array([target[p] for p in parties], dtype=float)
    b, t = b / max(b.sum(), 1e-12), t / max(t.sum(), 1e-12)
    f = prior_matrix(parties, t, churn, second)
    for _ in range(iterations):
        col = b @ f
        f = f * np.divide(t, col, out=np.ones_like(t), where=col > 0)[None, :]
        f = f / np.maximum(f.sum(axis=1, keepdims=True), 1e-300)
    return parties, f


def seat_flows(state: RunState) -> tuple[np.ndarray, np.ndarray]:
    """Each seat's shares after the national flows (seats x slots) and the seats they apply to."""
    sw, p, c = state.spec.mechanisms.swing, state.spec.mechanisms.flows, state.contests
    parties, f = flow_matrix(sw.baseline, sw.target, p.churn, p.second, p.iterations)
    shares, has = baseline_shares(c)
    shares = np.where(c.valid, np.nan_to_num(shares), 0.0)
    names = np.array([*c.party_ids, ""], dtype=object)[np.where(c.party >= 0, c.party, -1)]
    index = np.array([parties.index(n) if n in parties else -1 for n in names.ravel()])
    index = index.reshape(c.party.shape)
    listed = (index >= 0) & c.valid
    # Seat x national party: the seat's baseline voters of each listed party, through F.
    by_party = np.zeros((c.seats, len(parties)))
    rows = np.nonzero(listed)
    np.add.at(by_party, (rows[0], index[listed]), shares[listed])
    inflow = by_party @ f
    new = np.where(listed, np.take_along_axis(inflow, np.maximum(index, 0), axis=1), shares)
    total = new.sum(axis=1, keepdims=True)
    new = np.divide(new, total, out=np.zeros_like(new), where=total > 0)
    region = np.array(c.region_names, dtype=object)[c.region]
    apart = np.isin(region, list(sw.regions_apart))
    return new, has & ~apart


def step(state: RunState) -> None:
    """Move every voter type's utility from the swing's projection to the flows'."""
    sw, c, t = state.spec.mechanisms.swing, state.contests, state.types
    if swing.STEP not in state.schedule:
        return  # no projection to replace
    flows, on = seat_flows(state)
    shares, _ = baseline_shares(c)
    slot_party = np.where(c.valid, np.array(c.party_ids, dtype=object)[np.maximum(c.party, 0)], "")
    region = np.array(c.region_names, dtype=object)[c.region]
    uns = project_shares(
        shares,
        region,
        sw.model,
        baseline=sw.baseline,
        target=sw.target,
        slot_party=slot_party,
        regions_apart=sw.regions_apart,
        regional_baseline=sw.regional_baseline,
        regional_target=sw.regional_target,
        floor=sw.floor,
    )
    uns = np.where(c.valid, np.nan_to_num(uns), 0.0)
    tiny = 1e-9
    shift = np.log(np.maximum(flows, tiny)) - np.log(np.maximum(uns, tiny))
    shift = np.where(c.valid, shift, 0.0)
    rows = on[t.seat]
    state.utility[rows] += shift[t.seat[rows]]


STEP = Step(
    "flows",
    "flows",
    "campaign",
    step,
    "voters flow between parties by the national polls, in proportion to each seat's voters",
    reads=("utility", "spec.mechanisms.swing"),
    writes=("utility",),
    params=FlowsParams,
    seat_local=True,
)

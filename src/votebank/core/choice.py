"""The baseline choice model: who turns out, and whom they prefer when no one instructs them.

Own preference is a multinomial logit over the seat's candidates with utility
``2 w_party mood[region, party] + 2 w_cand appeal + shocks + pid bonus + class affinity``, where
``w_cand`` is the weight of the candidate against the party (rural 0.7, urban 0.3 [E]); at
equal weights this is ``mood + appeal``.
"""

from __future__ import annotations

import numpy as np

from votebank.core.labels import BACKGROUNDS, CLASSES
from votebank.core.state import RunState
from votebank.core.step import Step
from votebank.core.whole_draws import by_region, by_seat


def mood_table(state: RunState) -> np.ndarray:
    """Party mood (logit) by region and party, before shocks: national plus regional."""
    c, spec = state.contests, state.spec
    region_names = c.region_names
    table = np.zeros((len(region_names), len(c.party_ids)))
    for r, region in enumerate(region_names):
        for p, party in enumerate(c.party_ids):
            table[r, p] = spec.mood.get("national", {}).get(party, 0.0) + spec.mood.get(
                region, {}
            ).get(party, 0.0)
    return table


def mood_grid(state: RunState) -> np.ndarray:
    """Party mood (logit) for each seat's candidate slots, before shocks."""
    c, table = state.contests, mood_table(state)
    return np.where(c.party >= 0, table[c.region[:, None], np.maximum(c.party, 0)], 0.0)


def set_utilities(state: RunState) -> None:
    """Fill ``state.utility`` with the baseline choice model, shocks drawn per run."""
    c, ch, t = state.contests, state.spec.choice, state.types
    streams = state.streams
    gen = streams.generator("choice.shocks")
    region_shock = by_region(
        streams, lambda s: gen.normal(0.0, ch.region_shock_sd, s), c.region_names, len(c.party_ids)
    )
    cand_shock = by_seat(
        streams, lambda s: gen.normal(0.0, ch.candidate_shock_sd, s), c.valid.shape
    )
    if ch.national_shock_sd > 0:
        # Its own stream: switching it on leaves every other shock as it was.
        national = state.streams.generator("choice.national_shock")
        region_shock += national.normal(0.0, ch.national_shock_sd, len(c.party_ids))
    mood = mood_grid(state) + np.where(
        c.party >= 0, region_shock[c.region[:, None], np.maximum(c.party, 0)], 0
    )
    # A type's utility depends on its seat, urban or rural, class and party id: the terms
    # that do not depend on class and party id are summed once per seat and place (the same
    # operations, in the same order, as for each type), then read per type.
    by_place = np.empty((c.seats, 2, c.slots))
    # A candidate who stood down before the poll (electables) is no longer on the ballot.
    chosen = c.valid & ~(c.can_win & ~state.standing)
    for urban, w in enumerate((ch.candidate_weight_rural, ch.candidate_weight_urban)):
        w_cand = np.full((c.seats, 1), w)
        # 2 (1 - w) mood + 2 w appeal + shock, summed in that order.
        part = 2 * (1 - w_cand) * mood + 2 * w_cand * c.appeal + cand_shock
        by_place[:, urban] = np.where(chosen, part, -np.inf)  # no candidate: never chosen
    affinity = np.zeros((len(CLASSES), len(BACKGROUNDS)))
    for cls, row in ch.class_affinity.items():
        for bg, value in row.items():
            affinity[CLASSES.index(cls), BACKGROUNDS.index(bg)] = value
    by_class = affinity[:, c.background].transpose(1, 0, 2)  # seat x class x slot
    u = state.utility
    place = t.seat.astype(np.int64) * 2 + t.urban
    np.take(by_place.reshape(-1, c.slots), place, axis=0, out=u, mode="wrap")
    u += by_class.reshape(-1, c.slots)[t.seat.astype(np.int64) * len(CLASSES) + t.klass]
    slots = np.arange(c.slots)[None, :]
    u += ch.party_id_bonus * (t.pid[:, None] == slots)


def choice_probs(state: RunState, types: np.ndarray | None = None) -> np.ndarray:
    """Own-choice probabilities per voter type (softmax of the utilities)."""
    u = state.utility if types is None else state.utility[types]
    # The row maxima column by column (the same maxima; NumPy's reduction along a short row
    # is slow), then exp in place.
    top = u[:, :1].copy()
    for k in range(1, u.shape[1]):
        np.maximum(top[:, 0], u[:, k], out=top[:, 0])
    e = np.subtract(u, top)
    np.exp(e, out=e)
    e /= e.sum(axis=1, keepdims=True)
    return e


def set_choice_probs(state: RunState, rows: np.ndarray, probs: np.ndarray) -> None:
    """Set some voter types' utilities so that their own-choice probabilities are ``probs``.

    A probability of 0 becomes a utility of minus infinity: that candidate is never chosen.
    """
    with np.errstate(divide="ignore"):
        state.utility[rows] = np.log(probs)


def expected_shares(state: RunState) -> np.ndarray:
    """Each seat's expected own-choice vote shares (seat x slot), for patrons' forecasts."""
    el, t = state.electorate, state.types
    probs = choice_probs(state)
    weight = np.bincount(t.cohort_type, el.cohort_count * state.turnout, minlength=len(t.seat))
    out = np.zeros(state.contests.valid.shape)
    probs *= weight[:, None]
    for k in range(out.shape[1]):  # the same sums, in the same order, as np.add.at by rows
        out[:, k] = np.bincount(t.seat, probs[:, k], minlength=len(out))
    return out / np.maximum(out.sum(axis=1, keepdims=True), 1e-12)


def set_win_chances(state: RunState) -> None:
    """Patrons' forecast of each candidate's chance to win: shares sharpened, then normalised.

    A crude forecast on purpose [E]: ``P(win) ~ share^4``, only among candidates who can win.
    """
    shares = np.where(state.standing, expected_shares(state), 0.0) ** 4
    state.p_win = shares / np.maximum(shares.sum(axis=1, keepdims=True), 1e-12)


UTILITIES = Step(
    "utilities",
    "core",
    "campaign",
    set_utilities,
    "own-preference logit: mood, appeal, shocks, party id, class",
    reads=("standing", "spec.mood", "spec.choice"),
    writes=("utility",),
    streams=("choice.shocks", "choice.national_shock"),
    seat_local=True,
)
FORECAST = Step(
    "forecast",
    "core",
    "campaign",
    set_win_chances,
    "patrons' forecast of each candidate's chance to win",
    reads=("utility", "turnout", "standing"),
    writes=("p_win",),
    seat_local=True,
)

"""Lay a scenario's tables out as the contests' seat x slot arrays (no randomness)."""

from __future__ import annotations

import numpy as np

from votebank.core.contests import Contests
from votebank.core.labels import BACKGROUNDS, PATRONS
from votebank.scenario.load import Scenario


def build_contests(scenario: Scenario) -> Contests:
    """Lay a scenario's tables out as seat x slot arrays."""
    cons = scenario.constituencies.reset_index(drop=True)
    cands = scenario.candidates
    parties = scenario.spec.parties
    party_ids = [p.id for p in parties]
    party_index = {p: i for i, p in enumerate(party_ids)}
    seat_index = {s: i for i, s in enumerate(cons["id"])}
    regions = sorted(set(cons["region"]))

    seat_of = cands["constituency"].map(seat_index).to_numpy()
    order = np.argsort(seat_of, kind="stable")
    seat_of = seat_of[order]
    cands = cands.iloc[order].reset_index(drop=True)
    starts = np.searchsorted(seat_of, np.arange(len(cons)))
    slot_of = np.arange(len(cands)) - starts[seat_of]
    # A cut scenario keeps the whole one's slots: its seats then draw their votes as there.
    whole = scenario.stream_whole
    shape = (len(cons), max(int(slot_of.max()) + 1, whole.slots if whole else 0))

    def lay(values, fill, dtype):
        out = np.full(shape, fill, dtype=dtype)
        out[seat_of, slot_of] = values
        return out

    persons = {p: i for i, p in enumerate(sorted(set(cands["person"])))}
    party = cands["party"].map(party_index).to_numpy()
    switched = cands["switched_from"].map(lambda p: party_index.get(p, -1)).to_numpy()
    aggregate = np.array([p.aggregate for p in parties])
    valid = lay(True, False, bool)
    party_grid = lay(party, -1, np.int64)
    return Contests(
        seat_ids=cons["id"].to_numpy(dtype=object),
        seat_names=cons["name"].to_numpy(dtype=object),
        region_names=regions,
        region=cons["region"].map({r: i for i, r in enumerate(regions)}).to_numpy(),
        registered=cons["registered"].to_numpy(dtype=np.int64),
        urban_share=cons["urban_share"].to_numpy(dtype=float),
        turnout=cons["turnout"].to_numpy(dtype=float),
        threat=cons["threat"].to_numpy(dtype=float),
        stations=cons["stations"].to_numpy(dtype=np.int64),
        party_ids=party_ids,
        party_government=np.array([p.government for p in parties]),
        # After the poll: the parties that form the government, else the pre-poll government.
        party_post_poll=np.array(
            [p.forms_government for p in parties]
            if any(p.forms_government for p in parties)
            else [p.government for p in parties]
        ),
        party_aggregate=aggregate,
        party_independent=np.array([p.independent for p in parties]),
        valid=valid,
        candidate_ids=lay(cands["candidate"].to_numpy(dtype=object), "", object),
        candidate_names=lay(cands["name"].to_numpy(dtype=object), "", object),
        party=party_grid,
        appeal=lay(cands["appeal"].to_numpy(dtype=float), 0.0, float),
        background=lay(cands["background"].map(BACKGROUNDS.index).to_numpy(), 0, np.int64),
        # A table made in code (not read from a CSV) may lack the column: all unsourced.
        background_sourced=lay(_sourced(cands), False, bool),
        patron=lay(cands["patron"].map(PATRONS.index).to_numpy(), 0, np.int64),
        militia=lay(cands["militia"].to_numpy(dtype=float), 0.0, float),
        budget=lay(cands["budget"].to_numpy(dtype=float), 0.0, float),
        switched_from=lay(switched, -1, np.int64),
        person=lay(cands["person"].map(persons).to_numpy(), -1, np.int64),
        actual_votes=lay(cands["actual_votes"].to_numpy(dtype=np.int64), -1, np.int64),
        baseline_votes=lay(cands["baseline_votes"].to_numpy(dtype=np.int64), -1, np.int64),
        can_win=valid & ~np.where(party_grid >= 0, aggregate[np.maximum(party_grid, 0)], True),
    )


def _sourced(cands) -> np.ndarray:
    """Whether each candidate's background has a source (``background_source`` not empty)."""
    if "background_source" not in cands:
        return np.zeros(len(cands), dtype=bool)
    return cands["background_source"].fillna("").astype(str).ne("").to_numpy()

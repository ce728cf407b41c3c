"""Polling-station results of a votebank run, ready for the forensic tests, with the truth.

A run's ``polling_stations`` table holds each station's counts, one vote count per candidate
(in its constituency's candidate order), and what the stuffing step did there. This module
shapes it into :class:`~votebank.forensics.stations.StationResults` as an analyst would a real
results file, and keeps the simulated ground truth beside it in :class:`StationTruth`.

**Which column is the "leader".** By default the party with the most votes nationally
(independents and "others" aggregates excluded), summed over its candidates at each station;
stations in seats it does not contest are left out. This is how the tests are used on real
data (United Russia's column in Russia): one party, the same at every station, so that its
share means the same thing everywhere. Each station's winner instead would mix parties and
make the "share" a maximum of several (never below one over the number of candidates, and
skewed), which the Klimek model of one Gaussian fair cluster does not describe. The price:
stuffing for *other* parties' candidates shows only as a drop in the leader's share;
:attr:`StationTruth.for_leader` says which stations were stuffed for the leader, when known.
``leader="station"`` (each station's winning candidate) and ``leader=<party id>`` exist too.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd

from votebank.core.labels import STUFFING_KINDS
from votebank.display import plural
from votebank.errors import InputError, Problem
from votebank.forensics.stations import StationResults
from votebank.forensics.stored_arguments import option_problems, run_problems
from votebank.forensics.stored_damage import check_candidates, check_station_cells
from votebank.results.store import DEFAULT_PATH, STORE_NAME, ResultsStore
from votebank.results.store_errors import in_folder, missing_store, stored_spec
from votebank.results.vote_lists import flat_votes
from votebank.run.model import RunResult

NATIONAL = "national"
STATION = "station"


@dataclass(frozen=True, eq=False)
class StationTruth:
    """What the simulation did at each analysed station (aligned with the station results).

    Attributes:
        stuffing: Kind of stuffing per station: ``"none"``, ``"incremental"`` or ``"extreme"``.
        fabricated: Whether the station's result was written rather than counted.
        stuffed_ballots: Ballots added plus votes moved to the beneficiary.
        for_leader: Whether the station was stuffed for the leader column's candidate; ``None``
            when the run's tables do not say (they record the kind but not the beneficiary, so
            only runs analysed straight from the engine have it).
        dropped: Stations of the run left out of the results (no candidate of the leader party
            in their seat).
    """

    stuffing: np.ndarray
    fabricated: np.ndarray
    stuffed_ballots: np.ndarray
    for_leader: np.ndarray | None = None
    dropped: int = 0

    def __repr__(self) -> str:  # counts, not each station's arrays
        stuffed, made = int((self.stuffing != "none").sum()), int(self.fabricated.sum())
        counts = f"{stuffed:,} stuffed, {made:,} fabricated"
        return f"StationTruth({self.n_stations:,} stations: {counts})"

    @property
    def n_stations(self) -> int:
        """Number of analysed stations."""
        return len(self.stuffing)

    def share(self, kind: str, *, for_leader: bool = False) -> float:
        """Share of analysed stations stuffed in a given way.

        Args:
            kind: ``"incremental"``, ``"extreme"``, ``"stuffed"`` (either) or ``"fabricated"``.
            for_leader: Count only stations stuffed for the leader's candidate (NaN if unknown).

        Returns:
            The share, or NaN for no stations.
        """
        if kind == "stuffed":
            hit = self.stuffing != "none"
        elif kind == "fabricated":
            hit = self.fabricated.copy()
        elif kind in STUFFING_KINDS:
            hit = self.stuffing == kind
        else:
            raise ValueError(f"unknown kind {kind!r}")
        if for_leader:
            if self.for_leader is None:
                return float("nan")
            hit = hit & self.for_leader
        return float(np.mean(hit)) if len(hit) else float("nan")


def station_results_from_run(
    frames_or_store: Mapping[str, pd.DataFrame] | RunResult | ResultsStore,
    *,
    ensemble_id: str | None = None,
    run_index: int = 0,
    leader: str = NATIONAL,
    exclude: Iterable[str] | None = None,
    beneficiary: np.ndarray | None = None,
    source: str | None = None,
    regions: bool = False,
) -> tuple[StationResults, StationTruth]:
    """Build station results and their ground truth from one run's tables.

    Args:
        frames_or_store: A run's tables (``RunResult.frames``), the ``RunResult`` itself, or an
            open :class:`ResultsStore`.
        ensemble_id: With a store: the ensemble (default: the latest).
        run_index: With a store: the run; with tables, the run named in ``source`` (a
            ``RunResult`` names its own).
        leader: ``"national"`` (the party with most votes nationally), ``"station"`` (each
            station's winning candidate) or a party id.
        exclude: Parties that cannot be the national leader (independents, "others"). With a
            store, default: those the stored scenario marks independent or aggregate.
        beneficiary: Optional candidate id per station of the run (all stations, in table
            order; ``""`` where nothing was stuffed) for whom the stuffing was done; it fills
            :attr:`StationTruth.for_leader`.
        source: Label of the results (default: ``"votebank run N"``).
        regions: Label every station with its constituency (``results.regions``), as an
            observer gives the region column: the Klimek fit is then standardised within
            constituency, whose honest differences would otherwise read as fraud.

    Returns:
        The station results (``ids`` are the run's station ids, ``other_votes`` one column per
        other party) and the truth for the same stations.

    Raises:
        InputError: If the run has no station detail, the store lacks the run, or the leader
            party is unknown.
    """
    if found := option_problems(regions, exclude):
        raise InputError(found)
    if isinstance(frames_or_store, RunResult):  # its own run, whatever run_index says
        run_index = frames_or_store.meta.get("run_index", run_index)
    if isinstance(frames_or_store, ResultsStore):
        problems = run_problems(ensemble_id, run_index)
        if problems:
            raise InputError(problems)
        stations, candidates, where, excl = _from_store(frames_or_store, ensemble_id, run_index)
        exclude = excl if exclude is None else exclude
    else:
        frames = getattr(frames_or_store, "frames", frames_or_store)  # a RunResult, or its dict
        where = source or f"votebank run {run_index}"
        if not isinstance(frames, Mapping) or not {"polling_stations", "candidates"} <= {*frames}:
            why = "needs the polling_stations and candidates tables"
            if isinstance(frames, Mapping) and "station_votes" in frames:  # an Ensemble's
                why += " of one run, which an ensemble lacks: give vb.simulate(...) or a store"
            raise InputError([Problem(where, "tables", "", why)])
        stations, candidates = frames["polling_stations"], frames["candidates"]
    if not len(stations):
        raise InputError([Problem(where, "polling_stations", "0 rows", "the run has no stations")])
    results, truth = _build(
        stations,
        candidates,
        leader=leader,
        exclude=set(exclude or ()),
        beneficiary=beneficiary,
        source=source or where,
    )
    if regions:
        cons = stations.set_index("station_id")["constituency_id"].astype(str)
        results = replace(results, regions=cons.loc[results.ids].to_numpy(dtype=str))
    return results, truth


def station_results_from_store(
    store_path: str | os.PathLike[str] = DEFAULT_PATH,
    ensemble_id: str | None = None,
    run_index: int = 0,
    *,
    leader: str = NATIONAL,
    regions: bool = False,
) -> tuple[StationResults, StationTruth]:
    """Read one stored run's stations (see :func:`station_results_from_run`).

    Args:
        store_path: The DuckDB file written by ``votebank run``, or the folder holding it.
        ensemble_id: The ensemble (default: the latest).
        run_index: The run; it must have kept station detail (``--station-runs``).
        leader: ``"national"``, ``"station"`` or a party id.
        regions: Label every station with its constituency (as in
            :func:`station_results_from_run`).

    Returns:
        Station results and truth.

    Raises:
        InputError: Wrong arguments (all together), or a missing file, ensemble or station rows.
    """
    problems = run_problems(ensemble_id, run_index) + option_problems(regions)
    if not isinstance(store_path, str | os.PathLike):
        problems.insert(0, Problem("store_path", "", repr(store_path)[:80], "give its path"))
    else:  # the folder `votebank run --out` names, as ResultsStore takes it
        store_path = in_folder(store_path, STORE_NAME)
    if isinstance(store_path, str | os.PathLike) and not Path(store_path).is_file():
        problems.insert(0, missing_store(store_path))
    if problems:
        raise InputError(problems)
    with ResultsStore(Path(store_path), read_only=True) as store:
        stations, candidates, where, exclude = _from_store(store, ensemble_id, run_index)
    tables = {"polling_stations": stations, "candidates": candidates}
    return station_results_from_run(
        tables, leader=leader, exclude=exclude, source=where, regions=regions
    )


def _from_store(
    store: ResultsStore, ensemble_id: str | None, run_index: int
) -> tuple[pd.DataFrame, pd.DataFrame, str, set[str]]:
    file = str(store.path)
    eid = store.chosen_ensemble(ensemble_id)
    held = store.query("SELECT run_index, has_stations FROM runs WHERE ensemble_id = ?", [eid])
    runs = held[held["run_index"] == int(run_index)]
    if runs.empty:  # named with the runs it holds: "no such run" left --run to guessing
        have = held["run_index"]
        why = f"no such run; it holds runs {have.min()} to {have.max()}" if len(have) else "no runs"
        raise InputError([Problem(file, f"ensemble {eid}", str(run_index), why)])
    if not bool(runs.iloc[0]["has_stations"]):
        raise InputError(
            [
                Problem(
                    file,
                    f"ensemble {eid}, run {run_index}",
                    "no station rows",
                    "this run kept no polling-station detail (raise --station-runs)",
                )
            ]
        )
    stations = store.read("polling_stations", eid, runs=[run_index])
    check_station_cells(stations, f"{file} ensemble {eid} run {run_index}")
    candidates = store.read("candidates", eid, runs=[run_index])
    check_candidates(candidates, stations, f"{file} ensemble {eid} run {run_index}")
    ens = store.ensembles()
    spec = stored_spec(file, eid, ens.loc[ens["ensemble_id"] == eid, "scenario_json"].iloc[0])
    exclude = {
        p["id"] for p in spec.get("parties", []) if p.get("independent") or p.get("aggregate")
    }
    return stations, candidates, f"{file} ensemble {eid} run {run_index}", exclude


def _build(
    stations: pd.DataFrame,
    candidates: pd.DataFrame,
    *,
    leader: str,
    exclude: set[str],
    beneficiary: np.ndarray | None,
    source: str,
) -> tuple[StationResults, StationTruth]:
    n_st = len(stations)
    # Long form: one entry per (station, candidate slot). A station's vote list follows its
    # constituency's candidate rows in table order (both come from the same seat x slot grid).
    flat, length, starts = flat_votes(stations["votes"])
    st_of = np.repeat(np.arange(n_st), length)
    pos = np.arange(len(flat)) - np.repeat(starts, length)
    cand_row = _candidate_rows(stations, candidates, st_of, pos, source)
    party_of = candidates["party"].to_numpy(dtype=object)
    parties, party_idx = np.unique(party_of.astype(str), return_inverse=True)
    flat_party = party_idx[cand_row]

    by_party = np.bincount(
        st_of * len(parties) + flat_party, weights=flat, minlength=n_st * len(parties)
    ).reshape(n_st, len(parties))
    keep = np.ones(n_st, dtype=bool)
    if leader == STATION:
        # The winning candidate: the first entry with the station's leader_votes, which leave
        # out "others" rows (many candidates summed: they cannot win; runs stored before this
        # counted them). Every station has one.
        top = stations["leader_votes"].to_numpy(dtype=np.int64)
        at_top = np.flatnonzero(flat == top[st_of])
        best = at_top[np.unique(st_of[at_top], return_index=True)[1]]
        leader_votes = top
        others = by_party.copy()
        np.subtract.at(others, (np.arange(n_st), flat_party[best]), flat[best])
        other_names = tuple(str(p) for p in parties)
        leader_name = "station winner"
        cand_ids = candidates["candidate_id"].to_numpy(dtype=object).astype(str)
        lead_cands = cand_ids[cand_row[best]]
    else:
        lead = _leader_party(candidates, leader, exclude, parties, source)
        li = int(np.searchsorted(parties, lead))
        # Stations where the leader's party fields no candidate are left out.
        fielded = np.zeros(n_st, dtype=bool)
        fielded[st_of[flat_party == li]] = True
        keep = fielded
        leader_votes = by_party[:, li]
        others = np.delete(by_party, li, axis=1)
        other_names = tuple(str(p) for p in np.delete(parties, li))
        leader_name = lead
        lead_cands = None
    others = others[keep].astype(np.int64)
    has_votes = others.sum(axis=0) > 0  # drop parties with no votes at any kept station
    others = others[:, has_votes]
    other_names = tuple(n for n, h in zip(other_names, has_votes, strict=True) if h)

    kind = stations["stuffing"].to_numpy().astype(str)
    for_leader = None
    if beneficiary is not None:
        ben = np.asarray(beneficiary, dtype=object).astype(str)
        if len(ben) != n_st:
            raise ValueError(f"beneficiary has {len(ben)} entries, expected {n_st}")
        if leader == STATION:
            for_leader = (kind != "none") & (ben == lead_cands)
        else:
            at = pd.Index(candidates["candidate_id"].astype(str)).get_indexer(ben)
            ben_party = np.where(at >= 0, party_of[np.maximum(at, 0)].astype(str), "")
            for_leader = (kind != "none") & (ben_party == leader_name)
        for_leader = for_leader[keep]

    results = StationResults(
        registered=stations["registered"].to_numpy(dtype=np.int64)[keep],
        ballots=stations["ballots"].to_numpy(dtype=np.int64)[keep],
        valid=stations["valid"].to_numpy(dtype=np.int64)[keep],
        leader_votes=np.asarray(leader_votes, dtype=np.int64)[keep],
        other_votes=others,
        source=source,
        ids=stations["station_id"].to_numpy(dtype=np.int64)[keep],
        leader_name=leader_name,
        other_names=other_names,
    )
    truth = StationTruth(
        stuffing=kind[keep],
        fabricated=stations["fabricated"].to_numpy(dtype=bool)[keep],
        stuffed_ballots=stations["stuffed_ballots"].to_numpy(dtype=np.int64)[keep],
        for_leader=for_leader,
        dropped=int(n_st - keep.sum()),
    )
    return results, truth


def _candidate_rows(
    stations: pd.DataFrame,
    candidates: pd.DataFrame,
    st_of: np.ndarray,
    pos: np.ndarray,
    source: str,
) -> np.ndarray:
    """Row of the candidates table behind each (station, position) entry."""
    cand_cons = candidates["constituency_id"].to_numpy(dtype=object).astype(str)
    seats, start, count = np.unique(cand_cons, return_index=True, return_counts=True)
    # Each seat's candidates must be one contiguous block (in slot order, as written).
    blocks = np.count_nonzero(np.r_[True, cand_cons[1:] != cand_cons[:-1]])
    if blocks != len(seats):
        raise InputError(
            [Problem(source, "candidates", "", "a seat's candidates are not in one block")]
        )
    st_cons = stations["constituency_id"].to_numpy(dtype=object).astype(str)
    at = np.searchsorted(seats, st_cons)
    known = (at < len(seats)) & (seats[np.minimum(at, len(seats) - 1)] == st_cons)
    length = np.bincount(st_of, minlength=len(stations))
    ok = known & (length == np.where(known, count[np.minimum(at, len(seats) - 1)], -1))
    if not ok.all():
        bad = int(np.flatnonzero(~ok)[0])
        raise InputError(
            [
                Problem(
                    source,
                    f"polling_stations, station {stations['station_id'].iloc[bad]}",
                    plural(int(length[bad]), "vote count"),
                    f"does not match the candidates of constituency {st_cons[bad]}",
                )
            ]
        )
    return start[at][st_of] + pos


def _leader_party(
    candidates: pd.DataFrame, leader: str, exclude: set[str], parties: np.ndarray, source: str
) -> str:
    if leader != NATIONAL:
        if leader not in set(parties.tolist()):
            raise InputError(
                [
                    Problem(
                        source,
                        "leader",
                        leader,
                        f"no such party; choose one of {', '.join(map(str, parties))}, "
                        "'national' or 'station'",
                    )
                ]
            )
        return leader
    totals = candidates.groupby("party", sort=True)["votes"].sum()
    totals = totals[~totals.index.isin(list(exclude))]
    if totals.empty:
        raise InputError([Problem(source, "leader", "", "no party to take as the leader")])
    # Most votes; ties go to the first party id in sorted order (deterministic).
    return str(totals.index[int(np.argmax(totals.to_numpy()))])

"""Gather one ensemble's report data from the results store into a small JSON-able dict.

Every figure is an SQL aggregate in DuckDB (mostly the ones of
:mod:`votebank.results.summary`); polling-station rows are binned in SQL and never loaded, so
the dict, and the report made from it, stays the same size however many runs an ensemble has.
"""

from __future__ import annotations

import json
import math
import os
import re
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from votebank.errors import InputError, Problem, VotebankError
from votebank.report.backgrounds import backgrounds_data
from votebank.report.colours import party_colour
from votebank.report.seatdata import add_seat_details
from votebank.results.frames import ROUTES
from votebank.results.store import ResultsStore, no_ensemble, require_store
from votebank.results.summary import (
    ALL_PARTIES,
    constituency_summary,
    provenance_summary,
    seat_summary,
    turnout_summary,
)

FORMAT_VERSION = 1
FINGERPRINT_BINS = 50
"""Turnout and leader-share bins of the station fingerprint (2 % steps)."""
EXTRA_FILES: dict[str, tuple[str, ...]] = {
    "forensics": ("forensics.json", "forensics/forensics.json"),
    "validation": ("validation.json", "validation/validation.json"),
    "counterfactuals": ("counterfactuals.json",),
    "backtest": ("backtest.json", "backtest/backtest.json"),
}
"""Optional sections and where, relative to the store's folder, their JSON is looked for."""
# `votebank forensics-run` names the run it analysed only in its source line.
_FORENSICS_RUN_SOURCE = re.compile(r" ensemble (?P<id>\S+) run \d+$")


def build_report(
    store_path: str | Path,
    ensemble_id: str | None = None,
    extras: dict[str, dict] | None = None,
) -> dict[str, Any]:
    """Gather everything the report shows about one ensemble.

    Args:
        store_path: The DuckDB results store (``OUT/votebank.duckdb``).
        ensemble_id: The ensemble; default the most recently created one.
        extras: Extra sections by name (``"forensics"``, ``"validation"`` or any other), each
            a JSON-able dict rendered as its own section. None looks for the files of
            :data:`EXTRA_FILES` next to the store and uses those found that name no other
            ensemble (:func:`find_extras`).

    Returns:
        A JSON-able dict (see ``docs/report.md`` for its keys).

    Raises:
        InputError: Every problem of the arguments (extras that are no dict of JSON-able dicts
            by name among them), before the store is opened.
        VotebankError: If the store, the ensemble or its runs are missing, or an extra file
            is not valid JSON.
    """
    problems, cleaned = _checked_arguments(store_path, ensemble_id, extras)
    if problems:
        raise InputError(problems)
    path = require_store(store_path)
    with ResultsStore(path, read_only=True) as store:
        eid = ensemble_id or store.latest_ensemble()
        if eid is None:
            raise no_ensemble(path)
        store.require_ensemble(eid)
        ens = store.ensemble(eid)
        runs = int(ens["runs_done"])
        if runs == 0:
            raise VotebankError(f"ensemble {eid} in {path} has no stored runs yet")
        spec = json.loads(ens["scenario_json"] or "{}")
        meta = spec.get("scenario", {})
        seats = seat_summary(store, eid, meta.get("majority"))
        parties = _parties(spec, seats["party"])
        seat_rows = _constituencies(store, eid, constituency_summary(store, eid))
        deciding = add_seat_details(store, eid, seat_rows)
        data = {
            "format_version": FORMAT_VERSION,
            "generated": datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC"),
            "generator": f"votebank {_version()}",
            "ensemble": _ensemble(store, ens),
            "scenario": {
                "name": str(meta.get("name") or ens["scenario_name"]),
                "title": str(meta.get("title") or ""),
                "description": str(meta.get("description") or ""),
                "actual_source": str(meta.get("actual_source") or ""),
                "seed": meta.get("seed"),
            },
            "scenario_spec": spec,
            "parties": parties,
            "house": _house(store, eid, seats, meta),
            "constituencies": seat_rows,
            "provenance": _provenance(store, eid, seats),
            "turnout": _turnout(store, eid),
            "fingerprint": _fingerprint(store, eid),
            "canvass": _canvass(store, eid, runs),
            "byelections": _byelections(store, eid, runs),
            "deciding": deciding,
            "backgrounds": backgrounds_data(store, eid, "background" in meta.get("synthetic", [])),
        }
    data = _clean(data)  # the extras given are clean already
    data["extras"] = _clean(find_extras(path.parent, eid)) if cleaned is None else cleaned
    return data


def _checked_arguments(
    store_path: object, ensemble_id: object, extras: object
) -> tuple[list, dict | None]:
    """build_report's problems, and its extras made JSON now (write_report would fail later)."""
    problems = []
    if not isinstance(store_path, str | os.PathLike):
        problems.append(Problem("store_path", "", repr(store_path)[:80], "give the store's path"))
    if ensemble_id is not None and not isinstance(ensemble_id, str):
        problems.append(Problem("ensemble_id", "", repr(ensemble_id)[:80], "give an id as text"))
    if extras is None:
        return problems, None
    if not isinstance(extras, dict):
        why = "give a dict of sections by name (or None)"
        return [*problems, Problem("extras", "", repr(extras)[:80], why)], None
    cleaned = {}
    for name, section in extras.items():
        where, value = repr(name)[:80], repr(section)[:80]
        if not isinstance(name, str) or not isinstance(section, dict):
            why = "give each section as a dict, by its name as text"
            problems.append(Problem("extras", where, value, why))
            continue
        try:
            cleaned[name] = _clean(section)
            json.dumps(cleaned[name], allow_nan=False)
        except (TypeError, ValueError, RecursionError) as exc:
            problems.append(Problem("extras", where, value, str(exc)))
    return problems, cleaned


def _json_object(file: Path) -> dict:
    """A section's JSON file, or an InputError naming it (a damaged file is the user's to mend)."""
    why = "write it again with the command that made it, or move it out of the folder"
    try:
        value = json.loads(file.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}"
        raise InputError([Problem(str(file), where, exc.msg, f"not JSON: {why}")]) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(
            [Problem(str(file), "", type(exc).__name__, f"unreadable: {why}")]
        ) from exc
    if not isinstance(value, dict):
        raise InputError(
            [Problem(str(file), "", type(value).__name__, f"not a JSON object: {why}")]
        )
    return value


def find_extras(folder: Path, ensemble_id: str | None = None) -> dict[str, dict]:
    """Read the optional sections' JSON files (:data:`EXTRA_FILES`) found in ``folder``.

    A store holds many ensembles but its folder one file of each name: a file that names an
    ensemble (:func:`extra_ensemble`) belongs to that ensemble's report only. With
    ``ensemble_id``, a file naming another ensemble is passed over (the next place of the
    same section is tried); files that name none are always used.

    Raises:
        InputError: If a file exists but is not a JSON object.
    """
    out: dict[str, dict] = {}
    for name, candidates in EXTRA_FILES.items():
        for rel in candidates:
            file = folder / rel
            if not file.is_file():
                continue
            value = _json_object(file)
            owner = extra_ensemble(value)
            if ensemble_id is not None and owner is not None and owner != ensemble_id:
                continue
            out[name] = value
            break
    return out


def extra_ensemble(value: dict) -> str | None:
    """The ensemble an extra section's JSON is about, or None if it names none.

    ``ensemble_id`` (written with ``counterfactuals.json`` by ``votebank run``), or the
    ``source`` that ``votebank forensics-run`` writes: ``<store> ensemble <id> run <n>``.
    """
    eid = value.get("ensemble_id")
    if eid is not None and eid != "":
        return str(eid)
    source = value.get("source")
    found = _FORENSICS_RUN_SOURCE.search(source) if isinstance(source, str) else None
    return found["id"] if found else None


def natural_key(text: object) -> tuple:
    """Sort key that orders digits by value: NA-2 before NA-10."""
    return tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, part.lower())
        for part in re.split(r"(\d+)", str(text))
        if part
    )


def _version() -> str:
    try:
        return version("votebank")
    except PackageNotFoundError:
        return "dev"


def _ensemble(store: ResultsStore, ens: pd.Series) -> dict[str, Any]:
    row = store.connection.execute(
        "SELECT count(*) FILTER (WHERE has_stations), min(finished), max(finished)"
        " FROM runs WHERE ensemble_id = ?",
        [ens["ensemble_id"]],
    ).fetchone()
    return {
        "id": str(ens["ensemble_id"]),
        "scenario_name": str(ens["scenario_name"]),
        "scenario_hash": str(ens["scenario_hash"]),
        "seed_entropy": str(ens["seed_entropy"]),
        "runs": int(ens["runs_done"]),
        "runs_requested": int(ens["runs_requested"]),
        "runs_with_stations": int(row[0] or 0),
        "created": f"{pd.Timestamp(ens['created']):%Y-%m-%d %H:%M:%S} UTC",
        "finished": f"{pd.Timestamp(row[2]):%Y-%m-%d %H:%M:%S} UTC" if row[2] else None,
        "version": str(ens["version"]),
    }


def _parties(spec: dict, seat_parties: pd.Series) -> dict[str, dict[str, str]]:
    """Party id -> full name and colour (:func:`~votebank.report.colours.party_colour`)."""
    out: dict[str, dict[str, str]] = {}
    for p in spec.get("parties", []):
        out[str(p["id"])] = {"name": str(p.get("name") or p["id"]), "colour": p.get("colour")}
    for pid in (str(p) for p in seat_parties):
        out.setdefault(pid, {"name": pid, "colour": None})
    for i, (pid, p) in enumerate(out.items()):
        p["colour"] = party_colour(pid, p["colour"], i)
    return out


def _house(store: ResultsStore, eid: str, seats: pd.DataFrame, meta: dict) -> dict[str, Any]:
    sizes = store.connection.execute(
        "SELECT avg(h), min(h), max(h), avg(g) FROM (SELECT run_index, sum(total) AS h,"
        " sum(general) AS g FROM seats WHERE ensemble_id = ? GROUP BY run_index)",
        [eid],
    ).fetchone()
    house, house_min, house_max, general = sizes
    majority = meta.get("majority")
    actual = {str(k): int(v) for k, v in (meta.get("actual_seats") or {}).items()}
    rows = []
    for r in seats.itertuples(index=False):
        rows.append(
            {
                "party": str(r.party),
                **{
                    f"{c}_{s}": float(getattr(r, f"{c}_{s}"))
                    for c in ("total", "general")
                    for s in ("mean", "q05", "q95")
                },
                # Polling day's general seats: what `actual` counts (general_* count them
                # after independents join parties and after by-elections).
                "at_poll_mean": float(r.at_poll_mean),
                "at_poll_q05": float(r.at_poll_q05),
                "at_poll_q95": float(r.at_poll_q95),
                "women_mean": float(r.women_mean),
                "non_muslim_mean": float(r.non_muslim_mean),
                "p_majority": float(r.p_majority),
                "p_largest": float(r.p_largest),
                "actual": actual.get(str(r.party)),
            }
        )
    for pid, n in actual.items():  # parties that won for real but never in a run
        if pid not in set(seats["party"].astype(str)):
            zero = dict.fromkeys(rows[0] if rows else ("total_mean", "general_mean"), 0.0)
            rows.append({**zero, "party": pid, "actual": n})
    return {
        "size": float(house or 0),
        "size_range": [int(house_min or 0), int(house_max or 0)],
        "general_size": float(general or 0),
        "majority": int(majority) if majority else round(house or 0) // 2 + 1,
        "majority_given": bool(majority),
        "actual_total": sum(actual.values()) if actual else None,
        "parties": rows,
    }


def _constituencies(store: ResultsStore, eid: str, cand: pd.DataFrame) -> list[dict[str, Any]]:
    """One row per seat: leader, challenger and every candidate's P(win), margin, turnout."""
    seats = store.query(
        "SELECT constituency_id, avg(margin) AS margin_mean,"
        " avg(margin::DOUBLE / NULLIF(valid, 0)) AS margin_share, avg(registered) AS registered,"
        " sum(tie_by_lot::INTEGER)::INTEGER AS ties"
        " FROM constituencies WHERE ensemble_id = ? GROUP BY constituency_id",
        [eid],
    ).set_index("constituency_id")
    out = []
    # constituency_summary orders candidates by P(win), then mean votes, within each seat;
    # add_seat_details puts the leader first (seatdata.leader_first).
    for cid, group in sorted(cand.groupby("constituency_id"), key=lambda g: natural_key(g[0])):
        people = [
            {
                "id": str(k.candidate_id),
                "name": str(k.candidate_name),
                "party": str(k.party),
                "p_win": float(k.p_win),
                "share": float(k.share_mean),
            }
            for k in group.itertuples(index=False)
        ]
        first = group.iloc[0]
        s = seats.loc[cid]
        out.append(
            {
                "id": str(cid),
                "name": str(first.constituency_name),
                "region": str(first.region),
                "registered": float(s.registered),
                "turnout": float(first.turnout_mean),
                "margin_mean": float(s.margin_mean),
                "margin_share": float(s.margin_share),
                "ties": int(s.ties),
                "candidates": people,
            }
        )
    return out


def _provenance(store: ResultsStore, eid: str, seats: pd.DataFrame) -> dict[str, Any]:
    overall = provenance_summary(store, eid).set_index("route")["share_mean"]
    sums = ", ".join(f"sum(votes_{r})::DOUBLE / NULLIF(sum(votes), 0) AS {r}" for r in ROUTES)
    # The winners' votes: how the seats themselves were won, pooled over runs.
    winners = store.query(
        f"SELECT {sums} FROM candidates WHERE ensemble_id = ? AND elected",  # noqa: S608
        [eid],
    ).iloc[0]
    by_party = provenance_summary(store, eid, by_party=True)
    party_order = [str(p) for p in seats["party"]]
    party_order += sorted(set(by_party["party"].astype(str)) - set(party_order) - {ALL_PARTIES})
    votes = store.query(
        "SELECT party, sum(votes)::DOUBLE / count(DISTINCT run_index) AS votes_mean"
        " FROM candidates WHERE ensemble_id = ? GROUP BY party",
        [eid],
    ).set_index("party")["votes_mean"]
    parties = []
    for pid in party_order:
        rows = by_party[by_party["party"] == pid].set_index("route")["share_mean"]
        if rows.empty:
            continue
        parties.append(
            {
                "party": pid,
                "votes_mean": float(votes.get(pid, 0.0)),
                "shares": {r: float(rows.get(r, 0.0)) for r in ROUTES},
            }
        )
    return {
        "routes": list(ROUTES),
        "overall": {r: float(overall.get(r, 0.0)) for r in ROUTES},
        "winners": {r: float(winners[r]) if pd.notna(winners[r]) else 0.0 for r in ROUTES},
        "by_party": parties,
    }


def _turnout(store: ResultsStore, eid: str) -> dict[str, Any]:
    per_run = store.query(
        "SELECT sum(ballots)::DOUBLE / NULLIF(sum(registered), 0) AS t"
        " FROM constituencies WHERE ensemble_id = ? GROUP BY run_index",
        [eid],
    )["t"].dropna()
    values = per_run.to_numpy(dtype=float)
    nat = turnout_summary(store, eid).iloc[0]
    return {
        "national": {
            "runs": int(nat.runs),
            "mean": float(nat["mean"]),
            "sd": float(nat.sd) if pd.notna(nat.sd) else None,
            "q05": float(nat.q05),
            "q50": float(nat.q50),
            "q95": float(nat.q95),
            "hist": _histogram(values),
        },
        "by_region": [
            {
                "region": str(r.region),
                "mean": float(r.mean),
                "q05": float(r.q05),
                "q50": float(r.q50),
                "q95": float(r.q95),
            }
            for r in turnout_summary(store, eid, by_region=True).itertuples(index=False)
        ],
    }


def _histogram(values: np.ndarray) -> dict[str, list]:
    """A histogram of per-run values with about sqrt(n) bins (5 to 30)."""
    if values.size == 0:
        return {"edges": [], "counts": []}
    bins = int(min(30, max(5, math.ceil(math.sqrt(values.size)))))
    lo, hi = float(values.min()), float(values.max())
    if hi - lo < 1e-9:  # all runs alike: one narrow bin around the value
        lo, hi = lo - 0.005, hi + 0.005
    counts, edges = np.histogram(values, bins=bins, range=(lo, hi))
    return {"edges": [float(e) for e in edges], "counts": [int(c) for c in counts]}


def _fingerprint(store: ResultsStore, eid: str) -> dict[str, Any] | None:
    """Turnout x leader-share 2-D histogram of the stored station rows, binned in SQL."""
    b = FINGERPRINT_BINS
    cells = store.query(
        f"""
        SELECT least(floor(ballots::DOUBLE / registered * {b}), {b - 1})::INTEGER AS tx,
            least(floor(leader_votes::DOUBLE / valid * {b}), {b - 1})::INTEGER AS sy,
            count(*)::INTEGER AS n,
            count(*) FILTER (WHERE stuffing <> 'none')::INTEGER AS stuffed
        FROM polling_stations
        WHERE ensemble_id = ? AND registered > 0 AND valid > 0
        GROUP BY ALL ORDER BY tx, sy
        """,  # noqa: S608 - only the fixed bin count is interpolated
        [eid],
    )
    totals = store.connection.execute(
        """
        SELECT count(*), count(DISTINCT run_index),
            count(*) FILTER (WHERE stuffing = 'incremental'),
            count(*) FILTER (WHERE stuffing = 'extreme'),
            count(*) FILTER (WHERE fabricated),
            count(*) FILTER (WHERE ballots > registered),
            count(*) FILTER (WHERE registered = 0 OR valid = 0),
            sum(stuffed_ballots), sum(ballots)
        FROM polling_stations WHERE ensemble_id = ?
        """,
        [eid],
    ).fetchone()
    if not totals[0]:
        return None
    n, runs, incremental, extreme, fabricated, over, empty, stuffed_ballots, ballots = totals
    return {
        "bins": b,
        "runs": int(runs),
        "stations": int(n),
        "stuffed": int(incremental + extreme),
        "incremental": int(incremental),
        "extreme": int(extreme),
        "fabricated": int(fabricated),
        "over_100": int(over),
        "not_binned": int(empty),
        "stuffed_ballots_share": float(stuffed_ballots / ballots) if ballots else 0.0,
        # Sparse cells: [turnout bin, leader-share bin, stations, stuffed stations].
        "cells": [[int(v) for v in row] for row in cells.itertuples(index=False)],
    }


def _canvass(store: ResultsStore, eid: str, runs: int) -> dict[str, Any] | None:
    df = store.query(
        """
        SELECT party, count(DISTINCT constituency_id)::INTEGER AS seats,
            sum(contacts)::DOUBLE / $runs AS contacts_mean,
            sum(stated_support)::DOUBLE / $runs AS support_mean,
            sum(stated_other)::DOUBLE / $runs AS other_mean
        FROM canvass WHERE ensemble_id = $e GROUP BY party ORDER BY contacts_mean DESC, party
        """,
        {"e": eid, "runs": runs},
    )
    if df.empty:
        return None
    return {
        "parties": [
            {
                "party": str(r.party),
                "seats": int(r.seats),
                "contacts_mean": float(r.contacts_mean),
                "support_mean": float(r.support_mean),
                "other_mean": float(r.other_mean),
            }
            for r in df.itertuples(index=False)
        ]
    }


def _byelections(store: ResultsStore, eid: str, runs: int) -> dict[str, Any] | None:
    df = store.query(
        """
        WITH b AS (SELECT * FROM byelections WHERE ensemble_id = $e),
        names AS (SELECT constituency_id, any_value(name) AS name FROM constituencies
            WHERE ensemble_id = $e GROUP BY constituency_id)
        SELECT b.constituency_id, any_value(names.name) AS name, b.winner_party,
            count(*)::INTEGER AS n, avg(b.turnout) AS turnout_mean
        FROM b LEFT JOIN names USING (constituency_id)
        GROUP BY b.constituency_id, b.winner_party
        ORDER BY b.constituency_id, n DESC, b.winner_party
        """,
        {"e": eid},
    )
    if df.empty:
        return None
    seats = []
    for cid, group in sorted(df.groupby("constituency_id"), key=lambda g: natural_key(g[0])):
        held = int(group["n"].sum())
        seats.append(
            {
                "id": str(cid),
                "name": str(group["name"].iloc[0]) if pd.notna(group["name"].iloc[0]) else "",
                "p_held": held / runs,
                "turnout_mean": float(np.average(group["turnout_mean"], weights=group["n"])),
                "winners": [
                    {"party": str(r.winner_party), "p": int(r.n) / held}
                    for r in group.itertuples(index=False)
                ],
            }
        )
    return {"runs": runs, "seats": seats}


def _clean(value: Any) -> Any:
    """Make a value strict-JSON safe: NaN and infinities become None, numpy scalars Python."""
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float):
        # Six significant digits: ample for a report, and keeps the embedded data small.
        return float(f"{value:.6g}") if math.isfinite(value) else None
    return value

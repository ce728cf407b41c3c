"""Gather one ensemble's report data from the results store into a small JSON-able dict.

Every figure is an SQL aggregate in DuckDB (mostly the ones of
:mod:`votebank.results.summary`); polling-station rows are binned in SQL and never loaded, so
the dict, and the report made from it, stays the same size however many runs an ensemble has.
This module checks the arguments and assembles the dict; each section's figures come from its
own module (``housedata``, ``seatrows``, ``votedata``, ``campaigndata``, ...), and the extra
sections' files are found by :mod:`votebank.report.extrafiles`.
"""

from __future__ import annotations

import json
import math
import os
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from votebank.errors import InputError, Problem
from votebank.report.backgrounds import backgrounds_data
from votebank.report.blocks import SECTIONS
from votebank.report.campaigndata import byelections_data, canvass_data
from votebank.report.colours import party_colours
from votebank.report.extrafiles import EXTRA_FILES, find_extras
from votebank.report.housedata import house_data
from votebank.report.plandata import plans_data
from votebank.report.seatdata import add_seat_details
from votebank.report.seatrows import constituency_rows
from votebank.report.votedata import fingerprint_data, provenance_data, turnout_data
from votebank.results.store import STORE_NAME, ResultsStore
from votebank.results.store_errors import in_folder, require_store, stored_spec
from votebank.results.summary import constituency_summary, seat_summary

FORMAT_VERSION = 1
OWN_SECTIONS = frozenset(k for k, _ in SECTIONS) - set(EXTRA_FILES)
"""Sections the report draws itself: an extra by one of these names would replace it."""


def build_report(
    store_path: str | Path,
    ensemble_id: str | None = None,
    extras: dict[str, dict] | None = None,
) -> dict[str, Any]:
    """Gather everything the report shows about one ensemble.

    Args:
        store_path: The DuckDB results store (``OUT/votebank.duckdb``), or the folder holding
            it (``OUT``).
        ensemble_id: The ensemble; default the latest (the one last run or resumed).
        extras: Extra sections by name (``"forensics"``, ``"validation"`` or any other but
            the report's own, :data:`OWN_SECTIONS`), each a JSON-able dict rendered as its
            own section. None looks for the files of
            :data:`~votebank.report.extrafiles.EXTRA_FILES` next to the store and uses those
            found that name no other ensemble (:func:`~votebank.report.extrafiles.find_extras`).

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
    # The folder `votebank run --out` was given holds the store: it was refused as "a folder,
    # not a results store", while the forensics readers take it.
    path = require_store(in_folder(store_path, STORE_NAME))
    with ResultsStore(path, read_only=True) as store:
        eid = store.chosen_ensemble(ensemble_id)
        # An ensemble stopped before its first run was stored is the user's to finish (exit
        # 2, as `votebank summary` says it).
        runs = store.require_runs(eid)
        ens = store.ensemble(eid)
        spec = stored_spec(path, eid, ens["scenario_json"])
        meta = spec.get("scenario", {})
        seats = seat_summary(store, eid, meta.get("majority"))
        parties = _parties(spec, seats["party"])
        seat_rows = constituency_rows(store, eid, constituency_summary(store, eid))
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
            "house": house_data(store, eid, seats, meta),
            "constituencies": seat_rows,
            "provenance": provenance_data(store, eid, seats),
            "turnout": turnout_data(store, eid),
            "fingerprint": fingerprint_data(store, eid),
            "canvass": canvass_data(store, eid, runs),
            "byelections": byelections_data(store, eid, runs),
            "deciding": deciding,
            "backgrounds": backgrounds_data(store, eid, "background" in meta.get("synthetic", [])),
        }
    # A plan is read after the runs: read_plan opens the store on its own.
    data["plans"] = plans_data(path, str(ens["scenario_hash"]))
    # The house's seat intervals and the seats by background keep every digit: rounded to six
    # and then to one decimal, 1.9500000000000002 seats would read 1.9 where `votebank
    # summary` writes 2.0 (and 93.35000000000001 sourced seats 93.3 for its 93.4).
    data = {
        **_clean(data),
        "house": _clean(data["house"], digits=None),
        "backgrounds": _clean(data["backgrounds"], digits=None),
    }
    # The extras given are clean already.
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
        if name in OWN_SECTIONS:
            why = f"the report's own {name} section has this name; give the section another"
            problems.append(Problem("extras", where, value, why))
            continue
        try:
            cleaned[name] = _clean(section)
            json.dumps(cleaned[name], allow_nan=False)
        except (TypeError, ValueError, RecursionError) as exc:
            problems.append(Problem("extras", where, value, str(exc)))
    return problems, cleaned


def _version() -> str:
    try:
        return version("votebank")
    except PackageNotFoundError:
        return "dev"


def _ensemble(store: ResultsStore, ens: pd.Series) -> dict[str, Any]:
    from votebank.ensemble.resume import station_runs_hint

    runs, requested = int(ens["runs_done"]), int(ens["runs_requested"])
    # A stopped ensemble's resume needs the --station-runs its stored runs were made with.
    stations, unknown = (
        station_runs_hint(store, ens["ensemble_id"], requested) if runs < requested else ("", "")
    )
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
        "runs": runs,
        "runs_requested": requested,
        "resume_stations": stations,
        "resume_stations_note": unknown,
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
    colours = party_colours([(pid, p["colour"]) for pid, p in out.items()])
    for p, colour in zip(out.values(), colours, strict=True):
        p["colour"] = colour
    return out


def _clean(value: Any, digits: int | None = 6) -> Any:
    """Make a value strict-JSON safe: NaN and infinities become None, numpy scalars Python."""
    if isinstance(value, dict):
        return {str(k): _clean(v, digits) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v, digits) for v in value]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        # Six significant digits: ample for a report, and keeps the embedded data small; but
        # never coarser than a whole unit (11,116,632 votes read 11,116,600, shown as exact).
        if digits is None or abs(value) >= 10**digits:
            return value if digits is None else float(round(value))
        return float(f"{value:.{digits}g}")
    return value

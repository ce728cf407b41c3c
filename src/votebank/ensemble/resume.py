"""Which stored ensemble a ``--resume`` completes, and when it must refuse.

``--resume`` stays safe to repeat: where the store holds nothing of this scenario to complete,
the ensemble starts (as a job restarted from the top does). It refuses where an interrupted
ensemble of the same scenario name is stored but does not match (another seed, or the scenario
edited since): going on would leave that one incomplete while a new one starts in silence. The
refusal names what the store holds and why each differs. ``request`` is the runner's
``EnsembleRequest`` (its seed and scenario are read).
"""

from __future__ import annotations

import json
from pathlib import Path

from votebank.display import plural
from votebank.errors import StoreError
from votebank.results.queries import holds_no_tables
from votebank.results.store import DEFAULT_STATION_RUNS, ResultsStore, ensemble_id_for
from votebank.run.many import keep_stations
from votebank.scenario.overrides import join_path


def asked_seed(request) -> int | None:
    """--seed, else the scenario's seed, else None."""
    if request.seed is not None:
        return request.seed
    return request.scenario.spec.scenario.seed


def resumed_entropy(request, store: ResultsStore) -> int | None:
    """The seed of the stored ensemble that ``--resume`` completes; None: nothing to complete.

    With a seed (``--seed`` or the scenario's) it is the ensemble of this scenario (same hash)
    and seed; without, the only ensemble of this scenario, or else its only incomplete one.

    Raises:
        StoreError: If none matches while an interrupted ensemble of the same scenario name is
            stored, or, without a seed, several match; the message names what the store holds
            that could be resumed, and why each does not match.
    """
    held = store.ensembles()
    digest = request.scenario.digest
    seed = asked_seed(request)
    if seed is not None:
        if ensemble_id_for(digest, seed) in set(held["ensemble_id"]):
            return seed
        wanted = f" with seed {seed}" + ("" if request.seed is not None else " (the scenario's)")
        _refuse_if_one_was_stopped(request, store.path, held, wanted)
        return None
    mine = held[held["scenario_hash"] == digest]
    ours = mine
    if len(ours) > 1:  # the interrupted one, if only one is
        ours = ours[ours["runs_done"] < ours["runs_requested"]]
        if len(ours) != 1:
            raise StoreError(
                f"--resume: {store.path} holds {len(mine)} ensembles of this scenario, "
                f"{len(ours) or 'none'} of them incomplete; add --seed to say which to resume:\n"
                + _listing(request, mine)
            )
    if len(ours) == 1:
        return int(ours.iloc[0]["seed_entropy"])
    _refuse_if_one_was_stopped(request, store.path, held, "")
    return None


def has_store(path: Path) -> bool:
    """Whether ``--resume`` has a store to look in at ``path``.

    A DuckDB file with no tables (a run killed before it made them) is a new store, as a plain
    ``run`` takes it: there is nothing to resume, so the ensemble starts.
    """
    return path.exists() and not holds_no_tables(path)


def resumed_runs(request) -> tuple[int, int, int] | None:
    """Runs asked for, stored, and still to make of ``request.runs``, of the resumed ensemble.

    None: no ensemble is resumed. Runs on workers finish out of order: a killed ensemble can
    lack a run below its last one.

    Raises:
        StoreError: As :func:`resumed_entropy`.
    """
    if not has_store(request.store_path):
        return None
    with ResultsStore(request.store_path, read_only=True) as store:
        entropy = resumed_entropy(request, store)
        if entropy is None:
            return None
        eid = ensemble_id_for(request.scenario.digest, entropy)
        row, missing = store.ensemble(eid), len(store.missing_runs(eid, request.runs))
        return int(row["runs_requested"]), int(row["runs_done"]), missing


def check_station_runs(store: ResultsStore, eid: str, station_runs: int) -> None:
    """Refuse a resume that would keep station detail for other runs than the stored ones did.

    --station-runs is not stored with the ensemble: resumed without the one it was started
    with (``-1`` for forensics), the runs still to make kept another set of stations, in
    silence.

    Raises:
        StoreError: Naming the value that keeps the same runs' stations as the stored runs.
    """
    index, has = _kept_stations(store, eid)
    if _fits(index, has, station_runs):
        return
    fits = _fitting(index, has)
    raise StoreError(
        f"--resume: ensemble {eid} in {store.path} kept polling-station detail for "
        f"{int(has.sum()):,} of its {len(index):,} stored runs, which --station-runs "
        f"{station_runs} would not: give the --station-runs it was started with "
        f"({fits} fits the stored runs), so that the runs still to make keep the same; "
        "nothing was run"
    )


def station_runs_hint(store: ResultsStore, eid: str, requested: int) -> tuple[str, str]:
    """The ``--station-runs`` a resume of ``eid`` needs, and a note where it cannot be known.

    The store keeps only which runs kept station detail: a value that fits them is given
    (none where the default does) and the resume takes it; where the runs still to make
    would differ between the values that fit, the note says so.
    """
    index, has = _kept_stations(store, eid)
    default, fits = _fits(index, has, DEFAULT_STATION_RUNS), _fitting(index, has)
    flag = "" if default else f" --station-runs {fits}"
    low = int(index[has].max()) + 1 if has.any() else 0  # fewer would drop a stored run's
    high = int(index[~has].min()) if (~has).any() else requested  # more would add one
    if not set(range(low, high)) - set(index.tolist()):  # every value fitting does the same
        return flag, ""
    why = "; the store does not record --station-runs, so give the one it was started with"
    return flag, why + (" if any" if default else f" if not {fits}")


def _kept_stations(store: ResultsStore, eid: str):
    """The stored runs' indices and whether each kept polling-station detail."""
    kept = store.query(
        "SELECT run_index, has_stations FROM runs WHERE ensemble_id = ? ORDER BY run_index", [eid]
    )
    return kept["run_index"].astype(int), kept["has_stations"].astype(bool)


def _fits(index, has, station_runs: int) -> bool:
    """Whether ``--station-runs station_runs`` keeps the stations the stored runs kept."""
    return all(keep_stations(i, station_runs) == h for i, h in zip(index, has, strict=True))


def _fitting(index, has) -> int:
    """A --station-runs that keeps the stations the stored runs kept."""
    without = index[~has]
    return -1 if without.empty else (0 if not has.any() else int(without.min()))


def _refuse_if_one_was_stopped(request, path: Path, held, seed: str) -> None:
    """Refuse where an interrupted ensemble of this scenario's name is stored but not matched."""
    sc = request.scenario
    stopped = held[
        (held["scenario_name"] == sc.name) & (held["runs_done"] < held["runs_requested"])
    ]
    if stopped.empty:
        return
    raise StoreError(
        f"--resume: {path} holds no ensemble of scenario {sc.name!r} (hash {_short(sc.digest)})"
        f"{seed}, so nothing was resumed or run. Its interrupted ensembles of {sc.name!r}:\n"
        + _listing(request, stopped)
        + "\nResume one with the scenario as it was run and its --seed, or drop --resume "
        "(or use another --out) to start a new ensemble"
    )


def _listing(request, rows, most: int = 5) -> str:
    """One line per stored ensemble (the latest ``most``): what it is, and why it differs."""
    lines = []
    for _, row in rows.tail(most).iloc[::-1].iterrows():
        done, asked = int(row["runs_done"]), int(row["runs_requested"])
        lines.append(
            f"  - ensemble {row['ensemble_id']}: scenario {row['scenario_name']!r}, seed "
            f"{row['seed_entropy']}, {done:,} of {plural(asked, 'run')} done: {_why(request, row)}"
        )
    if len(rows) > most:
        lines.append(f"  - and {len(rows) - most:,} older")
    return "\n".join(lines)


def _why(request, row) -> str:
    """Why a stored ensemble is not the one this --resume asks for."""
    seed = asked_seed(request)
    other_seed = seed is not None and str(row["seed_entropy"]) != str(seed)
    if row["scenario_hash"] == request.scenario.digest:
        if other_seed:
            return f"another seed (--seed {row['seed_entropy']} resumes it)"
        return f"--seed {row['seed_entropy']} resumes it"
    # Listed ensembles are this scenario's: by its hash, or by its name once edited.
    why = (
        f"the scenario has changed since it was run (its hash was "
        f"{_short(row['scenario_hash'])}, now {_short(request.scenario.digest)}"
        f"{_changes(request.scenario.spec, row['scenario_json'])})"
    )
    return why + (" and another seed" if other_seed else "")


def _changes(spec, stored: object, most: int = 3) -> str:
    """Which fields of the spec differ from the stored one's: else its tables do.

    A hash alone sends the user looking for an edit that may be none: a run with
    --parameter-uncertainty differs from one without only in ``scenario.draw_parameters``.
    """
    try:
        then = _leaves(json.loads(str(stored)))
    except ValueError:
        return ""
    now = _leaves(json.loads(spec.model_dump_json(warnings=False)))
    differ = [
        p for p in sorted(then.keys() | now.keys()) if then.get(p, _NONE) != now.get(p, _NONE)
    ]
    if not differ:
        return "; the same TOML settings: its tables differ"
    shown = [f"{p} was {_value(then, p)}, now {_value(now, p)}" for p in differ[:most]]
    more = f" and {len(differ) - most:,} more" if len(differ) > most else ""
    flag = ": --parameter-uncertainty sets it" if "scenario.draw_parameters" in differ else ""
    return "; " + ", ".join(shown) + more + flag


_NONE = object()  # a field one spec has and the other lacks


def _leaves(node: object, keys: tuple[str, ...] = ()) -> dict[str, object]:
    """A dumped spec's values by dotted path (a list is one value)."""
    if isinstance(node, dict) and node:
        out: dict[str, object] = {}
        for key, value in node.items():
            out.update(_leaves(value, (*keys, str(key))))
        return out
    return {join_path(keys): node}


def _value(leaves: dict[str, object], path: str) -> str:
    value = leaves.get(path, _NONE)
    return "absent" if value is _NONE else json.dumps(value)[:40]


def _short(digest: str) -> str:
    return str(digest)[:12]

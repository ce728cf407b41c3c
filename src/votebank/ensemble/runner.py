"""Run an ensemble of runs and stream each to the results store as it finishes.

Each run's seed comes only from (ensemble seed, run index), so results are the same whatever
the number of workers, the scheduler, or the order in which runs finish.

Each run is checked and converted to Arrow where it was made (on its worker), and the runs that
finish are written in batches, one transaction per batch (every ``BATCH_SECONDS``, and before
any error is raised), so storing keeps up with the engine; a run is stored whole or not at all,
and a killed ensemble loses at most the last batch. With ``resume`` only the missing runs are
computed (a ``resume`` that would leave an interrupted ensemble behind is refused). At most a
few runs per worker are in flight, so memory stays bounded however many runs are asked for.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb

from votebank.display import plural
from votebank.ensemble.cluster import cluster_cause, from_cluster
from votebank.ensemble.resume import (
    asked_seed,
    check_station_runs,
    has_store,
    resumed_entropy,
)
from votebank.ensemble.security import TlsFiles
from votebank.errors import (
    InputError,
    Interrupted,
    StoreError,
    VotebankError,
    ctrl_c_pressed,
)
from votebank.results.invariants import check_run, house_size
from votebank.results.real_votes import write_real_votes
from votebank.results.staging import StagedRun, stage_run
from votebank.results.store import (
    DEFAULT_PATH,
    DEFAULT_STATION_RUNS,
    ResultsStore,
    ensemble_id_for,
)
from votebank.results.store_errors import store_error
from votebank.rng import fresh_entropy
from votebank.run.electorate_memory import (
    electorate_memory_problem,
    process_memory,
    worker_memory_problem,
)
from votebank.run.many import keep_stations, many_runs
from votebank.run.model import Model, package_version
from votebank.run.station_memory import memory_size
from votebank.run.uncertainty import check_draws
from votebank.scenario.load import Scenario

BATCH_SECONDS = 1.0
"""Finished runs are written together at most this often (and at the end)."""
BATCH_RUNS = 64
"""...or as soon as this many are waiting (small scenarios run hundreds a second)."""


@dataclass(frozen=True)
class Staged:
    """Reader: a run made, checked against the invariants and staged for the store.

    It runs where the run was made (a Dask worker), so the writer only appends Arrow tables.
    An impossible result raises :class:`~votebank.results.invariants.ImpossibleResult` there.
    """

    station_runs: int
    house: int

    def __call__(self, model: Model, run_index: int) -> StagedRun:
        """Run ``run_index``, check it, and stage it."""
        stations = keep_stations(run_index, self.station_runs)
        result = model.run(run_index, stations=stations)
        check_run(result.frames, run_index, self.house)  # an impossible result is never stored
        return stage_run(result.meta, result.frames, stations=stations)


@dataclass(frozen=True)
class EnsembleRequest:
    """What to run.

    Attributes:
        scenario: The validated scenario.
        runs: Runs wanted in the ensemble (run indices 0..runs-1).
        seed: Ensemble seed; None means the scenario's, else fresh entropy (recorded).
        store_path: The DuckDB file.
        workers: Local worker processes (1: in this process).
        scheduler: Address of an existing Dask scheduler, e.g. ``tcp://10.0.0.5:8786``.
        resume: Complete an existing ensemble of the same scenario and seed.
        station_runs: Runs that keep polling-station detail (the first ones); -1 for all.
        tls: CA, certificate and key for a ``tls://`` scheduler.
    """

    scenario: Scenario
    runs: int
    seed: int | None = None
    store_path: Path = DEFAULT_PATH
    workers: int = 1
    scheduler: str | None = None
    resume: bool = False
    station_runs: int = DEFAULT_STATION_RUNS
    tls: TlsFiles | None = None


def resolve_entropy(request: EnsembleRequest) -> int:
    """The seed of a new ensemble: given, the scenario's, or fresh entropy."""
    seed = asked_seed(request)
    return fresh_entropy() if seed is None else seed


def run_ensemble(
    request: EnsembleRequest, progress: Callable[[int, int], None] | None = None
) -> str:
    """Run the missing runs of an ensemble and store each as it finishes.

    Args:
        request: What to run.
        progress: Called with (runs done, runs wanted) after each stored run.

    Returns:
        The ensemble id.

    Raises:
        StoreError: If the ensemble already has runs and ``resume`` was not asked for, or if
            ``resume`` matches no stored ensemble while one of this scenario's name was
            interrupted (see :func:`resumed_entropy`).
    """
    check_draws(request.scenario)  # before the cluster starts and the store is opened
    local = request.scheduler is None
    if problem := electorate_memory_problem(request.scenario, request.workers, local):
        raise InputError([problem])
    entropy = None
    if request.resume and has_store(request.store_path):  # refused before anything starts
        with ResultsStore(request.store_path, read_only=True) as held:
            entropy = resumed_entropy(request, held)
    # Connect to the cluster first: a bad --scheduler must leave nothing in the store.
    with (
        _cluster(request) as client,
        _checked(client, request.scenario),
        ResultsStore(request.store_path) as store,
    ):
        if entropy is None:  # nothing to resume: a new ensemble
            entropy = resolve_entropy(request)
        # Refused before begin_ensemble, which would raise the stored runs_requested.
        eid = ensemble_id_for(request.scenario.digest, entropy)
        done = store.done_runs(eid)
        if done and request.resume:
            check_station_runs(store, eid, request.station_runs)
        if done and not request.resume:
            raise StoreError(_already_held(request, eid, len(done), store.ensemble(eid)))
        store.begin_ensemble(
            scenario_name=request.scenario.name,
            scenario_hash=request.scenario.digest,
            seed_entropy=entropy,
            # A resume asks for its --runs, fewer too (a mistaken --runs can be taken back),
            # but never for fewer than every stored run's index: the summary then calls it
            # complete, or stopped while a run below its last stored one is missing.
            runs_requested=max(request.runs, max(done, default=-1) + 1)
            if request.resume
            else request.runs,
            scenario_json=request.scenario.spec.model_dump_json(),
            version=package_version(),
            exact=request.resume,
        )
        # Kept for `votebank summary`, which reads the store and not the scenario's CSV.
        write_real_votes(store, eid, request.scenario.candidates)
        missing = [i for i in range(request.runs) if i not in done]
        finished = request.runs - len(missing)
        if progress:
            progress(finished, request.runs)
        runs = many_runs(
            request.scenario,
            entropy,
            missing,
            Staged(request.station_runs, house_size(request.scenario)),
            client=client,
        )
        try:
            _store_in_batches(store, eid, runs, finished, request.runs, progress)
        except KeyboardInterrupt as exc:
            raise Interrupted(_kept(store, eid, request)) from exc
        except Exception as exc:
            if ctrl_c_pressed():  # what failed failed because of the Ctrl-C
                raise Interrupted(_kept(store, eid, request)) from exc
            if from_cluster(exc):
                raise _lost(exc, store.n_runs(eid), request) from exc
            if isinstance(exc, duckdb.Error | OSError):  # a full disk, say
                raise _unwritten(request.store_path, exc, store.n_runs(eid), request.runs) from exc
            if isinstance(exc, MemoryError):
                raise _short_of_memory(exc, store.n_runs(eid), request) from exc
            raise
    return eid


def _kept(store: ResultsStore, eid: str, request: EnsembleRequest) -> str:
    """What a Ctrl-C left: the runs stored, and what --resume makes.

    It said only "completed runs are stored", not how many, nor of which ensemble.
    """
    try:
        stored = sum(1 for i in store.done_runs(eid) if i < request.runs)
    except Exception:  # a store the Ctrl-C cut short in a query: say what is sure
        return "completed runs are stored; add --resume to finish"
    return (
        f"{_stored(stored, request.runs)} in {request.store_path} (ensemble "
        f"{eid}): run the same command with --resume to make the other {request.runs - stored:,}"
    )


def _stored(stored: int, wanted: int) -> str:
    """``3 of the 6 runs are stored``; ``1 of the 20 runs is stored`` (it said "are")."""
    return f"{stored:,} of the {wanted:,} runs {'is' if stored == 1 else 'are'} stored"


def _lost(exc: Exception, stored: int, request: EnsembleRequest) -> VotebankError:
    """The error of a cluster that lost runs (workers killed again and again, a dropped link).

    Dask's own error came as a traceback, and a CommClosedError (an OSError) was told as the
    results store's failure. The runs finished before it are stored, so --resume goes on. A
    private cluster's workers die mostly for memory: Dask's "FutureCancelledError: ... already
    forgotten" said nothing of it, and --resume with as many workers died the same way; nor
    of a scheduler's worker that died or left.
    """
    why = (
        ": a worker died or left the scheduler while making them (killed, past its "
        "--memory-limit, or its machine stopped)"
    )
    if request.scheduler is not None and _scheduler_lost(exc):
        why = (
            f": the connection to the scheduler {request.scheduler} was lost (it stopped, or "
            "the network failed)"
        )
    if request.scheduler is None:
        each = memory_size(process_memory(request.scenario))
        why = (
            ": a worker process died, most often killed for using more memory than the machine "
            f"had (each holds its own electorate, about {each}); try fewer --workers"
        )
    return VotebankError(
        f"the cluster lost runs ({cluster_cause(exc)}){why}; {_stored(stored, request.runs)}: "
        "run the same command with --resume to make the rest"
    )


def _scheduler_lost(exc: Exception) -> bool:
    """Whether Dask lost the scheduler, not a worker: a closed link, or futures so cancelled."""
    return isinstance(exc, OSError) or "scheduler-connection-lost" in cluster_cause(exc)


def _unwritten(path: Path, exc: Exception, stored: int, wanted: int) -> StoreError:
    """The error of a store that could not take a batch of runs (a full disk, say).

    It said only the cause: the runs stored before it are kept, so --resume goes on.
    """
    return StoreError(
        f"{store_error(path, exc)}; {_stored(stored, wanted)}: free space "
        "and run the same command with --resume to make the rest"
    )


def _short_of_memory(exc: MemoryError, stored: int, request: EnsembleRequest) -> VotebankError:
    """The error of a run that could not get memory (a ``ulimit -v``, a crowded machine).

    It was a traceback of NumPy's frames ending in "Unable to allocate 1.53 MiB".
    """
    fewer = "use fewer --workers or " if request.workers > 1 else ""
    return VotebankError(
        f"out of memory ({exc or 'MemoryError'}); {_stored(stored, request.runs)}: {fewer}free "
        "memory, then run the same command with --resume to make the rest"
    )


def _store_in_batches(store, eid, runs, finished, wanted, progress) -> int:
    """Write the staged runs as they come, a batch per transaction; return the runs stored.

    Whatever is waiting is written before an error (an impossible run, a lost worker, an
    interrupt) propagates, so every run finished before it is kept for ``--resume``.
    """
    pending: list[StagedRun] = []
    last = time.monotonic()

    def flush() -> None:
        nonlocal pending, finished, last
        batch, pending = pending, []
        store.write_runs(eid, batch)
        for _ in batch:
            finished += 1
            if progress:
                progress(finished, wanted)
        last = time.monotonic()

    try:
        for _, staged in runs:
            pending.append(staged)
            if len(pending) >= BATCH_RUNS or time.monotonic() - last >= BATCH_SECONDS:
                flush()
    finally:
        flush()
    return finished


def _in_process(request: EnsembleRequest) -> bool:
    return request.workers <= 1 and request.scheduler is None


@contextlib.contextmanager
def _checked(client, scenario: Scenario):
    """Refuse a scenario past a scheduler's workers' memory before the store is opened."""
    if client is not None and (problem := worker_memory_problem(scenario, client)):
        raise InputError([problem])
    yield


def _cluster(request: EnsembleRequest):
    """A Dask client, or None when the runs are made in this process."""
    from votebank.ensemble.cluster import cluster_client

    return cluster_client(request.workers, request.scheduler, request.tls)


def _already_held(request: EnsembleRequest, eid: str, done: int, row) -> str:
    """Why a new ensemble is refused where its scenario and seed already have runs."""
    asked = int(row["runs_requested"]) if row is not None else done
    held = f"{request.store_path} already holds ensemble {eid} of this scenario and seed"
    rest = "or choose another --out or --seed"
    if done >= asked:  # nothing is left to complete
        return (
            f"{held}, complete ({plural(done, 'run')}): votebank summary shows it; add "
            f"--resume with more --runs to add runs, {rest}"
        )
    return f"{held}, {done:,} of its {asked:,} runs stored: add --resume to complete it, {rest}"

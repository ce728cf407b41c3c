"""Runs on Dask: an existing cluster (``scheduler``) or a LocalCluster of ``workers`` processes.

Each worker keeps one Model per (scenario, seed) so the electorate is built once per worker.
Results stream back as they finish; the caller writes them, in whatever order they arrive.
"""

from __future__ import annotations

from collections.abc import Iterator

from votebank.engine.simulate import Model, RunResult
from votebank.results.store import keep_stations
from votebank.scenario.load import Scenario

_IN_FLIGHT_PER_WORKER = 2
_models: dict[tuple[str, int], Model] = {}  # per worker process: one model at a time


def _run(scenario: Scenario, entropy: int, run_index: int, stations: bool) -> RunResult:
    key = (scenario.digest, entropy)
    if key not in _models:
        _models.clear()
        _models[key] = Model(scenario, entropy)
    return _models[key].run(run_index, stations=stations)


def dask_results(request, entropy: int, missing: list[int]) -> Iterator[RunResult]:
    """Yield results of the missing runs as the cluster finishes them."""
    from dask.distributed import Client, LocalCluster, as_completed

    cluster = None
    if request.scheduler:
        client = Client(request.scheduler)
    else:
        cluster = LocalCluster(
            n_workers=request.workers, threads_per_worker=1, processes=True, dashboard_address=None
        )
        client = Client(cluster)
    try:
        workers = max(1, len(client.scheduler_info()["workers"]))
        scenario = client.scatter(request.scenario, broadcast=True)
        pending = iter(missing)
        limit = workers * _IN_FLIGHT_PER_WORKER
        queue = as_completed()

        def submit(index: int):
            stations = keep_stations(index, request.station_runs)
            return client.submit(_run, scenario, entropy, index, stations, pure=False)

        for index in pending:
            queue.add(submit(index))
            if queue.count() >= limit:
                break
        for future in queue:
            yield future.result()
            future.release()
            nxt = next(pending, None)
            if nxt is not None:
                queue.add(submit(nxt))
    finally:
        client.close()
        if cluster is not None:
            cluster.close()

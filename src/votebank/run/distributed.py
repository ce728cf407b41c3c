"""Runs on Dask: an existing cluster (``scheduler``) or a LocalCluster of ``workers`` processes.

Each worker keeps one Model per (scenario, seed) so the electorate is built once per worker.
Results stream back as they finish, each with its run index, in whatever order they arrive.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

from votebank.run.model import Model
from votebank.scenario.load import Scenario

_IN_FLIGHT_PER_WORKER = 2
_models: dict[tuple[str, int], Model] = {}  # per worker process: one model at a time


def _run(scenario: Scenario, entropy: int, run_index: int, read) -> tuple[int, Any]:
    key = (scenario.digest, entropy)
    if key not in _models:
        _models.clear()
        _models[key] = Model(scenario, entropy)
    return run_index, read(_models[key], run_index)


def dask_map(
    scenario: Scenario, entropy: int, runs: list[int], read, workers: int, scheduler: str | None
) -> Iterator[tuple[int, Any]]:
    """Yield ``(index, read(model, index))`` for each run as the cluster finishes it."""
    from dask.distributed import Client, LocalCluster, as_completed

    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        # Port 0: any free port for the dashboard, so no "port 8787 already in use" warning when
        # another cluster runs on the machine (None still asks for 8787 in distributed 2024+).
        cluster = LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",
            silence_logs=logging.ERROR,
        )
        client = Client(cluster)
    try:
        limit = max(1, len(client.scheduler_info()["workers"])) * _IN_FLIGHT_PER_WORKER
        shared = client.scatter(scenario, broadcast=True)
        pending = iter(runs)
        queue = as_completed()

        def submit(index: int):
            return client.submit(_run, shared, entropy, index, read, pure=False)

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

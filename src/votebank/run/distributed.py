"""Runs on the workers of a Dask client (made by the caller, which owns the connection).

Each worker keeps its last two Models, one per (scenario, seed), so the electorate is built once
per worker, and the two variants of a paired comparison alternate without rebuilding.
Results stream back as they finish, each with its run index, in whatever order they arrive.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from votebank.errors import InputError
from votebank.run.electorate_memory import worker_memory_problem
from votebank.run.model import Model
from votebank.scenario.load import Scenario

_IN_FLIGHT_PER_WORKER = 2
_KEEP_MODELS = 2  # a paired comparison's two variants
_models: dict[tuple[str, int], Model] = {}  # per worker process, most recently used last


def _run(scenario: Scenario, entropy: int, run_index: int, read) -> tuple[int, Any]:
    key = (scenario.digest, entropy)
    model = _models.pop(key, None) or Model(scenario, entropy)
    _models[key] = model
    while len(_models) > _KEEP_MODELS:
        del _models[next(iter(_models))]
    return run_index, read(model, run_index)


def dask_map(
    client, scenario: Scenario, entropy: int, runs: list[int], read
) -> Iterator[tuple[int, Any]]:
    """Yield ``(index, read(model, index))`` for each run as the cluster finishes it."""
    from dask.distributed import as_completed

    if problem := worker_memory_problem(scenario, client):
        raise InputError([problem])
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

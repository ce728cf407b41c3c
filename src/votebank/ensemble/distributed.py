"""Runs on Dask: an existing cluster (``scheduler``) or a LocalCluster of ``workers`` processes.

Each worker keeps one Model per (scenario, seed) so the electorate is built once per worker.
Results stream back as they finish; the caller writes them, in whatever order they arrive.
The client connects before anything is stored, so a bad address leaves no trace.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from votebank.engine.simulate import Model, RunResult
from votebank.ensemble.security import CONNECT_TIMEOUT, check_scheduler, reach
from votebank.errors import InputError, Problem
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


@contextlib.contextmanager
def dask_client(request) -> Iterator[object]:
    """A connected Dask client; a private LocalCluster on 127.0.0.1 if no scheduler is given.

    Raises:
        InputError: naming ``--scheduler`` if the address is malformed or unreachable.
    """
    import dask
    from dask.distributed import Client, LocalCluster

    cluster = None
    if request.scheduler:
        check_scheduler(request.scheduler, request.tls)
        reach(request.scheduler)
        security = request.tls.security() if request.tls else None
        try:
            with dask.config.set({"distributed.comm.timeouts.connect": CONNECT_TIMEOUT}):
                client = Client(request.scheduler, security=security, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError, ValueError, TypeError) as exc:
            why = " ".join(str(exc).split()) or type(exc).__name__
            problem = Problem("--scheduler", "", request.scheduler, f"cannot connect: {why}")
            raise InputError([problem]) from None
    else:
        from distributed.security import Security

        # Loopback keeps other machines out; TLS with certificates made for this cluster alone
        # keeps out other users of this machine, who can reach loopback ports too.
        security = Security.temporary()
        cluster = LocalCluster(
            n_workers=request.workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            host="127.0.0.1",
            protocol="tls://",
            security=security,
        )
        client = Client(cluster, security=security)
    try:
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def dask_results(client, request, entropy: int, missing: list[int]) -> Iterator[RunResult]:
    """Yield results of the missing runs as the cluster finishes them."""
    from dask.distributed import as_completed

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

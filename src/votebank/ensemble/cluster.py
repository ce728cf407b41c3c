"""The Dask client an ensemble runs on: a scheduler's, or a private LocalCluster.

The client connects before anything is stored, so a bad address leaves no trace. A local
cluster listens on loopback only and speaks TLS with certificates made for it alone.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from votebank.ensemble.security import CONNECT_TIMEOUT, check_scheduler, reach
from votebank.errors import InputError, Problem


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

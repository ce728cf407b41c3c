"""The Dask client an ensemble runs on: a scheduler's, or a private LocalCluster.

The client connects before anything is stored, so a bad address leaves no trace. A local
cluster listens on loopback only and speaks TLS with certificates made for it alone.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import sys
from collections.abc import Iterator
from dataclasses import dataclass

from votebank.ensemble.security import (
    CONNECT_TIMEOUT,
    check_scheduler,
    reach,
    scheduler_problems,
)
from votebank.ensemble.worker_check import check_workers
from votebank.errors import InputError, Interrupted, Problem, ctrl_c_pressed

WORKER_CONFIG = {
    # The statistical profiler samples every stack 100 times a second: a few percent of each
    # run, for a dashboard nobody opens here.
    "distributed.worker.profile.enabled": False,
    # Housekeeping that wakes every process many times a second (an idle 2-worker cluster
    # burnt ~8% of a core): the event-loop tick, the system and memory monitors. Runs last
    # about a second; checking a few times a second is plenty.
    "distributed.admin.tick.interval": "500ms",
    "distributed.admin.system-monitor.interval": "2s",
    "distributed.worker.memory.monitor-interval": "500ms",
    # Dask's default also sets MALLOC_TRIM_THRESHOLD_, which turns off glibc's adaptive mmap
    # threshold: every run's large arrays are then mapped afresh and fault in page by page
    # (a national run took ~1.3x its CPU time in a worker). One thread per library, as Dask's.
    "distributed.nanny.pre-spawn-environ": {
        "OMP_NUM_THREADS": 1,
        "MKL_NUM_THREADS": 1,
        "OPENBLAS_NUM_THREADS": 1,
    },
}
"""What the workers of a private LocalCluster run with (they take the config they start with)."""


MAX_WORKERS = 256
"""Most local worker processes a cluster may start (a guard against absurd sizes)."""

HANDSHAKE_SECONDS = 30  # CONNECT_TIMEOUT (10 s) to connect, with room for a slow handshake


@contextlib.contextmanager
def dask_client(request) -> Iterator[object]:
    """A connected Dask client; a private LocalCluster on 127.0.0.1 if no scheduler is given.

    Raises:
        InputError: naming the scheduler (``request.shown``) if the address is malformed or
            unreachable.
    """
    import dask
    from dask.distributed import Client

    if request.scheduler is not None:  # "" is refused as a malformed address, not ignored
        check_scheduler(request.scheduler, request.tls, request.shown)
        reach(request.scheduler, shown=request.shown)
        security = request.tls.security() if request.tls else None
        with _ctrl_c_connecting(request.scheduler):
            client = _connect(request.scheduler, security, request.shown)
        try:
            with _ctrl_c_connecting(request.scheduler):
                check_workers(client, request.scheduler, request.shown)
            yield client
        finally:
            client.close()
        return
    from distributed.security import Security

    # Loopback keeps other machines out; TLS with certificates made for this cluster alone
    # keeps out other users of this machine, who can reach loopback ports too.
    security = Security.temporary()
    cluster = client = None
    try:  # a Ctrl-C held back while the cluster starts is raised in here: the cluster closes
        with dask.config.set(WORKER_CONFIG), _ctrl_c_for_this_process_only():
            cluster = _local_cluster(request.workers, security)
        client = Client(cluster, security=security)
        yield client
    except BaseException as exc:
        # Closed under its runs by a Ctrl-C, the cluster logs the work it dropped (a scatter
        # to a worker gone, a task never retrieved): the Ctrl-C's doing, not news. Any other
        # failure, and a normal close, still log.
        stopping = isinstance(exc, KeyboardInterrupt) or ctrl_c_pressed()
        _close(client, cluster, quiet=stopping)
        raise
    _close(client, cluster, quiet=False)


@contextlib.contextmanager
def _ctrl_c_connecting(address: str) -> Iterator[None]:
    """A Ctrl-C while the scheduler is reached (up to 30 s) or its workers awaited (10 s).

    It said "completed runs are stored; add --resume to finish", before any run or store.
    """
    try:
        yield
    except KeyboardInterrupt:
        raise Interrupted(f"while connecting to the scheduler {address}, before any run") from None


def _close(client, cluster, *, quiet: bool) -> None:
    was = logging.root.manager.disable
    if quiet:
        logging.disable(logging.CRITICAL)
    try:
        if client is not None:
            client.close()
        if cluster is not None:
            cluster.close()
    finally:
        logging.disable(was)


@contextlib.contextmanager
def _ctrl_c_for_this_process_only() -> Iterator[None]:
    """Keep Ctrl-C from the worker processes of the LocalCluster started in here.

    The terminal sends Ctrl-C to every process of the command: each worker printed a
    traceback as it died under its run. A blocked signal is inherited by threads and processes,
    so the cluster's threads, and the workers they start (restarts too), never see it; this
    process gets it once the cluster is up, and closes the cluster. Starting multiprocessing's
    resource tracker unblocks it in the thread that does so: it is started here first.
    Without pthread_sigmask (Windows), nothing changes.
    """
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    from multiprocessing import resource_tracker

    resource_tracker.ensure_running()
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


def _connect(address: str, security, shown: str) -> object:
    """A client of the scheduler at ``address``; InputError naming it ``shown`` if none.

    Dask's timeout covers opening the connection, not the handshake after it: a listener that
    never answers would hang the command. So the client is made in a thread that is given up
    on (a daemon: it does not keep the process alive). A peer that is no Dask scheduler (a web
    server) answers with bytes Dask reads as an absurd frame length: a MemoryError.
    """
    import threading

    import dask
    from dask.distributed import Client

    made: dict[str, object] = {}

    def connect() -> None:
        try:
            with dask.config.set({"distributed.comm.timeouts.connect": CONNECT_TIMEOUT}):
                made["client"] = Client(address, security=security, timeout=CONNECT_TIMEOUT)
        except MemoryError:
            made["why"] = "its answer is not a Dask scheduler's"
        except BaseException as exc:  # also what a thread given up on meets as the process ends
            made["why"] = " ".join(str(exc).split()) or type(exc).__name__

    thread = threading.Thread(target=connect, name="votebank-connect", daemon=True)
    thread.start()
    thread.join(HANDSHAKE_SECONDS)
    if "client" in made:
        return made["client"]
    why = made.get("why", f"no Dask scheduler answered within {HANDSHAKE_SECONDS} s")
    raise InputError([Problem(shown, "", address, f"cannot connect: {why}")])


def _local_cluster(workers: int, security):
    from dask.distributed import LocalCluster

    return LocalCluster(
        n_workers=workers,
        threads_per_worker=1,
        processes=True,
        # Port 0: any free port for the dashboard, so no "port 8787 already in use" warning
        # when another cluster runs on the machine (None still asks for 8787).
        dashboard_address=":0",
        # CRITICAL, not ERROR: on a loaded machine a worker's heartbeat can race the
        # scheduler's shutdown and log a CommClosedError traceback after every run is stored.
        # A failing task still reaches the client as an exception, which votebank reports.
        silence_logs=logging.CRITICAL,
        host="127.0.0.1",
        protocol="tls://",
        security=security,
    )


OPTIONS = {"workers": "--workers", "scheduler": "--scheduler"}
"""How the command line names :func:`cluster_client`'s arguments."""
ARGUMENTS = {"workers": "workers", "scheduler": "scheduler"}
"""How a Python function (``run_ensemble``) names them."""


@contextlib.contextmanager
def cluster_client(
    workers: int, scheduler: str | None, tls=None, *, python: bool = False
) -> Iterator[object | None]:
    """A Dask client for runs on workers, or None when they are made in this process.

    ``python``: name the arguments as a Python function's (:data:`ARGUMENTS`), not as the
    command line's options (:data:`OPTIONS`).

    Raises:
        InputError: naming the workers if both they and a scheduler are given
            (:func:`workers_problem`), or the scheduler if it is malformed or unreachable.
    """
    names = ARGUMENTS if python else OPTIONS
    problem = workers_problem(workers, scheduler, names)
    if problem:
        raise InputError([problem])
    if workers <= 1 and scheduler is None:
        yield None
        return
    import multiprocessing

    # A worker process importing the script that started it would start workers of its own
    # (multiprocessing's own test for it, which then fails the start with a traceback).
    if (
        python
        and scheduler is None
        and getattr(multiprocessing.current_process(), "_inheriting", False)
    ):
        raise InputError([Problem(names["workers"], "", str(workers), UNGUARDED)])
    script = python and scheduler is None and _from_script()
    with contextlib.ExitStack() as stack:
        try:
            client = stack.enter_context(
                dask_client(_Where(scheduler, tls, workers, names["scheduler"]))
            )
        except RuntimeError as exc:  # Dask's "Nanny failed to start", after each worker's traceback
            if not script:
                raise
            why = f"the worker processes did not start ({cluster_cause(exc)}); {UNGUARDED}"
            raise InputError([Problem(names["workers"], "", str(workers), why)]) from None
        yield client


UNGUARDED = (
    "Dask starts them as new Python processes, which import the calling script: call this"
    ' under `if __name__ == "__main__":`'
)


def _from_script() -> bool:
    """Whether Python runs a script file (whose worker processes import it), not a notebook."""
    path = getattr(sys.modules.get("__main__"), "__file__", None)  # "<stdin>": no file to import
    return isinstance(path, str) and os.path.isfile(path)


def client_problem(client: object) -> Problem | None:
    """The problem with a ``client`` argument: None, or a Dask client (not its address).

    Duck-typed, so that checking it imports no Dask.
    """
    if client is None or all(hasattr(client, a) for a in ("submit", "scheduler_info")):
        return None
    why = "give a dask.distributed Client (Client('tcp://HOST:PORT')), or None to run here"
    return Problem("client", "", repr(client)[:80], why)


def client_problems(client: object) -> list[Problem]:
    """:func:`client_problem`, then the given client's workers, as a ``scheduler``'s are checked.

    A worker of the client's scheduler without votebank, or of another version or code, would
    make the runs with other results (:func:`~votebank.ensemble.worker_check.check_workers`).
    """
    if client is None:
        return []
    if problem := client_problem(client):
        return [problem]
    try:
        address = str(getattr(client.scheduler, "address", "") or client)
        check_workers(client, address, "client")
    except InputError as exc:
        return exc.problems
    return []


def client_or_scheduler_problems(client: object, scheduler: object) -> list[Problem]:
    """The problems of an API call's way to Dask workers: a ``client`` or a ``scheduler``."""
    found = client_problems(client)
    if scheduler is not None:
        found += scheduler_problems(scheduler, None, "scheduler")
        if client is not None:
            why = "give a client or a scheduler, not both"
            found.append(Problem("scheduler", "", str(scheduler), why))
    return found


def workers_problem(workers: int, scheduler: object, names: dict[str, str]) -> Problem | None:
    """Workers given with a scheduler: its runs go to its own workers, the number is ignored."""
    if workers <= 1 or scheduler is None:
        return None
    why = f"the scheduler's own workers do the runs: give {names['workers']} or "
    return Problem(names["workers"], "", str(workers), why + names["scheduler"])


def from_cluster(exc: BaseException) -> bool:
    """Whether the cluster raised ``exc``: Dask's own errors, or a TimeoutError.

    A scheduler with no worker sends a TimeoutError ("No valid workers found"): an OSError,
    which was told as the results store's failure.
    """
    return type(exc).__module__.split(".")[0] == "distributed" or type(exc) is TimeoutError


def cluster_cause(exc: BaseException) -> str:
    """A cluster's error as one line: its kind, and what it says if it can say it."""
    try:
        said = " ".join(str(exc).split())
    except Exception:  # some of Dask's errors cannot say themselves
        said = ""
    return f"{type(exc).__name__}{': ' + said if said else ''}"


@dataclass(frozen=True)
class _Where:
    scheduler: str | None
    tls: object
    workers: int
    shown: str = "--scheduler"

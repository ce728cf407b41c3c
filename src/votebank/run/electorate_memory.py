"""Whether the electorates of an ensemble's local processes fit in this machine's memory.

Each process that makes runs builds (or loads) the whole electorate and keeps it: with
``--workers 2`` there are two copies. A country of 200 million voters at 2 million stations
peaks at 7.4 GB a process; ``votebank run`` with more workers than fit built for minutes, then
Dask killed the workers and said only that "the cluster lost runs", and --resume failed the
same way. Refused here before anything starts. A remote ``--scheduler``'s workers are on
other machines: not checked.
"""

from __future__ import annotations

from collections.abc import Iterable

from votebank.display import plural
from votebank.errors import InputError, Problem
from votebank.run.station_memory import memory_size, total_memory
from votebank.scenario.bounds import seat_stations
from votebank.scenario.load import Scenario

GB = 1024**3
BASE = 0.4 * GB
"""A process that runs a scenario before its electorate: Python, NumPy, Numba, DuckDB."""
PER_STATION = 3.4 * GB / 1_000_000
PER_VOTER = 0.2 * GB / 100_000_000
PER_SEAT = 10 * 1024
"""Peak memory of ``votebank run --workers 1`` (``/usr/bin/time -v``, every Pakistani mechanism
on, ``votebank synth`` countries): 200 million voters at 200,000 stations 1.4 GB, at 2 million
stations 7.4 GB; India's 968.8 million at 1.05 million stations 5.7 GB; 10,000 seats of 20
million voters at 40,000 stations 0.65 GB. Cohorts, and with them memory, grow mostly with
stations."""
PARENT = 0.4 * GB
"""The process that stores the runs its workers make (it builds no electorate)."""
SMALL = 256 * 1024**2
"""Electorates estimated below this are never refused: any machine that runs votebank has it."""


def _sizes(sc: Scenario) -> tuple[int, int, int]:
    """Seats, registered voters and polling stations, as the electorate builder counts them."""
    cons = sc.constituencies
    stations = seat_stations(cons, sc.spec.electorate.voters_per_station)
    stations = stations.clip(upper=cons["registered"])
    return len(cons), int(cons["registered"].sum()), int(stations.sum())


def process_memory(sc: Scenario) -> int:
    """Bytes one process that makes runs of ``sc`` peaks at (an estimate)."""
    seats, registered, stations = _sizes(sc)
    return int(BASE + PER_STATION * stations + PER_VOTER * registered + PER_SEAT * seats)


def electorate_memory_problem(
    sc: Scenario, workers: int, local: bool, shown: str = "--workers"
) -> Problem | None:
    """The electorates of ``workers`` local processes past this machine's memory; else None.

    ``local``: whether the runs are made here (in this process, or by a private LocalCluster).
    ``shown``: the workers' name in the message (``--workers``, or ``workers`` in Python).
    """
    total = total_memory()
    each = process_memory(sc)
    if not local or total is None or each - BASE < SMALL:
        return None
    need = each if workers <= 1 else workers * each + PARENT
    # Dask gives each of its own W workers total / W and restarts one past RESTARTED_AT of it.
    per_worker = workers <= 1 or each <= RESTARTED_AT * total / workers
    if need <= total and per_worker:
        return None
    seats, registered, stations = _sizes(sc)
    size = (
        f"the electorate of {plural(seats, 'seat')}, {registered:,} registered and "
        f"{plural(stations, 'polling station')} takes about {memory_size(each)}"
    )
    machine = f"this machine's {memory_size(total)}"
    if workers <= 1 or each + PARENT > total:
        why = (
            f"{size} of memory in the process that makes the runs, more than {machine}: give "
            "the scenario fewer polling stations (memory grows mostly with them) or voters, "
            "or run it on a machine with more memory"
        )
        return Problem(sc.name, "", "", why)
    fits = max(1, int(min(total - PARENT, RESTARTED_AT * total) // each))
    fewer = f"{shown} {fits}" if shown.startswith("--") else f"{shown}={fits}"
    if need > total:
        short = f"{plural(workers, 'worker')} need about {memory_size(need)}, more than {machine}"
    else:
        short = (
            f"Dask gives each of {plural(workers, 'worker')} {memory_size(total / workers)} of "
            f"{machine} and restarts one past {RESTARTED_AT:.0%} of it"
        )
    why = (
        f"{size} in each worker process, and every worker holds its own: {short} "
        f"(enough for {plural(fits, 'worker')} at most): give {fewer} or fewer"
    )
    return Problem(shown, "", str(workers), why)


def refuse_past_memory(
    scenarios: Iterable[Scenario], workers: int, scheduler: str | None, shown: str = "--workers"
) -> None:
    """Raise the first of ``scenarios`` whose electorates, one a local worker, would not fit.

    For the commands that start a cluster of their own (compare, explain, sweep, calibrate):
    past the memory they built for minutes, then lost the cluster, as `run` did.
    """
    for sc in scenarios:
        if problem := electorate_memory_problem(sc, workers, scheduler is None, shown):
            raise InputError([problem])


RESTARTED_AT = 0.95
"""Share of its memory limit past which a Dask worker's nanny restarts it (Dask's default)."""


def worker_memory_problem(sc: Scenario, client) -> Problem | None:
    """The electorate past a Dask worker's memory limit; else None.

    A scheduler's workers each build the electorate: past its ``--memory-limit`` Dask restarted
    the worker again and again, and the ensemble ended in "the cluster lost runs
    (FutureCancelledError: ... already forgotten.)", without a word of memory.
    """
    each = process_memory(sc)
    if each - BASE < SMALL:
        return None
    workers = client.scheduler_info()["workers"]
    limits = {a: int(w.get("memory_limit") or 0) for a, w in workers.items()}
    short = {a: limit for a, limit in limits.items() if 0 < limit * RESTARTED_AT < each}
    if not short:
        return None
    worker, limit = min(short.items(), key=lambda item: item[1])
    which = f"worker {worker}" if len(short) == 1 else f"{len(short)} of the workers ({worker}"
    seats, registered, stations = _sizes(sc)
    why = (
        f"the electorate of {plural(seats, 'seat')}, {registered:,} registered and "
        f"{plural(stations, 'polling station')} takes about {memory_size(each)} in each worker, "
        f"more than {which}{'' if len(short) == 1 else ')'} may use: its memory limit is "
        f"{memory_size(limit)}, and Dask restarts a worker past {RESTARTED_AT:.0%} of it; start "
        "the workers with a larger --memory-limit, or give the scenario fewer polling stations"
    )
    return Problem(sc.name, "", "", why)

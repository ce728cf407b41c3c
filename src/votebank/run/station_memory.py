"""Whether the station votes an in-memory ensemble keeps can fit in this machine's memory.

``run_ensemble("pakistan-2008", runs=200, station_runs=-1)`` keeps 1.5 million rows a run,
about 24 GB in all: it ran for minutes and the process was killed, with no word why.
Many runs without station votes do the same in time: 50,000 runs of uk-2015-from-2010 keep
some 50 GB of seat and candidate rows. ``votebank run`` writes each run to its store as it
finishes, so it needs no such check.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from votebank.core.labels import ROUTES
from votebank.display import plural
from votebank.errors import Problem
from votebank.scenario.bounds import seat_stations
from votebank.scenario.load import Scenario

BYTES_PER_ROW = 120
"""Memory a kept station row takes: 80 bytes in the stacked table (measured on pakistan-2008),
and the process peaked at 120 a row while the runs' tables were stacked."""
TABLE_BYTES = 240
"""Memory a run's seat or candidate row takes: about 160 bytes in the stacked tables, each of
those rows and its share of the run's other rows, and half that again while they are stacked
(uk-2015-from-2010 keeps about 0.7 MB a run)."""


def station_rows(sc: Scenario) -> int:
    """Rows of station votes one run makes: each seat's stations x candidates x routes."""
    cons = sc.constituencies
    stations = seat_stations(cons, sc.spec.electorate.voters_per_station)
    stations = stations.clip(upper=cons["registered"])
    candidates = cons["id"].map(sc.candidates["constituency"].value_counts()).fillna(0)
    return int((stations * candidates).sum()) * len(ROUTES)


LIMIT_FILES = (
    "/sys/fs/cgroup/memory.max",  # cgroup v2
    "/sys/fs/cgroup/memory/memory.limit_in_bytes",  # cgroup v1
)
"""Where a container's memory limit is read: under ``docker run -m 8g`` the process is killed
at 8 GB, whatever the machine has."""


def total_memory(limit_files: Sequence[str] = LIMIT_FILES) -> int | None:
    """The memory this process may use, in bytes (None where the system cannot say).

    The machine's, or its container's limit where that is lower; Windows cannot say.
    """
    try:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (AttributeError, ValueError, OSError):
        return None
    for path in limit_files:
        try:
            with open(path) as file:
                limit = file.read().strip()
        except OSError:
            continue
        if limit.isdigit() and 0 < int(limit) < total:  # "max", or a huge number: no limit
            total = int(limit)
    return total if total > 0 else None


def station_memory_problem(
    scenarios: Sequence[Scenario], runs: int, station_runs: int
) -> Problem | None:
    """Tables kept by an ensemble of each scenario (a sweep's points) past this machine's memory.

    Named ``runs`` where every run's seat and candidate rows alone pass it, else ``station_runs``.
    """
    total = total_memory()
    if total is None:
        return None
    kept = runs if station_runs < 0 else min(station_runs, runs)
    tables = sum(len(sc.constituencies) + len(sc.candidates) for sc in scenarios) * TABLE_BYTES
    rows = sum(station_rows(sc) for sc in scenarios)  # one run of every point
    need = runs * tables + kept * rows * BYTES_PER_ROW
    if need <= total:
        return None
    points = len(scenarios)
    each = f" at each of {points:,} points" if points > 1 else ""
    if runs * tables > total:
        why = (
            f"the tables of {plural(runs, 'run')}{each} take about "
            f"{memory_size(runs * tables)} of memory, more than this machine's "
            f"{memory_size(total)} (enough for {plural(total // tables, 'run')} at most): run "
            "fewer, or use `votebank run`, which writes each run to its store as it finishes"
        )
        return Problem("runs", "", repr(runs), why)
    one = f"one run of {scenarios[0].name}" if points == 1 else "one run of every point"
    fits = (total - runs * tables) // (rows * BYTES_PER_ROW)
    why = (
        f"keeping the station votes of {plural(kept, 'run')}{each} ({rows:,} rows for {one}) "
        f"takes about {memory_size(need)} of memory with the other tables, more than this "
        f"machine's {memory_size(total)} (enough for those of {plural(fits, 'run')} at most): "
        "keep fewer, or use `votebank run --station-runs`, which writes each run to its store "
        "as it finishes"
    )
    return Problem("station_runs", "", repr(station_runs), why)


def memory_size(n: int) -> str:
    """Bytes as KB, MB or GB (of 1,024), as the system's own tools show memory."""
    for unit, scale in (("GB", 1024**3), ("MB", 1024**2)):
        if n >= scale:
            return f"{n / scale:,.1f} {unit}"
    return f"{n / 1024:,.0f} KB"

"""Check a scheduler's workers before any run is sent.

That some joined, and that each imports votebank at this machine's version. A worker without
votebank failed the ensemble's first transfer in Dask's traceback (or hung it, beside a good
worker); a worker of another version made runs silently, stored under its own version; a
scheduler with no worker failed after 10 s as "the cluster lost runs".
"""

from __future__ import annotations

from votebank.errors import InputError, Problem

WAIT_FOR_WORKERS = 10.0
"""Seconds to wait for a first worker to join a scheduler that has none."""
LISTED = 3
"""Workers named in a problem; the rest are counted."""
PROBE = (
    "__import__('votebank.run.distributed', fromlist=['_']) "
    "and __import__('votebank.version', fromlist=['_']).__version__"
)
"""What each worker evaluates: it imports what a run needs and gives votebank's version. Text,
not a function of votebank's, which a worker without it (or of another version, without that
function) could not even unpickle."""


def check_workers(client, address: str, shown: str) -> None:
    """Raise InputError naming the scheduler ``address`` (as ``shown``) unless its workers can run.

    At least one worker must join within :data:`WAIT_FOR_WORKERS`, and each must import this
    version of votebank.
    """
    from votebank.version import version

    try:
        client.wait_for_workers(1, timeout=WAIT_FOR_WORKERS)
    except TimeoutError:
        why = (
            f"the scheduler has no workers (none joined within {WAIT_FOR_WORKERS:g} s): start "
            f"some with `dask worker {address}`"
        )
        raise InputError([Problem(shown, "", address, why)]) from None
    found = client.run(eval, PROBE, on_error="return")
    problems = worker_problems(found, version(), address, shown)
    if problems:
        raise InputError(problems)


def worker_problems(found: dict, ours: str, address: str, shown: str) -> list[Problem]:
    """The problems of the workers' answers ``found`` (address: version, or the error met)."""
    why_of: dict[str, list[str]] = {}
    for worker, answer in sorted(found.items()):
        if isinstance(answer, OSError):  # a worker gone since it joined: the scheduler drops it
            continue
        if isinstance(answer, BaseException):
            said = " ".join(str(answer).split())
            said = f"{type(answer).__name__}{': ' + said if said else ''}"
            why = f"cannot import votebank ({said}): install votebank {ours} there"
        elif answer != ours:
            why = f"HAS votebank {answer}, this machine {ours}: install {ours} on every worker"
        else:
            continue
        why_of.setdefault(why, []).append(worker)
    return [
        Problem(shown, "", address, _named(ws) + " " + _agreed(why, ws))
        for why, ws in why_of.items()
    ]


def _named(workers: list[str]) -> str:
    first = ", ".join(workers[:LISTED])
    more = f" and {len(workers) - LISTED} more" if len(workers) > LISTED else ""
    return f"worker{'s' if len(workers) > 1 else ''} {first}{more}"


def _agreed(why: str, workers: list[str]) -> str:
    return why.replace("HAS", "has" if len(workers) == 1 else "have", 1)

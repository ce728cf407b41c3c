"""Check a scheduler's workers before any run is sent.

That some joined, and that each imports votebank at this machine's version and code, with its
NumPy and Numba versions. A worker without votebank failed the ensemble's first transfer in
Dask's traceback (or hung it, beside a good worker); a worker of another version, or of the
same version at another commit, made runs silently, with other results (so may another NumPy
or Numba); a scheduler with no worker failed after 10 s as "the cluster lost runs".
"""

from __future__ import annotations

import re

from votebank.errors import InputError, Problem

WAIT_FOR_WORKERS = 10.0
"""Seconds to wait for a first worker to join a scheduler that has none."""
LISTED = 3
"""Workers named in a problem; the rest are counted."""


def check_workers(client, address: str, shown: str) -> None:
    """Raise InputError naming the scheduler ``address`` (as ``shown``) unless its workers can run.

    At least one worker must join within :data:`WAIT_FOR_WORKERS`, and each must import this
    version of votebank, with the same code, NumPy and Numba.
    """
    from votebank.ensemble import worker_probe

    try:
        client.wait_for_workers(1, timeout=WAIT_FOR_WORKERS)
    except TimeoutError:
        why = (
            f"the scheduler has no workers (none joined within {WAIT_FOR_WORKERS:g} s): start "
            f"some with `dask worker {address}`"
        )
        raise InputError([Problem(shown, "", address, why)]) from None
    found = client.run(worker_probe.probe, on_error="return")
    problems = worker_problems(found, worker_probe.probe(), address, shown)
    if problems:
        raise InputError(problems)


def worker_problems(found: dict, ours: tuple, address: str, shown: str) -> list[Problem]:
    """The problems of the workers' answers ``found``, this machine's being ``ours``.

    An answer is (version, code digest, libraries), as
    :func:`~votebank.ensemble.worker_probe.probe` gives it, or the error the worker met.
    """
    version, code, libraries = ours
    why_of: dict[str, list[str]] = {}
    for worker, answer in sorted(found.items()):
        if isinstance(answer, OSError):  # a worker gone since it joined: the scheduler drops it
            continue
        if isinstance(answer, BaseException):
            why = _unimportable(answer, version)
        elif answer[0] != version:
            why = (
                f"HAS votebank {answer[0]}, this machine {version}: install {version} on every "
                "worker"
            )
        elif answer[1] != code:
            why = (
                f"HAS other votebank code than this machine (both {version}: another checkout or "
                "an edited install), which gives other results: install the same votebank on "
                "every worker"
            )
        elif answer[2] != libraries:
            why = _libraries(answer[2], libraries)
        else:
            continue
        why_of.setdefault(why, []).append(worker)
    return [
        Problem(shown, "", address, _named(ws) + " " + _agreed(why, ws))
        for why, ws in why_of.items()
    ]


def _libraries(theirs: tuple[str, ...], ours: tuple[str, ...]) -> str:
    """Only the libraries whose versions differ (``("NumPy 1.26.4", "Numba 0.60.0")``), both ways.

    Both lists in full read "has NumPy 1.26.4, Numba 0.60.0, this machine NumPy 2.1.0, Numba
    0.60.0": which one differs, and which side is which, had to be worked out. The same code
    (checked before) names the same libraries in the same order.
    """
    differ = [(t, o) for t, o in zip(theirs, ours, strict=True) if t != o]
    want = " and ".join(o for _, o in differ)
    return (
        f"HAS {' and '.join(t for t, _ in differ)} where this machine has {want}, which may "
        f"give other results: install {want} on every worker"
    )


def _named(workers: list[str]) -> str:
    first = ", ".join(workers[:LISTED])
    more = f" and {len(workers) - LISTED} more" if len(workers) > LISTED else ""
    return f"worker{'s' if len(workers) > 1 else ''} {first}{more}"


def _agreed(why: str, workers: list[str]) -> str:
    return why.replace("HAS", "has" if len(workers) == 1 else "have", 1)


def _unimportable(answer: BaseException, version: str) -> str:
    """Why a worker could not run the probe: no votebank, or one without the probe's module.

    The probe travels by reference (never pickled by value): a worker unpickles it from its
    own votebank, and Dask wraps what that raised (``Exception: ModuleNotFoundError(...)``).
    """
    text = " ".join(str(answer).split())
    missing = re.search(r"No module named '([\w.]+)'", text)
    if missing and missing.group(1) != "votebank":  # an older votebank, without the probe
        return (
            f"HAS another votebank than this machine (no {missing.group(1)}): install {version} "
            "on every worker"
        )
    said = (
        "ModuleNotFoundError: No module named 'votebank'"
        if missing
        else f"{type(answer).__name__}{': ' + text if text else ''}"
    )
    return f"cannot import votebank ({said}): install votebank {version} there"

"""The C heap under NumPy: give freed memory back after a build, keep it between large runs.

Both act through glibc (``malloc_trim``, ``mallopt``) and do nothing where it is absent. Neither
changes a value: only where the process's freed memory goes.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools


@functools.cache
def _libc():
    name = ctypes.util.find_library("c")
    return ctypes.CDLL(name) if name else None


def release_free_memory() -> None:
    """Hand memory freed inside the C heap back to the system, where the C library can.

    The seats' parts are arrays of a few hundred KB each, which glibc serves from its heap; the
    scratch arrays freed between them stay resident (a national build kept as much garbage as
    electorate). ``malloc_trim`` returns those pages; elsewhere this does nothing.
    """
    try:
        trim = _libc().malloc_trim
    except (AttributeError, OSError):
        return
    trim(0)


# Arrays this long (8-byte values) pass glibc's largest threshold for mapping memory afresh.
MAPPED_ROWS = 4_000_000
_M_TRIM_THRESHOLD, _M_MMAP_MAX = -1, -4  # mallopt's parameter numbers (malloc.h)


@functools.cache
def keep_freed_memory() -> bool:
    """Keep large freed arrays in the C heap for the next run, where the C library can.

    glibc maps every array past 32 MB afresh and unmaps it when freed, so each run of an
    electorate of tens of millions of cohorts faults in gigabytes of new pages (seconds of
    system time at India's size). With mapping off and trimming set high, a freed array's
    pages serve the next run's arrays. Called once per process, only for such electorates;
    the memory stays with the process, which reuses it. Returns whether it took effect.
    """
    try:
        mallopt = _libc().mallopt
    except (AttributeError, OSError):
        return False
    return bool(mallopt(_M_MMAP_MAX, 0)) and bool(mallopt(_M_TRIM_THRESHOLD, 2**31 - 1))

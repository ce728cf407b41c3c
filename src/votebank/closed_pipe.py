"""A reader of votebank's output that leaves early (``votebank scenarios | head -1``).

Rich and click each turned the failed write into a silent exit 1, an error to a script; a write
of votebank's own raised a BrokenPipeError traceback. Every command now exits quietly with
:data:`READER_LEFT`, the status a shell gives a Unix tool ended by SIGPIPE (128 + 13).
"""

from __future__ import annotations

import os
import select
import stat
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

READER_LEFT = 141
"""The exit status when the reader of standard output closed it before votebank had done."""


@contextmanager
def quiet_when_the_reader_leaves() -> Iterator[Callable[[], bool]]:
    """Exit with :data:`READER_LEFT`, saying nothing, where standard output lost its reader.

    Rich and click point stdout at /dev/null before they exit 1, so its pipe is held here
    (a second write end, which keeps no reader) to ask the kernel whether its reader went;
    what it yields asks that. A broken pipe of another kind (a cluster's connection) is no
    reader leaving: it goes on up.
    """
    held = _held_stdout()
    try:
        yield lambda: _reader_gone(held)
    except BrokenPipeError:
        if _reader_gone(held):
            _leave(held)
        raise
    except SystemExit as exc:
        if exc.code == 1 and _reader_gone(held):
            _leave(held)
        raise
    finally:
        if held is not None:
            os.close(held)


def _held_stdout() -> int | None:
    """A copy of stdout's descriptor where stdout is a pipe or socket, else None."""
    try:
        fd = sys.__stdout__.fileno()
        mode = os.fstat(fd).st_mode
        return os.dup(fd) if stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode) else None
    except (AttributeError, OSError, ValueError):  # no real stdout (a test's capture)
        return None


def _reader_gone(held: int | None) -> bool:
    """Whether the pipe ``held`` has no reader left (poll reports an error on its write end)."""
    if held is None or not hasattr(select, "poll"):
        return False
    poll = select.poll()
    poll.register(held, select.POLLOUT)
    return any(revents & (select.POLLERR | select.POLLHUP) for _, revents in poll.poll(0))


def _leave(held: int | None) -> None:
    """Exit quietly, stdout (and stderr on the same pipe) pointed at /dev/null.

    What is still buffered goes there: Python's last flush printed an error of its own.
    """
    devnull = os.open(os.devnull, os.O_WRONLY)
    for stream in (sys.__stdout__, sys.__stderr__):
        try:
            fd = stream.fileno()
            if stream is sys.__stdout__ or (
                held is not None and os.path.samestat(os.fstat(fd), os.fstat(held))
            ):
                os.dup2(devnull, fd)
        except (AttributeError, OSError, ValueError):
            continue
    os.close(devnull)
    raise SystemExit(READER_LEFT)

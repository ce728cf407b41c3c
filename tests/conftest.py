"""Suite-wide settings.

Hypothesis runs the same examples every time (a fixed seed). Subprocesses that start
``python -m votebank`` must run this checkout's code, not whatever copy is installed (an
editable install may point at another worktree): PYTHONPATH is set for every child here.
Electorates built by the suite are cached in a folder of its own, never the user's.
"""

import errno
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import settings

import votebank

# One folder for every worker of one run (pytest-xdist names the run): a fit or electorate
# made by one worker is read by the other.
_RUN = os.environ.get("PYTEST_XDIST_TESTRUNUID")
if _RUN:
    _CACHE = Path(tempfile.gettempdir()) / f"votebank-test-cache-{_RUN}"
    _CACHE.mkdir(exist_ok=True)
    os.environ["VOTEBANK_CACHE"] = str(_CACHE)
else:
    os.environ["VOTEBANK_CACHE"] = tempfile.mkdtemp(prefix="votebank-test-cache-")

# Derandomised: a failure in CI is the same failure on every machine and every rerun.
settings.register_profile("votebank", derandomize=True, database=None)
settings.load_profile("votebank")

SRC = Path(__file__).resolve().parent.parent / "src"
os.environ["PYTHONPATH"] = os.pathsep.join(
    [str(SRC), *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
)
assert Path(votebank.__file__).resolve().is_relative_to(SRC), "tests import another checkout"


@pytest.fixture
def disk_full_at(monkeypatch):
    """Call with a file's name: the disk is then full when that file is written.

    Its temporary file (every output is staged as ``.NAME.*.tmp``) is refused, as a full
    disk would refuse it, after the files before it were written.
    """

    def fill(name: str) -> None:
        real = tempfile.mkstemp

        def mkstemp(*args, prefix=None, **kwargs):
            if prefix is not None and prefix.startswith(f".{name}."):
                raise OSError(errno.ENOSPC, "No space left on device")
            return real(*args, prefix=prefix, **kwargs)

        monkeypatch.setattr(tempfile, "mkstemp", mkstemp)

    return fill

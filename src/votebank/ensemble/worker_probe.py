"""What a Dask worker says of its votebank: its version and a digest of its code.

Sent to the workers by reference (votebank pickles nothing by value): a worker unpickles it
from its own votebank, so one without votebank, or with a version that has no such module,
fails to, and the check says which (``worker_check``).
"""

from __future__ import annotations


def probe() -> tuple[str, str]:
    """Import what a run needs; return votebank's version and a digest of its ``.py`` files.

    Two installs of one version can hold different code (a checkout at another commit, an
    edited file), which gives other results: the digest tells them apart.
    """
    import hashlib
    import importlib
    from pathlib import Path

    importlib.import_module("votebank.run.distributed")  # NumPy, Numba, the engine
    version = importlib.import_module("votebank.version").__version__
    root = Path(importlib.import_module("votebank").__file__).parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return version, digest.hexdigest()[:12]

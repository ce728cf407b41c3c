"""What a Dask worker says of its votebank: version, code digest, NumPy and Numba versions.

Sent to the workers by reference (votebank pickles nothing by value): a worker unpickles it
from its own votebank, so one without votebank, or with a version that has no such module,
fails to, and the check says which (``worker_check``).
"""

from __future__ import annotations


def probe() -> tuple[str, str, tuple[str, str]]:
    """Import what a run needs; return votebank's version, code digest, NumPy and Numba.

    Two installs of one version can hold different code (a checkout at another commit, an
    edited file), which gives other results: the digest of its ``.py`` files tells them apart.
    Another NumPy (its Generator's distributions may change between versions, NEP 19) or Numba
    (the compiled steps) may give other results too.
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
    numpy, numba = importlib.import_module("numpy"), importlib.import_module("numba")
    return (
        version,
        digest.hexdigest()[:12],
        (f"NumPy {numpy.__version__}", f"Numba {numba.__version__}"),
    )

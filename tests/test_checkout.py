"""Subprocesses run the code of the checkout the tests are in (issue 20, point 10)."""

import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"


def test_python_m_votebank_imports_this_checkout():
    found = subprocess.run(
        [sys.executable, "-c", "import votebank; print(votebank.__file__)"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    assert Path(found).resolve().is_relative_to(SRC), found

"""Every script parses its command line, so ``--help`` explains it instead of running it.

Several scripts rebuild shipped scenarios; one that ignored its arguments overwrote them when
asked for help (a documentation probe did exactly that).
"""

from __future__ import annotations

from pathlib import Path

import pytest

SCRIPTS = sorted((Path(__file__).resolve().parents[1] / "scripts").glob("*.py"))


@pytest.mark.parametrize("script", SCRIPTS, ids=[s.name for s in SCRIPTS])
def test_the_script_parses_its_arguments(script):
    text = script.read_text(encoding="utf-8")
    assert "argparse" in text or "typer" in text, f"{script.name} ignores --help"

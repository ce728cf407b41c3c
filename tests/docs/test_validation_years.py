"""docs/validation.md names the general elections ``pakistan:YEAR`` and ``uk:YEAR`` read."""

from __future__ import annotations

import re
from pathlib import Path

from votebank.elections.shipped import _file_dates, shipped_files

DOC = Path(__file__).resolve().parents[2] / "docs" / "validation.md"


def _years(kind: str) -> set[str]:
    return {d[:4] for path in shipped_files(kind) for d in _file_dates(path)}


def test_the_results_paragraph_names_every_shipped_general_election():
    # It named only 2010 and 2015 for the UK, though uk:1997, uk:2001 and uk:2005 are shipped.
    text = " ".join(DOC.read_text(encoding="utf-8").split())
    said = re.search(r"the shipped files hold ([^;]*);", text).group(1)
    named = set(re.findall(r"\b(?:19|20)\d\d\b", said))
    assert named == _years("pakistan") | _years("uk")

"""Text cells a spreadsheet would run as formulas, and how a CSV written by votebank defuses them.

Labels and ids come from files a user may not trust: a station or seat named
``=HYPERLINK(...)`` or ``=cmd|...`` written as is would be evaluated by Excel or LibreOffice
opening the CSV. Such a cell is written behind an apostrophe (the spreadsheets' mark for text;
OWASP's advice for CSV injection); a signed number stays a number. The two patterns are
written so that Python's ``re`` and DuckDB's RE2 read them alike.
"""

from __future__ import annotations

import re

FORMULA_START = r"[=+\-@\t\r]"
"""A cell starting with one of these is a formula to a spreadsheet."""
SIGNED_NUMBER = r"[+-]?\d+(\.\d*)?"
"""...unless the whole cell is a signed number."""

_START = re.compile(FORMULA_START)
_NUMBER = re.compile(SIGNED_NUMBER)


def inert(label: object) -> object:
    """A label as a spreadsheet shows it, never as a formula it runs (module docstring)."""
    if isinstance(label, str) and _START.match(label) and not _NUMBER.fullmatch(label):
        return "'" + label
    return label

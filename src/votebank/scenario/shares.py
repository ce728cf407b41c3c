"""A share written as a percentage (``turnout = 45``, ``60%``): say how to write it.

"must be at most 1 (got 45)" names the bound, not the slip: a turnout, threat or budget share
is a share from 0 to 1, and 45 was meant as 0.45.
"""

from __future__ import annotations

import math


def share_hint(given: object, high: float | None) -> str:
    """``"; a share from 0 to 1: 0.45 for 45%"`` for a percentage given a share, else ``""``.

    Args:
        given: The value as written (a number, or a cell's text, ``45%`` too).
        high: The field's upper bound (a share has 1 or just under).
    """
    if high is None or not 0 < high <= 1 or isinstance(given, bool):
        return ""
    text = str(given).strip()
    try:
        number = float(text.removesuffix("%"))
    except ValueError:
        return ""
    # From 10: a 2 given a share is no clear percentage (2%?), a 45 is.
    percent = text.endswith("%") and 0 <= number <= 100
    if not (percent or 10 <= number <= 100) or not math.isfinite(number):
        return ""
    return f"; a share from 0 to 1: {number / 100:g} for {number:g}%"

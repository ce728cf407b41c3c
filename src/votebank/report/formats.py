"""How the report writes values as text: HTML escaping, percentages, numbers and seats.

Every text that comes from user files passes through :func:`esc`.
"""

from __future__ import annotations

import html
import math

from votebank.display import clean, probability, seats_interval


def esc(value: object) -> str:
    """HTML-escape any value for a text node or a quoted attribute (quotes included).

    Control and bidi-override characters are dropped first: a store written before names were
    cleaned on load may still hold them, and an override would reorder the page's text.
    """
    return html.escape(clean(str(value)), quote=True)


def pct(x: float | None, digits: int = 0) -> str:
    """Format a share as a percentage (``–`` for missing)."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    return f"{100 * x:.{digits}f}%"


def prob(x: float | None) -> str:
    """A probability as the summary writes it (``–`` for missing); the page's script too."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    return probability(x)


def num(x: float | None, digits: int = 0) -> str:
    """Format a number with thousands separators (``–`` for missing)."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    return f"{x:,.{digits}f}"


def seats_fmt(x: float) -> str:
    """Mean seats with one decimal, as the summary writes them: 88.5 is neither 88 nor 89."""
    return f"{x:,.1f}"


def seats_range(mean: float, lo: float, hi: float) -> str:
    """A mean and its interval as the summary writes them: ``81.4 (61–93)``, ``7.5 (4–11)``."""
    return f"{seats_fmt(mean)} ({seats_interval(lo, hi)})"

"""Names made safe: cleaned of control characters on load, escaped for rich on output.

A name is data. Terminal escapes (ESC ...) in it could clear a user's screen or retitle the
window, bidi overrides reorder what a reader sees, and ``[/]`` is rich markup that crashed
every table that showed it (issue 20, point 4). Also how a count of runs is said ("one run",
"1,234 runs"), in the terminal and the report alike.
"""

from __future__ import annotations

import re
from typing import Any

from rich.markup import escape
from rich.table import Table

# C0 and C1 controls except tab and newline, DEL, and the bidi embeddings, overrides, isolates
# and marks.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def clean(text: str) -> str:
    """Drop control characters and bidi controls from a name (tab and newline are kept)."""
    return _UNSAFE.sub("", text)


def clean_strings(value: Any) -> Any:
    """:func:`clean` every string in nested dicts and lists (a parsed TOML file)."""
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, dict):
        return {clean_strings(k): clean_strings(v) for k, v in value.items()}
    if isinstance(value, list):
        return [clean_strings(v) for v in value]
    return value


def safe(text: object) -> str:
    """Text to print through rich: cleaned, and its brackets escaped so they are not markup."""
    return escape(clean(str(text)))


class DataTable(Table):
    """A rich Table whose title, caption, headers and string cells are data, never markup.

    Styled cells can still be passed as ``rich.text.Text``.
    """

    def __init__(self, *headers: Any, title: Any = None, caption: Any = None, **kwargs: Any):
        super().__init__(
            *(safe(h) if isinstance(h, str) else h for h in headers),
            title=safe(title) if isinstance(title, str) else title,
            caption=safe(caption) if isinstance(caption, str) else caption,
            **kwargs,
        )

    def add_column(self, header: Any = "", *args: Any, **kwargs: Any) -> None:
        """Add a column; a string header is escaped."""
        super().add_column(safe(header) if isinstance(header, str) else header, *args, **kwargs)

    def add_row(self, *renderables: Any, **kwargs: Any) -> None:
        """Add a row; string cells are cleaned and escaped."""
        super().add_row(*(safe(r) if isinstance(r, str) else r for r in renderables), **kwargs)


AFTER_JOINS = "General after joins and by-elections"
"""The heading of general seats once independents have joined parties and by-elections are
held (``general`` in the seat summary), in the terminal and the report alike."""


def plural(n: int, noun: str, many: str | None = None) -> str:
    """``1 seat``, ``3 seats``, ``1,000 stations``; ``many`` is the plural where it is not -s."""
    return f"{n:,} {noun if n == 1 else many or noun + 's'}"


def listed(items: list[str], most: int = 8) -> str:
    """Items joined, the first ``most`` of them and how many more."""
    shown = ", ".join(items[:most])
    return shown + (f" and {len(items) - most:,} more" if len(items) > most else "")


def joined(items, last: str = "or") -> str:
    """Every item, as words: ``a, b or c`` (a message never shows a Python list's quotes)."""
    words = [str(item) for item in items]
    return ", ".join(words[:-1]) + f" {last} " + words[-1] if len(words) > 1 else "".join(words)


def meant(typed: str, names) -> str | None:
    """The name ``typed`` is but for case or spacing (lab: Lab), or None."""
    key = " ".join(str(typed).split()).casefold()
    return next((str(n) for n in names if " ".join(str(n).split()).casefold() == key), None)


def choices(typed: str, names) -> str:
    """The name ``typed`` is but for case or spacing (lab: Lab), else every name, as words."""
    names = [str(n) for n in names]
    same = meant(typed, names)
    return f"did you mean {same}?" if same else f"the choices: {joined(names)}"


def runs_text(n: int) -> str:
    """``one run`` or ``1,234 runs``: a count of runs as a caption says it."""
    return "one run" if n == 1 else f"{n:,} runs"


def p_is(text: str) -> str:
    """``p = 0.012`` from a p-value's text, or ``p < 1e-300`` from ``< 1e-300``."""
    return f"p {text}" if text.startswith("<") else f"p = {text}"


def probability(x: float) -> str:
    """A probability with one decimal, never rounded to certain.

    9,996 runs of 10,000 read ``>99.9%``, not ``100.0%``, and the other 4 ``<0.1%``.
    """
    text = f"{100 * x:.1f}%"
    if text == "100.0%" and x < 1:
        return ">99.9%"
    if text == "0.0%" and x > 0:
        return "<0.1%"
    return text


def bound_note(shares, runs: int) -> str:
    """A caption's note where a share of runs shown is 0 or 1: its s.e. of 0 is no certainty.

    None of 10 runs is not P = 0 ± 0: P may still be 25.9% (the one-sided 95% bound,
    1 - 0.05^(1/runs)). Empty where no share shown is 0 or 1.
    """
    shares = set(shares)
    if runs < 1 or not shares & {0.0, 1.0}:
        return ""
    bound = 1 - 0.05 ** (1 / runs)
    said = [f"up to {bound:.1%}"] if 0.0 in shares else []
    said += [f"as low as {1 - bound:.1%}"] if 1.0 in shares else []
    read = " or ".join(p for p, x in (("0%", 0.0), ("100%", 1.0)) if x in shares)
    return f"a P of {read} of {runs_text(runs)} is no certainty: it may be {joined(said)} (95%)"


def unseen_note(runs: int) -> str:
    """What ``0.00 ± 0.00`` winners changed means: no run differed, not that none can.

    With 5 paired runs, changes in 45.1 % of runs would go unseen one time in 20 (1 - 0.05^(1/5)).
    """
    bound = 1 - 0.05 ** (1 / max(runs, 1))
    return (
        f"0.00 ± 0.00: no winner changed in {runs_text(runs)}, which is no certainty: some "
        f"winner may still change in up to {bound:.1%} of runs (95%)"
    )


def seats_interval(lo: float, hi: float) -> str:
    """A 5-95 % interval of seats, as the summary and the report both write it: ``2–5``, ``61–93``.

    Its bounds are seat totals that runs had (quantiles that pick an observed value, not
    interpolate between two), so whole seats, without decimals, whatever the mean.
    """
    return f"{lo:,.0f}–{hi:,.0f}"


def natural_key(text: object) -> tuple:
    """Sort key that orders digits by value: NA-2 before NA-10."""
    return tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, part.lower())
        for part in re.split(r"(\d+)", str(text))
        if part
    )

"""Terminal tables that fit: human headings, and columns dropped rather than headers cut.

Rich wraps cells at spaces but cuts a word wider than its column with an ellipsis. A table
here knows how much each column matters and drops the least important ones until the
narrowest it can be drawn fits the terminal; the caption says what was left out. A word wider
than a third of the terminal (a 300-character seat id) is cut rather than given its width, so
that it cannot squeeze every other column to nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.cells import cell_len
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from votebank.display import DataTable as Table
from votebank.display import probability

console = Console()
err = Console(stderr=True)


@dataclass(frozen=True)
class Column:
    """One column's heading and cells.

    Priority 0 is never dropped; the highest goes first, all columns of that priority together.
    """

    heading: str
    cells: Sequence[str]
    right: bool = True
    priority: int = 0
    optional: bool = False  # shown only where the table fits without wrapping a cell


PROBABILITY = "probability"
"""A :class:`Col` format: one decimal of a percent, never rounded to certain."""


@dataclass(frozen=True)
class Col:
    """A column of a frame: its field, heading, number format and priority."""

    field: str
    heading: str
    fmt: str | None = None
    priority: int = 0
    optional: bool = False


def fitted_table(
    title: str,
    columns: Sequence[Column],
    *,
    caption: str | None = None,
    width: int | None = None,
    sections: Sequence[int] = (),
) -> Table:
    """A table of ``columns`` narrowed to ``width`` (default: the terminal's).

    Args:
        title: The table's title.
        columns: Its columns, all of the same length.
        caption: A line under the table.
        width: Columns of text available.
        sections: Row indices after which a rule is drawn.
    """
    width = width or console.width
    cap = max(12, width // 3)
    keep = list(columns)
    while _narrowest(keep, cap) > width:
        last = max((c.priority for c in keep), default=0)
        if last == 0:
            break
        keep = [c for c in keep if c.priority != last]  # columns of one priority go together
    if _widest(keep) > width:  # an aid (a seat's name beside its id) is not worth a wrapped heading
        keep = [c for c in keep if not c.optional]
    dropped = [c.heading.strip() for c in columns if c not in keep]
    if dropped:
        note = f"not shown at this width: {', '.join(dropped)}"
        if caption and caption.rstrip().endswith("."):  # not "... none there.; not shown"
            caption = f"{caption.rstrip()} ({note}.)"
        else:
            caption = f"{caption}; {note}" if caption else note
    table = _table(title, keep, caption, sections)
    if _widest(keep) > width:
        # Rich narrows the widest columns first, even below their longest word (which it then
        # cuts): give every column its longest word (at most ``cap``) and share the rest by
        # what it would use.
        lo, hi = [_span(c, cap)[0] for c in keep], [_span(c, cap)[1] for c in keep]
        spare = max(0, width - _overhead(keep) - sum(lo))
        want = sum(h - m for m, h in zip(lo, hi, strict=True)) or 1
        for col, m, h in zip(table.columns, lo, hi, strict=True):
            col.width = m + (spare * (h - m)) // want
    return table


def _span(column: Column, cap: int) -> tuple[int, int]:
    """The column's narrowest (its longest word, at most ``cap``) and widest (longest line)."""
    texts = [column.heading, *column.cells]
    words = [cell_len(w) for t in texts for w in t.split()] or [1]
    lines = [cell_len(line) for t in texts for line in t.splitlines()] or [1]
    return min(max(words), cap), max(lines)


def _overhead(columns: Sequence[Column]) -> int:
    # One space each side of every cell, a rule between and around the columns.
    return 3 * len(columns) + 1


def _narrowest(columns: Sequence[Column], cap: int) -> int:
    return _overhead(columns) + sum(_span(c, cap)[0] for c in columns)


def _widest(columns: Sequence[Column]) -> int:
    return _overhead(columns) + sum(_span(c, 0)[1] for c in columns)


def frame_table(
    title: str,
    frame,
    cols: Sequence[Col],
    *,
    caption: str | None = None,
    width: int | None = None,
) -> Table:
    """A table of ``frame``'s rows under human headings, narrowed to fit ``width``."""
    rows = frame.to_dict("records")
    columns = [
        Column(
            c.heading,
            [cell(r[c.field], c.fmt) for r in rows],
            c.fmt is not None,
            c.priority,
            c.optional,
        )
        for c in cols
    ]
    return fitted_table(title, columns, caption=caption, width=width)


def _table(title: str, columns: Sequence[Column], caption: str | None, sections) -> Table:
    table = Table(title=title, caption=caption, title_justify="left")
    for c in columns:
        table.add_column(c.heading, justify="right" if c.right else "left")
    n = len(columns[0].cells) if columns else 0
    for i in range(n):
        table.add_row(*(c.cells[i] for c in columns), end_section=i in sections)
    return table


# Headings for the field names that studies' frames share.
HEADINGS = {
    "constituency_id": "Seat",
    "candidate_id": "Candidate",
    "p_changed": "P(winner changes)",
    "p_changed_se": "± s.e.",
    "s.e.": "± s.e.",
    "difference_se": "± s.e.",
    "org": "Organisation",
}


def heading(field: str) -> str:
    """A human heading for a frame's field: a known one, else words with a capital."""
    if field in HEADINGS:
        return HEADINGS[field]
    text = str(field).replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def cell(value, fmt: str | None) -> str:
    """A cell's text: formatted if it has a format, a dash if missing."""
    if value is None or value != value:  # None or NaN
        return "–"
    if fmt == PROBABILITY:
        return probability(value)
    return format(value, fmt) if fmt else str(value)


def bar_columns():
    """The columns of the progress bars."""
    return (
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
        TextColumn("left"),
        TimeRemainingColumn(),
    )


def transient_bar(*columns, console: Console) -> Progress:
    """A bar that leaves nothing behind: cleared on a terminal, off in a log or pipe.

    Off a terminal rich draws nothing while the bar runs, but writes a blank line as it stops.
    """
    return Progress(*columns, console=console, transient=True, disable=not console.is_terminal)

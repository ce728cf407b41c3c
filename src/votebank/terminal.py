"""Terminal tables that fit: human headings, and columns dropped rather than headers cut.

Rich wraps cells at spaces but cuts a word wider than its column with an ellipsis. A table
here knows how much each column matters and drops the least important ones until the
narrowest it can be drawn fits the terminal; the caption says what was left out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.console import Console
from rich.measure import Measurement
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

console = Console()
err = Console(stderr=True)


@dataclass(frozen=True)
class Column:
    """One column's heading and cells; priority 0 is never dropped, higher goes first."""

    heading: str
    cells: Sequence[str]
    right: bool = True
    priority: int = 0


@dataclass(frozen=True)
class Col:
    """A column of a frame: its field, heading, number format and priority."""

    field: str
    heading: str
    fmt: str | None = None
    priority: int = 0


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
    keep = list(columns)
    while _min_width(_table(title, keep, caption, sections)) > width:
        droppable = [c for c in keep if c.priority > 0]
        if not droppable:
            break
        keep.remove(max(droppable, key=lambda c: (c.priority, keep.index(c))))
    dropped = [c.heading.strip() for c in columns if c not in keep]
    if dropped:
        note = f"not shown at this width: {', '.join(dropped)}"
        caption = f"{caption}; {note}" if caption else note
    return _table(title, keep, caption, sections)


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
        Column(c.heading, [cell(r[c.field], c.fmt) for r in rows], c.fmt is not None, c.priority)
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


def cell(value, fmt: str | None) -> str:
    """A cell's text: formatted if it has a format, a dash if missing."""
    if value is None or value != value:  # None or NaN
        return "–"
    return format(value, fmt) if fmt else str(value)


def _min_width(table: Table) -> int:
    # Measured without a limit: Measurement.get clamps to the width it is given.
    return Measurement.get(console, console.options.update_width(10_000), table).minimum


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

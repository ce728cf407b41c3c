"""A command's ``--help`` with every option name whole, however narrow the terminal.

Typer's options table lets Rich shrink every column alike, so at 80 columns the option-name
columns were cut to the help column's width (``--target-elect…``). Here those columns do not
wrap, and the help text beside them takes the squeeze instead, its long words folded whole.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from rich.table import Table
from rich.text import Text
from typer import rich_utils
from typer._click.exceptions import UsageError
from typer.core import TyperCommand

# The options table's last two columns are the type and the help; those before are names.
_WRAPPED = 2
# click's words for a word no parameter takes.
_EXTRA = "Got unexpected extra argument(s)"


class _WholeNamesTable(Table):
    """Typer's options table, its name columns kept whole."""

    def add_row(self, *renderables: Any, **kwargs: Any) -> None:
        """Add the row; the columns it made for option names do not wrap.

        A word of the help longer than its column (a path, a table's name) is folded onto the
        next line rather than cut.
        """
        super().add_row(*renderables, **kwargs)
        for column in self.columns[:-_WRAPPED]:
            column.no_wrap = True
        # The help is a rich Columns of texts (help, default, required), each cut by its own.
        for part in getattr(renderables[-1], "renderables", ()) if renderables else ():
            if isinstance(part, Text):
                part.overflow = "fold"


@contextmanager
def _whole_option_names() -> Iterator[None]:
    """Typer builds its help tables with these tables while the block runs."""
    table = rich_utils.Table
    rich_utils.Table = _WholeNamesTable
    try:
        yield
    finally:
        rich_utils.Table = table


class WholeNamesCommand(TyperCommand):
    """A command whose ``--help`` names every option whole, and that names --out for a folder."""

    def format_help(self, ctx: Any, formatter: Any) -> None:
        """Typer's help, option names whole."""
        with _whole_option_names():
            super().format_help(ctx, formatter)

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        """Parse; a stray word where a command of no arguments reads a folder names --out.

        ``votebank report votebank-out`` got click's bare "unexpected extra argument": the
        folder of summary, report, export, plans and forensics-run is an option.
        """
        given = list(args)  # click's parser consumes the list it is handed
        try:
            return super().parse_args(ctx, args)
        except UsageError as exc:
            takes_out = any("--out" in getattr(p, "opts", ()) for p in self.params)
            positional = any(p.param_type_name == "argument" for p in self.params)
            out_given = any(a == "--out" or a.startswith("--out=") for a in given)
            if exc.message.startswith(_EXTRA) and takes_out and not positional and not out_given:
                stray = exc.message[len(_EXTRA) :].strip(" ()").split(" ")[0]
                exc.message += f"; a folder is given as --out: votebank {self.name} --out {stray}"
            raise

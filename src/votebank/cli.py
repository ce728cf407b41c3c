"""The ``votebank`` command line: a thin, fast-starting table of commands.

Every command's body lives in a module that is imported only when that command runs, so
``votebank --help``, ``votebank --version`` and ``votebank scenarios`` start without NumPy,
pandas, Numba, DuckDB or Dask (``benchmarks/startup.py`` measures it, a test checks the
imports). The listing in ``--help`` uses the short help written in :data:`COMMANDS`; a test
holds each to the first line of the command's docstring.
"""

from __future__ import annotations

import importlib
import inspect
import sys
from collections.abc import Callable
from typing import Any

import typer
from typer import _click as click  # the click that typer builds its commands with
from typer._click.exceptions import BadParameter
from typer.core import TyperCommand, TyperGroup

from votebank.errors import InputError, StoreError, VotebankError, ctrl_c_pressed, watch_ctrl_c

# name -> ("module:function", short help). In the order `votebank --help` lists them.
COMMANDS: dict[str, tuple[str, str]] = {
    "run": (
        "votebank.commands.ensemble:run",
        "Run a scenario's ensemble, store every run, and print the summary.",
    ),
    "summary": ("votebank.commands.ensemble:summary", "Print the summary of a stored ensemble."),
    "report": (
        "votebank.report.cli:report_command",
        "Write a self-contained HTML report of a stored ensemble and print its path.",
    ),
    "compare": (
        "votebank.commands.compare:compare",
        "Paired counterfactual: the same runs of A and B (common random numbers), B - A.",
    ),
    "sweep": (
        "votebank.commands.sweep:sweep_command",
        "One ensemble per value of a lever (the same runs at each): seats and paired differences.",
    ),
    "validate": (
        "votebank.commands.scenario:validate",
        "Check a scenario and its tables; report every problem.",
    ),
    "steps": (
        "votebank.commands.scenario:steps",
        "Print the order of a run's steps: what each reads, writes and draws, and which are on.",
    ),
    "export": (
        "votebank.commands.export:export",
        "Write the stored tables as Parquet or CSV files.",
    ),
    "forensics": (
        "votebank.forensics.cli:forensics_command",
        "Test polling-station results for statistical fingerprints of fraud.",
    ),
    "forensics-power": (
        "votebank.forensics.power_cli:forensics_power_command",
        "Measure how often each forensic test detects simulated stuffing or compilation fraud.",
    ),
    "forensics-run": (
        "votebank.forensics.power_cli:forensics_run_command",
        "Run the forensic tests on one stored run and show the simulated truth beside them.",
    ),
    "calibrate": (
        "votebank.calibrate.cli:calibrate_command",
        "Fit scenario parameters to real results (seeded TPE search over ensemble summaries).",
    ),
    "match": (
        "votebank.calibrate.match_cli:match_command",
        "Solve the appeals (and seat turnouts) so that the expected result is the real one.",
    ),
    "validate-against": (
        "votebank.calibrate.cli:validate_command",
        "Score a scenario's ensemble against real results: seats, favourites, Brier, KS.",
    ),
    "import-uk": (
        "votebank.uk.import_cli:import_uk_command",
        "Build a scenario folder from UK results files.",
    ),
    "uk-projection": (
        "votebank.uk.project:projection_command",
        "A general election from the one before: uniform vs proportional swing vs votebank.",
    ),
    "copeland-carloads": (
        "votebank.uk.carloads:carloads_command",
        "Copeland counterfactuals: 0, 85 and 850 carloads, same runs; vs the declared result.",
    ),
    "plan-canvass": (
        "votebank.canvass_cli:plan_canvass_command",
        "Plan where a party's volunteer-hours win the most seats; store it as canvass_plan.",
    ),
    "plans": (
        "votebank.canvass_plans_cli:plans_command",
        "List the stored canvass plans, or show one (--plan) as plan-canvass printed it.",
    ),
    "organisations": (
        "votebank.organisations.cli:organisations_command",
        "Members, rules, internal elections and the seats the rules buy or cost.",
    ),
    "backtest": (
        "votebank.backtest.cli:backtest_command",
        "Forecast TARGET from BASE by votebank and simple swing models; score them all.",
    ),
    "seats": (
        "votebank.uk.seats:seats_command",
        "Type shares, get seats with intervals and the seats that change hands.",
    ),
    "explain": (
        "votebank.commands.explain:explain_command",
        "Which mechanisms decide a seat: P(the winner changes) with each one switched off.",
    ),
    "synth": (
        "votebank.scenario.synth_cli:synth_command",
        "Write a synthetic country of any size (for scaling studies and teaching).",
    ),
}


def command_function(name: str) -> Any:
    """The function behind a command of :data:`COMMANDS` (its module imported)."""
    module, function = COMMANDS[name][0].split(":")
    return getattr(importlib.import_module(module), function)


def load_command(name: str) -> click.Command:
    """Import a command's module and turn its function into a click command."""
    from typer.main import get_command_from_info
    from typer.models import CommandInfo

    from votebank.help_layout import WholeNamesCommand

    command = get_command_from_info(
        CommandInfo(name=name, cls=WholeNamesCommand, callback=command_function(name)),
        pretty_exceptions_short=app.pretty_exceptions_short,
        rich_markup_mode=app.rich_markup_mode,
    )
    command.help = reflow(command.help or "")
    return command


def reflow(doc: str) -> str:
    """A docstring's paragraphs as single lines, which the terminal then wraps.

    Typer keeps a docstring's line breaks after its first paragraph, so at 80 columns every
    100-column source line wrapped again mid-sentence. List items start new lines.
    """
    paragraphs = []
    for paragraph in inspect.cleandoc(doc).split("\n\n"):
        lines: list[str] = []
        for line in paragraph.split("\n"):
            if lines and not line.lstrip().startswith(("* ", "- ")):
                lines[-1] += " " + line.strip()
            else:
                lines.append(line)
        paragraphs.append("\n".join(lines))
    return "\n\n".join(paragraphs)


def _plain_help_flag(option: Any) -> Any:
    """Let a --help flag pass as the bool it is: typer would load pydantic (0.1 s) to check it."""
    if option is not None and getattr(option, "_runtime_param", False) is None:
        from typer._coercion import PassThroughRuntimeParam
        from typer.models import OptionInfo

        option._runtime_param = PassThroughRuntimeParam(
            annotation=bool, parameter_info=OptionInfo()
        )
    return option


class FastCommand(TyperCommand):
    """A command that starts without pydantic (for ``scenarios``)."""

    def get_help_option(self, ctx: click.Context) -> Any:
        """The --help flag, checked as a plain bool."""
        return _plain_help_flag(super().get_help_option(ctx))


class LazyGroup(TyperGroup):
    """A group whose commands are imported only when one is run (or its own help shown)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Commands defined here, then the lazy ones, in :data:`COMMANDS` order."""
        return [*super().list_commands(ctx), *(n for n in COMMANDS if n not in self.commands)]

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """Click's plain help for the list of commands (Rich's costs a tenth of a second).

        A command's own ``--help`` still uses Rich.
        """
        click.Command.format_help(self, ctx, formatter)

    def get_help_option(self, ctx: click.Context) -> Any:
        """The --help flag, checked as a plain bool."""
        return _plain_help_flag(super().get_help_option(ctx))

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The options (``--version`` is answered in :meth:`parse_args`), then the commands."""
        with formatter.section("Options"):
            formatter.write_dl(
                [("--version", "Print the version and exit."), ("--help", "Show this help.")]
            )
        self.format_commands(ctx, formatter)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """Answer ``--version`` before anything else (a typer option would load pydantic)."""
        if args[:1] == ["--version"]:
            from votebank.version import __version__

            typer.echo(f"votebank {__version__}")
            ctx.exit()
        return super().parse_args(ctx, args)

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; a range refusal of typer's own names the value it refused.

        A scenario named like a built-in that reads a folder or file here is said on stderr.
        """
        from votebank.scenario.naming import listening

        try:
            with listening(_note):
                return super().invoke(ctx)
        except BadParameter as exc:
            # "Input should be greater than or equal to 1" says neither the bound's option's
            # value nor what was typed: pydantic's error, its cause, holds what was.
            errors = getattr(exc.__cause__, "errors", None)
            given = [e.get("input") for e in errors()] if callable(errors) else []
            if given and "(got " not in exc.message:
                exc.message += f" (got {given[0]})"
            raise

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """A stub with the short help for the listing; the real command is loaded to run."""
        found = super().get_command(ctx, cmd_name)
        if found is not None or cmd_name not in COMMANDS:
            return found
        return TyperCommand(name=cmd_name, short_help=COMMANDS[cmd_name][1], help="")

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        """Load the command about to run (or to print its own help)."""
        name, cmd, rest = super().resolve_command(ctx, args)
        if name in COMMANDS and name not in self.commands:
            cmd = load_command(name)
            if any(not a.strip() or (a.startswith("--") and a.endswith("=")) for a in rest):
                from votebank.commands.empty_paths import refuse_empty_paths

                refuse_empty_paths(cmd, command_function(name), rest)
        return name, cmd, rest


app = typer.Typer(
    cls=LazyGroup,
    add_completion=False,
    no_args_is_help=True,
    help="Simulate how parliamentary elections are won.",
)


@app.callback()
def _root() -> None:
    """Simulate how parliamentary elections are won."""


@app.command(cls=FastCommand)
def scenarios() -> None:
    """List the built-in scenarios."""
    from rich.console import Console

    from votebank.display import DataTable as Table
    from votebank.scenario.catalogue import catalogue

    table = Table(title="Built-in scenarios", title_justify="left")
    table.add_column("Name", no_wrap=True)
    table.add_column("Title")
    table.add_column("Seats", justify="right")
    table.add_column("Runs", justify="right")
    for e in catalogue():
        table.add_row(e.name, e.title, f"{e.seats:,}", f"{e.default_runs:,}")
    table.caption = "Runs: what `votebank run NAME` does without --runs."
    Console().print(table)


def main(args: list[str] | None = None) -> Any:
    """Entry point: run the app, turning votebank's errors into messages and exit codes.

    A reader of the output that leaves early (``| head -1``) ends it quietly, exit 141.
    """
    from votebank.closed_pipe import quiet_when_the_reader_leaves

    with quiet_when_the_reader_leaves() as reader_gone:
        return _main(args, reader_gone)


def _main(args: list[str] | None, reader_gone: Callable[[], bool]) -> Any:
    from votebank.commands.quiet import quiet_third_party

    quiet_third_party()
    _replace_unwritable_characters()
    try:
        with watch_ctrl_c():
            try:
                app(args=args)
            except Exception as exc:
                # After a Ctrl-C, what fails (DuckDB's "Query interrupted", a store write it
                # cut short) fails because of it: the command was stopped, not broken.
                if ctrl_c_pressed():
                    raise KeyboardInterrupt from exc
                if _cause(exc, BrokenPipeError) and reader_gone():  # not a cluster's socket
                    raise BrokenPipeError from exc  # "cannot write the report": said nothing
                raise
    except InputError as exc:
        _error(exc.render(), "")
        sys.exit(2)
    except StoreError as exc:  # a broken, full or misplaced store: the user's to fix
        _error(str(exc), "[red]error:[/red] ")
        sys.exit(2)
    except VotebankError as exc:
        _error(str(exc), "[red]error:[/red] ")
        sys.exit(1)
    except Exception as exc:
        from votebank.ensemble.cluster import cluster_cause, from_cluster

        if not from_cluster(exc):
            raise
        kept = _kept_on_ctrl_c(sys.argv[1:] if args is None else args)
        why = f"the cluster stopped ({cluster_cause(exc)}): {kept}; check that it has workers"
        _error(why, "[red]error:[/red] ")
        sys.exit(1)
    except (KeyboardInterrupt, SystemExit) as exc:
        # Typer turns Ctrl-C into a silent exit 130: say what the command kept.
        ctrl_c = _cause(exc, KeyboardInterrupt)
        if ctrl_c is None:
            raise
        from rich.console import Console
        from rich.markup import escape

        kept = str(ctrl_c) or _kept_on_ctrl_c(sys.argv[1:] if args is None else args)
        Console(stderr=True).print(f"[yellow]interrupted: {escape(kept)}[/yellow]")
        sys.exit(130)


def _replace_unwritable_characters() -> None:
    """Print what the output's encoding cannot hold as ``?``, not as a traceback at the end.

    Under a Latin-1 or ASCII locale (or PYTHONIOENCODING=ascii) a table's "5–95%", a box line
    or a candidate's Urdu name raised UnicodeEncodeError after the command had done its work.
    """
    for stream in (sys.stdout, sys.stderr):
        if getattr(stream, "errors", None) == "strict" and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")


def _kept_on_ctrl_c(args: list[str]) -> str:
    """What a Ctrl-C or a lost cluster leaves, where the command did not say: ``run`` resumes."""
    command = next((a for a in args if not a.startswith("-")), "")
    if command == "run":
        return "completed runs are stored; add --resume to finish"
    return f"{command or 'votebank'} stopped before it finished"


def _cause(exc: BaseException | None, kind: type[BaseException]) -> BaseException | None:
    """``exc`` itself, or what it was raised from or during, if of ``kind``."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, kind):
            return exc
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return None


def _note(text: str) -> None:
    from votebank.display import safe
    from votebank.terminal import err

    err.print(f"[yellow]note:[/yellow] {safe(text)}", soft_wrap=True, highlight=False)


def _error(text: str, prefix: str) -> None:
    from rich.console import Console
    from rich.markup import escape

    body = f"[red]{escape(text)}[/red]" if not prefix else f"{prefix}{escape(text)}"
    # Not wrapped by rich: it cuts a path longer than the terminal in two with a newline, and
    # a path copied from an error must be whole.
    Console(stderr=True).print(body, highlight=False, soft_wrap=True)

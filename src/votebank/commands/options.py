"""Options several commands share: bounded counts and numbers, and a scheduler's TLS files."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Annotated

import typer

from votebank.ensemble.cluster import MAX_WORKERS
from votebank.errors import InputError, Problem
from votebank.outputs import file_path

WorkersOption = Annotated[
    int,
    typer.Option(min=1, max=MAX_WORKERS, help="Local worker processes (not with --scheduler)."),
]
SchedulerOption = Annotated[
    str | None, typer.Option(help="Dask scheduler, tcp://HOST:PORT (see README).")
]
ParameterUncertaintyOption = Annotated[
    bool,
    typer.Option(
        "--parameter-uncertainty",
        help="Each run draws the calibrated parameters from the scenario's "
        "parameter_uncertainty table.",
    ),
]
AgainstOption = Annotated[
    str,
    typer.Option(
        "--against",
        help="Real results: pakistan:YEAR, uk:YEAR (1974 held two: uk:1974-02-28, "
        "uk:1974-10-10), a results file (FILE or FILE:DATE) in a "
        "shipped layout, a candidates CSV with actual_votes, "
        "or a scenario whose candidates have actual_votes.",
    ),
]


def bounded(lo: int, hi: int):
    """An option callback that names the value when it is out of range (click's does not)."""

    def check(value: int | None) -> int | None:
        if value is not None and not lo <= value <= hi:
            raise typer.BadParameter(f"{value} is not between {lo:,} and {hi:,}")
        return value

    return check


def finite_between(lo: float, hi: float):
    """A number option's callback that refuses nan and infinity by name.

    The range check typer does itself reports nan as "more than" its upper bound.
    """

    def check(value: float | None) -> float | None:
        if value is not None and not (math.isfinite(value) and lo <= value <= hi):
            raise typer.BadParameter(f"{value} is not a number between {lo:g} and {hi:g}")
        return value

    check.bounds = (lo, hi)  # for the help's test: each option states its range
    return check


def tls_files(scheduler: str | None, ca: Path | None, cert: Path | None, key: Path | None):
    """The TLS files of a tls:// scheduler: none, or a CA and a certificate (and a key)."""
    from votebank.ensemble.security import TlsFiles, check_scheduler

    given = {"--tls-ca-file": ca, "--tls-cert": cert, "--tls-key": key}
    if not any(given.values()):
        if scheduler:
            check_scheduler(scheduler, None)
        return None
    lacking = [name for name in ("--tls-ca-file", "--tls-cert") if given[name] is None]
    if lacking or not scheduler:
        needs = "a tls:// --scheduler" if not scheduler else ", ".join(lacking)
        shown = ", ".join(f"{k} {v}" for k, v in given.items() if v)
        raise InputError([Problem(" ".join(lacking) or "--scheduler", "", shown, f"needs {needs}")])
    tls = TlsFiles(ca, cert, key)
    check_scheduler(scheduler, tls)
    return tls


def file_option(name: str, kind: str, help: str):
    """An option naming a file to write: a value ending in a slash (a folder) is refused."""
    return typer.Option(name, parser=file_path(name, kind), metavar="<path>", help=help)

"""The built-in scenarios, listed without validating them.

``votebank scenarios`` and ``votebank --help`` must start fast, so this module reads only the
TOML files and counts CSV rows: no pandas, no pydantic, no engine. ``load_scenario`` is the
place that validates; a test holds this listing to what it loads.
"""

from __future__ import annotations

import csv
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

SCENARIO_FILE = "scenario.toml"
# The schema's defaults for the two fields listed (scenario/schema.py, Meta).
DEFAULT_TITLE = ""
DEFAULT_RUNS = 1


# The smallest default ensemble of `votebank run`, by the scenario's size: enough runs that the
# first screen shows intervals and probabilities, not one run's numbers read as a forecast. A
# national run takes about a second, a case study of a few seats milliseconds: it gets more.
SMALL_SCENARIO_SEATS = 10
DEFAULT_RUNS_SMALL = 100
DEFAULT_RUNS_NATIONAL = 20


def default_runs(seats: int, scenario_runs: int) -> int:
    """Runs of ``votebank run`` without ``--runs``: the scenario's, but never a lone run."""
    floor = DEFAULT_RUNS_SMALL if seats <= SMALL_SCENARIO_SEATS else DEFAULT_RUNS_NATIONAL
    return max(scenario_runs, floor)


@dataclass(frozen=True)
class Entry:
    """One built-in scenario as listed: name, title, seats and the runs its file asks for."""

    name: str
    title: str
    seats: int
    runs: int

    @property
    def default_runs(self) -> int:
        """Runs of ``votebank run NAME`` without ``--runs``."""
        return default_runs(self.seats, self.runs)


def builtin_dir() -> Path:
    """Return the folder that holds the built-in scenarios."""
    return Path(str(resources.files("votebank") / "scenarios"))


def builtin_names() -> list[str]:
    """Return the names of the built-in scenarios."""
    return sorted(p.parent.name for p in builtin_dir().glob(f"*/{SCENARIO_FILE}"))


def shown_file(where: str | Path) -> str:
    """How a message names a scenario's TOML file, when loading it and after.

    A folder is named as ``FOLDER/scenario.toml`` and a built-in by its name, also where only
    its installed file is known (a loaded scenario's ``source``): errors raised after loading
    named it by its install path. Anything else is named as given.
    """
    path = Path(where)
    if path.is_dir():
        path = path / SCENARIO_FILE
    installed = builtin_dir() / path.parent.name / SCENARIO_FILE
    if path.name == SCENARIO_FILE and path.is_file() and path.resolve() == installed.resolve():
        return path.parent.name
    return str(path) if Path(where).is_dir() else str(where)


def shown_table(shown: str, toml: Path, table: str) -> str:
    """How a message names a scenario's table: beside its TOML file as messages name that.

    ``myscenario/seats.csv``, not ``seats.csv``, which a user with several scenario folders
    cannot place; a built-in's, under its name (``tiny/constituencies.csv``).

    Args:
        shown: The TOML file as :func:`shown_file` names it.
        toml: The TOML file read.
        table: The table's path as ``[tables]`` gives it (relative to the TOML's folder).
    """
    named = Path(shown)
    # A built-in is named by its folder's name, any other scenario by its TOML file.
    folder = named.parent if named.name == toml.name else named
    return str(folder / table)


def entry(name: str) -> Entry:
    """List one built-in scenario from its TOML file and the row count of its seats table."""
    path = builtin_dir() / name / SCENARIO_FILE
    raw = _head_tables(path.read_text(encoding="utf-8"))
    meta = raw.get("scenario", {})
    with (path.parent / raw["tables"]["constituencies"]).open(encoding="utf-8", newline="") as f:
        seats = sum(1 for _ in csv.DictReader(f))
    return Entry(name, meta.get("title", DEFAULT_TITLE), seats, int(meta.get("runs", DEFAULT_RUNS)))


def _head_tables(text: str) -> dict:
    """The ``[scenario]`` and ``[tables]`` tables only.

    A national file's parameters and parties take most of the parse time; the whole file is
    parsed if the cut fails.
    """
    keep, kept = False, []
    for line in text.splitlines():
        if line.startswith("["):
            keep = line.strip() in ("[scenario]", "[tables]")
        if keep:
            kept.append(line)
    try:
        raw = tomllib.loads("\n".join(kept))
    except tomllib.TOMLDecodeError:
        raw = {}
    if "constituencies" not in raw.get("tables", {}):
        raw = tomllib.loads(text)
    return raw


def catalogue() -> list[Entry]:
    """Every built-in scenario, by name."""
    return [entry(name) for name in builtin_names()]

"""The command line starts light: heavy modules are imported only by commands that run."""

import inspect
import os
import subprocess
import sys
from importlib import import_module
from pathlib import Path

import pytest
from typer.testing import CliRunner

from votebank.cli import COMMANDS, app
from votebank.scenario.catalogue import catalogue
from votebank.scenario.load import load_scenario
from votebank.version import __version__

SRC = Path(__file__).resolve().parents[2] / "src"
HEAVY = ("numpy", "pandas", "numba", "duckdb", "dask", "distributed", "scipy", "pydantic")


def imported_by(code: str) -> list[str]:
    """Heavy modules in sys.modules after running ``code`` in a fresh interpreter."""
    listed = f"','.join(m for m in {HEAVY!r} if m in sys.modules)"
    probe = f"{code}\nimport sys\nprint('HEAVY:' + {listed})"
    out = subprocess.run(
        [sys.executable, "-c", probe],
        env={**os.environ, "PYTHONPATH": str(SRC)},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    found = out.rsplit("HEAVY:", 1)[1].strip()
    return found.split(",") if found else []


def test_importing_the_cli_imports_nothing_heavy():
    assert imported_by("import votebank.cli") == []


@pytest.mark.parametrize("argv", [["--help"], ["--version"], ["scenarios"]])
def test_light_commands_import_nothing_heavy(argv):
    code = (
        "import sys\n"
        f"sys.argv = ['votebank', *{argv!r}]\n"
        "from votebank.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass"
    )
    assert imported_by(code) == []


def test_version():
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output.strip() == f"votebank {__version__}"


def test_help_lists_every_command_with_its_own_first_line():
    result = CliRunner().invoke(app, ["--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "--version" in result.output
    for name, (target, short) in COMMANDS.items():
        module, function = target.split(":")
        doc = inspect.getdoc(getattr(import_module(module), function))
        assert doc.splitlines()[0] == short, name
        assert name in result.output


def test_a_lazy_command_runs_and_shows_its_own_help():
    result = CliRunner().invoke(app, ["validate", "--help"], env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    assert "Check a scenario" in result.output
    assert CliRunner().invoke(app, ["validate", "tiny"]).exit_code == 0


def test_unknown_command_fails():
    assert CliRunner().invoke(app, ["no-such-command"]).exit_code == 2


def test_the_catalogue_lists_what_load_scenario_reads():
    for e in catalogue():
        sc = load_scenario(e.name)
        assert (e.title, e.seats, e.runs) == (
            sc.spec.scenario.title,
            len(sc.constituencies),
            sc.spec.scenario.runs,
        )

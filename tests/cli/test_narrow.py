"""At 80 columns every table keeps whole headings; raw field names never reach the screen."""

import itertools
import re

import pytest
from rich.cells import cell_len
from typer.testing import CliRunner

from votebank.cli import app
from votebank.terminal import Column, fitted_table

ENV = {"COLUMNS": "80"}
# Field names of the frames (snake case) that must appear only as human headings.
RAW = re.compile(r"\b[a-z]+_[a-z_]+\b")


def check_narrow(text: str, path: object = None) -> None:
    """No line past 80 columns, but one naming ``path``: paths print whole, for scripts."""
    assert "…" not in text, text
    lines = [line for line in text.splitlines() if path is None or str(path) not in line]
    wide = [line for line in lines if cell_len(line) > 80]
    assert wide == [], "\n".join(wide)


def test_fitted_table_drops_low_priority_columns_and_says_so():
    cols = [
        Column("Party", ["PPP"], right=False),
        Column("Seats", ["1"]),
        Column("A long heading", ["x" * 30], priority=1),
        Column("Another", ["y" * 30], priority=2),
    ]
    table = fitted_table("t", cols, width=50)
    assert [c.header for c in table.columns] == ["Party", "Seats", "A long heading"]
    assert "not shown at this width: Another" in table.caption
    assert len(fitted_table("t", cols, width=200).columns) == 4


@pytest.fixture(scope="module")
def tiny_out(tmp_path_factory):
    out = tmp_path_factory.mktemp("narrow")
    result = CliRunner().invoke(app, ["run", "tiny", "--runs", "5", "--out", str(out)], env=ENV)
    assert result.exit_code == 0, result.output
    return out, result.output


def test_run_at_80_columns(tiny_out):
    out, text = tiny_out
    check_narrow(text, out)
    assert "5 runs" in text
    for head in ("P(majority)", "P(largest)", "5–95%", "Challenger", "Candidate"):
        assert head in text


def test_summary_of_one_run_shows_no_interval(tmp_path):
    args = ["run", "tiny", "--runs", "1", "--out", str(tmp_path)]
    text = CliRunner().invoke(app, args, env=ENV).output
    check_narrow(text, tmp_path)
    assert "one run" in text
    assert "5–95%" not in text
    assert "P(majority)" not in text


def test_default_run_is_an_ensemble(tmp_path):
    result = CliRunner().invoke(app, ["run", "tiny", "--out", str(tmp_path)], env=ENV)
    assert result.exit_code == 0, result.output
    assert "100 runs" in result.output


def test_compare_at_80_columns_has_human_headings():
    args = ["compare", "na184-2008", "na184-2008-no-switch", "--runs", "3"]
    result = CliRunner().invoke(app, args, env=ENV)
    assert result.exit_code == 0, result.output
    check_narrow(result.output)
    assert "P(winner changes)" in result.output
    assert RAW.findall(result.output) == []


def test_steps_at_80_columns():
    result = CliRunner().invoke(app, ["steps", "tiny"], env=ENV)
    assert result.exit_code == 0, result.output
    check_narrow(result.output)


@pytest.mark.slow
def test_backtest_at_80_columns_keeps_the_issue_targets_and_says_what_it_dropped():
    # A pair fitted on one earlier pair: the six of UK 2015 cost CI two minutes for no more width.
    args = ["backtest", "uk:1974-10-10", "uk:1979", "--given", "national", "--runs", "20"]
    result = CliRunner().invoke(app, args, env=ENV)
    assert result.exit_code == 0, result.output
    check_narrow(result.output)
    text = " ".join(result.output.split())
    header = [line for line in result.output.splitlines() if "┃" in line]
    words = {w for line in header for w in line.replace("┃", " ").split()}
    assert {"winners", "expected", "top", "shares"} <= words  # the issue's targets kept
    assert "not shown at this width: log score" in text


@pytest.mark.parametrize("command", ["organisations", "synth", "forensics"])
def test_help_paragraphs_wrap_at_the_terminal_not_at_the_source_lines(command):
    # Typer kept the docstring's line breaks: each 100-column source line wrapped again at 80,
    # leaving a line of a word or two after it.
    text = CliRunner().invoke(app, [command, "--help"], env=ENV).output
    prose = [
        line.strip()
        for line in text.splitlines()
        if line.startswith(" ") and not line.lstrip().startswith(("│", "╭", "╰", "Usage", "*", "-"))
    ]
    short = [a for a, b in itertools.pairwise(prose) if a and b and cell_len(a) < 40]
    assert short == [], short


def test_a_path_longer_than_the_terminal_is_named_whole_in_an_error(tmp_path, capsys, monkeypatch):
    # The error was wrapped at the terminal's width, and a path longer than it was cut in two
    # by a newline: copied from the screen, it named no file.
    from votebank.cli import main

    deep = tmp_path / ("a-long-folder-name-" * 5) / "scenario.toml"
    monkeypatch.setenv("COLUMNS", "80")
    with pytest.raises(SystemExit):
        main(["run", str(deep)])
    lines = capsys.readouterr().err.splitlines()
    assert any(str(deep) in line for line in lines), lines


def test_every_commands_help_names_every_option_whole_at_80_columns():
    # Rich squeezed the option-name column to the width of the help column at 80 columns and
    # cut --parameter-uncertainty, --target-election and --scotland-apart with an ellipsis.
    from votebank.cli import COMMANDS, load_command

    cut = {}
    for name in ["scenarios", *COMMANDS]:
        text = CliRunner().invoke(app, [name, "--help"], env=ENV).output
        params = load_command(name).params if name in COMMANDS else []
        names = [o for p in params for o in (*p.opts, *p.secondary_opts) if o.startswith("--")]
        missing = [o for o in names if not re.search(re.escape(o) + r"(?![\w-])", text)]
        if missing or re.search(r"--[a-z-]*…", text):
            cut[name] = missing
    assert cut == {}


def test_no_commands_help_cuts_a_word_of_its_options_help_at_80_columns():
    # A word longer than the help column was cut with an ellipsis: run's table
    # "parameter_uncertai…", seats' default "votebank-out/seats-map.…", compare's example.
    from votebank.cli import COMMANDS

    cut = {}
    for name in ["scenarios", *COMMANDS]:
        text = CliRunner().invoke(app, [name, "--help"], env=ENV).output
        lines = [line for line in text.splitlines() if "…" in line]
        if lines:
            cut[name] = lines
    assert cut == {}

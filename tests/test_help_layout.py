"""A stray word where a command reads its folder from --out is told to write --out."""

import pytest
from typer.testing import CliRunner

from votebank.cli import app

ENV = {"COLUMNS": "200"}


@pytest.mark.parametrize("command", ["summary", "report", "export", "plans", "forensics-run"])
def test_a_folder_given_as_an_argument_is_told_to_use_out(command):
    # `votebank report votebank-out` got only click's "Got unexpected extra argument(s)".
    result = CliRunner().invoke(app, [command, "my-out"], env=ENV)
    assert result.exit_code == 2
    assert f"votebank {command} --out my-out" in result.output


def test_no_hint_where_out_is_given_or_the_command_takes_arguments():
    given = CliRunner().invoke(app, ["report", "--out", "x", "y"], env=ENV)
    positional = CliRunner().invoke(app, ["run", "tiny", "extra"], env=ENV)
    for result in (given, positional):
        assert result.exit_code == 2
        assert "unexpected extra argument" in result.output
        assert "a folder is given as --out" not in result.output

"""`votebank steps` prints every step with what it reads, writes and draws, and which are on."""

from typer.testing import CliRunner

from votebank.cli import app
from votebank.mechanisms.registry import STEPS


def test_steps_lists_every_step_with_its_declarations():
    result = CliRunner().invoke(app, ["steps", "copeland-2017"], env={"COLUMNS": "250"})
    assert result.exit_code == 0, result.output
    for step in STEPS:
        assert step.name in result.output
    assert "vote.route" in result.output  # a stream the vote draws
    assert "seat_votes" in result.output  # a column the count writes
    lines = {
        line.split("│")[2].strip(): line
        for line in result.output.splitlines()
        if "│" in line and line.split("│")[1].strip().isdigit()
    }
    assert "yes" in lines["canvass"]
    assert "yes" not in lines["biradari"]
    assert "[dim]" not in result.output  # markup is styling, not text

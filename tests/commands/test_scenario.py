"""votebank validate and votebank steps, as a user runs them."""

from __future__ import annotations

import pytest

import votebank as vb
from tests.hostile.helpers import assert_user_error, main


def test_validate_counts_one_constituency_in_the_singular(monkeypatch, capsys):
    # "1 constituencies" was printed for a one-seat scenario.
    code, out, err = main(["validate", "copeland-2017"], monkeypatch, capsys)
    assert code == 0, err
    assert "1 constituency, 7 candidates;" in out


def test_validate_counts_many_constituencies_in_the_plural(monkeypatch, capsys):
    code, out, err = main(["validate", "tiny"], monkeypatch, capsys)
    assert code == 0, err
    assert "3 constituencies, " in out


@pytest.mark.parametrize("command", ["validate", "steps"])
@pytest.mark.parametrize("given", ["", "  "])
def test_an_empty_scenario_is_refused_by_the_arguments_name(command, given, monkeypatch, capsys):
    # The error named the Python argument: "where: give a built-in scenario's name...".
    code, out, err = main([command, given], monkeypatch, capsys)
    assert_user_error(code, out, err, "scenario: an empty name", f"(got {given!r})")
    assert "where" not in err


def test_validate_of_an_empty_name_reads_nothing_here(tmp_path, monkeypatch, capsys):
    # The empty name was the current folder, whose unrelated organisations.toml was checked.
    (tmp_path / "organisations.toml").write_text("[[organisation]]\nname = 3\n")
    monkeypatch.chdir(tmp_path)
    code, out, err = main(["validate", ""], monkeypatch, capsys)
    assert_user_error(code, out, err, "1 problem found")
    assert "organisations.toml" not in err


def test_steps_values_shows_each_parameter_in_use_beside_its_default(monkeypatch, capsys):
    # The values a run uses could be read only in the TOML or from Python.
    from votebank import terminal

    monkeypatch.setattr(terminal.console, "_width", 200)
    code, out, err = main(["steps", "na184-2008", "--values"], monkeypatch, capsys)
    assert code == 0, err
    table = out[out.index("Values of") :].splitlines()
    rows = {tuple(c.strip() for c in line.split("│")[1:3]): line for line in table if "│" in line}
    assert "│ 0.35 " in rows[("landlords", "estate_share")]  # set in the scenario
    assert rows[("landlords", "estate_share")].rstrip(" │").endswith("0.3")  # its default
    assert rows[("biradari", "cohesion")].rstrip(" │").endswith("=")  # the default itself
    assert '["PML-Q"]' in rows[("switching", "punished_parties")]
    # Each seat's row gives its own threat: the national value is shown as never read.
    assert "(not read: every seat gives its own threat" in rows[("fear", "threat")]
    off = [n for n, p in vb.load_scenario("na184-2008").spec.mechanisms if not p.enabled]
    assert "swing" in off
    assert not [key for key in rows if key[0] in off]  # a mechanism off has no rows
    code, out, err = main(["steps", "na184-2008"], monkeypatch, capsys)
    assert "Values of" not in out  # only when asked

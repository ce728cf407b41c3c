"""``votebank run``'s declared counterfactuals run where the main ensemble runs."""

from __future__ import annotations

import json

from tests.hostile.helpers import main, tiny_copy
from votebank.commands import compare as compare_command

WHAT_IF = """
[[scenario.counterfactuals]]
name = "no stuffing"
set = { "mechanisms.stuffing.enabled" = false }
"""


def test_counterfactuals_run_on_the_workers_asked_for_with_the_same_figures(
    tmp_path, monkeypatch, capsys
):
    # They ran in this process whatever --workers or --scheduler said.
    folder = tiny_copy(tmp_path)
    toml = folder / "scenario.toml"
    text = toml.read_text(encoding="utf-8").replace("[tables]", WHAT_IF + "\n[tables]", 1)
    toml.write_text(text, encoding="utf-8")
    real, clients = compare_command.compare_checked, []

    def spy(*args, **kwargs):
        clients.append(kwargs.get("client"))
        return real(*args, **kwargs)

    monkeypatch.setattr(compare_command, "compare_checked", spy)
    rows = {}
    for workers in ("1", "2"):
        out = tmp_path / f"w{workers}"
        argv = ["run", str(folder), "--runs", "4", "--workers", workers, "--out", str(out)]
        code, _, err = main(argv, monkeypatch, capsys)
        assert code == 0, err
        rows[workers] = json.loads((out / "counterfactuals.json").read_text())["rows"]
    assert clients[0] is None
    assert clients[1] is not None
    assert rows["1"] == rows["2"]


def test_a_counterfactual_that_changes_no_run_is_noted_in_a_line(tmp_path, monkeypatch, capsys):
    # Every seat of tiny gives its turnout: "lower base" printed zeros (and, once compare
    # warned, Python's warning with votebank's file and line).
    folder = tiny_copy(tmp_path)
    toml = folder / "scenario.toml"
    what_if = WHAT_IF.replace("no stuffing", "lower base").replace(
        '"mechanisms.stuffing.enabled" = false', '"turnout.base" = 0.3'
    )
    toml.write_text(
        toml.read_text(encoding="utf-8").replace("[tables]", what_if + "\n[tables]", 1),
        encoding="utf-8",
    )
    argv = ["run", str(folder), "--runs", "2", "--out", str(tmp_path / "out")]
    code, _, err = main(argv, monkeypatch, capsys)
    assert code == 0, err
    flat = " ".join(err.split())
    assert "Note: what if 'lower base': every run of B drew A's: turnout.base" in flat
    assert "UserWarning" not in err

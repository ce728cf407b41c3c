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

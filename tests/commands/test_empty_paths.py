"""A path option given an empty value is refused, not read as the current folder."""

from __future__ import annotations

import pytest

from tests.hostile.helpers import main
from tests.report import synthetic_store
from votebank.cli import COMMANDS, command_function
from votebank.commands.empty_paths import path_options


def test_every_commands_path_options_are_found():
    found = {name: path_options(command_function(name)) for name in COMMANDS}
    assert {"--out", "--to"} <= found["export"]
    assert {"--out", "--to"} <= found["report"]
    assert "--out" in found["run"]
    assert "--scheduler" not in found["run"]  # text, not a path


@pytest.mark.parametrize("given", [["--to", ""], ["--to="]])
def test_an_empty_to_is_refused_and_nothing_is_written_here(given, tmp_path, monkeypatch, capsys):
    # `export --to ""` exported into the current folder, and removed the files of an earlier
    # export there that this one did not write.
    store = tmp_path / "store"
    store.mkdir()
    synthetic_store(store, 2)
    here = tmp_path / "here"
    here.mkdir()
    (here / "deciding_routes.parquet").write_text("an earlier export's")
    monkeypatch.chdir(here)
    code, _, err = main(["export", "--out", str(store), *given], monkeypatch, capsys)
    assert code == 2, err
    assert "--to: an empty path" in " ".join(err.split())
    assert sorted(p.name for p in here.iterdir()) == ["deciding_routes.parquet"]

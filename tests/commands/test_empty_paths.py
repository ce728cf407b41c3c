"""A path option given an empty value is refused, not read as the current folder."""

from __future__ import annotations

import pytest

from tests.hostile.helpers import main
from tests.report import synthetic_store
from votebank.cli import COMMANDS, command_function
from votebank.commands.empty_paths import path_parameters


def test_every_commands_path_options_are_found():
    found = {name: set(path_parameters(command_function(name)).values()) for name in COMMANDS}
    assert {"--out", "--to"} <= found["export"]
    assert {"--out", "--to"} <= found["report"]
    assert "--out" in found["run"]
    assert "--scheduler" not in found["run"]  # text, not a path
    assert "out" in found["synth"]  # an argument


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


def test_path_options_given_as_defaults_are_found():
    # The forensics commands declare their paths as `out: Path = typer.Option(...)`, not in
    # Annotated; their empty --out was read as the current folder.
    assert {"--out", "--flagged-stations"} <= set(
        path_parameters(command_function("forensics")).values()
    )
    assert {"--out", "--to"} <= set(path_parameters(command_function("forensics-run")).values())
    assert "--out" in set(path_parameters(command_function("forensics-power")).values())
    assert "--leader" not in set(path_parameters(command_function("forensics")).values())


@pytest.mark.parametrize("given", [["--out", ""], ["--out="], ["--flagged-stations="]])
def test_an_empty_forensics_path_is_refused_and_nothing_is_written_here(
    given, tmp_path, monkeypatch, capsys
):
    table = tmp_path / "results.csv"
    rows = [f"{500 + i},{300 + i},{150 + i},{100 + i}" for i in range(60)]
    table.write_text("registered,ballots,A,B\n" + "\n".join(rows) + "\n")
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    argv = ["forensics", str(table), "--registered", "registered", "--ballots", "ballots"]
    argv += ["--others", "A,B", "--bootstrap", "0", *given]
    code, _, err = main(argv, monkeypatch, capsys)
    assert code == 2, err
    assert f"{given[0].rstrip('=')}: an empty path" in " ".join(err.split())
    assert list(here.iterdir()) == []


@pytest.mark.parametrize(
    ("argv", "shown"),
    [
        (["synth", "", "--seats", "2", "--registered", "10", "--stations", "2"], "out"),
        (["forensics", "", "--registered", "r", "--ballots", "b", "--others", "A"], "input"),
    ],
)
def test_an_empty_path_argument_is_refused_and_nothing_is_written_here(
    argv, shown, tmp_path, monkeypatch, capsys
):
    # `synth "$DIR"` with DIR unset wrote a scenario into the current folder; `forensics ""`
    # said ".: not a file".
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    code, _, err = main(argv, monkeypatch, capsys)
    assert code == 2, err
    assert f"{shown}: an empty path" in " ".join(err.split())
    assert list(here.iterdir()) == []


@pytest.mark.parametrize(
    ("argv", "shown"),
    [
        (["run", ""], "scenario"),
        (["compare", "tiny", ""], "b"),
        (["organisations", ""], "scenario"),
        (["explain", "NA-184", "--scenario", ""], "--scenario"),
    ],
)
def test_an_empty_scenario_is_named_by_the_commands_own_argument(
    argv, shown, tmp_path, monkeypatch, capsys
):
    # It was named by load_scenario's Python argument: "where: give a built-in scenario's ...".
    monkeypatch.chdir(tmp_path)
    code, _, err = main(argv, monkeypatch, capsys)
    assert code == 2, err
    said = " ".join(err.split())
    assert f"{shown}: an empty name: give a built-in scenario's name" in said
    assert "where:" not in said
    assert list(tmp_path.iterdir()) == []


def test_an_option_named_apart_from_its_parameter_is_named_as_typed(tmp_path, monkeypatch, capsys):
    # `seats --map ""` was refused as "--map-file: an empty path", an option that does not
    # exist: the name was made from the parameter (map_file), not the option's own "--map".
    assert "--map" in set(path_parameters(command_function("seats")).values())
    monkeypatch.chdir(tmp_path)
    argv = ["seats", "copeland-2017", "--shares", "Lab=40", "--runs", "2", "--map", ""]
    code, _, err = main(argv, monkeypatch, capsys)
    assert code == 2, err
    err = " ".join(err.split())
    assert "--map: an empty path" in err
    assert "--map-file" not in err

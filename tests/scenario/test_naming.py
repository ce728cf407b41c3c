"""A folder here named like a built-in scenario: read as the folder, and the CLI says so."""

from __future__ import annotations

import pytest

import votebank as vb
from tests.hostile.helpers import main
from votebank.scenario.catalogue import builtin_dir


def flat(text: str) -> str:
    """Text as one line, however the terminal wrapped it."""
    return " ".join(text.split())


SMALL = ["--seats", "2", "--registered", "2000", "--stations", "2", "--mechanisms", ""]


@pytest.fixture
def here(tmp_path, monkeypatch, capsys):
    """A working folder holding a synthetic scenario folder named ``tiny``, like the built-in."""
    monkeypatch.chdir(tmp_path)
    code, _, said = main(["synth", "tiny", *SMALL], monkeypatch, capsys)
    assert code == 0
    return flat(said)


def test_synth_says_its_folder_is_named_like_a_built_in_and_how_to_get_the_built_in(here):
    # It wrote ./tiny and said "run it with: votebank run tiny", and nothing of the built-in
    # that the name now no longer reads from here.
    assert "the folder 'tiny' is named like the built-in scenario 'tiny'" in here
    assert flat(str(builtin_dir() / "tiny")) in here


def test_a_folder_named_like_a_built_in_is_read_and_said_once_on_stderr(here, monkeypatch, capsys):
    # validate-against reads the name twice (the scenario, and the results it holds).
    code, out, err = main(["validate-against", "tiny", "tiny", "--runs", "2"], monkeypatch, capsys)
    assert code == 2  # synth writes no actual_votes: refused, after both were read
    said = flat(err)
    assert said.count("note: 'tiny' is the folder './tiny' here, not the built-in") == 1
    assert flat(str(builtin_dir() / "tiny")) in said
    assert "note" not in out


def test_the_folder_named_by_its_path_or_another_name_says_nothing(here, monkeypatch, capsys):
    for name in ("./tiny", "na184-2008"):
        code, _, err = main(["validate", name], monkeypatch, capsys)
        assert code == 0
        assert "note" not in err


def test_load_scenario_from_python_reads_the_folder_and_prints_nothing(here, capsys):
    sc = vb.load_scenario("tiny")
    assert len(sc.constituencies) == 2  # the folder's two seats, not the built-in's three
    assert capsys.readouterr() == ("", "")


def test_synth_says_so_for_a_folder_here_given_by_its_whole_path(tmp_path, monkeypatch, capsys):
    # Before, only OUT spelt "tiny" was noted: /abs/path/tiny wrote the same folder here,
    # which "tiny" then read, without a word; a folder elsewhere hides nothing from here.
    monkeypatch.chdir(tmp_path)
    code, _, said = main(["synth", str(tmp_path / "tiny"), *SMALL], monkeypatch, capsys)
    assert code == 0
    assert "the folder 'tiny' is named like the built-in scenario 'tiny'" in flat(said)
    code, _, said = main(["synth", "sub/tiny", *SMALL], monkeypatch, capsys)
    assert code == 0
    assert "note" not in said


def test_a_folder_without_a_scenario_is_named_as_a_folder_not_a_missing_built_in(tmp_path):
    # "no such file, and no built-in scenario of that name", though the folder was there.
    with pytest.raises(vb.InputError) as err:
        vb.load_scenario(tmp_path)
    (problem,) = err.value.problems
    assert problem.message == "this folder holds no scenario.toml: give the folder of a scenario"
    with pytest.raises(vb.InputError) as err:
        vb.load_scenario(tmp_path / "nowhere")
    assert "no built-in scenario of that name" in err.value.problems[0].message

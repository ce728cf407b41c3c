"""load_scenario names what it was given when that is no name or path."""

import shutil

import pytest

import votebank as vb
from votebank.errors import InputError
from votebank.scenario.catalogue import builtin_dir


@pytest.mark.parametrize("where", [None, 5, b"tiny", ["tiny"], "", "  "])
def test_a_value_that_is_no_name_or_path_is_refused(where):
    with pytest.raises(InputError) as exc:
        vb.load_scenario(where)
    assert [(p.file, p.value) for p in exc.value.problems] == [("where", repr(where))]


def test_a_folder_under_home_is_found_from_python(tmp_path, monkeypatch):
    # A shell expands ~ before the command line sees it; a notebook's string is not expanded.
    shutil.copytree(builtin_dir() / "tiny", tmp_path / "my-scenario")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert vb.load_scenario("~/my-scenario").name == vb.load_scenario("tiny").name


@pytest.mark.parametrize("where", ["uk:1987", "pakistan:2008-02-18"])
def test_real_results_named_as_backtest_takes_them_are_said_to_be_no_scenario(
    where, tmp_path, monkeypatch
):
    # `votebank seats uk:1987` said "no such file, and no built-in scenario of that name".
    monkeypatch.chdir(tmp_path)
    with pytest.raises(InputError) as exc:
        vb.load_scenario(where)
    (problem,) = exc.value.problems
    assert "names an election's real results" in problem.message
    assert "votebank backtest" in problem.message


def test_a_results_table_given_as_a_scenario_is_said_to_be_a_table(tmp_path):
    # A results CSV was "not valid TOML: Expected '=' after a key", as if a TOML file were broken.
    f = tmp_path / "results.csv"
    f.write_text("election_date,constituency_id,party,votes\n1987-06-11,S1,Con,100\n")
    with pytest.raises(InputError, match="a table, not a scenario's TOML file"):
        vb.load_scenario(f)


@pytest.mark.parametrize("typed", ["TINY", " tiny ", "tiny/"])
def test_a_built_in_name_typed_otherwise_is_told_how_it_is_written(typed):
    # Each was told "no built-in scenario of that name" and given the list of eleven.
    with pytest.raises(InputError) as exc:
        vb.load_scenario(typed)
    assert "the built-in scenario is written 'tiny'" in exc.value.problems[0].message

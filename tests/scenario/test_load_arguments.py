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

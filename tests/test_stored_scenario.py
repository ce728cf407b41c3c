"""A stored ensemble's scenario is found again by its name and hash, past a folder named alike."""

import shutil

import pytest

import votebank as vb
from votebank.errors import InputError
from votebank.scenario.naming import builtin_folder
from votebank.stored_scenario import scenario_run_on


def _shadow(folder, edit: bool):
    """A folder ./tiny: a copy of the built-in, edited (another hash) or not."""
    shutil.copytree(builtin_folder("tiny"), folder / "tiny")
    if edit:
        toml = folder / "tiny" / "scenario.toml"
        toml.write_text(toml.read_text(encoding="utf-8").replace("seed = ", "seed = 1"))
    return vb.load_scenario(folder / "tiny")


def test_a_folder_named_like_the_builtin_it_ran_does_not_hide_it(tmp_path, monkeypatch):
    # explain --all beside an edited ./tiny refused an ensemble of the built-in tiny
    # ("run on another version of it"), or failed where ./tiny held no scenario at all.
    digest = vb.load_scenario("tiny").digest
    local = _shadow(tmp_path, edit=True)
    assert local.digest != digest
    monkeypatch.chdir(tmp_path)
    assert scenario_run_on("tiny", digest, "e1", None).digest == digest
    shutil.rmtree(tmp_path / "tiny")
    (tmp_path / "tiny").mkdir()  # a folder of something else
    assert scenario_run_on("tiny", digest, "e1", None).digest == digest


def test_an_ensemble_of_the_folder_here_is_explained_on_that_folder(tmp_path, monkeypatch):
    local = _shadow(tmp_path, edit=True)
    monkeypatch.chdir(tmp_path)
    assert scenario_run_on("tiny", local.digest, "e1", None).digest == local.digest


def test_a_scenario_given_is_taken_as_given_and_refused_if_not_what_ran(tmp_path, monkeypatch):
    digest = vb.load_scenario("tiny").digest
    _shadow(tmp_path, edit=True)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(InputError, match=f"run on another version of it \\(hash {digest[:12]}"):
        scenario_run_on("tiny", digest, "e1", "tiny")  # --scenario tiny: the folder, as ever
    with pytest.raises(InputError, match="not a built-in scenario: give its folder"):
        scenario_run_on("my-own", digest, "e1", None)


def test_a_scenario_found_by_its_name_is_not_blamed_on_a_scenario_option_never_given():
    # A copy of tiny, edited but not renamed, was run: explain --all found the built-in tiny
    # by the stored name and said "--scenario: ... (got tiny)", though no --scenario was given.
    with pytest.raises(InputError) as exc:
        scenario_run_on("tiny", "0" * 64, "e1", None)
    (problem,) = exc.value.problems
    assert problem.file == "ensemble e1"
    assert "--scenario:" not in str(exc.value)
    assert str(vb.load_scenario("tiny").source) in problem.message
    assert "another version of it" in problem.message
    assert problem.message.endswith("with --scenario")

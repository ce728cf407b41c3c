"""A --resume refused for an edited scenario says what changed, not only that the hash did.

A hash alone sent the user looking for an edit that may be none: an ensemble run with
--parameter-uncertainty differs from the same command without it only in one setting.
"""

from __future__ import annotations

from tests.ensemble.test_resume import asked_for, held
from tests.hostile.helpers import assert_user_error, main, tiny_copy
from votebank.ensemble.runner import EnsembleRequest, run_ensemble
from votebank.run.uncertainty import with_parameter_draws
from votebank.scenario.load import load_scenario


def stopped_folder(tmp_path):
    folder, out = tiny_copy(tmp_path), tmp_path / "out"
    toml = folder / "scenario.toml"
    sds = 'parameter_uncertainty = { "mechanisms.biradari.cohesion" = 0.05 }\n'
    toml.write_text(toml.read_text().replace("runs = 20\n", "runs = 20\n" + sds, 1))
    path = out / "votebank.duckdb"
    sc = with_parameter_draws(load_scenario(folder))
    eid = run_ensemble(EnsembleRequest(sc, 3, seed=3, store_path=path))
    asked_for(path, eid, 8)
    return folder, out, eid


def test_resume_without_parameter_uncertainty_says_so(tmp_path, monkeypatch, capsys):
    folder, out, eid = stopped_folder(tmp_path)
    before = held(out / "votebank.duckdb")
    argv = ["run", str(folder), "--runs", "8", "--seed", "3", "--out", str(out), "--resume"]
    code, text, err = main(argv, monkeypatch, capsys)
    assert_user_error(code, text, err, eid, "the scenario has changed since")
    assert_user_error(code, text, err, "scenario.draw_parameters was true, now false")
    assert_user_error(code, text, err, "--parameter-uncertainty sets it")
    assert held(out / "votebank.duckdb") == before
    code, _, err = main([*argv, "--parameter-uncertainty"], monkeypatch, capsys)
    assert code == 0, err
    assert held(out / "votebank.duckdb")[0] == [[eid, "3", 8, 8]]


def test_resume_of_an_edited_file_names_the_fields_that_changed(tmp_path, monkeypatch, capsys):
    folder, out, eid = stopped_folder(tmp_path)
    toml = folder / "scenario.toml"
    toml.write_text(toml.read_text().replace("cohesion = 0.8", "cohesion = 0.7", 1))
    argv = ["run", str(folder), "--runs", "8", "--seed", "3", "--out", str(out), "--resume"]
    code, text, err = main([*argv, "--parameter-uncertainty"], monkeypatch, capsys)
    assert_user_error(code, text, err, eid, "mechanisms.biradari.cohesion was 0.8, now 0.7")
    assert "draw_parameters" not in err

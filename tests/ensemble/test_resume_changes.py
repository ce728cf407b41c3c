"""A --resume refused says what differs from the stored ensemble: settings, --station-runs.

A hash alone sent the user looking for an edit that may be none: an ensemble run with
--parameter-uncertainty differs from the same command without it only in one setting.
"""

from __future__ import annotations

from tests.ensemble.test_resume import asked_for, held
from tests.hostile.helpers import assert_user_error, main, tiny_copy
from votebank.ensemble.runner import EnsembleRequest, run_ensemble
from votebank.results.store import ResultsStore
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


def test_resume_with_another_station_runs_is_refused_naming_the_one_that_fits(
    tmp_path, monkeypatch, capsys
):
    # Started with --station-runs -1 (every run's stations, for forensics), resumed with the
    # default: the runs still to make kept no station detail, in silence.
    folder, out = tiny_copy(tmp_path), tmp_path / "out"
    path = out / "votebank.duckdb"
    request = EnsembleRequest(load_scenario(folder), 7, seed=3, store_path=path, station_runs=-1)
    eid = run_ensemble(request)  # more runs than the 5 the default keeps stations of
    asked_for(path, eid, 10)
    before = held(path)
    argv = ["run", str(folder), "--runs", "10", "--seed", "3", "--out", str(out), "--resume"]
    code, text, err = main(argv, monkeypatch, capsys)
    assert_user_error(code, text, err, eid, "for 7 of its 7 stored runs", "--station-runs 5")
    assert_user_error(code, text, err, "(-1 fits the stored runs)")
    # Printed under "tiny: 10 runs (asked for; 7 stored already, 3 to run)", the refusal said
    # nothing of whether those 3 were run: it says none was, and the plan is no longer shown.
    assert "nothing was run" in err
    assert "3 to run" not in err
    assert_user_error(code, text, err, "nothing was run")
    assert held(path) == before
    code, _, err = main([*argv, "--station-runs", "-1"], monkeypatch, capsys)
    assert code == 0, err
    with ResultsStore(path, read_only=True) as store:
        has = store.query("SELECT has_stations FROM runs WHERE ensemble_id = ?", [eid])
    assert has["has_stations"].tolist() == [True] * 10

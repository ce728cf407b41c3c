"""``votebank run --resume`` and the summary of a stopped ensemble."""

from __future__ import annotations

import shutil

from tests.ensemble.test_resume import held, stopped
from tests.hostile.helpers import main, squash, tiny_copy
from votebank.report import build_report
from votebank.results.frames import FRAME_TABLES
from votebank.results.store import ResultsStore

# More than the 100 runs `run` does by default for a scenario of 3 seats.
ASKED = 110


def test_resume_without_runs_finishes_the_runs_the_stopped_ensemble_asked_for(
    tmp_path, monkeypatch, capsys
):
    # It ran the default 100, all stored already: the 10 beyond were never run, and the summary
    # asked for a --resume again.
    folder, out = tiny_copy(tmp_path), tmp_path / "out"
    eid = stopped(folder, out, seed=3, done=3, asked=ASKED)
    argv = ["run", str(folder), "--seed", "3", "--out", str(out), "--resume"]
    code, text, err = main(argv, monkeypatch, capsys)
    assert code == 0, err
    assert squash(f"{ASKED} runs (the stored ensemble's") in squash(err), err
    # It said nothing of the runs already made.
    assert squash(f"3 stored already, {ASKED - 3} to run)") in squash(err), err
    assert held(out / "votebank.duckdb") == ([[eid, "3", ASKED, ASKED]], ASKED)
    assert "runs asked for are stored" not in text


def test_summary_of_a_stopped_ensemble_says_how_many_runs_to_resume(tmp_path, monkeypatch, capsys):
    folder, out = tiny_copy(tmp_path), tmp_path / "out"
    stopped(folder, out, seed=3, done=3, asked=ASKED)
    code, text, err = main(["summary", "--out", str(out)], monkeypatch, capsys)
    assert code == 0, err
    assert squash(f"--runs {ASKED} --out {out} --resume") in squash(text), text


def test_resume_with_fewer_runs_than_are_stored_says_none_is_run(tmp_path, monkeypatch, capsys):
    # It said "3 runs (asked for)" and then summarised the 5 stored runs.
    folder, out = tiny_copy(tmp_path), tmp_path / "out"
    stopped(folder, out, seed=3, done=5, asked=ASKED)
    argv = ["run", str(folder), "--seed", "3", "--out", str(out), "--resume", "--runs", "3"]
    code, _, err = main(argv, monkeypatch, capsys)
    assert code == 0, err
    assert squash("3 runs (asked for; 5 are stored already, so none is run)") in squash(err), err


def test_resume_with_fewer_runs_does_not_say_none_is_run_when_one_below_is_missing(
    tmp_path, monkeypatch, capsys
):
    # Runs on workers finish out of order: a kill can leave runs 0-3 and 5 stored. A resume
    # with --runs 5 said "5 are stored already, so none is run", then made run 4.
    folder, out = tiny_copy(tmp_path), tmp_path / "out"
    eid = stopped(folder, out, seed=3, done=6, asked=ASKED)
    with ResultsStore(out / "votebank.duckdb") as store:
        for table in ("runs", *FRAME_TABLES):
            store.connection.execute(f"DELETE FROM {table} WHERE run_index = 4")  # noqa: S608
    argv = ["run", str(folder), "--seed", "3", "--out", str(out), "--resume", "--runs", "5"]
    code, _, err = main(argv, monkeypatch, capsys)
    assert code == 0, err
    assert squash("none is run") not in squash(err), err
    assert squash("5 are stored already, so only the 1 missing is run") in squash(err), err
    with ResultsStore(out / "votebank.duckdb", read_only=True) as store:
        assert store.done_runs(eid) == {0, 1, 2, 3, 4, 5}


def test_the_stopped_ensembles_resume_hint_gives_its_seed(tmp_path, monkeypatch, capsys):
    # Run with --seed 3 (the scenario's is 7), the hint's command left the seed out and was
    # then refused: "holds no ensemble ... with seed 7 (the scenario's)".
    folder, out = tiny_copy(tmp_path), tmp_path / "out"
    stopped(folder, out, seed=3, done=3, asked=ASKED)
    code, text, err = main(["summary", "--out", str(out)], monkeypatch, capsys)
    assert code == 0, err
    assert squash(f"--seed 3 --runs {ASKED} --out {out} --resume") in squash(text), text
    argv = ["run", str(folder), "--seed", "3", "--runs", str(ASKED), "--out", str(out)]
    code, _, err = main([*argv, "--resume"], monkeypatch, capsys)
    assert code == 0, err


def test_the_resume_hint_quotes_a_folder_with_spaces_as_a_shell_needs(
    tmp_path, monkeypatch, capsys
):
    # `--out /x/out dir --resume`, pasted, gave the shell two arguments and no store.
    folder, out = tiny_copy(tmp_path), tmp_path / "out dir"
    stopped(folder, out, seed=3, done=3, asked=ASKED)
    code, text, err = main(["summary", "--out", str(out)], monkeypatch, capsys)
    assert code == 0, err
    assert squash(f"--out '{out}' --resume") in squash(text), text


def test_resume_without_runs_finishes_fewer_runs_than_the_default_and_no_more(
    tmp_path, monkeypatch, capsys
):
    # A stopped ensemble of 8 runs, resumed without --runs, was taken to the default 100 runs
    # (92 more than it asked for) rather than finished.
    folder, out = tiny_copy(tmp_path), tmp_path / "out"
    eid = stopped(folder, out, seed=3, done=3, asked=8)
    argv = ["run", str(folder), "--seed", "3", "--out", str(out), "--resume"]
    code, _, err = main(argv, monkeypatch, capsys)
    assert code == 0, err
    assert squash("8 runs (the stored ensemble's") in squash(err), err
    assert held(out / "votebank.duckdb") == ([[eid, "3", 8, 8]], 8)


def test_resume_with_fewer_runs_than_asked_makes_them_the_ensembles_count(
    tmp_path, monkeypatch, capsys
):
    # Stopped at 3 of 110, resumed with --runs 5: the 5 were made, but the ensemble still
    # asked for 110 and its summary called it stopped, with no way to take back a --runs given
    # by mistake (--runs 1000000).
    folder, out = tiny_copy(tmp_path), tmp_path / "out"
    eid = stopped(folder, out, seed=3, done=3, asked=ASKED)
    argv = ["run", str(folder), "--seed", "3", "--out", str(out), "--resume", "--runs", "5"]
    code, text, err = main(argv, monkeypatch, capsys)
    assert code == 0, err
    assert held(out / "votebank.duckdb") == ([[eid, "3", 5, 5]], 5)
    assert "runs asked for are stored" not in text
    argv[-1] = "2"  # never below the runs stored
    code, text, err = main(argv, monkeypatch, capsys)
    assert code == 0, err
    assert held(out / "votebank.duckdb") == ([[eid, "3", 5, 5]], 5)
    assert "runs asked for are stored" not in text


def test_a_latest_ensemble_stopped_before_its_first_run_says_how_to_go_on(
    tmp_path, monkeypatch, capsys
):
    # A run killed in its first seconds left the latest ensemble with no runs: summary and
    # report then said only "has no stored runs yet", naming neither --resume nor the others.
    folder, out = tiny_copy(tmp_path), tmp_path / "out"
    done = stopped(folder, out, seed=3, done=3, asked=3)
    empty = stopped(folder, out, seed=4, done=0, asked=ASKED)
    code, text, err = main(["summary", "--out", str(out)], monkeypatch, capsys)
    said = squash(text + err)
    assert code == 2, said
    assert squash(f"ensemble {empty}") in said
    assert squash(f"--seed 4 --runs {ASKED} --out {out} --resume") in said
    assert squash(f"--ensemble {done}") in said
    argv = ["run", str(folder), "--seed", "4", "--runs", str(ASKED), "--out", str(out)]
    code, _, err = main([*argv, "--resume"], monkeypatch, capsys)
    assert code == 0, err


def test_resume_into_a_duckdb_file_with_no_tables_starts_the_ensemble(
    tmp_path, monkeypatch, capsys
):
    # A run killed between making the file and its tables left a DuckDB file with none: a
    # plain run took it as a new store, but --resume called it "truncated or not a votebank
    # store", though it holds nothing of anyone's.
    import duckdb

    folder, out = tiny_copy(tmp_path), tmp_path / "out"
    out.mkdir()
    duckdb.connect(str(out / "votebank.duckdb")).close()
    argv = ["run", str(folder), "--seed", "3", "--runs", "4", "--out", str(out), "--resume"]
    code, text, err = main(argv, monkeypatch, capsys)
    assert code == 0, err
    assert "not a votebank store" not in err
    assert squash("4 runs; ensemble") in squash(text)


def test_summary_after_a_resume_with_nothing_left_to_run_shows_the_resumed_ensemble(
    tmp_path, monkeypatch, capsys
):
    # The store kept when ensembles were made and runs finished, not when one was last run:
    # after `run two` a `run small --resume` with every run stored left `two` the latest, and
    # summary (and report, explain --all) showed it, not the ensemble just resumed.
    small, out = tiny_copy(tmp_path), tmp_path / "out"
    two = tmp_path / "two"
    shutil.copytree(small, two)
    toml = two / "scenario.toml"
    toml.write_text(toml.read_text().replace('name = "tiny"', 'name = "two"', 1))
    runs = ["--runs", "3", "--out", str(out)]
    for argv in (["run", str(small), *runs], ["run", str(two), *runs]):
        code, _, err = main(argv, monkeypatch, capsys)
        assert code == 0, err
    code, _, err = main(["run", str(small), *runs, "--resume"], monkeypatch, capsys)
    assert code == 0, err
    assert squash("none is run") in squash(err), err  # nothing was left to run
    with ResultsStore(out / "votebank.duckdb", read_only=True) as store:
        ids = dict(store.ensembles()[["scenario_name", "ensemble_id"]].values.tolist())
    code, text, err = main(["summary", "--out", str(out)], monkeypatch, capsys)
    assert code == 0, err
    assert squash(f"ensemble {ids['tiny']}") in squash(text), text
    assert ids["two"] not in text
    assert build_report(out / "votebank.duckdb")["ensemble"]["id"] == ids["tiny"]

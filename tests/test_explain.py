"""votebank explain: which mechanisms decide a seat, from paired runs with each one off."""

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

import votebank as vb
from votebank.cli import app
from votebank.errors import InputError, VotebankError
from votebank.explain import NOT_ROUTES, deciding_routes, usual_winner
from votebank.scenario.overrides import with_overrides

RUNS = 20


def test_one_row_per_mechanism_that_delivers_votes_with_a_binomial_se():
    sc = vb.load_scenario("na184-2008")
    found = deciding_routes(sc, "NA-184", runs=RUNS, seed=3)
    on = [m for m, p in sc.spec.mechanisms if p.enabled and m not in NOT_ROUTES]
    assert list(found["mechanism"]) == on
    p = found["p_changed"].to_numpy()
    assert ((p >= 0) & (p <= 1)).all()
    np.testing.assert_allclose(found["p_changed_se"], np.sqrt(p * (1 - p) / RUNS), atol=1e-12)


def test_a_mechanism_that_does_nothing_never_changes_the_winner():
    # Common random numbers: fear draws from its own stream only, so with no effect at all the
    # runs with and without it are the same runs.
    sc = vb.load_scenario("na184-2008")
    calm = {"mechanisms.fear.beta": 0.0, "mechanisms.fear.attack_rate": 0.0}
    sc = sc.with_spec(with_overrides(sc.spec, calm))
    found = deciding_routes(sc, "NA-184", runs=RUNS, seed=5).set_index("mechanism")
    assert found.loc["fear", "p_changed"] == 0.0


def test_an_unknown_seat_is_an_input_error():
    with pytest.raises(InputError, match="NA-999"):
        deciding_routes(vb.load_scenario("na184-2008"), "NA-999", runs=2, seed=1)


def test_an_unknown_seat_is_named_as_the_argument_with_the_others_problems():
    # From Python it was named "SEAT", as the command line's argument, and only once the
    # runs were put right.
    with pytest.raises(InputError) as exc:
        deciding_routes("tiny", "T-9", runs=0, seed=1)
    assert [(p.file, p.value) for p in exc.value.problems] == [("runs", "0"), ("seat", "T-9")]


@pytest.mark.parametrize(
    ("argument", "value"), [("runs", 0), ("runs", True), ("runs", 2.5), ("seed", -1), ("seed", 1.5)]
)
def test_a_wrong_count_from_python_is_named(argument, value):
    # Before, runs=0 failed with KeyError: 0, seed=-1 with NumPy's ValueError, and runs=True
    # was read as one run.
    given = {"runs": 2, "seed": 1, argument: value}
    with pytest.raises(InputError) as exc:
        deciding_routes("na184-2008", "NA-184", **given)
    (problem,) = exc.value.problems
    assert (problem.file, problem.value) == (argument, repr(value))


def test_one_paired_run_is_refused_as_the_command_refuses_it():
    # runs=1 gave every mechanism a P(changed) of 0 or 1 with a standard error of 0.0, a
    # certainty one run cannot give; `votebank explain --runs 1` and compare() refuse it.
    with pytest.raises(InputError) as exc:
        deciding_routes("tiny", "T-1", runs=1, seed=1)
    (problem,) = exc.value.problems
    assert (problem.file, problem.value) == ("runs", "1")
    assert "from 2" in problem.message


@pytest.mark.parametrize("seat", [["T-1"], {"T-1"}, 1, None])
def test_a_seat_that_is_not_text_is_named(seat):
    # A list failed deep inside with TypeError: unhashable type: 'list'.
    with pytest.raises(InputError) as exc:
        deciding_routes("tiny", seat, runs=2, seed=1)
    (problem,) = exc.value.problems
    assert (problem.file, problem.value) == ("seat", repr(seat))


def test_a_client_that_is_no_dask_client_is_named():
    # A scheduler's address failed deep in the runs: 'str' object has no attribute ...
    with pytest.raises(InputError) as exc:
        deciding_routes("tiny", "T-1", runs=2, seed=1, client="tcp://127.0.0.1:8786")
    (problem,) = exc.value.problems
    assert (problem.file, problem.value) == ("client", "'tcp://127.0.0.1:8786'")


def test_a_scenario_by_name_gives_what_the_loaded_one_gives():
    by_name = deciding_routes("na184-2008", "NA-184", runs=3, seed=2)  # was AttributeError
    loaded = deciding_routes(vb.load_scenario("na184-2008"), "NA-184", runs=3, seed=2)
    pd.testing.assert_frame_equal(by_name, loaded)


def test_a_seedless_scenario_s_fresh_seed_is_kept_so_the_runs_can_be_repeated():
    sc = vb.load_scenario("na184-2008")
    seedless = sc.with_spec(
        sc.spec.model_copy(update={"scenario": sc.spec.scenario.model_copy(update={"seed": None})})
    )
    first = deciding_routes(seedless, "NA-184", runs=3)
    again = deciding_routes(seedless, "NA-184", runs=3, seed=first.attrs["seed"])
    pd.testing.assert_frame_equal(first, again)


def test_the_command_prints_the_table():
    result = CliRunner().invoke(
        app, ["explain", "NA-184", "--runs", "4", "--seed", "2"], env={"COLUMNS": "120"}
    )
    assert result.exit_code == 0, result.output
    assert "What decides NA-184" in result.output
    assert "biradari" in result.output


def test_the_command_prints_the_seed_that_repeats_a_seedless_scenario_s_runs(tmp_path):
    # Without a seed in the scenario each call drew fresh entropy and never said which: the
    # figures printed could not be made again.
    import re
    import shutil

    from votebank.scenario.catalogue import builtin_dir

    folder = tmp_path / "seedless"
    shutil.copytree(builtin_dir() / "tiny", folder)
    toml = folder / "scenario.toml"
    toml.write_text(toml.read_text().replace("seed = 7\n", ""))
    args = ["explain", "T-3", "--scenario", str(folder), "--runs", "3"]
    first = CliRunner().invoke(app, args, env={"COLUMNS": "120"})
    assert first.exit_code == 0, first.output
    seed = re.search(r"seed (\d+)", first.output)
    assert seed, first.output
    again = CliRunner().invoke(app, [*args, "--seed", seed[1]], env={"COLUMNS": "120"})
    assert again.output == first.output


# -- every seat at once: votebank explain --all -----------------------------------------


@pytest.fixture(scope="module")
def tiny_store(tmp_path_factory):
    from votebank.ensemble.runner import EnsembleRequest, run_ensemble

    out = tmp_path_factory.mktemp("explain-all")
    run_ensemble(
        EnsembleRequest(vb.load_scenario("tiny"), 6, seed=7, store_path=out / "votebank.duckdb")
    )
    result = CliRunner().invoke(
        app, ["explain", "--all", "--out", str(out), "--runs", "6"], env={"COLUMNS": "100"}
    )
    assert result.exit_code == 0, result.output
    return out, result.output


def test_all_seats_are_stored_one_row_per_seat_and_mechanism(tiny_store):
    from votebank.results.deciding import read_deciding
    from votebank.results.store import ResultsStore

    out, printed = tiny_store
    assert "Deciding routes" in printed
    sc = vb.load_scenario("tiny")
    on = {m for m, p in sc.spec.mechanisms if p.enabled and m not in NOT_ROUTES}
    with ResultsStore(out / "votebank.duckdb", read_only=True) as store:
        rows = read_deciding(store, store.latest_ensemble())
    assert set(rows["mechanism"]) == on
    assert len(rows) == len(on) * len(sc.constituencies)
    assert (rows["runs"] == 6).all()
    p = rows["p_changed"].to_numpy()
    np.testing.assert_allclose(rows["p_changed_se"], np.sqrt(p * (1 - p) / 6), atol=1e-12)


def test_all_seats_winners_changed_se_is_compare_s_on_the_same_runs(tiny_store):
    # explain --all read 19.2 ± 1.1 winners changed for biradari off where compare, on the
    # same runs and seed, read 19.20 ± 0.73: the seats were taken as independent.
    from votebank.results.deciding import by_mechanism, read_deciding
    from votebank.results.store import ResultsStore

    out, _ = tiny_store
    with ResultsStore(out / "votebank.duckdb", read_only=True) as store:
        rows = read_deciding(store, store.latest_ensemble())
    summary = by_mechanism(rows).set_index("mechanism")
    from votebank.explain import route_variants

    sc = vb.load_scenario("tiny")
    for mechanism, off in route_variants(sc):
        paired = vb.compare(sc, off, runs=6, seed=7)
        assert summary.at[mechanism, "expected"] == pytest.approx(paired.winners_changed)
        assert summary.at[mechanism, "expected_se"] == pytest.approx(paired.winners_changed_se)


@pytest.mark.slow
def test_all_seats_agree_with_one_seat_at_a_time(tiny_store):
    # Same scenario, seed and runs: the all-seats variants and explain SEAT's paired compare
    # draw the same numbers, so the probabilities agree exactly, seat by seat.
    from votebank.results.deciding import read_deciding
    from votebank.results.store import ResultsStore

    out, _ = tiny_store
    with ResultsStore(out / "votebank.duckdb", read_only=True) as store:
        rows = read_deciding(store, store.latest_ensemble())
    sc = vb.load_scenario("tiny")
    for seat in sc.constituencies["id"]:
        one = deciding_routes(sc, seat, runs=6, seed=7).set_index("mechanism")["p_changed"]
        mine = rows[rows["constituency_id"] == seat].set_index("mechanism")["p_changed"]
        pd.testing.assert_series_equal(mine.sort_index(), one.sort_index(), check_names=False)


def test_stored_runs_are_the_same_as_running_the_scenario_again(tiny_store):
    from votebank.explain import all_deciding_routes, stored_winners

    out, _ = tiny_store
    sc = vb.load_scenario("tiny")
    runs, base = stored_winners(out / "votebank.duckdb", _eid(out), 6)
    rerun = all_deciding_routes(sc, entropy=7, runs=runs[:3])
    stored = all_deciding_routes(sc, entropy=7, runs=runs[:3], base=base[runs[:3]])
    pd.testing.assert_frame_equal(rerun, stored)


def test_summary_shows_them(tiny_store):
    out, _ = tiny_store
    result = CliRunner().invoke(app, ["summary", "--out", str(out)], env={"COLUMNS": "100"})
    assert result.exit_code == 0, result.output
    assert "Deciding routes" in result.output


def test_more_runs_than_are_stored_says_all_are_taken(tiny_store):
    # --runs 50 on an ensemble of 6 took the 6 in silence: only a header's "(6 runs)" said so.
    out, _ = tiny_store
    result = CliRunner().invoke(
        app, ["explain", "--all", "--out", str(out), "--runs", "50"], env={"COLUMNS": "200"}
    )
    assert result.exit_code == 0, result.output
    eid = _eid(out)
    said = f"only 6 runs of ensemble {eid} are stored, not the 50 asked for: all are taken"
    assert said in " ".join(result.output.split())


def test_fewer_runs_than_the_default_do_not_say_they_were_asked_for(tiny_store):
    # Without --runs it read "not the 20 asked for": the user had asked for no number.
    out, _ = tiny_store
    result = CliRunner().invoke(
        app, ["explain", "--all", "--out", str(out)], env={"COLUMNS": "200"}
    )
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert "asked for" not in said
    assert "are stored, not the 20 explain --all takes by default: all are taken" in said


def test_explain_all_needs_a_store_and_no_seat(tmp_path):
    result = CliRunner().invoke(app, ["explain", "--all", "--out", str(tmp_path)])
    assert isinstance(result.exception, VotebankError)
    assert "no results store" in str(result.exception)
    result = CliRunner().invoke(app, ["explain", "T-1", "--all", "--out", str(tmp_path)])
    assert isinstance(result.exception, InputError)
    assert "not both" in str(result.exception)


def test_explain_all_given_the_store_file_as_out_says_it_is_a_file(tmp_path):
    # It said "OUT/votebank.duckdb/votebank.duckdb: no results store here", as if the store
    # given were missing; summary, export and report say --out is a file.
    store = tmp_path / "votebank.duckdb"
    store.write_bytes(b"")
    result = CliRunner().invoke(app, ["explain", "--all", "--out", str(store)])
    assert isinstance(result.exception, InputError)
    assert "is a file; give a folder" in str(result.exception)
    assert "no results store" not in str(result.exception)


def test_explain_all_refuses_a_seed_it_would_ignore(tiny_store):
    # The stored runs' seed was used, and --seed 99 silently dropped.
    result = CliRunner().invoke(
        app, ["explain", "--all", "--out", str(tiny_store[0]), "--seed", "99"]
    )
    assert isinstance(result.exception, InputError)
    [problem] = result.exception.problems
    assert (problem.file, problem.value) == ("--seed", "99")
    assert "ensemble's" in problem.message


@pytest.mark.parametrize(("option", "value"), [("--ensemble", "abc123"), ("--out", "my-runs")])
def test_one_seat_refuses_the_options_of_all_it_would_ignore(option, value):
    # They name a stored ensemble, which one seat never reads: the seat was worked out afresh.
    result = CliRunner().invoke(
        app, ["explain", "T-1", "--scenario", "tiny", "--runs", "2", option, value]
    )
    assert isinstance(result.exception, InputError)
    [problem] = result.exception.problems
    assert (problem.file, problem.value) == (option, value)
    assert "--all" in problem.message


def _eid(out):
    from votebank.results.store import ResultsStore

    with ResultsStore(out / "votebank.duckdb", read_only=True) as store:
        return store.latest_ensemble()


def test_explain_all_on_a_scenario_folder_needs_its_path(tmp_path):
    import shutil
    from importlib import resources

    from votebank.ensemble.runner import EnsembleRequest, run_ensemble

    folder = tmp_path / "mine"
    shutil.copytree(resources.files("votebank") / "scenarios" / "tiny", folder)
    toml = folder / "scenario.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8").replace('name = "tiny"', 'name = "my-own"', 1),
        encoding="utf-8",
    )
    out = tmp_path / "out"
    request = EnsembleRequest(
        vb.load_scenario(folder), 2, seed=1, store_path=out / "votebank.duckdb"
    )
    run_ensemble(request)
    result = CliRunner().invoke(app, ["explain", "--all", "--out", str(out)])
    assert isinstance(result.exception, InputError)  # exit 2: the user's to name
    assert "give its folder or file with --scenario" in str(result.exception)
    # The built-in tiny is another scenario (another hash): refused, not mixed.
    result = CliRunner().invoke(app, ["explain", "--all", "--out", str(out), "--scenario", "tiny"])
    assert isinstance(result.exception, InputError)  # exit 2: the option given is wrong
    assert "--scenario: ensemble" in str(result.exception)
    assert "another scenario, 'my-own'" in str(result.exception)
    assert "(got tiny)" in str(result.exception)
    # The same scenario changed since (another seed): another version of it.
    changed = tmp_path / "changed"
    shutil.copytree(folder, changed)
    text = (changed / "scenario.toml").read_text(encoding="utf-8")
    (changed / "scenario.toml").write_text(text.replace("seed = 7", "seed = 8", 1), "utf-8")
    result = CliRunner().invoke(
        app, ["explain", "--all", "--out", str(out), "--scenario", str(changed)]
    )
    assert isinstance(result.exception, InputError)
    assert "run on another version of it" in str(result.exception)
    result = CliRunner().invoke(
        app, ["explain", "--all", "--out", str(out), "--scenario", str(folder)]
    )
    assert result.exit_code == 0, result.output


def test_explain_all_refuses_an_empty_ensemble_id(tiny_store):
    # `--ensemble "$UNSET"` was read as no id: the latest ensemble, as though asked for.
    result = CliRunner().invoke(
        app, ["explain", "--all", "--out", str(tiny_store[0]), "--ensemble", ""]
    )
    assert isinstance(result.exception, InputError)
    said = " ".join(str(result.exception).split())
    assert "no such ensemble in the store" in said
    assert said.endswith("(got '')")


def test_explain_all_on_an_ensemble_stopped_before_its_first_run_is_exit_2(tmp_path):
    # A run killed before its first run was stored: the user's to resume, as report says.
    import json

    from votebank.cli import main
    from votebank.results.store import ResultsStore

    with ResultsStore(tmp_path / "votebank.duckdb") as store:
        eid = store.begin_ensemble(
            scenario_name="tiny", scenario_hash="h", seed_entropy=1, runs_requested=5,
            scenario_json=json.dumps({"scenario": {"name": "tiny"}}), version="0.1.0",
        )  # fmt: skip
    with pytest.raises(SystemExit) as exit_:
        main(["explain", "--all", "--out", str(tmp_path)])
    assert exit_.value.code == 2
    with ResultsStore(tmp_path / "votebank.duckdb", read_only=True) as store:
        assert store.n_runs(eid) == 0  # nothing explained, nothing stored


def test_explain_all_refuses_a_store_in_a_read_only_folder_before_any_run(
    tiny_store, tmp_path, monkeypatch
):
    # Every paired run was made, then the rows could not be stored: "TransactionContext Error:
    # Failed to commit", the work lost.
    import shutil

    import votebank.commands.explain as explain
    from tests.commands.test_ensemble import read_only

    out = tmp_path / "archive"
    shutil.copytree(tiny_store[0], out)
    read_only(monkeypatch, out)

    def no_run(*_args, **_kwargs):
        raise AssertionError("paired runs were made")

    monkeypatch.setattr(explain, "all_deciding_routes", no_run)
    result = CliRunner().invoke(app, ["explain", "--all", "--out", str(out), "--runs", "2"])
    assert isinstance(result.exception, InputError), result.output
    said = " ".join(str(result.exception).split())
    assert said.startswith("1 problem found: - --out: cannot be written"), said


def test_explain_all_takes_an_ensemble_run_with_parameter_uncertainty(tmp_path):
    # `run --parameter-uncertainty` stores the scenario with its draws on (another hash), and
    # explain --all refused it as "another version" of the scenario, asking for a version no
    # file holds; it now pairs the runs with the same draws.
    import shutil
    from importlib import resources

    from votebank.ensemble.runner import EnsembleRequest, run_ensemble
    from votebank.results.deciding import read_deciding
    from votebank.results.store import ResultsStore
    from votebank.run.uncertainty import with_parameter_draws

    folder = tmp_path / "drawn"
    shutil.copytree(resources.files("votebank") / "scenarios" / "tiny", folder)
    toml = folder / "scenario.toml"
    text = toml.read_text(encoding="utf-8")
    toml.write_text(
        text + '\n[scenario.parameter_uncertainty]\n"mechanisms.biradari.win_weight" = 0.3\n',
        encoding="utf-8",
    )
    out = tmp_path / "out"
    drawn = with_parameter_draws(vb.load_scenario(folder))
    run_ensemble(EnsembleRequest(drawn, 3, seed=7, store_path=out / "votebank.duckdb"))
    args = ["explain", "--all", "--out", str(out), "--scenario", str(folder), "--runs", "3"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    with ResultsStore(out / "votebank.duckdb", read_only=True) as store:
        rows = read_deciding(store, store.latest_ensemble())
    # The same draws as the stored runs: the paired runs agree with running them afresh.
    for seat in ("T-1", "T-3"):
        one = deciding_routes(drawn, seat, runs=3, seed=7).set_index("mechanism")["p_changed"]
        mine = rows[rows["constituency_id"] == seat].set_index("mechanism")["p_changed"]
        pd.testing.assert_series_equal(mine.sort_index(), one.sort_index(), check_names=False)


def test_explain_all_refuses_an_ensemble_of_one_stored_run(tmp_path, capsys):
    # One run gave every mechanism of every seat a P(winner changes) of 0 or 1 with a
    # standard error of 0.0, stored for summary and report: a certainty one run cannot give,
    # which `explain SEAT --runs 1` refuses.
    from votebank.cli import main
    from votebank.ensemble.runner import EnsembleRequest, run_ensemble
    from votebank.results.deciding import read_deciding
    from votebank.results.store import ResultsStore

    store = tmp_path / "votebank.duckdb"
    run_ensemble(EnsembleRequest(vb.load_scenario("tiny"), 1, seed=7, store_path=store))
    with pytest.raises(SystemExit) as exit_:
        main(["explain", "--all", "--out", str(tmp_path)])
    assert exit_.value.code == 2
    err = " ".join(capsys.readouterr().err.split())
    assert "holds one stored run" in err
    with ResultsStore(store, read_only=True) as s:
        assert read_deciding(s, s.latest_ensemble()) is None  # nothing stored


def test_a_seat_the_runs_split_evenly_names_both_usual_winners():
    # The first of the tied modes alone named whichever party came first in the alphabet.
    runs = pd.DataFrame([["RED", "BLUE", "RED", "BLUE"], ["RED", "RED", "BLUE", "RED"]])
    assert usual_winner(runs).tolist() == ["BLUE / RED", "RED"]


def test_ctrl_c_says_explain_stopped_not_that_it_can_be_resumed(monkeypatch, capsys):
    # Every command's Ctrl-C said "completed runs are stored; add --resume to finish": explain
    # stores nothing and has no --resume.
    from tests.hostile.helpers import main
    from votebank.commands import explain

    def stopped(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(explain, "seat_routes", stopped)
    code, _, err = main(
        ["explain", "T-1", "--scenario", "tiny", "--runs", "2"], monkeypatch, capsys
    )
    said = " ".join(err.split())
    assert code == 130
    assert "interrupted: explain stopped before it finished" in said
    assert "--resume" not in said


def test_one_stored_row_is_one_row(tmp_path):
    # copeland-2017 with only its swing on: "1 rows stored in ... (table deciding_routes".
    import shutil

    from votebank.ensemble.runner import EnsembleRequest, run_ensemble

    folder = tmp_path / "copeland"
    shutil.copytree(vb.load_scenario("copeland-2017").source.parent, folder)
    toml = folder / "scenario.toml"
    text = toml.read_text(encoding="utf-8")
    for name in ("byelection", "canvass"):
        text = text.replace(
            f"[mechanisms.{name}]\nenabled = true", f"[mechanisms.{name}]\nenabled = false"
        )
    toml.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    run_ensemble(
        EnsembleRequest(vb.load_scenario(folder), 2, seed=1, store_path=out / "votebank.duckdb")
    )
    args = ["explain", "--all", "--out", str(out), "--runs", "2", "--scenario", str(folder)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert "1 row stored in" in said


def test_explain_all_whose_rows_could_not_be_merged_says_they_are_in_the_wal(tmp_path):
    # A full disk at the final merge left the rows in votebank.duckdb.wal alone, in silence:
    # a copy of votebank.duckdb (the README's one file) lacked them.
    from tests.hostile.helpers import assert_unmerged_said, with_the_store_full
    from votebank.ensemble.runner import EnsembleRequest, run_ensemble

    store = tmp_path / "votebank.duckdb"
    run_ensemble(EnsembleRequest(vb.load_scenario("tiny"), 3, seed=7, store_path=store))
    proc = with_the_store_full(["explain", "--all", "--out", str(tmp_path)], tmp_path)
    assert_unmerged_said(proc, tmp_path, "deciding routes")


def test_a_scenario_with_every_mechanism_off_prints_no_empty_table(tmp_path):
    # The table was printed with its headers alone before "switches on no mechanism".
    import shutil

    from tests.scenario.test_errors import TINY

    folder = tmp_path / "off"
    shutil.copytree(TINY, folder)
    toml = folder / "scenario.toml"
    toml.write_text(toml.read_text().replace("enabled = true", "enabled = false"))
    args = ["explain", "T-1", "--scenario", str(toml), "--runs", "2"]
    result = CliRunner().invoke(app, args, env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    assert "switches on no mechanism that delivers votes" in result.output
    assert "What decides T-1" not in result.output
    assert "Switched off" not in result.output


def test_an_empty_seat_is_refused_showing_the_value_given():
    # `votebank explain "$SEAT"` with SEAT unset said "no such constituency" with no value.
    result = CliRunner().invoke(app, ["explain", ""])
    assert isinstance(result.exception, InputError)
    said = " ".join(str(result.exception).split())
    assert said.startswith("1 problem found: - SEAT: no such constituency")
    assert said.endswith("(got '')")


def test_the_seat_explained_is_named_beside_its_id():
    # "What decides E14001024": a UK seat's id says nothing of Weaver Vale.
    args = ["explain", "T-2", "--scenario", "tiny", "--runs", "2"]
    result = CliRunner().invoke(app, args, env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    assert "What decides T-2, Old Town (tiny, 2 paired runs per mechanism)" in result.output


def test_a_seat_given_by_its_name_is_refused_naming_its_id():
    # `votebank explain "Weaver Vale"` said only "no such constituency": seats go by their id.
    result = CliRunner().invoke(app, ["explain", "old town", "--scenario", "tiny", "--runs", "2"])
    assert isinstance(result.exception, InputError)
    said = " ".join(str(result.exception).split())
    assert "no such constituency in tiny; that is the name of T-2: give its id" in said
    with pytest.raises(InputError, match="that is the name of T-2"):
        deciding_routes("tiny", "Old Town", runs=2, seed=1)


def test_explain_all_prints_an_ensemble_id_with_brackets_as_it_is(tmp_path):
    # An id given from Python may hold "[red]": rich read it as markup and printed "ensemble e".
    import duckdb

    from votebank.ensemble.runner import EnsembleRequest, run_ensemble

    db = tmp_path / "votebank.duckdb"
    run_ensemble(EnsembleRequest(vb.load_scenario("tiny"), 2, seed=7, store_path=db))
    with duckdb.connect(str(db)) as con:
        sql = "SELECT table_name FROM information_schema.columns WHERE column_name='ensemble_id'"
        for (table,) in con.execute(sql).fetchall():
            # The table names are the store's own.
            con.execute(f"UPDATE {table} SET ensemble_id = ?", ["[red]e[/red]"])  # noqa: S608
    result = CliRunner().invoke(
        app, ["explain", "--all", "--out", str(tmp_path)], env={"COLUMNS": "300"}
    )
    assert result.exit_code == 0, result.output
    assert "ensemble [red]e[/red])" in result.output


def test_one_seat_reports_progress_over_every_run_it_makes():
    # explain NA-154 --scenario pakistan-2008 made 700 national runs by default, minutes with
    # nothing on the screen: explain --all had a bar, one seat none.
    from votebank.explain import BASE, route_variants, seat_routes

    sc = vb.load_scenario("tiny")
    seen = []
    seat_routes(sc, "T-1", runs=2, seed=1, progress=lambda name, done: seen.append(name))
    mechanisms = [name for name, _ in route_variants(sc)]
    assert len(seen) == (len(mechanisms) + 1) * 2
    assert seen[:2] == [BASE, BASE]
    assert set(seen[2:]) == set(mechanisms)


def test_a_p_of_none_of_the_runs_is_not_read_as_certain():
    # "fear 0.0% ± 0.0%" over 10 runs read as certain that fear never decides the seat.
    result = CliRunner().invoke(
        app,
        ["explain", "T-1", "--scenario", "tiny", "--runs", "4", "--seed", "1"],
        env={"COLUMNS": "200"},
    )
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert "│ 0.0% │ 0.0% │" in said  # tiny's T-1 stays RED in these runs, whatever is off
    assert "a P of 0% of 4 runs is no certainty: it may be up to 52.7% (95%)" in said


def test_a_seat_of_another_scenario_says_the_default_was_read():
    # explain NA-154 (a pakistan-2008 seat) read "no such constituency in na184-2008", with
    # nothing to say that na184-2008 was only the default, nor how to name another.
    result = CliRunner().invoke(app, ["explain", "NA-154", "--runs", "2"])
    assert isinstance(result.exception, InputError)
    said = str(result.exception)
    assert "na184-2008, the default scenario: name yours with --scenario" in said


def test_the_winner_compared_is_said_to_be_the_one_at_the_poll():
    # compare's seat table said "the winner at the poll, before by-elections"; explain, on the
    # same runs and the same winners, said only "the winner".
    result = CliRunner().invoke(
        app,
        ["explain", "T-1", "--scenario", "tiny", "--runs", "2", "--seed", "1"],
        env={"COLUMNS": "200"},
    )
    assert result.exit_code == 0, result.output
    assert "its removal changes the winner at the poll" in " ".join(result.output.split())

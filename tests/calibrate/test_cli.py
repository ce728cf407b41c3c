"""The calibrate and match commands: what they refuse before any run."""

from __future__ import annotations

import json
import re
import shutil
from importlib import resources

import pytest

from tests.hostile.helpers import assert_user_error, main


@pytest.mark.parametrize(
    ("scenario", "against", "options"),
    [
        ("copeland-2017", "copeland-2017", ["-p", "mechanisms.swing.seat_sd=0:6", "--trials", "2"]),
        ("na184-2008", "pakistan:2008", ["--iterations", "1"]),
    ],
)
def test_out_may_not_be_the_scenario_s_own_folder(
    scenario, against, options, tmp_path, monkeypatch, capsys
):
    # calibrate --out the scenario's folder replaced its scenario.toml and tables, the user's
    # comments with them, without a word.
    folder = tmp_path / "mine"
    shutil.copytree(resources.files("votebank") / "scenarios" / scenario, folder)
    toml = folder / "scenario.toml"
    toml.write_text("# my notes\n" + toml.read_text(encoding="utf-8"), encoding="utf-8")
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    cmd = "calibrate" if "--trials" in options else "match"
    argv = [cmd, str(folder), "--against", against, *options, "--runs", "2", "--out", str(folder)]
    code, out, err = main(argv, monkeypatch, capsys)
    assert_user_error(code, out, err, "--out", "holds files it reads")
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


@pytest.mark.parametrize("cmd", ["calibrate", "match"])
def test_out_may_not_be_the_folder_of_the_results_it_reads(cmd, tmp_path, monkeypatch, capsys):
    # --out the folder of the real results (a scenario given to --against) wrote the fitted
    # scenario over its scenario.toml and tables: the real results were gone, unsaid.
    results = tmp_path / "results"
    shutil.copytree(resources.files("votebank") / "scenarios" / "copeland-2017", results)
    before = {p.name: p.read_bytes() for p in results.iterdir()}
    argv = [cmd, "copeland-2017", "--against", str(results), "--runs", "2"]
    argv += ["-p", "mechanisms.swing.seat_sd=0:6", "--trials", "2"] if cmd == "calibrate" else []
    code, out, err = main([*argv, "--out", str(results)], monkeypatch, capsys)
    assert_user_error(code, out, err, "--out", "holds files it reads")
    assert {p.name: p.read_bytes() for p in results.iterdir()} == before


@pytest.mark.parametrize("cmd", ["calibrate", "match"])
def test_out_holding_another_scenario_is_refused_unless_forced(cmd, tmp_path, monkeypatch, capsys):
    # calibrate na184-2008 --out a folder holding the user's own scenario wrote the calibrated
    # one over it, without a word (an earlier result of the command is replaced, as asked).
    mine = tmp_path / "mine"
    shutil.copytree(resources.files("votebank") / "scenarios" / "tiny", mine)
    before = {p.name: p.read_bytes() for p in mine.iterdir()}
    argv = [cmd, "na184-2008", "--against", "pakistan:2008", "--runs", "2", "--out", str(mine)]
    argv += ["-p", "mood.national.PPPP", "--trials", "2"] if cmd == "calibrate" else []
    argv += ["--iterations", "1"] if cmd == "match" else []
    code, out, err = main(argv, monkeypatch, capsys)
    assert_user_error(code, out, err, "--out", "already holds a scenario", "--force")
    assert {p.name: p.read_bytes() for p in mine.iterdir()} == before
    code, _, err = main([*argv, "--force"], monkeypatch, capsys)
    assert code == 0, err
    record = "calibration.json" if cmd == "calibrate" else "match.json"
    assert (mine / record).is_file()
    assert main(argv, monkeypatch, capsys)[0] == 0  # its own earlier result: replaced


@pytest.mark.parametrize("cmd", ["calibrate", "match"])
def test_a_file_of_several_elections_is_told_how_to_pick_one_these_commands_take(
    cmd, tmp_path, monkeypatch, capsys
):
    # "pakistan:" (no year) was told to "name one as FILE:DATE or --date", an option these
    # commands do not have: following the advice ended in "No such option: --date".
    argv = [cmd, "na184-2008", "--against", "pakistan:", "--runs", "2"]
    argv += ["-p", "mechanisms.landlords.pir_follower_share"] if cmd == "calibrate" else []
    code, out, err = main([*argv, "--out", str(tmp_path / "out")], monkeypatch, capsys)
    assert_user_error(code, out, err, "several general elections", "pakistan:YEAR")
    assert "--date" not in err


RESULTS = """constituency,candidate,name,party,actual_votes
T-1,T-1-a,Mian Sahib,RED,30000
T-1,T-1-b,Malik Sahib,IND,20000
T-1,T-1-c,Others,OTH,5000
T-2,T-2-a,Dr Amina,BLUE,25000
T-2,T-2-b,Mian Sahib,RED,24000
T-3,T-3-a,Pir Sahib,RED,18000
T-3,T-3-b,Chaudhry Sahib,BLUE,22000
T-3,T-3-c,Mrs Rana,IND,3000
"""


@pytest.mark.parametrize("written", ["results", "results:date", "scenario", "table"])
def test_validate_out_may_not_be_a_file_it_reads(written, tmp_path, monkeypatch, capsys):
    # validate-against --out the real results file (or the scenario's TOML or a table of it)
    # wrote the JSON over it, without a word: the user's results were gone.
    folder = tmp_path / "mine"
    shutil.copytree(resources.files("votebank") / "scenarios" / "tiny", folder)
    results = tmp_path / "results.csv"
    results.write_text(RESULTS, encoding="utf-8")
    against = str(results)
    if written == "results:date":  # a results file in a shipped layout, named with its date
        pk = resources.files("votebank") / "data" / "pakistan" / "na_pa_results_1993_2008.csv"
        results = tmp_path / "pk.csv"
        results.write_bytes(pk.read_bytes())
        against = f"{results}:2008"
    out = {"scenario": folder / "scenario.toml", "table": folder / "candidates.csv"}
    out = out.get(written, results)
    before = {p: p.read_bytes() for p in (*folder.iterdir(), results)}
    argv = ["validate-against", str(folder), against, "--runs", "2", "--out", str(out)]
    code, said, err = main(argv, monkeypatch, capsys)
    assert_user_error(code, said, err, "--out", str(out), "is a file this command reads")
    assert {p: p.read_bytes() for p in (*folder.iterdir(), results)} == before


@pytest.mark.parametrize(
    ("options", "unit"),
    [([], "points of vote share,"), (["--no-shares", "--turnout"], "points of turnout,")],
)
def test_match_s_caption_names_the_units_of_what_it_matched(
    options, unit, tmp_path, monkeypatch, capsys
):
    # The caption said "points of vote share (turnout)" whether turnout was matched or not.
    argv = ["match", "na184-2008", "--against", "pakistan:2008", "--runs", "2"]
    argv += ["--iterations", "1", "--out", str(tmp_path / "out"), *options]
    code, out, err = main(argv, monkeypatch, capsys)
    assert code == 0, err
    assert unit in " ".join(out.split())


def test_calibrate_s_caption_shows_the_weight_of_each_part_weighted_other_than_one(
    tmp_path, monkeypatch, capsys
):
    # The distributional loss's caption listed every part unweighted (independents' share
    # 50.00, over_roll 1.31) beside a loss that weighs them 0.5 and 3: the parts did not add
    # up to the loss printed, and nothing said why.
    argv = ["calibrate", "na184-2008", "--against", "na184-2008"]
    argv += ["-p", "mechanisms.landlords.pir_follower_share", "--trials", "1", "--runs", "1"]
    argv += ["--loss", "distributional", "--over-roll", "0.02", "--out", str(tmp_path / "o")]
    code, out, err = main(argv, monkeypatch, capsys)
    assert code == 0, err
    text = " ".join(out.split())
    assert re.search(r"ks_independent_share \d+\.\d\d \(x0\.5\)", text), text
    assert re.search(r"over_roll \d+\.\d\d \(x3\)", text), text
    assert text.count("(x") == 2, text  # a part of weight 1 is shown bare


def test_validate_json_records_that_each_run_drew_its_parameters(tmp_path, monkeypatch, capsys):
    # validate-against --parameter-uncertainty --out wrote a JSON with nothing to tell it from
    # one of fixed parameters (same headline, same fields): the runs' draws went unrecorded.
    folder = tmp_path / "mine"
    shutil.copytree(resources.files("votebank") / "scenarios" / "tiny", folder)
    toml = folder / "scenario.toml"
    sds = '[scenario.parameter_uncertainty]\n"mechanisms.biradari.cohesion" = 0.05\n\n'
    toml.write_text(
        toml.read_text(encoding="utf-8").replace("[tables]", sds + "[tables]"), encoding="utf-8"
    )
    results = tmp_path / "results.csv"
    results.write_text(RESULTS, encoding="utf-8")
    out = tmp_path / "v.json"
    argv = ["validate-against", str(folder), str(results), "--runs", "2", "--out", str(out)]
    code, _, err = main([*argv, "--parameter-uncertainty"], monkeypatch, capsys)
    assert code == 0, err
    written = json.loads(out.read_text(encoding="utf-8"))
    assert any("each run draws 1 parameter" in n for n in written["notes"]), written["notes"]
    assert err.count("each run draws") == 1  # said once on the terminal, as before
    code, _, err = main(argv, monkeypatch, capsys)
    assert code == 0, err
    assert not any("draws" in n for n in json.loads(out.read_text(encoding="utf-8"))["notes"])


def _tiny_with_votes(tmp_path):
    tiny = tmp_path / "tiny"
    shutil.copytree(resources.files("votebank") / "scenarios" / "tiny", tiny)
    cands = tiny / "candidates.csv"
    lines = cands.read_text(encoding="utf-8").splitlines()
    votes = ["7000", "4000", "500", "4200", "3000", "8000", "9000", "1200"]
    cands.write_text(
        "\n".join([lines[0], *(f"{r}{v}" for r, v in zip(lines[1:], votes, strict=True))]) + "\n"
    )
    return str(tiny)


def test_resume_with_nothing_kept_says_every_trial_ran_anew(tmp_path, monkeypatch, capsys):
    # --resume where no search had stopped ran every trial and said nothing: read as "went on".
    tiny = _tiny_with_votes(tmp_path)
    argv = ["calibrate", tiny, "--against", tiny, "-p", "mood.national.RED=-1:1"]
    argv += ["--trials", "2", "--runs", "1", "--out", str(tmp_path / "fit"), "--resume"]
    code, said, _ = main(argv, monkeypatch, capsys)
    assert code == 0
    flat = " ".join(said.split())
    assert "--resume: no trial of a stopped search in" in flat
    assert "all 2 run now" in flat


def test_a_stopped_search_refused_leaves_no_empty_bar_above_the_message(
    tmp_path, monkeypatch, capsys
):
    # "tiny: trials 0/40 0:00:00" stood above the refusal, as if a search had begun.
    from votebank.calibrate.fit import calibrate
    from votebank.errors import Interrupted

    tiny = _tiny_with_votes(tmp_path)
    out = tmp_path / "fit"

    def stop(done, total, best):
        raise KeyboardInterrupt

    params = ["mood.national.RED=-1:1"]
    with pytest.raises(Interrupted):  # one trial kept in trials.partial.jsonl
        calibrate(tiny, tiny, params, trials=40, runs_per_trial=1, out=out, progress=stop)
    argv = ["calibrate", tiny, "--against", tiny, "-p", params[0], "--trials", "40"]
    code, said, err = main([*argv, "--runs", "1", "--out", str(out)], monkeypatch, capsys)
    assert_user_error(code, said, err, "trials.partial.jsonl", "--resume")
    assert "0/40" not in err


def test_runs_past_the_memory_are_named_as_the_runs_option(tmp_path, monkeypatch, capsys):
    # It read "runs: the arrays of ... runs take", the Python argument's name.
    from tests.hostile.helpers import assert_nothing_written, assert_user_error, main

    monkeypatch.setattr("votebank.calibrate.objective.total_memory", lambda: 1000)
    results = tmp_path / "res.csv"
    results.write_text(RESULTS)
    out = tmp_path / "out"
    argv = ["calibrate", "tiny", "--against", str(results), "-p", "mood.national.RED"]
    code, text, err = main([*argv, "--runs", "50", "--out", str(out)], monkeypatch, capsys)
    assert_user_error(code, text, err, "--runs: the arrays of 50 runs")
    assert_nothing_written(out)


def test_the_fit_is_scored_again_on_fresh_seeds_unless_asked_not_to(tmp_path, monkeypatch, capsys):
    # "loss 8.802 -> 8.112" was the search's own seed: a best trial it flatters.
    from tests.hostile.helpers import main

    results = tmp_path / "res.csv"
    results.write_text(RESULTS)
    argv = ["calibrate", "tiny", "--against", str(results), "-p", "mechanisms.biradari.cohesion"]
    argv += ["--trials", "6", "--runs", "3", "--out", str(tmp_path / "a")]
    code, out, err = main(argv, monkeypatch, capsys)
    assert code == 0, err
    assert "on 3 fresh seeds (not the search's)" in " ".join(out.split())
    assert "fresh_seeds" in (tmp_path / "a" / "calibration.json").read_text()
    argv[-1] = str(tmp_path / "b")
    code, out, err = main([*argv, "--check-seeds", "0"], monkeypatch, capsys)
    assert code == 0, err
    assert "fresh seeds" not in out


def test_calibrate_s_notes_go_to_stderr_and_its_result_to_stdout(tmp_path, monkeypatch, capsys):
    # The note that the real turnout is the scenario's own input column was printed on stdout
    # above the fitted table: a redirected or grepped result carried it.
    argv = ["calibrate", "na184-2008", "--against", "na184-2008", "--check-seeds", "0"]
    argv += ["-p", "mechanisms.biradari.cohesion", "--trials", "1", "--runs", "1"]
    code, out, err = main([*argv, "--out", str(tmp_path / "o")], monkeypatch, capsys)
    assert code == 0, err
    assert "note: " in err
    assert "the real turnout is the column turnout" in " ".join(err.split())
    assert "note:" not in out
    assert "mechanisms.biradari.cohesion" in out


def test_calibrate_and_validate_against_name_their_output_by_one_whole_path(
    tmp_path, monkeypatch, capsys
):
    # The folder or file written was wrapped at the terminal's width: a path copied from it
    # (or read by a script) named nothing.
    deep = tmp_path / ("nightly-" * 25) / ("calibration-" * 20)
    argv = ["calibrate", "na184-2008", "--against", "na184-2008", "--check-seeds", "0"]
    argv += ["-p", "mechanisms.biradari.cohesion", "--trials", "1", "--runs", "1"]
    code, out, err = main([*argv, "--out", str(deep / "cal")], monkeypatch, capsys)
    assert code == 0, err
    assert any(line.endswith(f" in {deep / 'cal'}") for line in out.splitlines()), out
    argv = ["validate-against", "na184-2008", "na184-2008", "--runs", "2"]
    code, out, err = main([*argv, "--out", str(deep / "v.json")], monkeypatch, capsys)
    assert code == 0, err
    assert f"written {deep / 'v.json'}" in out.splitlines()

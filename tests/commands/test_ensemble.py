"""`votebank summary` and `votebank export` only read the store: its folder may be read-only."""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

import votebank as vb
from tests.hostile.helpers import assert_unmerged_said, linked_output
from tests.report import drawn_and_stopped, synthetic_store
from votebank import outputs
from votebank.cli import main
from votebank.results.store import ResultsStore


def read_only(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """Make ``folder`` (and what would be made in it) unwritable, as on a read-only share.

    The tests run as root, whom permission bits do not stop: the check is what is replaced.
    """
    real = outputs._unwritable

    def unwritable(path: Path) -> str:
        inside = Path(path) == folder or folder in Path(path).parents
        return "cannot be written: no permission to write there" if inside else real(path)

    monkeypatch.setattr(outputs, "_unwritable", unwritable)


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    with pytest.raises(SystemExit) as exit_:
        main(args)
    captured = capsys.readouterr()
    return exit_.value.code or 0, " ".join((captured.out + captured.err).split())


@pytest.mark.parametrize("command", ["summary", "export"])
def test_a_store_in_a_read_only_folder_is_read(tmp_path, monkeypatch, capsys, command) -> None:
    store = tmp_path / "archive"
    store.mkdir()
    synthetic_store(store, 2)
    read_only(monkeypatch, store)
    to = tmp_path / "tables"
    args = ["export", "--to", str(to)] if command == "export" else ["summary"]
    code, said = _run([*args, "--out", str(store)], capsys)
    assert code == 0, said
    assert "cannot be written" not in said
    if command == "export":
        assert (to / "seats.parquet").is_file()


def test_an_export_into_the_read_only_folder_is_still_refused(tmp_path, monkeypatch, capsys):
    synthetic_store(tmp_path, 2)
    read_only(monkeypatch, tmp_path)
    code, said = _run(["export", "--out", str(tmp_path), "--to", str(tmp_path / "x")], capsys)
    assert code == 2, said
    assert "--to: cannot be written" in said


def test_an_out_that_is_a_file_is_still_named(tmp_path, capsys) -> None:
    store = synthetic_store(tmp_path, 2)
    for args in (["summary"], ["export", "--to", str(tmp_path / "x")]):
        code, said = _run([*args, "--out", str(store / "sub")], capsys)
        assert code == 2, said
        assert f"--out: is a file; give a folder (got {store})" in said


def test_the_summary_of_one_run_counts_one_run(tmp_path, capsys) -> None:
    synthetic_store(tmp_path, 1)
    code, said = _run(["summary", "--out", str(tmp_path)], capsys)
    assert code == 0, said
    assert "one run; ensemble" in said
    assert "1 runs" not in said


def test_run_reads_an_organisations_toml_beside_the_scenario(tmp_path, capsys) -> None:
    # `votebank organisations` read the file beside scenario.toml, `run` skipped it silently.
    from tests.organisations.conftest import write_small

    folder = write_small(tmp_path / "small")
    code, text = _run(["run", str(folder), "--runs", "2", "--out", str(tmp_path / "o")], capsys)
    assert code == 0, text
    assert "Members on" in text
    # Its seat table and the ensemble's disagree: the line between them says why.
    said = " ".join(text.split())
    assert "The ensemble above is the scenario's tables and mechanisms alone: its" in said
    assert "[organisations] section (members, rules, selections) acts in none of its runs" in said


def test_run_draws_the_members_from_the_organisations_own_seed(tmp_path, capsys) -> None:
    # `run` drew them from the ensemble's seed (the scenario's 7), not the section's 11.
    from tests.organisations.conftest import write_small

    folder = write_small(tmp_path / "small")
    code, text = _run(["run", str(folder), "--runs", "2", "--out", str(tmp_path / "o")], capsys)
    assert code == 0, text
    assert "election day 2017-10-01, seed 11 " in text
    # --seed is the seed of everything, as in `votebank organisations --seed`.
    argv = ["run", str(folder), "--runs", "2", "--seed", "5", "--out", str(tmp_path / "p")]
    code, text = _run(argv, capsys)
    assert code == 0, text
    assert "election day 2017-10-01, seed 5 " in text


def test_run_refuses_a_bad_organisations_toml_before_any_run(tmp_path, capsys) -> None:
    from tests.organisations.conftest import write_small

    folder = write_small(tmp_path / "small")
    beside = folder / "organisations.toml"
    text = beside.read_text(encoding="utf-8").replace("members = 2000", "members = -5", 1)
    beside.write_text(text, encoding="utf-8")
    code, text = _run(["run", str(folder), "--runs", "2", "--out", str(tmp_path / "o")], capsys)
    assert code == 2, text
    assert "organisations.organisation.0.members" in text
    assert "Traceback" not in text
    assert not (tmp_path / "o" / "votebank.duckdb").exists()


def test_counterfactuals_of_one_run_have_no_standard_error_not_nan(tmp_path, capsys) -> None:
    # One run has no spread: the table said "nan" and counterfactuals.json held NaN, which is
    # not JSON (a strict reader refuses the file).
    folder = tmp_path / "cf"
    shutil.copytree(Path(vb.__file__).parent / "scenarios" / "tiny", folder)
    toml = folder / "scenario.toml"
    calm = '{ "mechanisms.fear.enabled" = false }'
    block = f'[[scenario.counterfactuals]]\nname = "calm"\nset = {calm}\n\n'
    toml.write_text(toml.read_text().replace("[tables]", block + "[tables]", 1))
    out = tmp_path / "o"
    code, text = _run(["run", str(folder), "--runs", "1", "--out", str(out)], capsys)
    assert code == 0, text
    assert "nan" not in text
    rows = json.loads((out / "counterfactuals.json").read_text(), parse_constant=_no_nan)
    assert rows["rows"]
    assert all(r["s.e."] is None and r["seats s.e."] is None for r in rows["rows"])
    # ... and one run is said in the singular: "(1 paired runs" and "(1 runs, same seeds)".
    assert "Counterfactuals (1 paired run, seed" in " ".join(text.split())
    assert rows["headline"].endswith("(1 run, same seeds).")


def _no_nan(word: str) -> float:
    raise ValueError(f"{word} is not JSON")


def test_a_finished_run_leaves_every_run_in_the_one_store_file(tmp_path, capsys) -> None:
    # The README names votebank.duckdb alone: a copy of it must hold every run, with no
    # votebank.duckdb.wal beside it left to copy too.
    out = tmp_path / "out"
    code, said = _run(["run", "tiny", "--runs", "20", "--seed", "1", "--out", str(out)], capsys)
    assert code == 0, said
    assert sorted(p.name for p in out.iterdir()) == ["votebank.duckdb"]
    copy = tmp_path / "copy"
    copy.mkdir()
    shutil.copy(out / "votebank.duckdb", copy)
    code, said = _run(["summary", "--out", str(copy)], capsys)
    assert code == 0, said
    assert "20 runs; ensemble" in said


def _store_file_limit() -> None:  # in the child: the runs fit in the log, not the merged file
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (1_000_000, 1_000_000))


def test_a_run_whose_store_could_not_be_merged_says_the_runs_are_in_the_wal(tmp_path) -> None:
    # A full disk at the final merge left the runs in votebank.duckdb.wal alone, in silence:
    # exit 0, and a copy of votebank.duckdb (the README's one file) lacked every run.
    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "votebank", "run", "tiny", "--runs", "3", "--out", str(out)],
        preexec_fn=_store_file_limit,
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "300"},
        check=False,
    )
    assert_unmerged_said(proc, out, "--resume")


def test_summary_sets_the_real_votes_beside_the_simulated_as_run_does(tmp_path, capsys) -> None:
    # The real votes were read from the scenario's CSV by `run` only: `summary` of the same
    # store dropped the "Real votes" and "Real in 5–95%" columns.
    out = tmp_path / "o"
    argv = ["run", "copeland-2017", "--runs", "2", "--seed", "1", "--out", str(out)]
    code, ran = _run(argv, capsys)
    assert code == 0, ran
    code, said = _run(["summary", "--out", str(out)], capsys)
    assert code == 0, said
    for text in (ran, said):
        assert "Real" in text.split("Candidates", 1)[1]
        assert "11,601" in text  # Gillian Troughton's real votes
    assert ran.split("Candidates", 1)[1].split("Closest")[0] in said


def test_a_store_kept_without_real_votes_says_so(tmp_path, capsys) -> None:
    # A store written before the real votes were kept is still summarised, and says why it
    # shows none.
    import duckdb

    out = tmp_path / "o"
    argv = ["run", "copeland-2017", "--runs", "2", "--seed", "1", "--out", str(out)]
    assert _run(argv, capsys)[0] == 0
    with duckdb.connect(str(out / "votebank.duckdb")) as con:
        con.execute("DROP TABLE real_votes")
    code, said = _run(["summary", "--out", str(out)], capsys)
    assert code == 0, said
    assert "11,601" not in said
    assert "real votes: not shown, as this ensemble was stored by an earlier votebank" in said
    assert "--seed 1" in said
    code, said = _run([*argv, "--resume"], capsys)  # adds them, running nothing
    assert code == 0, said
    code, said = _run(["summary", "--out", str(out)], capsys)
    assert "11,601" in said
    assert "real votes: not shown" not in said


@pytest.mark.parametrize(
    ("command", "option", "bounds"),
    [
        ("run", "--runs", "1 to 1,000,000"),
        ("run", "--workers", "1 to 256"),
        ("compare", "--runs", "2 to 1,000,000"),
    ],
)
def test_help_gives_the_range_an_option_is_held_to(command, option, bounds):
    # These options are checked by a callback, which --help does not show: run --runs and
    # compare --runs read "<int>" with no range, while every other command's runs show theirs.
    from typer.testing import CliRunner

    from votebank.cli import app

    text = CliRunner().invoke(app, [command, "--help"], env={"COLUMNS": "300"}).output
    [line] = [row for row in text.splitlines() if f" {option} " in row]
    assert bounds in line, line


def test_run_without_runs_says_where_its_number_of_runs_came_from(tmp_path, capsys) -> None:
    # na184-2008 (200 runs in its file) read "200 runs (the default for 1 seats; ...)", as if
    # 200 were a default for one seat; tiny (20 in its file) did not say it was raised to 100.
    folder = tmp_path / "own"
    shutil.copytree(Path(vb.__file__).parent / "scenarios" / "tiny", folder)
    toml = folder / "scenario.toml"
    toml.write_text(toml.read_text().replace("runs = 20", "runs = 100"))
    code, own = _run(["run", str(folder), "--out", str(tmp_path / "a")], capsys)
    assert code == 0, own
    assert "tiny: 100 runs (the scenario's runs; --runs to change)" in own
    code, raised = _run(["run", "tiny", "--out", str(tmp_path / "b")], capsys)
    assert code == 0, raised
    assert "tiny: 100 runs (the scenario asks for 20; at least 100 for 3 seats;" in raised


@pytest.mark.parametrize("done", [3, 0])
def test_a_stopped_ensemble_with_parameter_draws_is_resumed_with_them(done, tmp_path, capsys):
    # The command it gave to finish the ensemble left out --parameter-uncertainty: run as
    # given, it was refused as another scenario (draw_parameters was true, now false).
    path = synthetic_store(tmp_path, done)
    drawn_and_stopped(path, 8)
    _, said = _run(["summary", "--out", str(tmp_path)], capsys)
    assert f"--seed 1 --runs 8 --parameter-uncertainty --out {tmp_path} --resume" in said


def test_a_stopped_ensemble_keeping_every_runs_stations_is_resumed_so(tmp_path, capsys):
    # The command it gave left out --station-runs -1: run as given, the resume was refused
    # (the default keeps stations of the first 5 runs only, so not of these 7).
    out = str(tmp_path)
    code, said = _run(["run", "tiny", "--runs", "7", "--seed", "1", "--station-runs", "-1",
                       "--out", out], capsys)  # fmt: skip
    assert code == 0, said
    with ResultsStore(tmp_path / "votebank.duckdb") as store:  # as a kill at run 7 of 10
        store.connection.execute("UPDATE ensembles SET runs_requested = 10")
    _, said = _run(["summary", "--out", out], capsys)
    command = f"--seed 1 --runs 10 --station-runs -1 --out {out} --resume"
    assert command in said
    # Another value keeps every stored run's stations too: it says it cannot know which.
    assert "the store does not record --station-runs, so give the one it was started" in said
    code, said = _run(["run", "tiny", *command.split()], capsys)
    assert code == 0, said


@pytest.mark.parametrize(
    ("done", "flag", "note"),
    [(6, " --station-runs 3", False), (3, "", True), (2, " --station-runs 0", False)],
)
def test_the_command_to_finish_a_stopped_ensemble_keeps_its_runs_stations(
    done, flag, note, tmp_path, capsys
):
    # Runs 0-2 of the synthetic store keep stations: 6 stored say --station-runs 3; 3 stored
    # fit the default (5) as well as 3, which differ on runs 3 and 4: it cannot know.
    path = synthetic_store(tmp_path, done)
    with ResultsStore(path) as store:
        con = store.connection
        con.execute("UPDATE ensembles SET runs_requested = 8")
        if done == 2:  # neither kept stations: a run with --station-runs 0
            con.execute("UPDATE runs SET has_stations = false")
    _, said = _run(["summary", "--out", str(tmp_path)], capsys)
    assert f"--seed 1 --runs 8{flag} --out {tmp_path} --resume` finishes it" in said
    assert ("does not record --station-runs" in said) is note


def test_a_summary_without_backgrounds_has_no_table_of_them(tmp_path, capsys) -> None:
    # uk-2015-from-2010 printed "Winners by background: none, 650 seats", a table of nothing.
    store = synthetic_store(tmp_path, 2)
    code, said = _run(["summary", "--out", str(tmp_path)], capsys)
    assert code == 0, said
    assert "Winners by background" in said
    with ResultsStore(store) as db:
        db.connection.execute(
            "UPDATE candidates SET background = 'none', background_sourced = false"
        )
    code, said = _run(["summary", "--out", str(tmp_path)], capsys)
    assert code == 0, said
    assert "Winners by background" not in said


def test_a_summary_of_own_choices_alone_says_so_without_a_table_of_nothing(tmp_path, capsys):
    # uk-2015-from-2010's summary printed "Votes by route": own 100.0%, then clan, landlord,
    # coerced, stuffed and canvassed at 0.0% for every party.
    store = synthetic_store(tmp_path, 2)
    code, said = _run(["summary", "--out", str(tmp_path)], capsys)
    assert code == 0, said
    assert "every vote was the voter's own choice" not in said
    with ResultsStore(store) as db:
        db.connection.execute(
            "UPDATE candidates SET votes_own = votes, votes_clan = 0, votes_landlord = 0, "
            "votes_coerced = 0, votes_stuffed = 0, votes_canvassed = 0"
        )
    code, said = _run(["summary", "--out", str(tmp_path)], capsys)
    assert code == 0, said
    assert "Votes by route: in every run every vote was the voter's own choice" in said
    assert "canvassed" not in said.split("Votes by route")[1].split("Winners by")[0]


def test_the_summary_says_its_seed_and_what_a_range_is(tmp_path, capsys) -> None:
    # The summary gave "Con 314.4 308–321" under "5–95%" with no word of what the range is
    # (a journalist quotes it as a margin of error), nor the seed that repeats it.
    synthetic_store(tmp_path, 2)
    code, said = _run(["summary", "--out", str(tmp_path)], capsys)
    assert code == 0, said
    assert "seed 1: the same scenario, seed and runs give the same figures" in said
    assert "a 5–95% range is the middle 90% of the runs, not a margin of error" in said


def test_a_resumed_run_shows_the_rate_of_the_runs_it_makes(tmp_path, monkeypatch, capsys):
    # The rate counted the runs stored before the --resume: 22 stored, then 64 runs/s shown
    # for an ensemble making 0.4 a second.
    from rich.progress import Progress

    from votebank.commands import ensemble

    rates = []
    clock = iter(range(10_000))  # a second a reading: the rate is runs over readings

    class Recording(Progress):
        def update(self, task, **fields):
            if fields.get("rate"):
                rates.append((fields["completed"], fields["rate"]))
            super().update(task, **fields)

    def bar(*columns, console):
        return Recording(*columns, console=console, get_time=lambda: float(next(clock)))

    monkeypatch.setattr(ensemble, "transient_bar", bar)
    args = ["run", "tiny", "--seed", "1", "--station-runs", "0", "--out", str(tmp_path)]
    assert _run([*args, "--runs", "200"], capsys)[0] == 0
    rates.clear()
    assert _run([*args, "--runs", "202", "--resume"], capsys)[0] == 0
    assert rates, "no rate shown"
    completed, rate = rates[-1]
    assert completed == 202
    assert float(rate.split()[0]) <= 2, rate  # 2 runs made, in a second at least: not 202


def test_a_refused_run_prints_no_plan_above_its_refusal(tmp_path, monkeypatch, capsys):
    # "tiny: 3 runs (asked for)" stood above "already holds ensemble ...", as if runs began.
    from tests.hostile.helpers import main

    argv = ["run", "tiny", "--runs", "3", "--seed", "1", "--out", str(tmp_path)]
    code, _out, err = main(argv, monkeypatch, capsys)
    assert code == 0
    assert "tiny: 3 runs (asked for)" in err
    code, _out, err = main(argv, monkeypatch, capsys)
    assert code != 0
    assert "already holds" in err
    assert "3 runs (asked for)" not in err


def test_the_summary_names_its_store_by_one_whole_path(tmp_path, monkeypatch, capsys) -> None:
    # "ensemble X in PATH" was wrapped at the terminal's width (80 columns in a pipe): a store
    # in a deep folder was named on two lines, and the path copied from it named nothing.
    from votebank import terminal

    monkeypatch.setattr(terminal.console, "_width", 80)
    out = tmp_path / ("nightly-runs-" * 8) / ("dashboard-" * 8)
    out.mkdir(parents=True)
    synthetic_store(out, 2)
    with pytest.raises(SystemExit):
        main(["summary", "--out", str(out)])
    lines = capsys.readouterr().out.splitlines()
    assert any(line.endswith(f" in {out / 'votebank.duckdb'}") for line in lines), lines[-4:]


@pytest.mark.parametrize("runs", [1, 3])
def test_summary_json_is_strict_json_of_the_summarys_tables(tmp_path, capsys, runs) -> None:
    # A script had only the terminal's tables (wrapped, with box characters) to read.
    from votebank.results.summary import summarize

    synthetic_store(tmp_path, runs)
    with pytest.raises(SystemExit) as exit_:
        main(["summary", "--out", str(tmp_path), "--json"])
    out = capsys.readouterr().out
    assert (exit_.value.code or 0) == 0

    def refuse(constant: str) -> None:
        raise AssertionError(f"not strict JSON: {constant}")

    got = json.loads(out, parse_constant=refuse)  # NaN (no interval from one run) is null
    with ResultsStore(tmp_path / "votebank.duckdb", read_only=True) as store:
        s = summarize(store, store.chosen_ensemble(None))
    assert got["runs"] == runs
    assert [r["party"] for r in got["seats"]] == s.seats["party"].tolist()
    assert [r["total_mean"] for r in got["seats"]] == pytest.approx(s.seats["total_mean"].tolist())
    assert len(got["constituencies"]) == len(s.constituencies)
    assert out.count("\n") == 1  # one line: nothing else on stdout


def test_a_json_output_that_is_a_link_is_written_through(tmp_path):
    from votebank.commands.ensemble import write_json

    link, target = linked_output(tmp_path, "counterfactuals.json", "{}")
    write_json(link, {"rows": [1.5, float("nan")]})
    assert link.is_symlink()
    assert json.loads(target.read_text(encoding="utf-8")) == {"rows": [1.5, None]}
    assert sorted(p.name for p in link.parent.iterdir()) == ["counterfactuals.json"]

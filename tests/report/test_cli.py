"""`votebank report` on stores a user may have: what it says, its exit code, what it writes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.report import drawn_and_stopped, synthetic_store
from votebank.cli import main
from votebank.results.store import ResultsStore


def _report(args: list[str], capsys: pytest.CaptureFixture[str], command: str = "report"):
    with pytest.raises(SystemExit) as exit_:
        main([command, *args])
    captured = capsys.readouterr()
    return exit_.value.code or 0, " ".join((captured.out + captured.err).split())


def test_an_ensemble_stopped_before_its_first_run_is_exit_2(tmp_path: Path, capsys) -> None:
    # A run killed before its first run was stored leaves an ensemble with no runs.
    with ResultsStore(tmp_path / "votebank.duckdb") as store:
        eid = store.begin_ensemble(
            scenario_name="tiny",
            scenario_hash="h",
            seed_entropy=1,
            runs_requested=5,
            scenario_json=json.dumps({"scenario": {"name": "tiny"}}),
            version="0.1.0",
        )
    code, said = _report(["--out", str(tmp_path)], capsys)
    assert code == 2, said
    assert f"ensemble {eid}" in said
    assert "no stored runs" in said
    assert "Traceback" not in said
    assert not (tmp_path / "report.html").exists()


@pytest.mark.parametrize("command", ["report", "summary"])
def test_an_empty_ensemble_id_is_refused_not_taken_for_the_latest(
    tmp_path: Path, capsys, command: str
) -> None:
    # --ensemble "$ID" with ID unset: the latest ensemble would be shown as if asked for.
    synthetic_store(tmp_path, 2)
    code, said = _report(["--out", str(tmp_path), "--ensemble", ""], capsys, command)
    assert code == 2, said
    assert "no such ensemble in the store" in said
    assert "(got '')" in said
    assert not (tmp_path / "report.html").exists()


@pytest.mark.parametrize("levels", [900, 5000])
def test_an_extra_file_nested_too_deep_is_named_not_a_traceback(
    tmp_path: Path, capsys, levels: int
) -> None:
    # A damaged validation.json: deep enough to break the parser, or only the report after it.
    synthetic_store(tmp_path, 2)
    deep = '{"a":' * levels + "1" + "}" * levels
    (tmp_path / "validation.json").write_text(deep, encoding="utf-8")
    code, said = _report(["--out", str(tmp_path)], capsys)
    assert code == 2, said[-300:]
    assert f"{tmp_path / 'validation.json'}: nested more than 200 levels deep" in said
    assert not (tmp_path / "report.html").exists()


@pytest.mark.parametrize(
    ("value", "field"),
    [
        ("Infinity", "coverage"),
        ("NaN", "coverage"),
        ("-Infinity", "coverage"),
        ("1e400", "coverage"),
        ('[{"share": Infinity}]', "coverage[0].share"),
    ],
)
def test_an_extra_file_with_a_number_json_cannot_hold_is_refused(
    tmp_path: Path, capsys, value: str, field: str
) -> None:
    # A hand-written validation.json with Infinity showed a dash in the report, silently.
    synthetic_store(tmp_path, 2)
    file = tmp_path / "validation.json"
    file.write_text(f'{{"headline": "ok", "coverage": {value}}}', encoding="utf-8")
    code, said = _report(["--out", str(tmp_path)], capsys)
    assert code == 2, said[-300:]
    shown = value if field == "coverage" else "Infinity"
    assert f"{file}: field {field}: not a finite number" in said
    assert f"(got {shown})" in said
    assert not (tmp_path / "report.html").exists()


def test_an_extra_file_nested_deep_but_within_bounds_is_shown(tmp_path: Path, capsys) -> None:
    synthetic_store(tmp_path, 2)
    (tmp_path / "validation.json").write_text('{"a":' * 150 + "1" + "}" * 150, encoding="utf-8")
    code, said = _report(["--out", str(tmp_path)], capsys)
    assert code == 0, said[-300:]
    assert (tmp_path / "report.html").is_file()


def test_a_store_in_a_read_only_folder_is_reported_elsewhere(tmp_path, monkeypatch, capsys):
    from tests.commands.test_ensemble import read_only

    store = tmp_path / "archive"
    store.mkdir()
    synthetic_store(store, 2)
    read_only(monkeypatch, store)
    to = tmp_path / "site" / "report.html"
    code, said = _report(["--out", str(store), "--to", str(to)], capsys)
    assert code == 0, said
    assert to.is_file()
    # Without --to the report would go in the store's folder: refused, saying where to write.
    code, said = _report(["--out", str(store)], capsys)
    assert code == 2, said
    assert "--out: cannot be written" in said
    assert "unless --to names a file elsewhere" in said


def _text(page: str) -> str:
    """The page's visible text (and tooltips), without its script, style and tags."""
    import html
    import re

    page = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", page, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def test_a_report_of_one_run_says_its_percentages_are_no_probabilities(tmp_path, capsys):
    synthetic_store(tmp_path, 1)
    code, said = _report(["--out", str(tmp_path)], capsys)
    assert code == 0, said
    text = _text((tmp_path / "report.html").read_text(encoding="utf-8"))
    assert "One run: every percentage below is what happened in that run" in text
    assert "over one run" in text
    assert " 1 runs" not in text


def test_a_report_of_many_runs_has_no_such_note(tmp_path, capsys):
    synthetic_store(tmp_path, 3)
    code, said = _report(["--out", str(tmp_path)], capsys)
    assert code == 0, said
    text = _text((tmp_path / "report.html").read_text(encoding="utf-8"))
    assert "One run:" not in text
    assert "over 3 runs" in text


def test_a_report_of_a_stopped_ensemble_says_so_and_how_to_finish_it(tmp_path, capsys):
    # Its masthead said "3 of 8 requested" and nothing else; `summary` says --resume.
    path = synthetic_store(tmp_path, 3)
    with ResultsStore(path) as store:  # as a run killed after its third run leaves it
        store.connection.execute("UPDATE ensembles SET runs_requested = 8")
    code, said = _report(["--out", str(tmp_path)], capsys)
    assert code == 0, said
    text = _text((tmp_path / "report.html").read_text(encoding="utf-8"))
    assert "This ensemble was stopped: 3 of the 8 runs asked for are stored" in text
    assert "votebank run ... --seed 1 --runs 8 --out FOLDER --resume" in text  # its seed


def test_a_stopped_ensemble_of_one_stored_run_says_it_is_stored(tmp_path, capsys):
    # The report and the summary said "1 of the 8 runs asked for are stored".
    path = synthetic_store(tmp_path, 1)
    with ResultsStore(path) as store:
        store.connection.execute("UPDATE ensembles SET runs_requested = 8")
    code, said = _report(["--out", str(tmp_path)], capsys)
    assert code == 0, said
    text = _text((tmp_path / "report.html").read_text(encoding="utf-8"))
    assert "This ensemble was stopped: 1 of the 8 runs asked for is stored" in text
    with pytest.raises(SystemExit):
        main(["summary", "--out", str(tmp_path)])
    said = " ".join(capsys.readouterr().out.split())
    assert "only 1 of the 8 runs asked for is stored" in said


def test_a_stopped_ensemble_with_parameter_draws_is_finished_with_them(tmp_path, capsys):
    # The command it gave left out --parameter-uncertainty: run as given, it was refused.
    path = synthetic_store(tmp_path, 3)
    drawn_and_stopped(path, 8)
    code, said = _report(["--out", str(tmp_path)], capsys)
    assert code == 0, said
    text = _text((tmp_path / "report.html").read_text(encoding="utf-8"))
    assert "--seed 1 --runs 8 --parameter-uncertainty --out FOLDER --resume" in text


def test_a_folder_named_report_html_in_out_is_named_by_the_option(tmp_path: Path, capsys) -> None:
    # The error said "path: is a folder", naming an argument of no command.
    synthetic_store(tmp_path, 2)
    (tmp_path / "report.html").mkdir()
    code, said = _report(["--out", str(tmp_path)], capsys)
    assert code == 2, said
    assert "--out: is a folder; give a file" in said
    assert f"(got {tmp_path / 'report.html'})" in said
    assert "unless --to names a file elsewhere" in said
    assert "path:" not in said


def test_run_with_report_refuses_a_report_it_cannot_write_before_running(tmp_path, capsys):
    # `run --report` ran every run, then failed on OUT/report.html being a folder.
    (tmp_path / "report.html").mkdir()
    code, said = _report(["tiny", "--runs", "2", "--out", str(tmp_path), "--report"], capsys, "run")
    assert code == 2, said
    assert "--out: is a folder; give a file; --report writes OUT/report.html" in said
    assert not (tmp_path / "votebank.duckdb").exists()


def test_a_stopped_ensemble_that_kept_every_runs_stations_is_finished_with_them(tmp_path, capsys):
    # Its note gave no --station-runs: run as given (the default, 5), the resume was refused
    # because the stored runs 5-9 kept station detail.
    import duckdb

    from tests.report import run_tiny

    path = run_tiny(tmp_path, runs=10)  # --station-runs -1
    with duckdb.connect(str(path)) as con:
        con.execute("UPDATE ensembles SET runs_requested = 20")
    code, said = _report(["--out", str(tmp_path)], capsys)
    assert code == 0, said
    text = _text((tmp_path / "report.html").read_text(encoding="utf-8"))
    assert "--seed 1 --runs 20 --station-runs -1 --out FOLDER --resume" in text
    assert "the store does not record --station-runs" in text


def test_a_report_names_the_plans_of_other_scenarios_it_leaves_out(tmp_path: Path, capsys) -> None:
    # A plan stored beside the runs was found in no report and named by nothing; now the
    # plans of the ensemble's scenario have their section, and the others are named.
    from tests.report.test_plandata import other_tiny
    from tests.uk.test_plan_canvass import QUICK_TINY

    with pytest.raises(SystemExit):
        main(["run", "tiny", "--runs", "2", "--out", str(tmp_path)])
    with pytest.raises(SystemExit):
        main([*QUICK_TINY, "--out", str(tmp_path)])
    capsys.readouterr()
    code, said = _report(["--out", str(tmp_path)], capsys)
    assert code == 0
    assert "canvass plan" not in said  # the one plan is in the report
    quick = [str(other_tiny(tmp_path)) if a == "tiny" else a for a in QUICK_TINY]
    with pytest.raises(SystemExit):
        main([*quick, "--out", str(tmp_path)])
    capsys.readouterr()
    code, said = _report(["--out", str(tmp_path)], capsys)
    assert code == 0
    assert "the store also holds 1 canvass plan of other scenarios:" in said
    assert f"`votebank plans --out {tmp_path}` lists them" in said
    assert (tmp_path / "report.html").is_file()


def test_a_folder_of_a_backtest_alone_is_told_where_its_page_is(tmp_path: Path, capsys) -> None:
    # `votebank report --out DIR` on a backtest's --out said only "run `votebank run` first".
    (tmp_path / "backtest.json").write_text("{}", encoding="utf-8")
    (tmp_path / "backtest.html").write_text("<html></html>", encoding="utf-8")
    code, text = _report(["--out", str(tmp_path)], capsys)
    assert code == 2
    assert "first (backtest.json here shows as a section of a stored ensemble's report;" in text
    assert "its own page is backtest.html)" in text
    assert not (tmp_path / "report.html").exists()


def test_the_report_s_path_is_printed_as_written(tmp_path: Path, capsys) -> None:
    # A folder named "[b]x[/b]" was printed as "x": rich read the brackets as markup, and the
    # path a script took from stdout was not the file written.
    synthetic_store(tmp_path, 2)
    to = tmp_path / "[b]x[/b]" / "r.html"
    with pytest.raises(SystemExit) as exit_:
        main(["report", "--out", str(tmp_path), "--to", str(to)])
    assert (exit_.value.code or 0) == 0
    assert str(to) in capsys.readouterr().out.splitlines()
    assert to.is_file()

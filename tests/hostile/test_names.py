"""Hostile names (issue 20, points 4 and 7): rich markup, terminal escapes, bidi overrides and
huge names. Names are cleaned on load, escaped on output, and bounded in length."""

from __future__ import annotations

import time

import votebank
from tests.hostile.helpers import assert_nothing_written, assert_user_error, main, tiny_copy
from tests.scenario.test_errors import cell, toml_set

MARKUP = "[/]"
ESCAPES = "\x1b]0;pwned\x07\x1b[2JEvil"
BIDI = "\u202eabc\u2066x\u2069"


def test_markup_and_escapes_in_names_print_as_text(tmp_path, monkeypatch, capsys):
    folder = tiny_copy(tmp_path)
    cell("candidates.csv", 2, "name", f"Mian {MARKUP} [bold]x")(folder)
    cell("candidates.csv", 3, "name", ESCAPES)(folder)
    toml_set("[scenario]", "title", '"[red]t[/red]"')(folder)
    out_dir = tmp_path / "out"
    argv = ["run", str(folder), "--runs", "2", "--out", str(out_dir)]
    code, out, err = main(argv, monkeypatch, capsys)
    assert code == 0, err
    assert "Mian [/] [bold]x" in out
    assert "\x1b" not in out
    assert "Evil" in out
    code, out, err = main(["summary", "--out", str(out_dir)], monkeypatch, capsys)
    assert code == 0, err
    assert "[/]" in out


def test_control_and_bidi_characters_are_cleaned_on_load(tmp_path):
    folder = tiny_copy(tmp_path)
    cell("candidates.csv", 2, "name", ESCAPES + BIDI)(folder)
    toml_set("[scenario]", "title", '"A\\u001b[2J\\u202eB"')(folder)
    sc = votebank.load_scenario(folder)
    name = sc.candidates.set_index("candidate").loc["T-1-a", "name"]
    assert name == "]0;pwned[2JEvilabcx"
    assert sc.spec.scenario.title == "A[2JB"


def test_huge_name_in_toml_is_refused_quickly(tmp_path, monkeypatch, capsys):
    folder = tiny_copy(tmp_path)
    toml_set("[scenario]", "name", '"' + "x" * 100_000 + '"')(folder)
    start = time.perf_counter()
    code, out, err = main(["validate", str(folder)], monkeypatch, capsys)
    assert time.perf_counter() - start < 10
    assert_user_error(code, out, err, "scenario.toml", "scenario.name", "xxxx")
    assert len(err) < 5_000, "a huge value must not be echoed whole"


def test_huge_cell_is_refused_quickly(tmp_path, monkeypatch, capsys):
    folder = tiny_copy(tmp_path)
    cell("candidates.csv", 4, "name", "y" * 1_000_000)(folder)
    out_dir = tmp_path / "out"
    start = time.perf_counter()
    argv = ["run", str(folder), "--runs", "1", "--out", str(out_dir)]
    code, out, err = main(argv, monkeypatch, capsys)
    assert time.perf_counter() - start < 10
    assert_user_error(
        code, out, err, "candidates.csv", "row 4, column name", "1,000,000 characters"
    )
    assert_nothing_written(out_dir)


def test_report_drops_bidi_and_control_characters_from_an_old_store(tmp_path):
    """A store written before names were cleaned may hold them; the report drops them."""
    from votebank.ensemble.runner import EnsembleRequest, run_ensemble
    from votebank.report.cli import report_command

    sc = votebank.load_scenario("tiny")
    cands = sc.candidates.copy()
    cands.loc[0, "name"] = f"Mian{BIDI}\x1b[2J"
    path = tmp_path / "votebank.duckdb"
    run_ensemble(EnsembleRequest(sc.with_tables(sc.constituencies, cands), 2, store_path=path))
    report_command(out=tmp_path, ensemble=None, to=None)
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "Mianabcx[2J" in page
    for char in ("\u202e", "\u2066", "\x1b"):
        assert char not in page

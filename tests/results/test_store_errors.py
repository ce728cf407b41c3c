"""A store holding canvass plans and no ensemble says where its plans are."""

import os

import pytest

from tests.hostile.helpers import assert_user_error, main
from tests.uk.test_plan_canvass import QUICK_TINY


def test_a_store_of_plans_alone_names_its_plans(tmp_path, monkeypatch, capsys):
    # report and summary said the store "holds no ensemble yet", as if plan-canvass wrote nothing.
    argv = [*QUICK_TINY[:-1], "0", "--out", str(tmp_path)]
    assert main(argv, monkeypatch, capsys)[0] == 0
    for command in ("report", "summary"):
        code, out, err = main([command, "--out", str(tmp_path)], monkeypatch, capsys)
        said = " ".join(err.split())
        assert_user_error(code, out, err, "holds no ensemble yet", "it holds 1 canvass plan")
        assert f"`votebank plans --out {tmp_path}`" in said
    assert not (tmp_path / "report.html").exists()


def test_an_empty_store_names_no_plans(tmp_path, monkeypatch, capsys):
    from votebank.results.store import ResultsStore

    with ResultsStore(tmp_path / "votebank.duckdb"):
        pass
    code, out, err = main(["report", "--out", str(tmp_path)], monkeypatch, capsys)
    assert_user_error(code, out, err, "holds no ensemble yet")
    assert "canvass plan" not in err


def test_a_table_file_read_as_a_store_is_said_to_be_no_store(tmp_path):
    # ResultsStore("stations.csv", read_only=True) said "Catalog Error: Cannot launch
    # in-memory database in read-only mode!", DuckDB's words for a CSV it reads as a database.
    from votebank.errors import StoreError
    from votebank.results.store import ResultsStore

    path = tmp_path / "stations.csv"
    path.write_text("station,registered\n1,100\n")
    with pytest.raises(StoreError) as exc, ResultsStore(path, read_only=True):
        pass
    said = str(exc.value)
    assert "not a DuckDB database file (.csv)" in said
    assert "not a votebank store" in said
    assert "in-memory" not in said


@pytest.mark.parametrize("path", [5, None])
def test_a_store_path_that_is_no_path_is_named(path):
    # ResultsStore(5) failed with pathlib's TypeError (after asking os.path.isdir of fd 5).
    from votebank.errors import InputError
    from votebank.results.store import ResultsStore

    with pytest.raises(InputError) as exc:
        ResultsStore(path)
    assert [p.file for p in exc.value.problems] == ["path"]


def test_a_store_folder_named_in_latin_1_bytes_is_refused_not_a_traceback(
    tmp_path, monkeypatch, capsys
):
    # run --out with a folder named in Latin-1 (b"r\xe9sultats", decoded with surrogates)
    # ended in DuckDB's "RuntimeError: std::bad_cast" traceback, exit 1.
    out = tmp_path / os.fsdecode(b"r\xe9sultats")
    code, stdout, err = main(["run", "tiny", "--runs", "2", "--out", str(out)], monkeypatch, capsys)
    assert_user_error(code, stdout, err, "r\\xe9sultats", "not UTF-8")
    assert not (out / "votebank.duckdb").exists()

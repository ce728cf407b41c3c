"""``votebank export``: where the files go when --to is not given."""

from __future__ import annotations

from pathlib import Path

import duckdb

from tests.hostile.helpers import main
from tests.report import synthetic_store
from votebank.results import export as export_module


def _disk_full(con, query, path, options):
    raise duckdb.IOException(f'Could not write file "{path}": No space left {{"errno":"28"}}')


def test_export_without_to_writes_in_the_out_folder(tmp_path, monkeypatch, capsys):
    # `export --out runs/` wrote to ./votebank-out/export, not runs/export: two stores
    # exported one after the other overwrote each other's files in the current folder.
    store = tmp_path / "runs"
    store.mkdir()
    synthetic_store(store, 2)
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    code, out, err = main(["export", "--out", str(store)], monkeypatch, capsys)
    assert code == 0, err
    assert list(here.iterdir()) == []
    assert (store / "export" / "seats.parquet").is_file()
    assert str(store / "export" / "seats.parquet") in "".join(out.split())


def test_an_out_that_is_a_file_is_named_as_out_not_to(tmp_path, monkeypatch, capsys):
    # Without --to, `export --out FILE` said "--to: is a file", an option never given.
    (tmp_path / "afile").write_text("x")
    code, _, err = main(["export", "--out", str(tmp_path / "afile")], monkeypatch, capsys)
    said = " ".join(err.split())
    assert code == 2, err
    assert "--out: is a file" in said
    assert "--to" not in said


def test_a_folder_clash_in_out_export_is_named_as_out_not_to(tmp_path, monkeypatch, capsys):
    # Without --to, a folder named like an export file in OUT/export was told as "--to: ...".
    synthetic_store(tmp_path, 2)
    (tmp_path / "export" / "seats.parquet").mkdir(parents=True)
    code, _, err = main(["export", "--out", str(tmp_path)], monkeypatch, capsys)
    said = " ".join(err.split())
    assert code == 2, err
    assert "--out: a folder has the name of a file" in said
    assert "--to" not in said


def test_an_unwritable_out_export_is_named_as_out_not_to(tmp_path, monkeypatch, capsys):
    # Without --to, a full disk under OUT/export was told as "--to: ... cannot be written".
    synthetic_store(tmp_path, 2)
    monkeypatch.setattr(export_module, "_copy", _disk_full)
    code, _, err = main(["export", "--out", str(tmp_path)], monkeypatch, capsys)
    said = " ".join(err.split())
    assert code == 2, err
    assert "--out:" in said
    assert "cannot be written: No space left on device" in said
    assert "--to" not in said


def test_an_unwritable_to_is_still_named_as_to(tmp_path, monkeypatch, capsys):
    synthetic_store(tmp_path, 2)
    monkeypatch.setattr(export_module, "_copy", _disk_full)
    args = ["export", "--out", str(tmp_path), "--to", str(tmp_path / "elsewhere")]
    code, _, err = main(args, monkeypatch, capsys)
    assert code == 2, err
    assert "--to:" in " ".join(err.split())


def test_a_store_with_no_ensemble_is_refused_and_nothing_written(tmp_path, monkeypatch, capsys):
    # It exported one empty file per table and exited 0, where summary and report say the
    # store holds no ensemble yet (exit 2), as docs/scenario-format.md says export does too.
    from votebank.results.store import ResultsStore

    with ResultsStore(tmp_path / "votebank.duckdb"):
        pass
    code, _, err = main(["export", "--out", str(tmp_path)], monkeypatch, capsys)
    assert code == 2, err
    assert "holds no ensemble yet" in " ".join(err.split())
    assert not (tmp_path / "export").exists()


def test_the_files_written_are_listed_one_whole_path_a_line(tmp_path, monkeypatch, capsys):
    # In a pipe (80 columns) a path longer than the width was cut over two lines, and a
    # folder named with [brackets] lost them as markup: `while read f` met files not there.
    store = tmp_path / "runs"
    store.mkdir()
    synthetic_store(store, 2)
    to = tmp_path / ("nightly-" * 30) / ("[b]dashboard[/b]-" * 15)
    code, out, err = main(["export", "--out", str(store), "--to", str(to)], monkeypatch, capsys)
    assert code == 0, err
    listed = out.splitlines()
    assert listed
    assert all(line.startswith(str(to)) for line in listed), listed
    assert all(Path(line).is_file() for line in listed)

"""``votebank export``: where the files go when --to is not given."""

from __future__ import annotations

from tests.hostile.helpers import main
from tests.report import synthetic_store


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

"""``votebank explain --all``: the line naming the store its rows went into."""

from tests.hostile.helpers import main


def test_the_store_the_rows_went_into_is_named_by_one_whole_path(tmp_path, monkeypatch, capsys):
    # "N rows stored in PATH (table deciding_routes, ...)" was wrapped at the terminal's
    # width: a long path came out cut over two lines.
    out = tmp_path / ("nightly-" * 25) / ("explain-" * 25)
    code, _, err = main(["run", "tiny", "--runs", "2", "--out", str(out)], monkeypatch, capsys)
    assert code == 0, err
    argv = ["explain", "--all", "--out", str(out), "--runs", "2"]
    code, stdout, err = main(argv, monkeypatch, capsys)
    assert code == 0, err
    assert any(f" stored in {out / 'votebank.duckdb'} (table" in s for s in stdout.splitlines())

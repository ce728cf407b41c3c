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


def strict_json(text: str) -> dict:
    import json

    def refuse(constant: str) -> None:
        raise AssertionError(f"not strict JSON: {constant}")

    return json.loads(text, parse_constant=refuse)


def test_explain_json_gives_the_apis_rows_alone_on_stdout(tmp_path, monkeypatch, capsys):
    # A script had only the terminal's table to read, for one seat and for --all.
    import votebank as vb

    argv = ["explain", "T-1", "--scenario", "tiny", "--runs", "3", "--seed", "4", "--json"]
    code, out, err = main(argv, monkeypatch, capsys)
    assert code == 0, err
    got = strict_json(out)
    api = vb.deciding_routes("tiny", "T-1", runs=3, seed=4)
    assert (got["scenario"], got["seat"], got["runs"], got["seed"]) == ("tiny", "T-1", 3, 4)
    assert [r["mechanism"] for r in got["routes"]] == api["mechanism"].tolist()
    assert [r["p_changed"] for r in got["routes"]] == api["p_changed"].tolist()
    assert out.count("\n") == 1
    store = tmp_path / "o"
    code, out, err = main(["run", "tiny", "--runs", "3", "--out", str(store)], monkeypatch, capsys)
    assert code == 0, err
    argv = ["explain", "--all", "--out", str(store), "--runs", "3", "--json"]
    code, out, err = main(argv, monkeypatch, capsys)
    assert code == 0, err
    got = strict_json(out)
    assert got["runs"] == 3
    assert {r["constituency_id"] for r in got["routes"]} == {"T-1", "T-2", "T-3"}
    assert "stored in" in " ".join(err.split())  # where the rows went: on stderr

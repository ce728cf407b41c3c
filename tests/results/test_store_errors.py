"""A store holding canvass plans and no ensemble says where its plans are."""

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

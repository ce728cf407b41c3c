"""`votebank plans` on a folder with no store names the command that stores plans."""

from tests.hostile.helpers import assert_user_error, main


def test_a_folder_without_a_store_is_told_to_plan_not_to_run(tmp_path, monkeypatch, capsys):
    # It said "run `votebank run` first", which stores no plan: the list would still be empty.
    code, out, err = main(["plans", "--out", str(tmp_path / "none")], monkeypatch, capsys)
    assert_user_error(code, out, err, "no results store here", "`votebank plan-canvass` first")
    assert "votebank run`" not in err

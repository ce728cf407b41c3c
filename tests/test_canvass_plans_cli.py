"""`votebank plans` on a folder with no store names the command that stores plans."""

from tests.hostile.helpers import assert_user_error, main


def test_a_folder_without_a_store_is_told_to_plan_not_to_run(tmp_path, monkeypatch, capsys):
    # It said "run `votebank run` first", which stores no plan: the list would still be empty.
    code, out, err = main(["plans", "--out", str(tmp_path / "none")], monkeypatch, capsys)
    assert_user_error(code, out, err, "no results store here", "`votebank plan-canvass` first")
    assert "votebank run`" not in err


def test_a_plan_shown_again_fits_80_columns(tmp_path):
    # Its last line (id, when, by which votebank, runs, seed, step) ran to 130 columns.
    from typer.testing import CliRunner

    from tests.cli.test_narrow import ENV, check_narrow
    from tests.uk.test_plan_canvass import QUICK_TINY
    from votebank.cli import app

    runner = CliRunner()
    made = runner.invoke(app, [*QUICK_TINY, "--out", str(tmp_path)], env=ENV)
    assert made.exit_code == 0, made.output
    shown = runner.invoke(app, ["plans", "--out", str(tmp_path), "--plan", "1"], env=ENV)
    assert shown.exit_code == 0, shown.output
    check_narrow(shown.output)
    said = " ".join(shown.output.split())
    assert "UTC by votebank" in said
    assert "20 runs a batch, seed 0, step 1000 h" in said


def test_the_list_says_its_seats_column_counts_seats_given_hours():
    # "hours 3,000 | seats 4 | gain +0.20" with a caption that named no "seats": 4 read as
    # seats won, where it is the seats the hours went to.
    import pandas as pd

    from votebank.canvass_plans_cli import render_plans

    listed = pd.DataFrame(
        {
            "created": [pd.Timestamp("2026-12-07 11:06")],
            "scenario": ["uk-2015-from-2010"],
            "party": ["Lab"],
            "hours": [3000.0],
            "seats": [4],
            "gain": [0.2],
            "check_gain": [0.05],
            "check_gain_se": [0.03],
        }
    )
    caption = str(render_plans(listed).caption)
    assert "seats: the seats given hours (not seats won)" in caption
    assert "hours: volunteer-hours placed" in caption


def test_a_plan_shown_again_says_where_its_volunteers_could_go(tmp_path):
    # "20 runs a batch, seed 0, step 1000 h": a plan kept to the North and one of home
    # seats read alike; the store kept both, the command showed neither.
    from typer.testing import CliRunner

    from tests.cli.test_narrow import ENV
    from tests.uk.test_plan_canvass import QUICK_TINY
    from votebank.cli import app

    runner = CliRunner()
    for where in (["--region", "North"], ["--home", "T-2=3000", "--home", "T-1=1000"]):
        made = runner.invoke(app, [*QUICK_TINY, *where, "--out", str(tmp_path)], env=ENV)
        assert made.exit_code == 0, made.output
    said = []
    for n in ("1", "2"):
        shown = runner.invoke(app, ["plans", "--out", str(tmp_path), "--plan", n], env=ENV)
        assert shown.exit_code == 0, shown.output
        said.append(" ".join(shown.output.split()))
    assert "step 1000 h; within North" in said[0]
    assert "step 1000 h; volunteers' home seats: T-2 3000 h, T-1 1000 h" in said[1]

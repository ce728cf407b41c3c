"""A stored canvass plan reads back as it was made, and `votebank plans` shows it so."""

import pandas as pd
import pytest

from tests.hostile.helpers import assert_user_error, main
from tests.uk.test_plan_canvass import QUICK_TINY
from votebank.canvass_read import ROW_COLUMNS, read_plan, stored_plans
from votebank.results.store import ResultsStore


def _plan(out, monkeypatch, capsys, party="RED", check="0") -> str:
    argv = [*QUICK_TINY[:-1], check, "--out", str(out)]
    argv[argv.index("RED")] = party
    code, stdout, err = main(argv, monkeypatch, capsys)
    assert code == 0, err
    return stdout


def test_a_checked_plan_is_shown_again_exactly_as_it_was_printed(tmp_path, monkeypatch, capsys):
    printed = _plan(tmp_path, monkeypatch, capsys, check="20")
    code, shown, _ = main(
        ["plans", "--out", str(tmp_path), "--plan", "latest"], monkeypatch, capsys
    )
    assert code == 0
    table = printed[: printed.index("plan tiny:RED:")]  # then the line saying where it is stored
    assert shown.startswith(table)
    assert "On 20 runs it was not chosen on" in shown  # the check came back with the plan
    assert "made " in shown
    assert "by votebank " in shown
    assert "seed 0" in shown


def test_read_plan_gives_the_rows_and_totals_the_planner_made(tmp_path, monkeypatch, capsys):
    from votebank import canvass_store

    made = []
    store_plan = canvass_store.store_plan

    def keep(plan, path):
        made.append(plan)
        return store_plan(plan, path)

    monkeypatch.setattr("votebank.canvass_cli.store_plan", keep)
    _plan(tmp_path, monkeypatch, capsys)
    [plan] = made
    back = read_plan(tmp_path / "votebank.duckdb", "latest")
    pd.testing.assert_frame_equal(back, plan[list(ROW_COLUMNS)], check_dtype=False)
    for key in ("expected_seats_before", "expected_seats_after", "candidate_seats", "seed"):
        assert back.attrs[key] == plan.attrs[key], key
    assert back.attrs["linked"] == plan.attrs["linked"]
    assert back.attrs["left_out"] == plan.attrs["left_out"]
    assert "check" not in back.attrs  # --check 0: none to show


def test_the_list_numbers_plans_oldest_first_and_a_number_shows_one(tmp_path, monkeypatch, capsys):
    for party in ("BLUE", "RED"):
        _plan(tmp_path, monkeypatch, capsys, party=party)
    listed = stored_plans(tmp_path / "votebank.duckdb")
    assert list(listed["party"]) == ["BLUE", "RED"]
    assert listed["hours"].between(1, 3000).all()
    assert listed["seats"].ge(1).all()
    code, out, _ = main(["plans", "--out", str(tmp_path)], monkeypatch, capsys)
    assert code == 0
    assert "Stored canvass plans" in out
    assert out.index("BLUE") < out.index("RED")
    code, out, _ = main(["plans", "--out", str(tmp_path), "--plan", "1"], monkeypatch, capsys)
    assert code == 0
    assert "Canvass plan for BLUE" in out


def test_a_plan_stored_before_its_totals_were_kept_counts_its_own_seats_and_says_so(
    tmp_path, monkeypatch, capsys
):
    _plan(tmp_path, monkeypatch, capsys)
    path = tmp_path / "votebank.duckdb"
    with ResultsStore(path) as store:
        for column in ("expected_seats_before", "expected_seats_after", "candidate_seats"):
            store.connection.execute(f"ALTER TABLE canvass_plan DROP COLUMN {column}")
    plan = read_plan(path, "latest")
    assert plan.attrs["expected_seats_after"] == pytest.approx(plan["p_win_after"].sum())
    assert plan.attrs["candidate_seats"] == len(plan)
    code, out, _ = main(["plans", "--out", str(tmp_path), "--plan", "latest"], monkeypatch, capsys)
    assert code == 0
    assert "by an earlier votebank" in " ".join(out.split())


def test_an_unknown_plan_and_a_store_without_plans_are_clear_errors(tmp_path, monkeypatch, capsys):
    missing = tmp_path / "none"
    code, out, err = main(["plans", "--out", str(missing)], monkeypatch, capsys)
    assert_user_error(code, out, err, "votebank.duckdb", "no results store")
    _plan(tmp_path, monkeypatch, capsys)
    code, out, err = main(["plans", "--out", str(tmp_path), "--plan", "9"], monkeypatch, capsys)
    assert_user_error(code, out, err, "--plan", "(1 stored)", "tiny:RED:", "got 9")
    code, out, err = main(["plans", "--out", str(tmp_path), "--top", "0"], monkeypatch, capsys)
    assert_user_error(code, out, err, "--top", "got 0")


def test_a_store_of_runs_alone_says_it_holds_no_plan(tmp_path, monkeypatch, capsys):
    assert main(["run", "tiny", "--runs", "2", "--out", str(tmp_path)], monkeypatch, capsys)[0] == 0
    code, out, _ = main(["plans", "--out", str(tmp_path)], monkeypatch, capsys)
    assert code == 0
    assert "No canvass plan" in out
    code, out, err = main(
        ["plans", "--out", str(tmp_path), "--plan", "latest"], monkeypatch, capsys
    )
    assert_user_error(code, out, err, "holds no canvass plan", "plan-canvass")


@pytest.mark.parametrize("given", ["LATEST", "Latest", " 1", "1 ", " latest "])
def test_a_plan_asked_for_in_another_case_or_with_spaces_is_found(
    given, tmp_path, monkeypatch, capsys
):
    # "LATEST" and " 1" (pasted from the list) were refused as no such plan.
    _plan(tmp_path, monkeypatch, capsys)
    assert read_plan(tmp_path / "votebank.duckdb", given).attrs["plan_id"].startswith("tiny:RED:")


@pytest.mark.parametrize("given", ["１", "²", "0", "2"])
def test_a_number_the_list_does_not_hold_is_refused(given, tmp_path, monkeypatch, capsys):
    from votebank.errors import InputError

    _plan(tmp_path, monkeypatch, capsys)
    with pytest.raises(InputError, match="no such plan"):
        read_plan(tmp_path / "votebank.duckdb", given)

"""A canvass plan priced on runs it was not chosen on."""

import math

import numpy as np
import pandas as pd
import pytest

from tests.hostile.helpers import assert_user_error, main
from tests.uk.test_plan_canvass import constructed, standing_twice
from votebank import canvass_plan
from votebank.canvass_check import check_plan
from votebank.canvass_plan import (
    per_seat_campaigns,
    plan_canvass,
    seat_campaigns,
    win_matrix,
    with_campaigns,
    won_by_candidates,
)
from votebank.errors import InputError
from votebank.results.store import ResultsStore


def whole_gain(sc, plan, runs: int) -> np.ndarray:
    """Per fresh run, the party's seats over the whole scenario with the plan less without."""
    a, whole = plan.attrs, won_by_candidates(sc)
    seats = sorted(
        set(whole.candidates.loc[whole.candidates["party"] == a["party"], "constituency"])
    )
    hours = dict(zip(plan["constituency_id"], plan["hours"], strict=True))

    def won(with_hours: bool) -> np.ndarray:
        given = [hours.get(s, 0.0) if with_hours else 0.0 for s in seats]
        variant = with_campaigns(
            whole, per_seat_campaigns(whole) + seat_campaigns(a["party"], seats, given)
        )
        return win_matrix(variant, a["party"], runs, a["seed"], start=a["runs"]).sum(axis=1)

    return won(True) - won(False)


def test_the_check_is_the_whole_scenarios_paired_gain_on_runs_after_the_plans(tmp_path):
    sc = constructed(tmp_path)
    plan = plan_canvass(sc, 900.0, party="A", step_hours=100, per_round=3, runs=60, seed=1)
    calls = []
    check = check_plan(sc, plan, runs=300, progress=lambda *a: calls.append(a))
    gain = whole_gain(sc, plan, 300)
    assert (check.runs, check.first_run) == (300, 60)
    assert check.gain == pytest.approx(gain.mean(), abs=1e-12)
    assert check.gain_se == pytest.approx(gain.std(ddof=1) / math.sqrt(300), abs=1e-12)
    assert calls == [(done, 600) for done in range(1, 601)]
    # H0 "the plan's hours win nothing on fresh runs": rejected at z > 3 (one-sided p < 0.0014).
    assert check.gain / check.gain_se > 3


def test_seats_linked_to_the_plans_run_with_them(tmp_path, monkeypatch):
    # One person stands for A in M1 and M2 (a winner of both resigns one): a plan of M1 alone
    # is checked with M2 run beside it, and no other seat.
    sc = standing_twice(tmp_path, **{"mechanisms.multiple_seats.enabled": True})
    plan = pd.DataFrame({"constituency_id": ["M1"], "hours": [1000.0]})
    plan.attrs.update(party="A", seed=2, runs=5)
    ran = []
    real = canvass_plan.win_matrix

    def recorded(variant, *args, **kw):
        ran.append(sorted(variant.constituencies["id"]))
        return real(variant, *args, **kw)

    monkeypatch.setattr(canvass_plan, "win_matrix", recorded)
    check = check_plan(sc, plan, runs=100)
    assert ran == [["M1", "M2"]] * 2
    gain = whole_gain(sc, plan, 100)
    assert check.gain == pytest.approx(gain.mean(), abs=1e-12)
    assert check.gain_se == pytest.approx(gain.std(ddof=1) / math.sqrt(100), abs=1e-12)
    assert check.gain > 0


def test_bad_arguments_are_reported_together_before_any_run(tmp_path):
    sc = constructed(tmp_path)
    plan = pd.DataFrame({"constituency_id": ["M1"], "hours": [100.0]})
    with pytest.raises(InputError) as caught:
        check_plan(sc, plan, runs=True, progress=True, client="tcp://x:1")
    text = str(caught.value)
    assert "4 problems" in text
    for word in ("runs", "progress", "client", "party, seed, runs"):
        assert word in text
    plan.attrs.update(party="A", seed=0, runs=10)
    with pytest.raises(InputError, match="from 2"):
        check_plan(sc, plan, runs=1)
    elsewhere = pd.DataFrame({"constituency_id": ["M1", "X9"], "hours": [100.0, 100.0]})
    elsewhere.attrs.update(plan.attrs)
    with pytest.raises(InputError, match=r"not a seat of marginals where A stands \(got X9"):
        check_plan(sc, elsewhere)
    with pytest.raises(InputError, match="gives no seat any hours"):
        check_plan(sc, elsewhere.iloc[:0])


def test_the_command_prints_and_stores_the_check_or_leaves_it_out(tmp_path, monkeypatch, capsys):
    constructed(tmp_path)
    argv = ["plan-canvass", str(tmp_path / "marginals"), "--party", "A", "--budget", "300"]
    argv += ["--runs", "10"]
    stored = {}
    for check in ("20", "0"):
        out = tmp_path / f"out{check}"
        code, stdout, _ = main([*argv, "--check", check, "--out", str(out)], monkeypatch, capsys)
        assert code == 0
        assert ("runs it was not chosen on" in stdout) == (check != "0")
        with ResultsStore(out / "votebank.duckdb", read_only=True) as store:
            stored[check] = store.query("SELECT * FROM canvass_plan")
    assert set(stored["20"]["check_runs"]) == {20}
    assert set(stored["20"]["check_first_run"]) == {10}
    assert stored["0"][["check_runs", "check_gain", "check_gain_se"]].isna().all().all()
    out = tmp_path / "refused"
    for bad in ("1", "-1", "1000001"):  # the range said with the rest, not by the parser
        argv_bad = [*argv, "--check", bad, "--runs", "0", "--out", str(out)]
        code, stdout, err = main(argv_bad, monkeypatch, capsys)
        said = ("2 problems", "--runs", f"(got {bad})", "2 to 1,000,000")
        assert_user_error(code, stdout, err, *said)
    assert not out.exists()


def test_a_gain_within_chance_is_said_to_be_none(tmp_path):
    from rich.console import Console

    from votebank.canvass_check import PlanCheck
    from votebank.canvass_render import render_plan

    plan = plan_canvass(constructed(tmp_path), 300.0, party="A", runs=10, seed=1)
    said = {}
    for gain, se in ((0.50, 0.03), (0.02, 0.01), (-0.01, 0.01), (0.0, 0.0)):
        plan.attrs["check"] = PlanCheck(400, 10, gain, se)
        console = Console(width=400, record=True)
        console.print(render_plan(plan))
        said[gain] = "no more than chance would give" in " ".join(console.export_text().split())
    assert said == {0.50: False, 0.02: True, -0.01: True, 0.0: True}

"""The canvass planner: it beats an even spread of the same hours, respects caps, is stored."""

import json
import math

import numpy as np
import pandas as pd
import pytest
from rich.console import Console

import votebank as vb
from tests.hostile.helpers import assert_user_error, main
from votebank import canvass_plan, canvass_rungs, canvass_store
from votebank.canvass_inputs import MAX_CHUNKS, check_inputs
from votebank.canvass_plan import plan_canvass, seats_won, won_by_candidates
from votebank.canvass_render import render_plan
from votebank.canvass_rungs import seat_groups
from votebank.canvass_store import store_plan
from votebank.core.step import Step
from votebank.errors import InputError, VotebankError
from votebank.results.store import ResultsStore
from votebank.run.schedule import schedule
from votebank.scenario.load import load_scenario
from votebank.scenario.overrides import with_overrides
from votebank.scenario.toml_writer import to_toml

# A plan of tiny that takes a second and places hours (1,000 in T-2 win 1 run of 20), unchecked.
QUICK_TINY = ["plan-canvass", "tiny", "--party", "RED", "--budget", "3000", "--step", "1000"]
QUICK_TINY += ["--runs", "20", "--check", "0"]

# Three marginal seats (A 49 : B 51), two safe for A, three safe for B; 3,000 voters each.
BASELINE = {
    "M1": (980, 1020),
    "M2": (990, 1010),
    "M3": (985, 1015),
    "SA1": (1400, 600),
    "SA2": (1450, 550),
    "SB1": (600, 1400),
    "SB2": (650, 1350),
    "SB3": (550, 1450),
}


def constructed(tmp_path):
    folder = tmp_path / "marginals"
    folder.mkdir()
    pd.DataFrame(
        {
            "id": list(BASELINE),
            "name": list(BASELINE),
            "region": ["North"] * 5 + ["South"] * 3,
            "registered": 3000,
            "turnout": 0.6,
        }
    ).to_csv(folder / "constituencies.csv", index=False)
    rows = [
        (s, f"{s}-{p}", p, v)
        for s, votes in BASELINE.items()
        for p, v in zip("AB", votes, strict=True)
    ]
    pd.DataFrame(rows, columns=["constituency", "candidate", "party", "baseline_votes"]).to_csv(
        folder / "candidates.csv", index=False
    )
    doc = {
        "scenario": {"name": "marginals", "seed": 1},
        "tables": {"constituencies": "constituencies.csv", "candidates": "candidates.csv"},
        "parties": [{"id": "A"}, {"id": "B"}],
        "electorate": {
            "voters_per_station": 1500.0,
            "stations_per_locality": [1, 1],
            "clans_per_locality": [1, 1],
            "largest_clan_share": [1.0, 1.0],
            "blocs_per_locality": [1, 1],
            "bloc_membership_rural": 0.0,
            "bloc_membership_urban": 0.0,
            "dependent_share": 0.0,
            "landlord_locality_share": 0.0,
            "party_id_share": 0.0,
        },
        "choice": {
            "party_id_bonus": 0.0,
            "class_affinity": {},
            "candidate_shock_sd": 0.0,
            "region_shock_sd": 0.0,
        },
        "turnout": {"female_ratio": 1.0, "seat_sd": 0.0},
        "mechanisms": {"swing": {"enabled": True, "seat_sd": 2.0}, "canvass": {"enabled": False}},
    }
    (folder / "scenario.toml").write_text(to_toml(doc))
    return load_scenario(folder)


def test_plan_beats_an_even_spread_of_the_same_hours(tmp_path):
    sc = constructed(tmp_path)
    budget = 900.0
    plan = plan_canvass(sc, budget, party="A", step_hours=100, per_round=3, runs=60, seed=1)
    hours = dict(zip(plan["constituency_id"], plan["hours"], strict=True))
    assert sum(hours.values()) == pytest.approx(budget)
    assert sum(hours.get(s, 0) for s in ("M1", "M2", "M3")) >= 0.75 * budget
    even = {s: budget / len(BASELINE) for s in BASELINE}
    # Fresh runs (another seed), the same runs for both allocations: a paired comparison.
    runs = 300
    planned = seats_won(sc, hours, party="A", runs=runs, seed=99)
    spread = seats_won(sc, even, party="A", runs=runs, seed=99)
    diff = planned - spread
    se = diff.std(ddof=1) / np.sqrt(runs)
    # H0 "the plan is no better than an even spread" is rejected at z > 3 (one-sided p < 0.0014).
    assert diff.mean() > 0.15
    assert diff.mean() / se > 3


def test_home_seats_cap_the_plan_and_the_plan_is_stored(tmp_path):
    sc = constructed(tmp_path)
    plan = plan_canvass(
        sc,
        500.0,
        party="A",
        home_seats={"M1": 150.0, "SA1": 400.0},
        step_hours=100,
        runs=40,
        seed=2,
    )
    hours = dict(zip(plan["constituency_id"], plan["hours"], strict=True))
    assert set(hours) <= {"M1", "SA1"}
    assert hours.get("M1", 0) <= 150.0
    assert hours.get("SA1", 0) <= 400.0
    # The whole budget fits under the caps: what a seat does not keep won it nothing.
    assert plan.attrs["hours_spent"] + plan.attrs["hours_unproductive"] == pytest.approx(500.0)
    assert (plan["gain"] > 0).all()
    assert plan.attrs["expected_seats_after"] >= plan.attrs["expected_seats_before"] - 0.2
    path = tmp_path / "out" / "votebank.duckdb"
    store_plan(plan, path)
    store_plan(plan, path)
    with ResultsStore(path, read_only=True) as store:
        stored = store.query("SELECT * FROM canvass_plan")
    assert len(stored) == 2 * len(plan)
    assert set(stored["party"]) == {"A"}
    with pytest.raises(VotebankError, match="no such constituency"):
        plan_canvass(sc, 100.0, party="A", home_seats={"X9": 10.0})
    only_south = plan_canvass(sc, 200.0, party="A", regions=["South"], runs=10, seed=3)
    assert set(only_south["constituency_id"]) <= {"SB1", "SB2", "SB3"}


@pytest.mark.timeout(120)
def test_a_budget_that_cannot_be_spent_is_refused_before_any_run(tmp_path, monkeypatch):
    sc = constructed(tmp_path)
    calls = []

    def no_runs(*args, **kwargs):  # an infinite budget used to loop here for ever
        calls.append(1)
        if len(calls) > 20:
            raise AssertionError("the planner kept running")
        return real(*args, **kwargs)

    real = canvass_plan.win_matrix
    monkeypatch.setattr(canvass_plan, "win_matrix", no_runs)
    for budget in (math.inf, 1e12, math.nan, -5.0, 0.0, 1e-10):
        with pytest.raises(InputError) as info:
            plan_canvass(sc, budget, party="A", runs=2)
        assert [(p.file, p.value) for p in info.value.problems] == [("--budget", f"{budget:g}")]
    assert calls == []
    with pytest.raises(InputError, match=f"at most {MAX_CHUNKS:,}"):
        plan_canvass(sc, 100.0 * MAX_CHUNKS + 1, party="A", step_hours=100)
    # The bound is on chunks, not hours: the same budget in larger chunks is planned.
    assert check_inputs(sc, 1e12, 1e12 / MAX_CHUNKS, "A", None, None)[0] == []
    with pytest.raises(InputError, match="--step"):
        plan_canvass(sc, 100.0, party="A", step_hours=math.nan)


def test_bad_home_hours_and_unknown_names_are_reported_together(tmp_path):
    sc = constructed(tmp_path)
    home = {"M1": math.inf, "M2": math.nan, "M3": -5.0, "X9": 10.0, "SA1": 0.0}
    with pytest.raises(InputError) as info:
        plan_canvass(sc, 500.0, party="A", home_seats=home, runs=2)
    found = {(p.file, p.location, p.value) for p in info.value.problems}
    assert found == {
        ("--home", "M1", "inf"),
        ("--home", "M2", "nan"),
        ("--home", "M3", "-5"),
        ("--home", "X9", "X9=10"),
    }
    with pytest.raises(InputError) as info:
        plan_canvass(sc, 500.0, party="PINK", regions=["Nowhere"], runs=2)
    assert [(p.file, p.value) for p in info.value.problems] == [
        ("--party", "PINK"),
        ("--region", "Nowhere"),
    ]


def test_a_linked_seats_p_win_is_said_to_be_after_by_elections(tmp_path, monkeypatch, capsys):
    # T-2's P(win) read 14 % where `votebank run` showed its candidate winning 36 % on the same
    # runs: the plan counts the seat held once a winner of T-1 and T-2 resigns one.
    code, stdout, err = main([*QUICK_TINY, "--out", str(tmp_path / "out")], monkeypatch, capsys)
    assert code == 0, err
    said = " ".join(stdout.split())
    assert "P(win) in T-2: the seat held after by-elections" in said
    assert "not the candidate's P(win) at the poll" in said
    sc = constructed(tmp_path)  # no one stands twice: no word of by-elections
    plan = plan_canvass(sc, 200.0, party="A", home_seats={"M1": 150.0, "M2": 50.0}, runs=10, seed=5)
    assert plan.attrs["linked"] == []


def test_a_home_seat_given_by_its_name_is_refused_naming_its_id():
    # --home "Weaver Vale=200" said only "no such constituency": seats go by their id.
    sc = load_scenario("tiny")
    problems, _ = check_inputs(sc, 300.0, 100.0, "RED", {"Old Town": 200.0, "Nowhere": 1}, None)
    said = {p.location: p.message for p in problems}
    assert said["Old Town"].endswith("that is the name of T-2: give its id")
    assert said["Nowhere"] == "no such constituency in tiny"


def test_the_command_names_every_bad_option_and_stores_nothing(tmp_path, monkeypatch, capsys):
    constructed(tmp_path)
    out = tmp_path / "out"
    argv = [
        "plan-canvass",
        str(tmp_path / "marginals"),
        "--party",
        "PINK",
        "--budget",
        "inf",
        "--home",
        "M1=nan",
        "--home",
        "X9=5",
        "--home",
        "M2",
        "--out",
        str(out),
        "--workers",
        "2",
        "--scheduler",
        "tcp://127.0.0.1:1",
    ]
    code, stdout, err = main(argv, monkeypatch, capsys)
    assert_user_error(
        code,
        stdout,
        err,
        "6 problems",
        "--budget",
        "--party",
        "PINK",
        "M1",
        "nan",
        "X9",
        "M2",
        "--workers",
    )
    assert not out.exists()


def test_an_unreadable_home_seat_is_one_problem_and_huge_budgets_read_as_powers(
    tmp_path, monkeypatch, capsys
):
    constructed(tmp_path)
    out = tmp_path / "out"
    argv = ["plan-canvass", str(tmp_path / "marginals"), "--party", "A", "--out", str(out)]
    # The only home seat is unreadable: not also "A stands in none of these seats".
    code, stdout, err = main([*argv, "--budget", "500", "--home", "M1=abc"], monkeypatch, capsys)
    assert_user_error(code, stdout, err, "1 problem", "M1=abc", "SEAT=HOURS")
    assert "stands in none" not in err
    # "M1=500,M2=300" was told only "wants SEAT=HOURS"; "M1 = 500" was "no such
    # constituency ... the scenario writes it M1", the space unseen.
    home = ["--home", "M1=500,M2=300", "--home", "M2 = 300"]
    code, stdout, err = main([*argv, "--budget", "500", *home], monkeypatch, capsys)
    assert_user_error(code, stdout, err, "1 problem", "repeat it (--home A=500 --home B=300)")
    # A budget of 1e300 hours is no 300-digit number in the advice.
    code, stdout, err = main([*argv, "--budget", "1e300"], monkeypatch, capsys)
    assert_user_error(code, stdout, err, "1 problem", "1e+298 chunks", "--step 1e+296")
    assert not out.exists()


def test_plans_are_appended_to_a_store_beside_other_plans_and_a_run(tmp_path, monkeypatch, capsys):
    out = tmp_path / "out"
    plan = ["plan-canvass", "tiny", "--budget", "3000", "--step", "1000", "--runs", "20"]
    plan += ["--check", "0", "--out", str(out)]
    for party in ("BLUE", "RED"):  # the second plan was refused: "would destroy it"
        assert main([*plan, "--party", party], monkeypatch, capsys)[0] == 0
    beside = tmp_path / "ensemble"
    run = ["run", "tiny", "--runs", "2", "--out", str(beside)]
    assert main(run, monkeypatch, capsys)[0] == 0
    assert main([*plan[:-1], str(beside), "--party", "RED"], monkeypatch, capsys)[0] == 0
    with ResultsStore(out / "votebank.duckdb", read_only=True) as store:
        assert set(store.query("SELECT party FROM canvass_plan")["party"]) == {"BLUE", "RED"}
    with ResultsStore(beside / "votebank.duckdb", read_only=True) as store:
        assert len(store.query("SELECT * FROM ensembles")) == 1
        assert set(store.query("SELECT party FROM canvass_plan")["party"]) == {"RED"}
    (tmp_path / "junk").mkdir()
    (tmp_path / "junk" / "votebank.duckdb").write_text("not a store")
    code, stdout, err = main(
        [*plan[:-1], str(tmp_path / "junk"), "--party", "RED"], monkeypatch, capsys
    )
    assert_user_error(code, stdout, err, "--out", "votebank.duckdb", "not a valid DuckDB")
    assert (tmp_path / "junk" / "votebank.duckdb").read_text() == "not a store"


@pytest.mark.slow  # a 2-worker LocalCluster takes seconds to start
def test_the_command_plans_on_local_workers_as_in_one_process(tmp_path, monkeypatch, capsys):
    constructed(tmp_path)
    stored = []
    for workers in ("1", "2"):
        out = tmp_path / f"out{workers}"
        argv = ["plan-canvass", str(tmp_path / "marginals"), "--party", "A", "--budget", "400"]
        argv += ["--runs", "12", "--check", "20", "--workers", workers, "--out", str(out)]
        assert main(argv, monkeypatch, capsys)[0] == 0
        with ResultsStore(out / "votebank.duckdb", read_only=True) as store:
            plan = store.query("SELECT * FROM canvass_plan")
        stored.append(plan.drop(columns=["plan_id", "created"]))
    pd.testing.assert_frame_equal(*stored)
    assert stored[0]["hours"].sum() == pytest.approx(400)


def test_regions_with_home_seats_are_refused_naming_both(tmp_path, monkeypatch, capsys):
    sc = constructed(tmp_path)
    for regions in (["South"], ["Nowhere"]):  # M1 is in the North: --region was ignored
        with pytest.raises(InputError) as info:
            plan_canvass(sc, 100.0, party="A", home_seats={"M1": 50.0}, regions=regions, runs=2)
        [problem] = info.value.problems
        assert (problem.file, problem.value) == ("--region", regions[0])
        assert "--home" in problem.message
    argv = [*QUICK_TINY]
    argv += ["--home", "T-1=100", "--region", "Nowhere", "--out", str(tmp_path / "out")]
    code, stdout, err = main(argv, monkeypatch, capsys)
    assert_user_error(code, stdout, err, "--region", "--home", "Nowhere")
    assert not (tmp_path / "out").exists()


def test_the_plan_says_what_it_left_out_and_refuses_an_aggregate_party(
    tmp_path, monkeypatch, capsys
):
    argv = ["plan-canvass", "tiny", "--runs", "2", "--check", "0", "--out", str(tmp_path / "out")]
    home = ["--home", "T-1=100", "--home", "T-2=50"]
    code, stdout, _ = main(
        [*argv, "--party", "RED", "--budget", "1000", *home], monkeypatch, capsys
    )
    said = " ".join(stdout.split())
    assert code == 0
    # The 150 hours the home seats take win no run of 2: taken back, and nothing stored.
    assert "No hours placed for RED: 150 hours won no more of the 2 runs priced" in said
    assert "850 hours the seats within reach (--home) take no more." in said
    assert not (tmp_path / "out").exists()
    code, stdout, _ = main([*argv, "--party", "RED", "--budget", "0.4"], monkeypatch, capsys)
    assert code == 0
    assert "No hours placed for RED: 0.4 hours won no more" in " ".join(stdout.split())  # not "0"
    assert "take no more" not in stdout
    # "No hours placed for RED: 150 won no more": 150 of what was not said.
    # "All other candidates" was planned for: it never wins a seat.
    code, stdout, err = main([*argv, "--party", "OTH", "--budget", "100"], monkeypatch, capsys)
    assert_user_error(code, stdout, err, "--party", "OTH", "cannot win a seat")


def test_plans_stored_in_one_second_keep_their_own_ids_and_inputs(tmp_path, monkeypatch):
    from datetime import datetime

    class Frozen(datetime):  # two plans in the same second shared one id, their rows mixed
        @classmethod
        def now(cls, tz=None):
            return datetime(2026, 1, 2, 3, 4, 5, tzinfo=tz)

    sc = constructed(tmp_path)
    plan = plan_canvass(sc, 200.0, party="A", home_seats={"M1": 150.0, "M2": 50.0}, runs=10, seed=5)
    path = tmp_path / "out" / "votebank.duckdb"
    with ResultsStore(path) as store:  # a table stored before the inputs were recorded
        store.connection.execute(
            "CREATE TABLE canvass_plan AS SELECT 'old' AS plan_id, 'marginals' AS scenario, "
            "'A' AS party, 1::BIGINT AS rank, 'M1' AS constituency_id"
        )
    monkeypatch.setattr(canvass_store, "datetime", Frozen)
    ids = [store_plan(plan, path) for _ in range(2)]
    assert len(set(ids)) == 2
    with ResultsStore(path, read_only=True) as store:
        rows = store.query("SELECT * FROM canvass_plan WHERE plan_id != 'old'")
    assert rows.groupby("plan_id")["rank"].apply(sorted).tolist() == [[1, 2], [1, 2]]
    first = rows.iloc[0]
    assert (first.budget_hours, first.step_hours, first.per_round, first.seed) == (200, 100, 4, 5)
    assert json.loads(first.home_seats) == {"M1": 150.0, "M2": 50.0}
    assert pd.isna(first.regions)


def test_a_stored_plan_names_its_scenario_by_hash_as_a_run_does(tmp_path):
    # An edited copy keeps its scenario's name: its plan was stored as the original's.
    sc = constructed(tmp_path)
    edited = sc.with_spec(with_overrides(sc.spec, {"mechanisms.swing.seat_sd": 3.0}))
    path = tmp_path / "out" / "votebank.duckdb"
    home = {"M1": 150.0, "M2": 50.0}
    for scenario in (sc, edited):
        store_plan(plan_canvass(scenario, 200.0, party="A", home_seats=home, runs=10, seed=5), path)
    with ResultsStore(path, read_only=True) as store:
        rows = store.query("SELECT DISTINCT scenario, scenario_hash, version FROM canvass_plan")
    assert set(rows["scenario"]) == {"marginals"}
    assert set(rows["scenario_hash"]) == {sc.digest, edited.digest}
    assert set(rows["version"]) == {vb.__version__}


def test_a_home_seat_the_party_does_not_contest_is_refused(tmp_path):
    # Its hours were dropped, shown only as hours "the seats within reach take no more".
    sc = constructed(tmp_path)
    folder = tmp_path / "marginals"
    cands = pd.read_csv(folder / "candidates.csv")
    cands = cands[cands["candidate"] != "SB3-A"]
    cands.to_csv(folder / "candidates.csv", index=False)
    sc = load_scenario(folder)
    with pytest.raises(InputError) as info:
        plan_canvass(sc, 300.0, party="A", home_seats={"SB3": 200.0, "M1": 100.0}, runs=2)
    [problem] = info.value.problems
    assert (problem.file, problem.location, problem.value) == ("--home", "SB3", "SB3=200")
    assert "does not stand" in problem.message


def test_a_seed_the_store_cannot_hold_is_refused_before_any_run(tmp_path, monkeypatch, capsys):
    # The plan ran and printed, then the store refused its seed: exit 1, nothing stored.
    out = tmp_path / "out"
    argv = [*QUICK_TINY]
    code, stdout, err = main([*argv, "--seed", str(2**63), "--out", str(out)], monkeypatch, capsys)
    assert_user_error(code, stdout, err, "--seed", str(2**63))
    assert "Canvass plan" not in stdout
    assert not out.exists()
    largest = str(2**63 - 1)
    assert main([*argv, "--seed", largest, "--out", str(out)], monkeypatch, capsys)[0] == 0
    with ResultsStore(out / "votebank.duckdb", read_only=True) as store:
        assert store.query("SELECT seed FROM canvass_plan")["seed"].tolist() == [2**63 - 1]


def test_a_budget_past_the_canvass_bound_is_refused_before_any_run(tmp_path, monkeypatch, capsys):
    # In few enough chunks it was planned, and a seat given over 1e12 hours ended in a traceback.
    out = tmp_path / "out"
    argv = ["plan-canvass", "tiny", "--party", "RED", "--runs", "2", "--out", str(out)]
    code, stdout, err = main([*argv, "--budget", "1e13", "--step", "2e12"], monkeypatch, capsys)
    assert_user_error(code, stdout, err, "1 problem", "--budget", "1e+13", "at most 1e+12")
    assert stdout == ""
    assert not out.exists()


def test_a_plan_of_more_seats_than_shown_says_how_many_are_left_out():
    # Thirty of 35 seats were listed under a title giving the whole plan's hours.
    from rich.console import Console

    from votebank.canvass_render import render_plan

    n = 35
    plan = pd.DataFrame(
        {
            "rank": range(1, n + 1),
            "constituency_id": [f"S{i}" for i in range(n)],
            "name": [f"Seat {i}" for i in range(n)],
            "region": "North",
            "hours": 100.0,
            "p_win_before": 0.4,
            "p_win_after": 0.5,
            "gain": 0.1,
            "gain_per_100h": 0.1,
        }
    )
    plan.attrs.update(hours_spent=3500.0, budget_hours=3500.0, party="A", scenario="x")
    console = Console(width=200, record=True)
    console.print(render_plan(plan))
    said = " ".join(console.export_text().split())
    assert "the first 30 of the 35 seats shown (table canvass_plan holds them all)" in said
    # Hours that won nothing were taken back; the home seats' caps kept the rest.
    plan.attrs.update(budget_hours=6000.0, hours_unproductive=1700.0, runs=20)
    console.print(render_plan(plan))
    said = " ".join(console.export_text().split())
    assert (
        "2,500 of the 6,000 hours are not placed: 1,700 hours won no more of the 20 runs "
        "priced wherever the plan put them (more --runs price smaller gains); 800 hours the "
        "seats within reach (--home) take no more"
    ) in said
    assert "Seat 30" not in said


def test_the_plan_lists_the_largest_gain_first_and_keeps_no_hours_that_won_nothing(tmp_path):
    # A coin-toss seat took chunk after chunk that won no run, and was listed first by hours.
    home = {"M1": 300.0, "M2": 200.0, "SA1": 1000.0, "SB1": 1000.0}  # two seats safe
    plan = plan_canvass(constructed(tmp_path), 2000.0, party="A", home_seats=home, runs=20)
    assert (plan["gain"] > 0).all()
    assert plan["gain"].is_monotonic_decreasing
    assert plan["rank"].tolist() == list(range(1, len(plan) + 1))
    a = plan.attrs
    assert a["hours_spent"] + a["hours_unproductive"] == pytest.approx(2000.0)
    assert a["hours_unproductive"] > 0


def test_a_budget_too_small_to_place_is_refused_and_nothing_stored(tmp_path, monkeypatch, capsys):
    # An empty plan was printed and "stored" (no row written), with no word of the hours.
    out = tmp_path / "out"
    argv = ["plan-canvass", "tiny", "--party", "RED", "--runs", "2", "--out", str(out)]
    code, stdout, err = main([*argv, "--budget", "1e-10"], monkeypatch, capsys)
    assert_user_error(code, stdout, err, "--budget", "1e-10", "places nothing smaller")
    assert "Canvass plan" not in stdout
    assert not out.exists()


def test_a_switched_off_canvass_stays_off_and_the_command_says_so(tmp_path, monkeypatch, capsys):
    # The scenario's own campaigns, switched off, canvassed in the planning runs (their
    # P(win) before was not the scenario's): the planner switched the canvass on for its hours.
    from votebank.mechanisms.canvass import Campaign

    sc = constructed(tmp_path)
    theirs = Campaign(party="B", seats=["M1"], hours=50_000.0)
    canvass = sc.spec.mechanisms.canvass.model_copy(
        update={"enabled": False, "campaigns": [theirs]}
    )
    mech = sc.spec.mechanisms.model_copy(update={"canvass": canvass})
    off = sc.with_spec(sc.spec.model_copy(update={"mechanisms": mech}))
    assert canvass_plan.per_seat_campaigns(off) == []
    assert canvass_plan.subset(off, ["M1"]).spec.mechanisms.canvass.campaigns == []
    none = canvass_plan.with_campaigns(sc, [])
    kw = {"party": "A", "runs": 6, "seed": 3}
    assert (seats_won(off, {}, **kw) == seats_won(none, {}, **kw)).all()
    toml = tmp_path / "marginals" / "scenario.toml"
    text = toml.read_text(encoding="utf-8").replace(
        "[mechanisms.canvass]\nenabled = true", "[mechanisms.canvass]\nenabled = false"
    )
    assert "enabled = false" in text
    text += '\n[[mechanisms.canvass.campaigns]]\nparty = "B"\nseats = ["M1"]\nhours = 50000.0\n'
    toml.write_text(text, encoding="utf-8")
    argv = ["plan-canvass", str(toml.parent), "--party", "A", "--budget", "100", "--runs", "2"]
    argv += ["--check", "0"]
    code, out, err = main([*argv, "--out", str(tmp_path / "out")], monkeypatch, capsys)
    assert code == 0, err
    assert "switched off ([mechanisms.canvass] enabled = false)" in " ".join(out.split())


def test_a_seat_nearly_won_is_not_shown_as_certain():
    # P(win) 0.996 read "1.00" before and after, as if the hours bought nothing in a safe seat.
    from rich.console import Console

    from votebank.canvass_render import render_plan

    plan = pd.DataFrame(
        {
            "rank": [1],
            "constituency_id": ["S1"],
            "name": ["Seat 1"],
            "region": "North",
            "hours": 100.0,
            "p_win_before": 0.996,
            "p_win_after": 0.9996,
            "gain": 0.0036,
            "gain_per_100h": 0.0036,
        }
    )
    plan.attrs.update(hours_spent=100.0, budget_hours=100.0, party="A", scenario="x")
    console = Console(width=200, record=True)
    console.print(render_plan(plan))
    said = console.export_text()
    assert "99.6%" in said
    assert ">99.9%" in said
    assert "1.00 " not in said


def test_a_plan_of_one_seat_counts_one_candidate_seat():
    # plan-canvass copeland-2017 (one seat): "expected seats in the 1 candidate seats".
    from rich.console import Console

    from votebank.canvass_render import render_plan

    plan = pd.DataFrame(
        {
            "rank": [1],
            "constituency_id": ["S0"],
            "name": ["Seat 0"],
            "region": "North",
            "hours": 10.0,
            "p_win_before": 0.4,
            "p_win_after": 0.5,
            "gain": 0.1,
            "gain_per_100h": 1.0,
        }
    )
    plan.attrs.update(hours_spent=10.0, budget_hours=10.0, party="A", scenario="x")
    plan.attrs.update(candidate_seats=1)
    console = Console(width=200, record=True)
    console.print(render_plan(plan))
    said = " ".join(console.export_text().split())
    assert "10 hours; expected seats in the 1 candidate seat 0.00 -> 0.00" in said
    # --budget 1: "1 hours".
    plan.attrs.update(hours_spent=1.0, budget_hours=1.0)
    console.print(render_plan(plan))
    assert ": 1 hour; expected seats" in " ".join(console.export_text().split())


def test_no_hours_go_to_safe_seats_while_a_marginal_still_gains(tmp_path, monkeypatch):
    # One marginal (M1) among seats safe either way: a round placed its other chunks in the
    # safe seats, whose P(win) did not move, so 700 of 1,000 hours were wasted.
    monkeypatch.setitem(BASELINE, "M2", (1300, 700))
    monkeypatch.setitem(BASELINE, "M3", (700, 1300))
    sc = constructed(tmp_path)
    plan = plan_canvass(sc, 1000.0, party="A", step_hours=100, runs=40, seed=1)
    assert list(plan["constituency_id"]) == ["M1"]
    assert plan["hours"].sum() == pytest.approx(1000.0)


def test_home_hours_too_few_to_place_are_refused_and_nothing_stored(tmp_path, monkeypatch, capsys):
    # 1e-10 hours in the only home seat: nothing could be placed, yet an empty plan was
    # printed and said to be stored (with no row under its id).
    constructed(tmp_path)
    out = tmp_path / "out"
    argv = ["plan-canvass", str(tmp_path / "marginals"), "--party", "A", "--budget", "100"]
    code, stdout, err = main([*argv, "--home", "M1=1e-10", "--out", str(out)], monkeypatch, capsys)
    assert_user_error(code, stdout, err, "1 problem", "--home", "no hours")
    assert not out.exists()


def test_the_printed_plan_id_is_the_stored_one_for_a_party_named_like_an_emoji(
    tmp_path, monkeypatch, capsys
):
    # Rich read ":A:" in "marginals:A:..." (and ":Speaker:") as an emoji code and printed 🅰.
    constructed(tmp_path)
    out = tmp_path / "out"
    args = ["plan-canvass", str(tmp_path / "marginals"), "--party", "A", "--budget", "100"]
    code, stdout, _ = main(
        [*args, "--runs", "10", "--check", "0", "--out", str(out)], monkeypatch, capsys
    )
    assert code == 0
    with ResultsStore(out / "votebank.duckdb", read_only=True) as store:
        (plan_id,) = set(store.query("SELECT plan_id FROM canvass_plan")["plan_id"])
    assert f"plan {plan_id} stored" in " ".join(stdout.split())


def test_a_store_path_longer_than_the_terminal_is_named_whole(tmp_path, monkeypatch, capsys):
    # Rich folded the path wider than the terminal with a newline: copied, it named no store.
    out = tmp_path / ("campaign-" * 25) / ("volunteers-" * 20)
    args = [*QUICK_TINY]
    code, stdout, _ = main([*args, "--out", str(out)], monkeypatch, capsys)
    assert code == 0
    assert str(out / "votebank.duckdb") in stdout.splitlines()[-1]


@pytest.mark.parametrize(
    ("budget", "home", "placeable"),
    [(500.0, None, 500.0), (900.0, {"M1": 150.0, "M2": 50.0}, 200.0)],
)
def test_progress_reaches_the_hours_placed_and_leaves_the_plan_unchanged(
    tmp_path, budget, home, placeable
):
    sc = constructed(tmp_path)
    kw = {"party": "A", "home_seats": home, "step_hours": 100, "per_round": 2, "runs": 10}
    calls = []
    told = plan_canvass(sc, budget, seed=4, progress=lambda *a: calls.append(a), **kw)
    quiet = plan_canvass(sc, budget, seed=4, **kw)
    pd.testing.assert_frame_equal(told, quiet)
    assert told.attrs == quiet.attrs
    assert {total for _, total in calls} == {placeable}  # a home seat's cap bounds the bar too
    done = [d for d, _ in calls]
    assert (done[0], done[-1]) == (0, placeable)
    assert done == sorted(done)
    assert len(calls) > 3  # after each batch of runs, not only at the start and the end


def test_a_progress_that_cannot_be_called_is_refused_before_any_run(tmp_path):
    sc = constructed(tmp_path)
    with pytest.raises(InputError, match="progress"):
        plan_canvass(sc, 100.0, party="A", runs=2, progress=True)
    with pytest.raises(InputError, match="batch_progress"):
        plan_canvass(sc, 100.0, party="A", runs=2, batch_progress=True)


def test_each_batch_tells_its_runs_as_they_finish(tmp_path, monkeypatch):
    # The first two batches price every candidate seat: minutes of a national scenario, with
    # no hours placed to show. Each run of a batch is told, the plan unchanged.
    sc = constructed(tmp_path)
    kw = {"party": "A", "step_hours": 100, "per_round": 1, "runs": 6, "seed": 2}
    runs_told = []
    batches = []
    real_win_matrix = canvass_plan.win_matrix
    monkeypatch.setattr(
        canvass_plan,
        "win_matrix",
        lambda s, *a, **k: batches.append(1) or real_win_matrix(s, *a, **k),
    )
    told = plan_canvass(sc, 300.0, batch_progress=lambda *a: runs_told.append(a), **kw)
    assert len(batches) > 2
    assert runs_told == [(done, 6) for done in range(1, 7)] * len(batches)
    pd.testing.assert_frame_equal(told, plan_canvass(sc, 300.0, **kw))


def test_the_command_shows_a_bar_on_a_terminal_only(tmp_path, monkeypatch, capsys):
    from io import StringIO

    from rich.console import Console

    from votebank import terminal

    constructed(tmp_path)
    argv = ["plan-canvass", str(tmp_path / "marginals"), "--party", "A", "--budget", "300"]
    argv += ["--runs", "5", "--step", "100"]
    screen = StringIO()
    monkeypatch.setattr(terminal, "err", Console(file=screen, force_terminal=True, width=120))
    code, stdout, _ = main([*argv, "--out", str(tmp_path / "a")], monkeypatch, capsys)
    assert code == 0
    assert "marginals: A hours placed" in screen.getvalue()
    assert "runs of the batch pricing them" in screen.getvalue()
    assert "5/5" in screen.getvalue()
    assert "300/300" in screen.getvalue()
    monkeypatch.undo()  # stderr a pipe, as under capsys: no bar, the same plan
    code, piped, err = main([*argv, "--out", str(tmp_path / "b")], monkeypatch, capsys)
    assert (code, err) == (0, "")
    # The same table; the last line names the store and the plan's id (its time).
    assert piped.splitlines()[:-1] == stdout.splitlines()[:-1]


def shocked(tmp_path, **more):
    """The constructed seats with a turnout shock drawn for every seat at once, as a national
    scenario has (plus ``more`` overrides)."""
    sc = constructed(tmp_path)
    return sc.with_spec(with_overrides(sc.spec, {"turnout.seat_sd": 0.1, **more}))


def greedy(sc, budget, step, runs, seed) -> tuple[dict, int]:
    """The plan of a greedy that prices every seat before and after a chunk each round, all
    seats in one run, and its rounds."""
    seats = list(BASELINE)
    cut = canvass_plan.subset(sc, seats)

    def won(hours):
        campaigns = canvass_plan.seat_campaigns("A", seats, hours)
        scenario = canvass_plan.with_campaigns(cut, campaigns)
        return canvass_plan.win_matrix(scenario, "A", runs, seed).mean(axis=0)

    given = np.zeros(len(seats))
    rounds = 0
    while given.sum() < budget:
        gain = (won(given + step) - won(given)) / step
        score = gain - 1e-9 * np.abs(won(given) - 0.5)
        given[np.argsort(-score, kind="stable")[0]] += step
        rounds += 1
    return {s: h for s, h in zip(seats, given, strict=True) if h > 0}, rounds


def planned(sc, monkeypatch, budget, step, runs, seed) -> tuple[dict, list[int]]:
    """The plan, and the seats run in each of its batches."""
    batches = []
    real_win_matrix = canvass_plan.win_matrix
    monkeypatch.setattr(
        canvass_plan,
        "win_matrix",
        lambda s, *a, **k: batches.append(len(s.constituencies)) or real_win_matrix(s, *a, **k),
    )
    plan = plan_canvass(sc, budget, party="A", step_hours=step, per_round=1, runs=runs, seed=seed)
    monkeypatch.setattr(canvass_plan, "win_matrix", real_win_matrix)
    return dict(zip(plan["constituency_id"], plan["hours"], strict=True)), batches


def test_the_plan_is_the_greedy_that_reprices_every_seat_each_round(tmp_path, monkeypatch):
    # A batch prices only the seats the greedy needs a new rung of, each seat cut from the
    # others (it draws its turnout shock as among all eight): the same chunks as pricing every
    # seat together before and after a chunk each round.
    sc, inputs = shocked(tmp_path), (1200.0, 100.0, 30, 3)
    expected, rounds = greedy(sc, *inputs)
    plan, batches = planned(sc, monkeypatch, *inputs)
    assert plan == expected
    # Every seat's rungs 0 and 1, then the next rung of the seat just given a chunk.
    assert batches == [8, 8] + [1] * (rounds - 1)


def standing_twice(tmp_path, **more):
    """``shocked``, with party A's candidate in M1 and in M2 one person."""
    constructed(tmp_path)
    path = tmp_path / "marginals" / "candidates.csv"
    cands = pd.read_csv(path)
    cands["person"] = np.where(cands["candidate"].isin(["M1-A", "M2-A"]), "P", "")
    cands.to_csv(path, index=False)
    sc = load_scenario(tmp_path / "marginals")
    return sc.with_spec(with_overrides(sc.spec, {"turnout.seat_sd": 0.1, **more}))


def test_seats_where_one_person_stands_are_priced_together(tmp_path, monkeypatch):
    # A winner of M1 and M2 resigns one (multiple_seats): the two seats' results hang together,
    # so a batch that needs either runs both; every other seat is still priced alone. The plan
    # is the one of pricing every seat in each batch (the seats' rungs move in step either way).
    sc = standing_twice(tmp_path, **{"mechanisms.multiple_seats.enabled": True})
    groups = seat_groups(sc)
    ids = list(sc.constituencies["id"])
    assert groups[ids.index("M1")] == groups[ids.index("M2")]
    assert len(set(groups)) == len(ids) - 1
    inputs = (1200.0, 100.0, 30, 3)
    plan, batches = planned(sc, monkeypatch, *inputs)
    monkeypatch.setattr(canvass_plan, "seat_groups", lambda s: np.zeros(len(s.constituencies)))
    together, every = planned(sc, monkeypatch, *inputs)
    assert plan == together
    assert set(every) == {8}
    assert batches[:2] == [8, 8]
    assert set(batches[2:]) == {1, 2}  # a lone seat's next rung, or M1's and M2's


def test_a_plan_leaves_out_what_hands_out_seats_after_the_count(tmp_path, monkeypatch):
    # Independents joining a party and reserved seats go by the whole house's totals: no canvass
    # wins them, and they would tie every seat to every other. The plan counts the seats A's
    # own candidates win, each seat priced alone: the plan of the scenario without them.
    on = {"mechanisms.reserved_seats.enabled": True}
    sc = shocked(tmp_path, **on)
    assert "reserved_seats" not in {s.name for s in schedule(won_by_candidates(sc).spec)}
    inputs = (600.0, 100.0, 30, 3)
    plan, batches = planned(sc, monkeypatch, *inputs)
    assert batches[:2] == [8, 8]
    assert set(batches[2:]) == {1}
    off = sc.with_spec(with_overrides(sc.spec, {"mechanisms.reserved_seats.enabled": False}))
    assert plan == planned(off, monkeypatch, *inputs)[0]
    # The table says what its P(win) leave out.
    made = plan_canvass(sc, 100.0, party="A", runs=5, seed=3)
    assert made.attrs["left_out"] == ["reserved_seats"]
    screen = Console(record=True, width=300)
    screen.print(render_plan(made))
    words = " ".join(screen.export_text().split())  # the caption wraps at the table's width
    assert "wins what they hand out after the count: [mechanisms.reserved_seats]" in words


def test_any_other_link_between_seats_prices_them_all_together(tmp_path, monkeypatch):
    sc = shocked(tmp_path)
    linking = Step("national", "core", "vote", lambda state: None, "links every seat")
    steps = (*schedule(sc.spec), linking)
    monkeypatch.setattr(canvass_rungs, "schedule", lambda spec: steps)
    assert set(seat_groups(sc)) == {0}


def test_a_seat_linked_to_one_outside_the_plan_runs_with_it(tmp_path):
    # In tiny, RED's mian stands in T-1 and T-2: winning both, he resigns one, and T-2's
    # by-election decides it. Planned alone, T-2 ran cut from T-1, without its by-election
    # (P(win) 0.435 on 400 runs against 0.115). Its batches now run T-1 beside it (with the
    # token campaign T-1 has when planned): its chances are those of a plan of both seats.
    sc = load_scenario("tiny")
    kw = {"party": "RED", "runs": 200, "seed": 0}
    alone = plan_canvass(sc, 100.0, home_seats={"T-2": 100.0}, **kw)
    both = plan_canvass(sc, 100.0, home_seats={"T-1": 100.0, "T-2": 100.0}, **kw)
    assert (
        alone["p_win_before"].iloc[0]
        == both.set_index("constituency_id").loc["T-2", "p_win_before"]
    )
    tokens = canvass_plan.seat_campaigns("RED", ["T-1", "T-2"], [0.0, 0.0])
    linked = canvass_plan.with_campaigns(won_by_candidates(sc).with_seats(["T-1", "T-2"]), tokens)
    cut = canvass_plan.with_campaigns(won_by_candidates(sc).with_seats(["T-2"]), tokens[1:])
    in_both = canvass_plan.win_matrix(linked, "RED", 200, 0)[:, 1].mean()
    assert alone["p_win_before"].iloc[0] == in_both
    assert canvass_plan.win_matrix(cut, "RED", 200, 0)[:, 0].mean() > in_both + 0.2


def test_a_plan_s_numbers_are_never_cut_at_a_narrow_terminal():
    # `--budget 1e12 --step 1e9` showed its hours as "1,000,000,…" at 80 columns.
    from rich.console import Console

    from votebank.canvass_render import render_plan

    plan = pd.DataFrame(
        {
            "rank": [1, 2],
            "constituency_id": ["E14001024", "E14000647"],
            "name": ["Weaver Vale", "Copeland"],
            "region": "North West",
            "hours": [1e12, 5e11],
            "p_win_before": [0.46, 0.3],
            "p_win_after": [0.5, 0.35],
            "gain": [0.04, 0.05],
            "gain_per_100h": [4e-12, 1e-11],
        }
    )
    plan.attrs.update(hours_spent=1.5e12, budget_hours=1.5e12, party="Lab", scenario="x")
    console = Console(width=60, record=True)
    console.print(render_plan(plan, width=60))
    text = console.export_text()
    assert "…" not in text
    assert "1,000,000,000,000" in text
    assert "seats gained / 100 h" in " ".join(text.split()) or "not shown at this width" in text

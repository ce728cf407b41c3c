"""Copeland 2017: the canvass mechanism's contacts and effects, the carloads counterfactuals."""

import numpy as np
import pytest
from scipy import stats

from tests.hostile.helpers import assert_user_error, main
from votebank.canvass_plan import with_campaigns
from votebank.core.labels import CANVASSED
from votebank.mechanisms.canvass import Campaign
from votebank.run.frames import run_frames
from votebank.run.model import Model
from votebank.run.outcome import Outcome
from votebank.scenario.load import Scenario, load_scenario
from votebank.uk.carloads import carload_runs, declared, summarise

SEAT = "E14000647"


def small_copeland(registered: int = 8000, rejected: float = 0.0) -> Scenario:
    """Copeland with a smaller register (fast) and, if asked, no rejected ballots."""
    sc = load_scenario("copeland-2017")
    cons = sc.constituencies.copy()
    cons["registered"] = registered
    sc = sc.with_tables(cons, sc.candidates)
    turnout = sc.spec.turnout.model_copy(update={"rejected_share": rejected})
    return sc.with_spec(sc.spec.model_copy(update={"turnout": turnout}))


def lab_slot(model: Model) -> int:
    c = model.contests
    return int(np.flatnonzero(c.party[0] == c.party_ids.index("Lab"))[0])


def test_no_volunteers_no_contacts():
    sc = with_campaigns(small_copeland(), [Campaign(party="Lab", seats=[SEAT])])
    model = Model.of(sc, 1)
    state = model.state(0)
    assert not state.contact.any()
    assert state.seat_votes[..., CANVASSED].sum() == 0
    assert run_frames(Outcome.of(state, 0))["canvass"].empty


@pytest.mark.parametrize(("hours", "rate"), [(100.0, 0.33), (200.0, 0.33), (200.0, 0.165)])
def test_contacts_scale_with_hours_and_contact_rate(hours, rate):
    sc = with_campaigns(
        small_copeland(), [Campaign(party="Lab", seats=[SEAT], hours=hours)], contact_rate=rate
    )
    model = Model.of(sc, 2)
    k = lab_slot(model)
    expected = hours * 12 * rate  # doors an hour x share that open
    state = model.state(0)
    voters = model.electorate(0)[0].voters
    np.testing.assert_allclose(state.contact[:, k], expected / voters)
    got = sum(int(run_frames(model.outcome(r))["canvass"]["contacts"].sum()) for r in range(5))
    assert abs(got - 5 * expected) < 5 * np.sqrt(5 * expected)


@pytest.mark.parametrize("gotv", [0.07, 0.20])
def test_contacted_supporters_turn_out_more_by_the_configured_effect(gotv):
    sc = with_campaigns(
        small_copeland(rejected=0.0),
        [Campaign(party="Lab", seats=[SEAT], hours=600.0)],
        gotv=gotv,
        demobilise=0.0,
    )
    model = Model.of(sc, 3)
    k = lab_slot(model)
    mobilised = contacted = 0
    for run in range(20):
        state = model.state(run)
        mobilised += int(state.seat_votes[0, k, CANVASSED])
        contacted += int(sum(f.sum() for rows, slot, f, h in state.canvass_returns if slot == k))
    # Each contacted supporter who would have stayed home is mobilised with gotv / (1 - t):
    # mobilised / contacted estimates gotv (t + gotv < 1 here).
    se = np.sqrt(gotv * (1 - gotv) / contacted)
    assert contacted > 10_000
    assert abs(mobilised / contacted - gotv) < 4 * se


def test_zero_persuasion_leaves_choices_untouched():
    plain = small_copeland(registered=6000)
    off = Model.of(with_campaigns(plain, [], enabled=False), 4)
    heavy = [
        Campaign(party="Lab", seats=[SEAT], hours=500.0),
        Campaign(party="Con", seats=[SEAT], hours=500.0),
    ]
    on = Model(with_campaigns(plain, heavy, gotv=0.0, demobilise=0.0), off.entropy)
    runs = 250
    a = np.array([off.state(r).seat_votes.sum(axis=2)[0] for r in range(runs)])
    b_states = [on.state(r) for r in range(runs)]
    b = np.array([s.seat_votes.sum(axis=2)[0] for s in b_states])
    assert b_states[0].contact.sum() > 0.5  # most voters are reached
    np.testing.assert_array_equal(off.state(0).utility, b_states[0].utility)
    valid = off.contests.valid[0]
    cells = int(valid.sum())
    for k in np.flatnonzero(valid):
        if a[:, k].max() == 0 and b[:, k].max() == 0:
            continue
        assert stats.ks_2samp(a[:, k], b[:, k]).pvalue > 0.001 / cells
        se = np.sqrt(a[:, k].var(ddof=1) / runs + b[:, k].var(ddof=1) / runs)
        assert abs(a[:, k].mean() - b[:, k].mean()) < 4 * se + 1e-9


def test_carloads_counterfactual_with_common_random_numbers():
    frame = carload_runs("copeland-2017", (0, 85, 850), runs=40)
    s = summarise(frame).set_index("cars")
    assert s.loc[0, "gain"] == 0
    # 85 cars x 3.5 x 5 h x 12 doors x 0.33 = 5,890 talks; ~38 % Labour, +7 points: ~155 votes.
    assert 100 < s.loc[85, "gain"] < 230
    assert s.loc[85, "gain"] > 5 * s.loc[85, "gain_se"]
    assert s.loc[850, "gain"] > 5 * s.loc[85, "gain"]
    assert s.loc[85, "gain_se"] < s.loc[85, "se"] / 5  # pairing removes most of the noise


def test_real_result_and_builtin_variants():
    # The scenario's own actual votes: the by-election's declared result.
    assert declared(load_scenario("copeland-2017")) == {
        "Con": 13748,
        "Lab": 11601,
        "LD": 2252,
        "UKIP": 2025,
        "Ind": 811,
        "Green": 515,
        "OTH": 116,
    }
    prior = load_scenario("copeland-2017")
    fitted = load_scenario("copeland-2017-fitted")
    assert prior.spec.mechanisms.byelection.party_turnout == {}
    assert set(fitted.spec.mechanisms.byelection.party_turnout) == {
        "Con",
        "Lab",
        "LD",
        "UKIP",
        "Green",
    }
    lab = [c for c in prior.spec.mechanisms.canvass.campaigns if c.party == "Lab"]
    assert lab[0].cars == 85
    # Nothing but party_turnout (and the names) differs between the two.
    p, f = prior.spec.model_dump(), fitted.spec.model_dump()
    f["mechanisms"]["byelection"]["party_turnout"] = {}
    for key in ("name", "title", "description"):
        p["scenario"].pop(key), f["scenario"].pop(key)
    assert p == f
    assert prior.candidates.equals(fitted.candidates)


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--cars", "-5"], "--cars: must be 0 to 1,000,000 (got -5)"),
        (["--cars", str(10**30)], "--cars: must be 0 to 1,000,000"),
        (["--cars", "0", "--cars", "0"], "--cars: given twice"),
        (["--party", "XYZ"], "--party: stands in no seat of copeland-2017"),
        (["--party", "OTH"], "--party: stands for several candidates and cannot canvass"),
    ],
)
def test_bad_carloads_or_party_are_refused_before_any_run(args, says, monkeypatch, capsys):
    code, out, err = main(["copeland-carloads", "--runs", "2", *args], monkeypatch, capsys)
    assert_user_error(code, out, err, says)


def test_the_declared_result_is_the_scenarios_own_whatever_the_scenario():
    # It was Copeland and Stoke's by-elections, set against any scenario's votes.
    real = declared(load_scenario("uk-2015-from-2010"))
    assert real["Con"] == 11_299_609  # GB votes of the 2015 general election, 650 seats
    assert declared(load_scenario("tiny")) == {}


def test_a_party_whose_votes_are_not_all_known_has_no_declared_result(tmp_path):
    # Its result was shown as 0 (or a partial sum) and judged "in 5-95%" against the runs.
    import shutil

    import pandas as pd

    from votebank.scenario.catalogue import builtin_dir
    from votebank.uk.carloads import distribution

    folder = tmp_path / "cop"
    shutil.copytree(builtin_dir() / "copeland-2017", folder)
    cands = pd.read_csv(folder / "candidates.csv", dtype={"actual_votes": "Int64"})
    cands.loc[cands["party"] == "Ind", "actual_votes"] = pd.NA
    cands.to_csv(folder / "candidates.csv", index=False)
    sc = load_scenario(folder)
    real = declared(sc)
    assert "Ind" not in real
    assert real["Con"] == 13_748
    frame = carload_runs(sc, (85,), runs=2)
    row = distribution(frame, real, 85).set_index("party").loc["Ind"]
    assert np.isnan(row["real"])
    assert not row["real_in_90"]


def test_carloads_are_the_partys_total_whatever_its_campaigns():
    # Each of the party's campaigns was given the carloads: two campaigns, twice the cars.
    from votebank.uk.carloads import with_cars

    sc = load_scenario("copeland-2017")
    local = Campaign(party="Lab", seats=["E14000647"], hours=500.0, cars=3)
    campaigns = [*sc.spec.mechanisms.canvass.campaigns, local]
    two = with_cars(with_campaigns(sc, campaigns), "Lab", 85)
    lab = [c for c in two.spec.mechanisms.canvass.campaigns if c.party == "Lab"]
    assert [c.cars for c in lab] == [85, 0]
    assert lab[1].hours == 500.0


def test_carloads_whose_hours_the_canvass_cannot_take_are_refused_before_any_run(
    tmp_path, monkeypatch, capsys
):
    # Allowed carloads times the scenario's own occupants and hours overflowed the canvass's
    # bound: a traceback, after the first counterfactual's runs.
    import shutil

    from votebank.scenario.catalogue import builtin_dir

    folder = tmp_path / "copeland"
    shutil.copytree(builtin_dir() / "copeland-2017", folder)
    toml = folder / "scenario.toml"
    text = toml.read_text(encoding="utf-8")
    toml.write_text(text.replace("cars = 85\n", "cars = 85\nhours_per_activist = 1e6\n", 1))
    argv = ["copeland-carloads", str(folder), "--runs", "2", "--cars", "0"]
    code, out, err = main([*argv, "--cars", "1000000"], monkeypatch, capsys)
    assert_user_error(code, out, err, "--cars", "1,000,000", "at most 1e+12")
    assert out == ""


def test_in_a_scenario_of_several_seats_the_win_column_says_it_is_any_seat(monkeypatch, capsys):
    # "P(RED wins) 1.000" beside "P(win)" 1.000 for BLUE too: it was P(wins at least one seat).
    argv = ["copeland-carloads", "tiny", "--runs", "2", "--party", "RED", "--cars", "0"]
    code, out, err = main(argv, monkeypatch, capsys)
    said = " ".join(out.split())
    assert code == 0, err
    assert "P(RED wins any seat)" in said
    assert "P(wins any seat)" in said
    code, out, err = main(["copeland-carloads", "--runs", "2", "--cars", "0"], monkeypatch, capsys)
    assert "P(Lab wins)" in " ".join(out.split())


def test_carloads_stay_paired_where_no_one_else_canvasses():
    # At 0 carloads in Stoke (no campaign of its own) nobody was reached, so the voters were
    # drawn by another path than with 85: the votes bought had 5 times the standard error.
    runs = summarise(carload_runs("stoke-2017-prior", (0, 85), runs=20), "Lab")
    bought = runs.iloc[1]
    assert bought.gain > 0
    assert bought.gain_se < 6


def test_the_seed_of_a_scenario_without_one_is_printed_so_the_runs_can_be_made_again(
    tmp_path, monkeypatch, capsys
):
    # Fresh entropy was drawn and never shown: the table could not be made again.
    import re
    import shutil

    from votebank.scenario.catalogue import builtin_dir

    folder = tmp_path / "copeland"
    shutil.copytree(builtin_dir() / "copeland-2017", folder)
    toml = folder / "scenario.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace("seed = 20170223\n", "", 1))
    argv = ["copeland-carloads", str(folder), "--runs", "2", "--cars", "0", "--cars", "85"]
    code, out, err = main(argv, monkeypatch, capsys)
    assert code == 0, err
    seed = re.search(r"seed (\d+)", " ".join(out.split()))
    assert seed, out
    code, again, err = main([*argv, "--seed", seed.group(1)], monkeypatch, capsys)
    assert code == 0, err
    assert again == out


def test_a_switched_off_canvass_stays_off_but_for_the_carloads(tmp_path, monkeypatch, capsys):
    # With [mechanisms.canvass] enabled = false the command switched it on, and the
    # Conservatives' 1,500 hours canvassed in every counterfactual, which `run` never does.
    import shutil

    from votebank.mechanisms.canvass import TOKEN_HOURS
    from votebank.scenario.catalogue import builtin_dir
    from votebank.uk.carloads import with_cars

    folder = tmp_path / "copeland"
    shutil.copytree(builtin_dir() / "copeland-2017", folder)
    toml = folder / "scenario.toml"
    text = toml.read_text(encoding="utf-8")
    toml.write_text(text.replace("[mechanisms.canvass]\nenabled = true", "[mechanisms.canvass]"))
    sc = load_scenario(folder)
    assert not sc.spec.mechanisms.canvass.enabled
    canvass = with_cars(sc, "Lab", 85).spec.mechanisms.canvass
    assert [(c.party, c.seats, c.cars, c.hours) for c in canvass.campaigns] == [
        ("Lab", [SEAT], 85, TOKEN_HOURS)
    ]
    nobody = with_cars(sc, "Con", 0).spec.mechanisms.canvass.campaigns
    assert [(c.party, c.cars, c.hours) for c in nobody] == [("Con", 0, TOKEN_HOURS)]
    argv = ["copeland-carloads", str(folder), "--runs", "2", "--cars", "0"]
    code, out, err = main(argv, monkeypatch, capsys)
    assert code == 0, err
    assert "switched off ([mechanisms.canvass] enabled = false)" in " ".join(out.split())


def test_carloads_of_a_party_without_a_campaign_go_only_where_it_stands():
    # They were spread over every seat, a third of BLUE's in tiny over T-1, where it does not
    # stand: those hours reached no one.
    from votebank.uk.carloads import with_cars

    sc = load_scenario("tiny")
    [campaign] = with_cars(sc, "BLUE", 85).spec.mechanisms.canvass.campaigns
    assert (campaign.party, campaign.seats, campaign.cars) == ("BLUE", ["T-2", "T-3"], 85)


def test_a_canvass_override_can_switch_the_canvass_off():
    # enabled=False was overwritten by the switch-on, so a canvass meant off ran.
    sc = with_campaigns(small_copeland(), [Campaign(party="Lab", seats=[SEAT])], enabled=False)
    assert not sc.spec.mechanisms.canvass.enabled
    assert with_campaigns(small_copeland(), []).spec.mechanisms.canvass.enabled


def test_an_unknown_party_is_offered_only_parties_that_can_canvass(monkeypatch, capsys):
    # The choices listed OTH, which is then refused as several candidates.
    code, out, err = main(
        ["copeland-carloads", "--runs", "2", "--party", "XYZ"], monkeypatch, capsys
    )
    assert_user_error(code, out, err, "Con, Green, Ind, LD, Lab or UKIP")
    assert "OTH" not in " ".join(err.split())

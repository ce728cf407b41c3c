"""Paired counterfactuals: common random numbers make a local change cheap to measure."""

import dataclasses
import warnings

import numpy as np
import pandas as pd
import pytest

import votebank as vb
from votebank.ensemble.compare import compare, paired_runs, shared_seed
from votebank.scenario.overrides import with_overrides
from votebank.scenario.schema import ScenarioSpec

RUNS = 40


def with_canvass(scenario, hours: float):
    spec = scenario.spec.model_dump()
    spec["mechanisms"]["canvass"] = {
        "enabled": True,
        "campaigns": [{"party": "BLUE", "seats": ["T-2"], "hours": hours}],
    }
    return scenario.with_spec(ScenarioSpec.model_validate(spec))


@pytest.fixture(scope="module")
def pair():
    base = vb.load_scenario("tiny")
    return base, with_canvass(base, 3000)


def test_seats_far_from_the_change_are_identical(pair):
    base, variant = pair
    for _, a, b in paired_runs(base, variant, runs=10, seed=3):
        far_a = a["candidates"][a["candidates"].constituency_id != "T-2"]
        far_b = b["candidates"][b["candidates"].constituency_id != "T-2"]
        assert far_a.reset_index(drop=True).equals(far_b.reset_index(drop=True))


def test_paired_difference_has_much_smaller_variance_than_independent_runs(pair):
    """Var of the paired B-A difference vs var of B(seed x) - A(seed y) over the same runs.

    With 40 runs, an F-test of the ratio of variances at 40/40 degrees of freedom rejects
    equality at the 0.1% level once the ratio exceeds ~2.9; we ask for a ratio above 10.
    """
    base, variant = pair
    paired = compare(base, variant, runs=RUNS, seed=11)
    assert paired.candidates.set_index("candidate_id").loc["T-2-a", "difference"] > 0
    a_votes = [
        r["candidates"].set_index("candidate_id").loc["T-2-a", "votes"]
        for _, r, _ in paired_runs(base, base, runs=RUNS, seed=11)
    ]
    b_votes = [
        r["candidates"].set_index("candidate_id").loc["T-2-a", "votes"]
        for _, r, _ in paired_runs(variant, variant, runs=RUNS, seed=12)
    ]
    independent_var = np.var(np.array(b_votes) - np.array(a_votes), ddof=1)
    row = paired.candidates.set_index("candidate_id").loc["T-2-a"]
    paired_var = (row["difference_se"] * np.sqrt(RUNS)) ** 2
    assert independent_var / paired_var > 10


def test_identical_variants_differ_nowhere(pair):
    base, _ = pair
    result = compare(base, base, runs=5, seed=2)
    assert (result.candidates["difference"] == 0).all()
    assert (result.seats["p_changed"] == 0).all()
    assert result.winners_changed == 0
    assert result.winners_changed_se == 0


def test_winners_changed_is_the_sum_of_the_seats_chances(pair):
    base, variant = pair
    result = compare(base, variant, runs=10, seed=3)
    assert result.winners_changed == pytest.approx(result.seats["p_changed"].sum())
    assert result.winners_changed_se >= 0


def test_a_scenario_seed_of_zero_is_kept():
    scenario = vb.load_scenario("tiny")
    spec = scenario.spec.model_copy(
        update={"scenario": scenario.spec.scenario.model_copy(update={"seed": 0})}
    )
    zero = dataclasses.replace(scenario, spec=spec)
    assert shared_seed(zero, None) == 0
    assert shared_seed(zero, 7) == 7


def test_compare_command_sets_fields_of_b():
    from typer.testing import CliRunner

    from votebank.cli import app

    runner = CliRunner()
    args = ["compare", "tiny", "tiny", "--runs", "3", "--seed", "1"]
    same = runner.invoke(app, args)
    assert same.exit_code == 0, same.output
    assert "won by another party: 0.00" in same.output
    off = runner.invoke(app, [*args, "--set", "mechanisms.biradari.enabled=false"])
    assert off.exit_code == 0, off.output
    assert "won by another party" in off.output
    bad = runner.invoke(app, [*args, "--set", "mechanisms.nope.enabled=false"])
    assert bad.exit_code != 0


@pytest.mark.parametrize(
    ("setting", "location"),
    [
        ("turnout.base=nan", "turnout.base"),
        ("mechanisms.biradari.cohesion=true", "mechanisms.biradari.cohesion"),
        ("mood.national.PINK=1", ""),  # a rule of the whole scenario
        ("nofield=1", ""),
        # A path that cannot be read (a traceback before), and names the tables lack (the
        # women's seats of a region nobody holds vanished in silence).
        ("=1", ""),
        ("a..b=1", ""),
        ("mechanisms.reserved_seats.women_seats.Nowhere=3", "mechanisms.reserved_seats"),
        ("mood.Nowhere.BLUE=5", "mood.Nowhere"),
    ],
)
def test_a_bad_set_is_an_input_error_naming_it(setting, location, capsys):
    from votebank.cli import main

    with pytest.raises(SystemExit) as exit_:
        main(["compare", "tiny", "tiny", "--runs", "2", "--set", setting])
    assert exit_.value.code == 2
    err = " ".join(capsys.readouterr().err.split())
    assert f"--set: {location}" in err
    assert "Traceback" not in err
    assert len(err) < 600  # the message names the setting, not a dump of the scenario


def test_b_with_other_seats_or_rows_in_another_order_is_refused(tmp_path):
    tiny = vb.load_scenario("tiny")
    reordered = tiny.with_tables(tiny.constituencies.iloc[::-1], tiny.candidates)
    with pytest.raises(vb.InputError, match="in another order than A's"):
        compare(tiny, reordered, runs=2, seed=1)
    fewer = tiny.with_seats(tiny.constituencies["id"].iloc[1:])  # a valid scenario of its own
    with pytest.raises(vb.InputError, match="same constituencies"):
        compare(tiny, fewer, runs=2, seed=1)


def test_b_may_switch_off_what_another_mechanism_needs(capsys):
    # "Without the swing" is the question, flows and all: refused as a scenario file would be.
    from votebank.cli import main

    both = ["copeland-2017-prior", "copeland-2017-prior"]
    with pytest.raises(SystemExit) as exit_:
        main(["compare", *both, "--runs", "2", "--set", "mechanisms.swing.enabled=false"])
    assert exit_.value.code in (0, None), capsys.readouterr().err


def test_set_refuses_what_b_cannot_change_and_names_every_bad_path(capsys):
    # The seed and the tables were ignored (exit 0, B - A all zero); one bad path was named.
    from votebank.cli import main

    settings = ["scenario.seed=99", "tables.constituencies=x.csv", "nosuch.key=1"]
    settings += ["mechanisms.nothing.enabled=false"]
    argv = ["compare", "tiny", "tiny", "--runs", "2"]
    with pytest.raises(SystemExit) as exit_:
        main([*argv, *(x for s in settings for x in ("--set", s))])
    assert exit_.value.code == 2
    err = " ".join(capsys.readouterr().err.split())
    assert "4 problems" in err
    for setting in settings:
        assert f"--set: {setting.partition('=')[0]}: " in err
        assert f"(got {setting})" in err
    assert err.count("A and B run with the same seed") == 1
    assert err.count("A and B run on the same tables") == 1


def test_set_takes_the_runs_compare_passes_anyway(capsys):
    # scenario.runs in B changes nothing (compare gives both sides --runs): no reason to refuse.
    from votebank.cli import main

    with pytest.raises(SystemExit) as exit_:
        main(["compare", "tiny", "tiny", "--runs", "2", "--set", "scenario.runs=5"])
    assert exit_.value.code in (0, None), capsys.readouterr().err


def test_a_party_with_no_candidates_polls_zero_votes_not_nan():
    tiny = vb.load_scenario("tiny")
    spec = tiny.spec.model_dump()
    spec["parties"].append({"id": "NONE", "name": "A party that stands nowhere"})
    spec["mood"]["national"]["NONE"] = 1.0
    with_party = tiny.with_spec(ScenarioSpec.model_validate(spec))
    parties = compare(with_party, with_party, runs=3, seed=1).parties.set_index("party")
    assert not parties.isna().any().any(), parties
    none = parties.loc["NONE"]
    assert (none.votes_a, none.votes_b, none.difference_votes) == (0, 0, 0)


def test_a_candidate_who_stands_for_another_party_in_b_is_one_row():
    # na184-2008-no-switch is na184-2008 with the pir's candidate back in his old party.
    result = compare("na184-2008", "na184-2008-no-switch", runs=3, seed=5)
    cands = result.candidates.set_index("candidate_id")
    assert cands.index.is_unique, result.candidates
    pir = cands.loc["NA-184-2"]
    assert (pir.party, pir.party_b) == ("PML-Q", "PML-N")
    assert pir.votes_a > 0
    assert pir.votes_b > 0
    assert pir.difference == pytest.approx(pir.votes_b - pir.votes_a)
    others = cands.drop(index="NA-184-2")
    assert (others.party == others.party_b).all()


def switch_undone(capsys) -> str:
    """What `votebank compare na184-2008 na184-2008-no-switch` prints (2 runs, seed 5)."""
    from votebank.cli import main

    args = ["compare", "na184-2008", "na184-2008-no-switch", "--runs", "2", "--seed", "5"]
    with pytest.raises(SystemExit) as exit_:
        main(args)
    out = capsys.readouterr().out
    assert exit_.value.code in (0, None), out
    return out


def test_the_command_shows_a_switched_candidate_once_with_both_parties(capsys):
    out = switch_undone(capsys)
    table = out.split("Largest changes in candidates' votes")[1]
    assert table.count("NA-184-2") == 1, table
    assert "PML-Q →" in table, table


def test_the_command_shows_parties_that_win_votes_but_no_seat(capsys):
    # Every party polls in NA-184, one wins it: the others' votes change all the same.
    out = switch_undone(capsys)
    parties = out.split("Seats most often won by another party")[0]
    for party in ("IND", "OTH", "PML-N", "PML-Q", "PPPP"):
        assert f"│ {party} " in parties, parties


def with_extra_candidate(scenario, seat: str):
    """The scenario with one more (hopeless) candidate in ``seat``, after its others."""
    cands = scenario.candidates
    last = cands.index[cands["constituency"] == seat][-1]
    extra = cands.loc[[last]].assign(
        candidate=f"{seat}-new", person=f"{seat}-new", name="New", appeal=-20.0
    )
    rows = [cands.loc[:last], extra, cands.loc[last + 1 :]]
    return scenario.with_tables(scenario.constituencies, pd.concat(rows, ignore_index=True))


def test_b_with_more_candidates_in_a_seat_than_a_has_anywhere_is_refused():
    # Each seat's numbers are laid out by the most candidates any seat has: a fourth candidate
    # in T-1 moved every seat's, and T-3, untouched, "changed winner" in a third of the runs.
    tiny = vb.load_scenario("tiny")
    with pytest.raises(vb.InputError, match="T-1") as caught:
        compare(tiny, with_extra_candidate(tiny, "T-1"), runs=2, seed=1)
    assert "4 candidates" in caught.value.render()
    with pytest.raises(vb.InputError, match="T-1"):  # and the other way round
        compare(with_extra_candidate(tiny, "T-1"), tiny, runs=2, seed=1)
    # T-2 has two: a third leaves the most at three, and every other seat as it was.
    for _, a, b in paired_runs(tiny, with_extra_candidate(tiny, "T-2"), runs=2, seed=1):
        far_a = a["candidates"][a["candidates"].constituency_id != "T-2"]
        far_b = b["candidates"][b["candidates"].constituency_id != "T-2"]
        assert far_a.reset_index(drop=True).equals(far_b.reset_index(drop=True))


def test_b_with_a_seats_candidates_in_another_order_is_refused():
    # Their random numbers follow the rows: with T-3's rows turned round, its candidates drew
    # each other's numbers and the seat "changed winner" from noise alone.
    tiny = vb.load_scenario("tiny")
    cands = tiny.candidates
    t3 = cands.index[cands["constituency"] == "T-3"]
    turned = pd.concat([cands.drop(index=t3), cands.loc[t3[::-1]]], ignore_index=True)
    with pytest.raises(vb.InputError, match="T-3") as caught:
        compare(tiny, tiny.with_tables(tiny.constituencies, turned), runs=2, seed=1)
    assert "another order" in caught.value.render()
    # Rows of other seats between them are no change: each seat's candidates keep their order.
    mixed = pd.concat([cands.loc[t3], cands.drop(index=t3)], ignore_index=True)
    compare(tiny, tiny.with_tables(tiny.constituencies, mixed), runs=2, seed=1)


def test_b_declaring_other_parties_than_a_is_refused():
    # A party declared in B alone, standing nowhere, moved every seat's numbers: tiny against
    # itself plus such a party had 1.2 seats of 3 "won by another party" per run.
    tiny = vb.load_scenario("tiny")
    spec = tiny.spec.model_dump()
    spec["parties"].append({"id": "NEW", "name": "A party that stands nowhere"})
    with_party = tiny.with_spec(ScenarioSpec.model_validate(spec))
    with pytest.raises(vb.InputError, match="NEW") as caught:
        compare(tiny, with_party, runs=2, seed=1)
    assert caught.value.problems[0].location == "parties"
    spec = tiny.spec.model_dump()
    spec["parties"] = spec["parties"][::-1]
    turned = tiny.with_spec(ScenarioSpec.model_validate(spec))
    with pytest.raises(vb.InputError, match="another order"):
        compare(tiny, turned, runs=2, seed=1)


def test_b_with_a_region_a_lacks_is_refused():
    # A seat moved into a new region moved every seat's numbers (regional shocks are laid
    # out by region): tiny's T-3, untouched, "changed winner" in runs.
    tiny = vb.load_scenario("tiny")
    moved = tiny.constituencies.assign(
        region=tiny.constituencies["region"].where(tiny.constituencies["id"] != "T-1", "West")
    )
    with pytest.raises(vb.InputError, match="West"):
        compare(tiny, tiny.with_tables(moved, tiny.candidates), runs=2, seed=1)


def test_a_built_in_b_is_named_by_its_name_as_when_it_is_loaded():
    # The pairing checks named a built-in B by its install path
    # (.../votebank/scenarios/tiny/scenario.toml); loading names it 'tiny'.
    tiny = vb.load_scenario("tiny")
    spec = tiny.spec.model_dump()
    spec["parties"] = spec["parties"][::-1]
    turned = tiny.with_spec(ScenarioSpec.model_validate(spec))
    with pytest.raises(vb.InputError, match="another order") as caught:
        compare(turned, tiny, runs=2, seed=1)
    assert caught.value.problems[0].file == "tiny"


def test_a_seat_the_runs_split_evenly_names_both_usual_winners():
    # T-2 went to RED in one run of A and to BLUE in the other: A's usual winner read "BLUE",
    # the first of the two in the alphabet, as explain's did before it named both.
    a = vb.load_scenario("tiny")
    b = a.with_spec(with_overrides(a.spec, {"mood.national.RED": 0.4}))
    seats = compare(a, b, runs=2, seed=1).seats.set_index("constituency_id")
    assert seats.loc["T-2", ["winner_a", "winner_b"]].tolist() == ["BLUE / RED", "RED"]


def test_a_comparison_shows_its_counts_not_its_tables(pair):
    # Its repr, a notebook cell's output, printed the three tables cut off mid-row.
    base, variant = pair
    shown = repr(compare(base, variant, runs=2, seed=3))
    assert shown.startswith("Comparison(runs=2, seed=3, winners_changed=")
    assert "party" not in shown
    assert "T-1" not in shown


def test_a_b_whose_runs_are_a_s_says_why():
    # NA-184's row gives its threat: B with fear.threat 0.9 gave zeros, read as "no effect".
    a = vb.load_scenario("na184-2008")
    b = a.with_overrides({"mechanisms.fear.threat": 0.9})
    with pytest.warns(UserWarning, match="every seat gives its own threat") as said:
        vb.compare(a, b, runs=2, seed=1)
    assert "mechanisms.fear.threat changed no run" in str(said[0].message)
    assert said[0].filename == __file__  # the caller's line, not votebank's


def test_a_b_that_moves_seats_alone_is_no_b_whose_runs_are_a_s():
    # Independents who all join move seats without a vote: "changed no run" was false.
    a = vb.load_scenario("tiny")
    b = a.with_overrides({"mechanisms.reserved_seats.join_prob": 1.0})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        c = vb.compare(a, b, runs=6, seed=1)
    assert (c.parties.difference != 0).any()
    assert (c.parties.difference_votes == 0).all()

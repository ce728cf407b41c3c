"""The pipeline, the built-in momentum-2017 scenario and the command."""

from __future__ import annotations

import datetime as dt
import importlib
import re
from pathlib import Path

import numpy as np
import pytest
import typer
from typer.testing import CliRunner

import votebank as vb
from votebank.errors import InputError
from votebank.organisations.capacity import capacity
from votebank.organisations.cli import organisations_command
from votebank.organisations.counterfactual import counterfactual, prepare
from votebank.organisations.members import generate_members
from votebank.organisations.rules import apply_rules, effects_frame
from votebank.scenario.organisations.load import load_organisations


def test_counterfactual_pairs_the_variants(small):
    sc = vb.load_scenario(small)
    cf = counterfactual(sc, runs=2)
    members = cf.members.set_index("organisation")
    assert members.loc["M", "members_with"] < members.loc["M", "members_without"]
    allseats = cf.capacity[cf.capacity["seats"] == "all seats"].iloc[0]
    assert allseats["hours_with"] < allseats["hours_without"]
    parties = cf.comparison.parties.set_index("party")
    assert parties["seats_a"].sum() == parties["seats_b"].sum() == 6
    # Both variants canvass the same seats: same campaigns list, hours apart.
    a = cf.without.with_canvass(sorted(sc.constituencies["id"]))
    b = cf.with_rules.with_canvass(sorted(sc.constituencies["id"]))
    seats_a = [c.seats for c in a.spec.mechanisms.canvass.campaigns]
    assert seats_a == [c.seats for c in b.spec.mechanisms.canvass.campaigns]


def test_a_scenario_changed_in_memory_is_checked_as_a_file_is(small):
    # A seat id given twice in memory raised a bare InvalidIndexError from the members' draw.
    sc = vb.load_scenario(small)
    cons = sc.constituencies.copy()
    cons.loc[1, "id"] = cons.loc[0, "id"]
    with pytest.raises(InputError) as err:
        counterfactual(sc.with_tables(cons, sc.candidates), runs=0)
    assert any("duplicate id" in p.message for p in err.value.problems)


def test_momentum_2017_builds_from_the_article_figures():
    sc = vb.load_scenario("momentum-2017")
    assert len(sc.constituencies) == 650
    spec = load_organisations(sc)
    members = generate_members(spec, sc.constituencies, sc.candidates, seed=spec.seed)
    counts = members.counts(spec.start).set_index("organisation")["members"]
    assert counts.to_dict() == {"Momentum": 20000, "Lab": 600000}
    assert spec.organisation[0].groups == 150
    assert np.unique(members.group[members.ever("Momentum"), 0]).size == 150
    at_election = members.counts(spec.election).set_index("organisation")["members"]
    assert 500_000 < at_election["Lab"] < 560_000  # "falling to about 528,000"
    # On the real election day (8 June 2017) the 1 July rules have not bitten yet.
    after, _ = apply_rules(members, spec, seed=spec.seed)
    june = dt.date(2017, 6, 8)
    assert (after.member_of("Momentum", june) == members.member_of("Momentum", june)).all()
    cap = capacity(after, spec, sc.constituencies, sc.candidates, june)
    assert np.allclose(
        cap["hours"], capacity(members, spec, sc.constituencies, sc.candidates, june)["hours"]
    )
    later = capacity(after, spec, sc.constituencies, sc.candidates)
    plain = capacity(members, spec, sc.constituencies, sc.candidates)
    assert later.loc[later["target_Momentum"], "hours"].sum() < (
        plain.loc[plain["target_Momentum"], "hours"].sum()
    )


def test_command_prints_members_capacity_and_seats(small):
    app = typer.Typer()
    app.command()(organisations_command)
    result = CliRunner().invoke(app, [str(small), "--runs", "2", "--no-internal"])
    assert result.exit_code == 0, result.output
    for text in ("Members on 2017-10-01", "Canvass capacity", "seats, with the rules minus"):
        assert text in result.output
    for given in ("June", ""):  # an empty --as-of is refused too, not read as the default
        bad = CliRunner().invoke(app, [str(small), "--runs", "0", "--as-of", given])
        assert isinstance(bad.exception, InputError)
        says = "not a date YYYY-MM-DD (got June)" if given else "empty: give a date YYYY-MM-DD"
        assert says in str(bad.exception)
    # Before the section's start nobody's membership is simulated: every count would be 0.
    early = CliRunner().invoke(app, [str(small), "--runs", "0", "--as-of", "1900-01-01"])
    assert isinstance(early.exception, InputError)  # exit 2 through the CLI's main
    assert "1900-01-01" in str(early.exception)
    assert "outside the membership simulated" in str(early.exception)
    # ... named as the option the user typed, not the API's argument.
    assert [p.file for p in early.exception.problems] == ["--as-of"]


def test_a_change_from_nothing_is_shown_as_a_dash_not_nan():
    from votebank.organisations.cli import _cell

    assert _cell(float("nan"), "+.1%") == "–"
    assert _cell(0.125, "+.1%") == "+12.5%"


def test_the_functions_refuse_a_day_outside_the_membership_simulated(small):
    # Only the command checked: the Python API gave silent nonsense (no members, or the
    # membership frozen at the section's last date).
    sc = vb.load_scenario(small)
    spec = load_organisations(sc)
    for day in (dt.date(2010, 1, 1), dt.date(2030, 1, 1)):
        for call in (
            lambda d: counterfactual(sc, spec, runs=0, as_of=d),
            lambda d: prepare(sc, spec, seed=1, as_of=d),
        ):
            with pytest.raises(InputError) as info:
                call(day)
            (problem,) = info.value.problems
            assert (problem.file, problem.value) == ("as_of", day.isoformat())
            assert "outside the membership simulated, 2017-01-01 to 2017-10-01" in str(problem)
    assert counterfactual(sc, spec, runs=0, as_of=spec.start).as_of == spec.start


def test_the_documented_modules_hold_what_the_docs_say():
    # docs/organisations.md put prepare and counterfactual in organisations/__init__.py.
    text = (Path(__file__).parents[2] / "docs" / "organisations.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `organisations/(\w+)\.py` \| (.*)$", text, flags=re.MULTILINE)
    assert rows
    for module, said in rows:
        loaded = importlib.import_module(f"votebank.organisations.{module}")
        for name in ("prepare", "counterfactual"):
            if f"`{name}`" in said:
                assert callable(getattr(loaded, name, None)), (module, name)
    assert any("`prepare`" in said for _, said in rows)


def test_what_the_rules_did_is_counted_by_the_day_shown(small):
    # Before the 1 July deadline the rules have removed no one: the table said they had.
    app = typer.Typer()
    app.command()(organisations_command)
    args = [str(small), "--runs", "0", "--no-internal"]
    early = CliRunner().invoke(app, [*args, "--as-of", "2017-06-01"])
    assert early.exit_code == 0, early.output
    late = CliRunner().invoke(app, args)
    assert "What each rule did by 2017-06-01" in early.output
    assert "What each rule did by 2017-10-01" in late.output
    sc = vb.load_scenario(small)
    spec = load_organisations(sc)
    drawn = generate_members(spec, sc.constituencies, sc.candidates, seed=spec.seed)
    _, effects = apply_rules(drawn, spec, seed=spec.seed)
    june = effects_frame(effects, dt.date(2017, 6, 1)).set_index("kind")
    assert june[["removed", "refused", "reinstated"]].to_numpy().sum() == 0
    everything = effects_frame(effects).set_index("kind")
    assert everything.loc["must_belong", "removed"] > 0
    # By the last day simulated every removal has happened (a hearing may come after it).
    columns = ["removed", "refused", "complied"]
    assert effects_frame(effects, spec.horizon)[columns].equals(effects_frame(effects)[columns])
    # Compliance comes before the deadline: some had joined L by June, more by July.
    july = effects_frame(effects, dt.date(2017, 7, 1)).set_index("kind")
    assert 0 < june.loc["must_belong", "complied"] <= july.loc["must_belong", "complied"]


def test_the_seats_whose_winner_changes_say_how_many_are_not_shown(small, monkeypatch):
    # Ten of them were listed under a title that read as the whole list.
    import dataclasses

    import pandas as pd

    from votebank.organisations import counterfactual as module

    def twelve_flips(*args, **kwargs):
        cf = counterfactual(*args, **kwargs)
        seats = pd.concat([cf.comparison.seats] * 2, ignore_index=True)
        seats["constituency_id"] = [f"X-{i}" for i in range(len(seats))]
        seats["p_changed"] = 0.5
        return dataclasses.replace(cf, comparison=dataclasses.replace(cf.comparison, seats=seats))

    monkeypatch.setattr(module, "counterfactual", twelve_flips)
    monkeypatch.setenv("COLUMNS", "300")
    app = typer.Typer()
    app.command()(organisations_command)
    result = CliRunner().invoke(app, [str(small), "--runs", "2", "--no-internal"])
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert "Seats whose winner changes in some runs: the 10 most often of 12" in said
    assert said.count("X-") == 10


def test_the_seats_whose_winner_changes_are_named_beside_their_ids(small, monkeypatch):
    # Only ids were shown: a UK seat's E14000572 says nothing of Blackpool North.
    import dataclasses

    from votebank.organisations import counterfactual as module

    def flips(*args, **kwargs):
        cf = counterfactual(*args, **kwargs)
        seats = cf.comparison.seats.assign(p_changed=0.5)
        return dataclasses.replace(cf, comparison=dataclasses.replace(cf.comparison, seats=seats))

    monkeypatch.setattr(module, "counterfactual", flips)
    monkeypatch.setenv("COLUMNS", "200")
    app = typer.Typer()
    app.command()(organisations_command)
    result = CliRunner().invoke(app, [str(small), "--runs", "2", "--no-internal"])
    assert result.exit_code == 0, result.output
    table = result.output.split("Seats whose winner changes")[1]
    for seat, name in (("S-1", "One"), ("S-4", "Four"), ("S-6", "Six")):
        assert re.search(rf"│ {seat} +│ {name} +│", table), table


def test_the_scenarios_canvass_of_other_parties_stays(small):
    # The members' campaigns replaced every campaign: the Conservatives' own canvass was
    # dropped without a word. Labour's is the members' (theirs would count twice).
    toml = small / "scenario.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8")
        + "\n[mechanisms.canvass]\nenabled = true\n\n"
        + '[[mechanisms.canvass.campaigns]]\nparty = "Con"\nseats = ["S-3"]\nhours = 1500.0\n\n'
        + '[[mechanisms.canvass.campaigns]]\nparty = "Lab"\nseats = ["S-4"]\nhours = 900.0\n',
        encoding="utf-8",
    )
    sc = vb.load_scenario(small)
    spec = load_organisations(sc)
    prepared = prepare(sc, spec, seed=3)
    canvass = prepared.with_canvass().spec.mechanisms.canvass.campaigns
    con = [(c.seats, c.hours) for c in canvass if c.party == "Con"]
    assert con == [(["S-3"], 1500.0)]
    lab = {c.seats[0]: c.hours for c in canvass if c.party == "Lab"}
    hours = prepared.capacity.set_index("constituency_id")["hours"]
    assert lab == pytest.approx(hours[hours > 0].to_dict())


def test_a_switched_off_canvass_stays_off_beside_the_members_and_the_command_says_so(small):
    # The docs said the scenario's campaigns of other parties stay; with its canvass switched
    # off they do not (as in `votebank run`), and nothing said so.
    toml = small / "scenario.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8")
        + "\n[mechanisms.canvass]\nenabled = false\n\n"
        + '[[mechanisms.canvass.campaigns]]\nparty = "Con"\nseats = ["S-3"]\nhours = 1500.0\n',
        encoding="utf-8",
    )
    sc = vb.load_scenario(small)
    prepared = prepare(sc, load_organisations(sc), seed=3)
    canvass = prepared.with_canvass().spec.mechanisms.canvass
    assert canvass.enabled
    assert {c.party for c in canvass.campaigns} == {"Lab"}
    app = typer.Typer()
    app.command()(organisations_command)
    result = CliRunner().invoke(app, [str(small), "--runs", "0"])
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert "switched off ([mechanisms.canvass] enabled = false)" in said
    assert "only the members' hours canvass" in said


def test_a_partys_capacity_rows_name_only_its_own_organisations_targets(small):
    # With a Conservative association beside Labour's M and L, the capacity table listed
    # "C targets" under Labour and "M targets" under the Conservatives: one party's hours in
    # the other's target seats, some above the party's own "any target" total.
    toml = small / "organisations.toml"
    extra = (
        '\n[[organisations.organisation]]\nid = "C"\nkind = "party"\nparty = "Con"\n'
        "members = 3000\nactive_share = 0.2\nhours_per_week = 3.0\ntravel_share = 0.5\n"
        'targets = ["S-5"]\n'
    )
    text = toml.read_text(encoding="utf-8")
    text = text.replace("\n[[organisations.faction]]", extra + "\n[[organisations.faction]]", 1)
    toml.write_text(text, encoding="utf-8")
    cf = counterfactual(vb.load_scenario(small), runs=0)
    rows = {p: set(part["seats"]) for p, part in cf.capacity.groupby("party")}
    assert rows == {
        "Lab": {"all seats", "any target", "M targets", "L targets"},
        "Con": {"all seats", "any target", "C targets"},
    }


@pytest.mark.parametrize(
    ("given", "named"),
    [
        ({"runs": -1}, "runs"),  # no comparison, silently
        ({"runs": float("nan")}, "runs"),  # no comparison, silently
        ({"runs": 2.5}, "runs"),  # TypeError deep inside
        ({"runs": True}, "runs"),  # one run, silently
        ({"runs": 0, "seed": -5}, "seed"),  # ValueError from NumPy
        ({"runs": 0, "seed": 1.5}, "seed"),  # seed 1, silently
        ({"runs": 0, "seed": True}, "seed"),  # seed 1, silently
        ({"runs": 0, "progress": True}, "progress"),
    ],
)
def test_the_counterfactual_refuses_bad_runs_and_seeds_by_name(small, given, named):
    sc = vb.load_scenario(small)
    with pytest.raises(InputError) as info:
        counterfactual(sc, **given)
    assert [p.file for p in info.value.problems] == [named]


@pytest.mark.parametrize("seed", [-5, 1.5, True, None])
def test_prepare_refuses_a_bad_seed_by_name(small, seed):
    sc = vb.load_scenario(small)
    with pytest.raises(InputError) as info:
        prepare(sc, load_organisations(sc), seed=seed)
    assert [p.file for p in info.value.problems] == ["seed"]

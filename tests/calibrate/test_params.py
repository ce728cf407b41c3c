"""Parameter paths: parsing, bounds, checks against the spec, and applying values."""

from __future__ import annotations

import pandas as pd
import pytest

import votebank as vb
from votebank.calibrate.params import (
    DEFAULT_BOUNDS,
    MOOD_BOUNDS,
    apply_params,
    apply_to_scenario,
    current_values,
    join_path,
    parse_param,
    parse_params,
    split_path,
)
from votebank.errors import InputError
from votebank.scenario.overrides import with_overrides


@pytest.fixture(scope="module")
def tiny():
    """Tiny with one seat that gives no turnout of its own, so turnout.base sets it."""
    sc = vb.load_scenario("tiny")
    cons = sc.constituencies.copy()
    cons.loc[cons["id"] == "T-2", "turnout"] = float("nan")
    return sc.with_tables(cons, sc.candidates)


def test_split_and_join_paths_with_quotes():
    assert split_path("turnout.base") == ("turnout", "base")
    keys = split_path('mood."Khyber Paktunkhwa (NWFP)".ANP')
    assert keys == ("mood", "Khyber Paktunkhwa (NWFP)", "ANP")
    assert split_path(join_path(keys)) == keys
    assert split_path('mood."a.b".X') == ("mood", "a.b", "X")
    for bad in ("", "turnout.", "turnout..base", 'mood."open.X'):
        with pytest.raises(ValueError):  # noqa: PT011
            split_path(bad)


def test_default_bounds_explicit_bounds_and_field_ranges():
    p = parse_param("turnout.base")
    assert (p.low, p.high) == DEFAULT_BOUNDS["turnout.base"]
    p = parse_param("mechanisms.biradari.cohesion=0.5:0.9")
    assert (p.path, p.keys, p.low, p.high) == (
        "mechanisms.biradari.cohesion",
        ("mechanisms", "biradari", "cohesion"),
        0.5,
        0.9,
    )
    # Not in the table: the field's own (ge, le) range.
    p = parse_param("mechanisms.stuffing.overfill_prob")
    assert (p.low, p.high) == (0.0, 1.0)
    assert (parse_param("mood.national.RED").low, parse_param("mood.national.RED").high) == (
        MOOD_BOUNDS
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("turnout.bse", "no key 'bse'"),
        # The known keys were listed, the one meant not named, as the scenario file's are.
        ("mechanisms.biradari.cohesoin", "did you mean 'cohesion'"),
        ("turnout.zzzz", "known: base, "),
        ("mechanisms.biradari", "is a table"),
        ("turnout.base.x", "is not a table"),
        # It is a table, of values by name: "is not a table" read as a wrong path.
        ("mechanisms.swing.target.Con", "is a table of values by name: calibrate fits fields"),
        ("scenario.seed", "not a real number"),
        ("mechanisms.biradari.enabled", "not a real number"),
        ("mechanisms.biradari.cash_scale", "no default range"),
        ("turnout.base=0.6:0.4", "LOW < HIGH"),
        ("turnout.base=a:b", "must be numbers"),
        ("turnout.base=0.5", "LOW:HIGH"),
        ("mood.RED", "mood.REGION.PARTY"),
        # Beyond the field's range: refused here, not when the search reaches it (a crash).
        ("mechanisms.biradari.cohesion=0.5:3", r"HIGH 3.0 .* at most 1"),
        ("mood.national.RED=21:30", r"HIGH 30.0 .* at most 20"),
        ("mood.national.RED=-1e300:1e300", r"LOW -1e\+300 .* at least -20"),
        ("turnout.base=0:0.5", r"LOW 0.0 .* more than 0"),
        # A shock's sd far beyond the +-20 of an appeal is no search range.
        ("choice.candidate_shock_sd=0:1e306", r"HIGH 1e\+306 .* at most 20"),
        ("turnout.seat_sd=0:1e306", r"HIGH 1e\+306 .* at most 20"),
    ],
)
def test_bad_parameters_say_what_is_wrong(text, message):
    with pytest.raises(ValueError, match=message):
        parse_param(text)


def test_mood_paths_are_checked_against_the_scenario(tiny):
    assert parse_param("mood.North.BLUE", tiny).keys == ("mood", "North", "BLUE")
    assert parse_param("mood.national.RED", tiny).path == "mood.national.RED"
    with pytest.raises(ValueError, match="no region 'West'"):
        parse_param("mood.West.RED", tiny)
    with pytest.raises(ValueError, match="party 'GREEN' not declared") as exc:
        parse_param("mood.North.GREEN", tiny)
    assert "parties: RED, BLUE, IND or OTH" in str(exc.value)  # no Python list


def test_parse_params_reports_every_problem_together(tiny):
    with pytest.raises(InputError) as exc:
        parse_params(["turnout.bse", "turnout.base", "turnout.base", "mood.West.RED"], tiny)
    messages = [p.message for p in exc.value.problems]
    assert len(messages) == 3
    assert any("given more than once" in m for m in messages)
    with pytest.raises(InputError, match="at least one"):
        parse_params([], tiny)


def test_apply_sets_values_and_keeps_the_rest(tiny):
    spec = tiny.spec
    params = parse_params(["turnout.base", "mechanisms.biradari.cohesion", "mood.South.RED"], tiny)
    assert current_values(spec, params) == {
        "turnout.base": 0.5,
        "mechanisms.biradari.cohesion": 0.8,
        "mood.South.RED": 0.0,  # not written: 0
    }
    new = apply_params(
        spec, {"turnout.base": 0.55, "mechanisms.biradari.cohesion": 0.6, "mood.South.RED": 0.3}
    )
    assert current_values(new, params) == {
        "turnout.base": 0.55,
        "mechanisms.biradari.cohesion": 0.6,
        "mood.South.RED": 0.3,
    }
    assert new.mechanisms.biradari.enabled  # the rest of the table is kept
    assert new.mood["North"] == spec.mood["North"]
    assert new.mechanisms.fear == spec.mechanisms.fear
    assert new.turnout.female_ratio == spec.turnout.female_ratio
    # Only the keys the TOML set, plus the fitted ones, count as set.
    unset = new.model_dump(exclude_unset=True)
    assert unset["turnout"] == {"base": 0.55}
    assert "choice" not in unset or "party_id_bonus" not in unset.get("choice", {})


def test_apply_rejects_values_the_spec_forbids(tiny):
    with pytest.raises(ValueError, match="invalid spec"):
        apply_params(tiny.spec, {"mechanisms.biradari.cohesion": 1.5})


def test_apply_to_scenario_shares_tables_and_changes_digest(tiny):
    new = apply_to_scenario(tiny, {"turnout.base": 0.6})
    assert new.candidates is tiny.candidates
    assert new.constituencies is tiny.constituencies
    assert new.digest != tiny.digest
    assert apply_to_scenario(tiny, {"turnout.base": 0.5}).digest == tiny.digest


def test_a_parameter_the_runs_never_read_is_refused(tiny):
    # Every trial scored the same and a "fitted" value was written.
    off = tiny.with_spec(with_overrides(tiny.spec, {"mechanisms.fear.enabled": False}))
    with pytest.raises(ValueError, match=r"\[mechanisms.fear\] is off"):
        parse_param("mechanisms.fear.beta", off)
    every = vb.load_scenario("tiny")  # every seat gives its turnout
    with pytest.raises(ValueError, match="every seat gives its own turnout"):
        parse_param("turnout.base", every)
    assert parse_param("turnout.base", tiny).path == "turnout.base"


def test_the_national_threat_is_refused_where_every_seat_gives_its_own(tiny):
    # mechanisms.fear.threat is read only for seats without a threat cell: where every seat
    # has one, every trial scored the same and a "fitted" threat was written.
    cons = tiny.constituencies.assign(threat=0.3)
    every = tiny.with_tables(cons, tiny.candidates)
    with pytest.raises(ValueError, match="every seat gives its own threat"):
        parse_param("mechanisms.fear.threat", every)
    assert parse_param("mechanisms.fear.threat", tiny).path == "mechanisms.fear.threat"


def test_a_default_range_takes_in_the_scenarios_own_value_and_a_clipped_start_is_noted():
    # Before: a cohesion of 0.3 (default range 0.6-0.95) was silently started, reported and
    # written as 0.6, though the scenario's own value had never been tried.
    from votebank.calibrate import Target, calibrate

    tiny = vb.load_scenario("tiny")
    low = apply_to_scenario(tiny, {"mechanisms.biradari.cohesion": 0.3})
    rows = [("T-1", "RED", 7000), ("T-1", "IND", 4000), ("T-2", "BLUE", 4000), ("T-2", "RED", 10)]
    target = Target.from_frames(
        "hand", pd.DataFrame(rows, columns=["constituency_id", "party", "votes"])
    )
    p = parse_param("mechanisms.biradari.cohesion", low)
    assert (p.low, p.high) == (0.3, 0.95)
    got = calibrate(low, target, [p], trials=1, runs_per_trial=2)
    assert got.start == {p.path: 0.3}
    assert not any("outside the range" in n for n in got.notes)  # the results' notes only
    given = parse_param("mechanisms.biradari.cohesion=0.6:0.9", low)
    got = calibrate(low, target, [given], trials=1, runs_per_trial=2)
    assert got.start == {p.path: 0.6}
    assert "the start 0.3 is outside the range searched; the first trial is 0.6" in got.notes[-1]


@pytest.mark.parametrize("value", [True, "0.7", None])
def test_apply_params_refuses_a_value_that_is_no_number(value):
    # True was set as 1.0 and "0.7" as 0.7: a boolean or text posing as a number.
    spec = vb.load_scenario("tiny").spec
    with pytest.raises(ValueError, match=r"mechanisms\.biradari\.cohesion: must be a number"):
        apply_params(spec, {"mechanisms.biradari.cohesion": value})


@pytest.mark.parametrize("text", [5, None, b"turnout.base"])
def test_a_parameter_that_is_no_text_is_named(text):
    with pytest.raises(InputError, match="parameter 1: must be PATH or PATH=LOW:HIGH"):
        parse_params([text])  # AttributeError: no attribute 'partition' before


def test_a_mood_or_choice_number_the_swing_replaces_is_refused():
    # With [mechanisms.swing] on and a baseline in every seat, the swing sets every voter's
    # own-choice utility: every trial scored the same and the start was written as "fitted".
    uk = vb.load_scenario("copeland-2017")
    for path in ("mood.national.Con", "choice.candidate_shock_sd", "choice.party_id_bonus"):
        with pytest.raises(ValueError, match=r"\[mechanisms.swing\] sets the own-choice shares"):
            parse_param(path, uk)
    assert parse_param("mood.national.RED", vb.load_scenario("tiny")).path == "mood.national.RED"
    # A mood the electables read, or a seat without a baseline, is read.
    on = uk.with_spec(with_overrides(uk.spec, {"mechanisms.electables.enabled": True}))
    assert parse_param("mood.national.Con", on).path == "mood.national.Con"
    some = uk.candidates.assign(baseline_votes=-1)
    assert parse_param("choice.candidate_shock_sd", uk.with_tables(uk.constituencies, some))


def test_bounds_a_rule_across_fields_refuses_are_refused_before_the_search():
    # transfer + abstain must be at most 1: the search reached transfer 0.93 (abstain 0.25) at
    # its fourth trial and stopped with a traceback, every finished trial lost.
    tiny = vb.load_scenario("tiny")
    spec = with_overrides(tiny.spec, {"mechanisms.alliances.enabled": True})
    allied = tiny.with_spec(spec)
    with pytest.raises(InputError, match="transfer \\+ abstain must be at most 1") as info:
        parse_params(["mechanisms.alliances.transfer"], allied)
    assert "mechanisms.alliances.transfer=1" in str(info.value)
    both = ["mechanisms.alliances.transfer=0:0.7", "mechanisms.alliances.abstain=0:0.4"]
    with pytest.raises(InputError, match="narrow the bounds"):
        parse_params(both, allied)  # each bound is valid with the other's own value
    both[1] = "mechanisms.alliances.abstain=0:0.3"
    assert [p.high for p in parse_params(both, allied)] == [0.7, 0.3]


def test_a_rule_the_bounds_break_reads_without_the_validator_librarys_prefix():
    # It read "(mechanisms.alliances: Value error, transfer + abstain must be at most 1)".
    tiny = vb.load_scenario("tiny")
    allied = tiny.with_spec(with_overrides(tiny.spec, {"mechanisms.alliances.enabled": True}))
    both = ["mechanisms.alliances.transfer=0:0.9", "mechanisms.alliances.abstain=0:0.5"]
    with pytest.raises(InputError) as info:
        parse_params(both, allied)
    (problem,) = info.value.problems
    assert "(mechanisms.alliances.abstain: transfer + abstain must be at most 1)" in problem.message


def test_a_mood_of_a_party_that_stands_nowhere_there_is_refused(tiny):
    # Before: every trial scored the same (tiny's "Others" stand only in the North), and the
    # calibration reported the start as fitted.
    with pytest.raises(InputError, match="no candidate of OTH stands in any seat of South"):
        parse_params(["mood.South.OTH"], tiny)
    assert parse_params(["mood.North.OTH"], tiny)[0].path == "mood.North.OTH"
    assert parse_params(["mood.national.OTH"], tiny)[0].path == "mood.national.OTH"


def test_a_mood_the_electables_may_read_is_kept(tiny):
    on = tiny.with_spec(with_overrides(tiny.spec, {"mechanisms.electables.enabled": True}))
    assert parse_params(["mood.South.OTH"], on)[0].path == "mood.South.OTH"

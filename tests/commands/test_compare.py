"""``votebank compare --set``: each field set once."""

from __future__ import annotations

import re

from tests.hostile.helpers import assert_user_error, main
from tests.scenario.test_errors import squash


def test_a_field_set_twice_is_refused_naming_both(tmp_path, monkeypatch, capsys):
    # The later --set won in silence: B ran with cohesion 0.9 while 0.1 was also asked for.
    first, again = "mechanisms.biradari.cohesion=0.1", 'mechanisms."biradari".cohesion=0.9'
    argv = ["compare", "tiny", "tiny", "--runs", "2", "--set", first, "--set", again]
    code, text, err = main(argv, monkeypatch, capsys)
    assert_user_error(code, text, err, again, first, "give it once")
    argv = ["compare", "tiny", "tiny", "--runs", "2", "--set", "turnout.base=0.3"]
    code, text, err = main([*argv, "--set", "turnout={base = 0.4}"], monkeypatch, capsys)
    assert_user_error(code, text, err, "turnout={base = 0.4}", "turnout.base=0.3")


def test_drawing_parameters_with_none_to_draw_is_refused(monkeypatch, capsys):
    # B drew nothing (tiny has no [scenario.parameter_uncertainty]): B - A was 0 everywhere.
    argv = ["compare", "tiny", "tiny", "--runs", "2", "--set", "scenario.draw_parameters=true"]
    code, text, err = main(argv, monkeypatch, capsys)
    assert_user_error(code, text, err, "scenario.draw_parameters", "none that a run can draw")


def test_a_bool_in_a_table_is_named_by_its_own_path(monkeypatch, capsys):
    # It was named as the whole table: "mood: Value error, national.RED: ... (got {'national':
    # {'RED': True, ...}, 'North': {...}})", the scenario's every mood printed as the bad value.
    argv = ["compare", "tiny", "tiny", "--runs", "2", "--set", "mood.national.RED=true"]
    code, text, err = main(argv, monkeypatch, capsys)
    assert_user_error(code, text, err, "--set: mood.national.RED:", "(got true)")
    assert "North" not in err
    argv = ["compare", "tiny", "tiny", "--runs", "2", "--set", "mood.North={BLUE=0.1, GREEN=1.0}"]
    code, text, err = main(argv, monkeypatch, capsys)
    assert_user_error(code, text, err, "mood.North.GREEN: unknown party")
    assert "Value error" not in err


def _broken(folder, old: str, new: str) -> None:
    toml = folder / "scenario.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def test_every_problem_of_both_scenarios_is_named_together(tmp_path, monkeypatch, capsys):
    # Only A's problems were named: B's came one round of corrections later.
    import shutil

    from tests.hostile.helpers import tiny_copy

    a = tiny_copy(tmp_path)
    b = shutil.copytree(a, tmp_path / "b")
    _broken(a, "cohesion = 0.8", "cohesion = 1.8")
    _broken(b, "base = 0.5", "base = nan")
    code, text, err = main(["compare", str(a), str(b), "--runs", "2"], monkeypatch, capsys)
    assert_user_error(code, text, err, "mechanisms.biradari.cohesion", "1.8", "turnout.base")
    assert str(b / "scenario.toml") in err


def test_b_as_a_folder_may_switch_off_what_a_mechanism_needs(tmp_path, monkeypatch, capsys):
    # B's folder was refused (factions on, biradari off) while --set, and compare() from
    # Python, ran the same B: the question asked is what biradari adds, factions included.
    import shutil

    from tests.hostile.helpers import tiny_copy

    a = tiny_copy(tmp_path)
    toml = a / "scenario.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + "\n[mechanisms.factions]\nenabled = true\n")
    b = shutil.copytree(a, tmp_path / "b")
    _broken(b, "[mechanisms.biradari]\nenabled = true", "[mechanisms.biradari]\nenabled = false")
    argv = ["compare", str(a), str(b), "--runs", "2", "--seed", "1"]
    code, by_file, err = main(argv, monkeypatch, capsys)
    assert code == 0, err
    argv = [*argv[:2], str(a), *argv[3:], "--set", "mechanisms.biradari.enabled=false"]
    code, by_set, err = main(argv, monkeypatch, capsys)
    assert code == 0, err
    # The same numbers either way (the tables' titles name B differently).
    assert by_file.split("Constituencies won")[1] == by_set.split("Constituencies won")[1]


def test_b_may_not_switch_on_a_mechanism_without_what_it_needs(tmp_path, monkeypatch, capsys):
    # Swing on in B with no baseline_votes (refused by run, validate and as A) showed "+0"
    # everywhere, unsaid: the exemption above is for switching a prerequisite off.
    import shutil

    from tests.hostile.helpers import tiny_copy

    a = tiny_copy(tmp_path)
    b = shutil.copytree(a, tmp_path / "b")
    toml = b / "scenario.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + "\n[mechanisms.swing]\nenabled = true\n")
    argv = ["compare", str(a), str(b), "--runs", "2", "--seed", "1"]
    code, out, err = main(argv, monkeypatch, capsys)
    assert_user_error(code, out, err, "mechanisms.swing.enabled", "needs baseline_votes")
    argv = [*argv[:2], str(a), *argv[3:], "--set", "mechanisms.swing.enabled=true"]
    code, out, err = main(argv, monkeypatch, capsys)
    assert_user_error(code, out, err, "--set", "mechanisms.swing.enabled", "would do nothing")


def test_a_bad_cell_names_the_table_of_its_own_scenario(tmp_path, monkeypatch, capsys):
    # It was named "constituencies.csv: row 2", the same name in A and in B.
    import shutil

    from tests.hostile.helpers import tiny_copy

    a = tiny_copy(tmp_path)
    b = shutil.copytree(a, tmp_path / "b")
    for folder, bad in ((a, "-5"), (b, "-6")):
        table = folder / "constituencies.csv"
        table.write_text(table.read_text(encoding="utf-8").replace("24000", bad), encoding="utf-8")
    monkeypatch.setenv("HOME", str(tmp_path))  # B as '~/b', read as the loader reads it
    code, text, err = main(["compare", str(a), "~/b", "--runs", "2"], monkeypatch, capsys)
    assert_user_error(code, text, err)
    for folder, bad in ((a, "-5"), (b, "-6")):
        table = folder / "constituencies.csv"
        named = f"{table}: row 2, column registered: must be at least 1 (got '{bad}')"
        assert squash(named) in squash(err), err


def test_parties_a_set_reorders_are_blamed_on_the_set(monkeypatch, capsys):
    # The refusal named tiny's scenario.toml, whose parties are in A's order.
    order = (
        'parties=[{id="BLUE", name="b"}, {id="RED", name="r"}, '
        '{id="IND", name="i", independent=true}, {id="OTH", name="o", aggregate=true}]'
    )
    argv = ["compare", "tiny", "tiny", "--runs", "2", "--set", order]
    code, text, err = main(argv, monkeypatch, capsys)
    assert_user_error(code, text, err, "--set: parties:", "another order")
    assert "scenario.toml" not in err


def test_two_scenarios_of_one_name_are_told_apart(tmp_path, monkeypatch, capsys):
    # An edited copy of tiny keeps its name: the tables read "tiny minus tiny", "A: tiny, B: tiny".
    from tests.hostile.helpers import tiny_copy

    b = tiny_copy(tmp_path)
    _broken(b, "cohesion = 0.8", "cohesion = 0.5")
    code, text, err = main(["compare", "tiny", str(b), "--runs", "2"], monkeypatch, capsys)
    assert code == 0, err
    assert squash(f"A: tiny, B: {b}") in squash(text)
    assert "tiny minus tiny" not in text


def test_a_set_that_is_right_with_the_others_is_not_named(monkeypatch, capsys):
    # transfer 0.8 with abstain 0.1 is right (0.9), yet a bad cohesion had it named as wrong:
    # each --set was tried alone, transfer against the default abstain 0.25.
    argv = ["compare", "tiny", "tiny", "--runs", "2", "--set", "mechanisms.alliances.transfer=0.8"]
    argv += ["--set", "mechanisms.alliances.abstain=0.1", "--set", "mechanisms.biradari.cohesion=5"]
    code, text, err = main(argv, monkeypatch, capsys)
    assert_user_error(code, text, err, "mechanisms.biradari.cohesion", "(got 5)")
    assert "transfer + abstain" not in err


def test_show_0_prints_the_totals_without_empty_tables(monkeypatch, capsys):
    # --show 0 printed the seat and candidate tables as headers with no rows.
    argv = ["compare", "tiny", "tiny", "--set", "mechanisms.biradari.cohesion=0.5", "--runs", "2"]
    code, out, err = main([*argv, "--show", "0"], monkeypatch, capsys)
    assert code == 0, err
    assert squash("Seats, tiny") in squash(out)
    assert "Constituencies won by another party" in out
    assert "Seats most often won" not in out
    assert "Largest changes" not in out


def test_b_is_named_by_the_set_as_typed(monkeypatch, capsys):
    # B was named by Python's spelling of the value: "enabled=False" for enabled=false.
    argv = ["compare", "tiny", "tiny", "--set", "mechanisms.biradari.enabled=false", "--runs", "2"]
    code, out, err = main(argv, monkeypatch, capsys)
    assert code == 0, err
    assert "mechanisms.biradari.enabled=false" in out
    assert "False" not in out


def test_the_seats_that_change_hands_are_named_beside_their_ids(monkeypatch, capsys):
    # Only ids were shown: a UK seat's E14000647 says nothing of Copeland. The names are an
    # optional column, left out before a heading wraps: a wide terminal shows them.
    from votebank import terminal

    monkeypatch.setattr(terminal.console, "_width", 160)  # restored to None (auto) after
    argv = ["compare", "tiny", "tiny", "--runs", "4", "--seed", "1"]
    code, text, err = main([*argv, "--set", "mood.national.BLUE=3"], monkeypatch, capsys)
    assert code == 0, err
    table = text.split("Seats most often won by another party")[1].split("Largest changes")[0]
    assert re.search(r"│ T-\d +│ (Riverside|Old Town|Canal Colony) +│", table), table


def test_a_bad_number_set_reads_as_the_files_own(monkeypatch, capsys):
    # It read "Input should be less than or equal to 1" and "Input should be a finite number",
    # where the same values in the TOML file read "must be at most 1", "must be a finite number".
    sets = ["mechanisms.fear.threat=2", "mechanisms.biradari.cohesion=nan", "scenario.runs=2.5"]
    argv = ["compare", "tiny", "tiny", "--runs", "2"]
    code, text, err = main([*argv, *(x for s in sets for x in ("--set", s))], monkeypatch, capsys)
    assert_user_error(code, text, err, "mechanisms.fear.threat", "must be at most 1")
    assert_user_error(code, text, err, "mechanisms.biradari.cohesion", "must be a finite number")
    assert_user_error(code, text, err, "scenario.runs", "must be a whole number")
    assert "Input should" not in err


def test_the_seats_won_by_another_party_say_they_are_the_poll_winners(monkeypatch, capsys):
    # A poll winner a by-election undid showed "P(winner changes) 2.5%" beside seat
    # differences of 0 for every party, with nothing to tell the two measures apart.
    argv = ["compare", "tiny", "tiny", "--runs", "2", "--set", "mechanisms.fear.threat=0.9"]
    code, text, _ = main(argv, monkeypatch, capsys)
    assert code == 0
    assert squash("the winner at the poll, before by-elections") in squash(text)


def test_a_set_that_changes_nothing_is_refused(monkeypatch, capsys):
    # Switching off a mechanism that was never on ran B as A: every difference 0, unsaid, and
    # a student read it as "stuffing changes no seat".
    argv = ["compare", "tiny", "tiny", "--runs", "2"]
    code, text, err = main([*argv, "--set", "mechanisms.swing.enabled=false"], monkeypatch, capsys)
    assert_user_error(code, text, err, "--set", "mechanisms.swing.enabled=false", "changes nothing")
    code, text, err = main(
        [*argv, "--set", "mechanisms.biradari.enabled=false"], monkeypatch, capsys
    )
    assert code == 0, err


def test_a_set_no_run_of_b_reads_is_refused(monkeypatch, capsys):
    # NA-184's row gives its threat, so --set mechanisms.fear.threat=1 ran B as A: every
    # difference 0, unsaid, read as "fear moves no vote"; so did a field of a mechanism off.
    argv = ["compare", "na184-2008", "na184-2008", "--runs", "2"]
    code, text, err = main([*argv, "--set", "mechanisms.fear.threat=1"], monkeypatch, capsys)
    assert_user_error(code, text, err, "mechanisms.fear.threat", "every seat gives its own threat")
    code, text, err = main([*argv, "--set", "mechanisms.transport.uplift=0.3"], monkeypatch, capsys)
    assert_user_error(code, text, err, "[mechanisms.transport] is off", "no run of B reads it")
    on = ["--set", "mechanisms.transport.enabled=true"]
    code, text, err = main(
        [*argv, *on, "--set", "mechanisms.transport.uplift=0.3"], monkeypatch, capsys
    )
    assert code == 0, err


def test_b_as_a_folder_that_changes_no_run_is_noted(tmp_path, monkeypatch, capsys):
    # A copy of tiny with turnout.base changed (every seat gives its turnout) printed zeros.
    import shutil

    from tests.hostile.helpers import tiny_copy

    a = tiny_copy(tmp_path)
    b = shutil.copytree(a, tmp_path / "b")
    _broken(b, "[turnout]\nbase = 0.5", "[turnout]\nbase = 0.3")
    code, _, err = main(["compare", str(a), str(b), "--runs", "2"], monkeypatch, capsys)
    assert code == 0, err
    assert "Note:" in err
    assert squash("every seat gives its own turnout") in squash(err)


def test_a_region_no_seat_has_is_named_beside_a_bad_value(monkeypatch, capsys):
    # With a bad value beside it, the misspelt region was named only in a second round.
    argv = ["compare", "tiny", "tiny", "--runs", "2", "--set", "mechanisms.fear.threat=2"]
    code, text, err = main([*argv, "--set", "mood.Nowhere.RED=0.3"], monkeypatch, capsys)
    assert_user_error(code, text, err, "mechanisms.fear.threat", "must be at most 1")
    assert_user_error(code, text, err, "mood.Nowhere", "no constituency")


def test_the_seats_table_says_its_seats_are_the_house_s_totals(monkeypatch, capsys):
    # pakistan-2008's "Seats difference PML-Q -8.90" read as general seats at the poll: they are
    # the house with reserved seats and joins (run's Seats), the seat table below the poll's.
    argv = ["compare", "tiny", "tiny", "--runs", "2", "--set", "mechanisms.fear.enabled=false"]
    code, text, err = main(argv, monkeypatch, capsys)
    assert code == 0, err
    assert squash("seats: the house's totals, as run's Seats") in squash(text)
    argv = ["compare", "na184-2008", "na184-2008", "--runs", "2"]
    argv += ["--set", "mechanisms.fear.enabled=false"]
    code, text, err = main(argv, monkeypatch, capsys)
    assert code == 0, err
    assert "house's totals" not in text  # no reserved seats: the general seats themselves


def test_a_seat_that_no_run_changes_is_not_read_as_certain(monkeypatch, capsys):
    # "0.0% ± 0.0%" over 2 runs read as certain that the winner never changes.
    argv = ["compare", "tiny", "tiny", "--runs", "2", "--set", "mechanisms.fear.enabled=false"]
    code, text, err = main(argv, monkeypatch, capsys)
    assert code == 0, err
    assert squash("a P of 0% of 2 runs is no certainty: it may be up to 77.6% (95%)") in squash(
        text
    )


def test_the_candidates_most_changed_are_named(monkeypatch, capsys):
    # pakistan-2008's rows read "NA-171 NA-171-1 PML-Q -13,118": an id that names no one.
    from votebank import terminal

    monkeypatch.setattr(terminal.console, "_width", 160)  # the name is dropped first when narrow
    argv = ["compare", "tiny", "tiny", "--runs", "2", "--set", "mechanisms.biradari.enabled=false"]
    code, text, err = main(argv, monkeypatch, capsys)
    assert code == 0, err
    table = text[text.index("Largest changes in candidates' votes") :]
    assert "│ T-1-a     │ Mian Sahib" in table


def test_compare_json_is_strict_json_of_the_api_comparison(monkeypatch, capsys):
    # A script had only the terminal's tables to read; the JSON holds the API's tables whole.
    import json

    import votebank as vb

    argv = ["compare", "tiny", "tiny", "--runs", "3", "--seed", "5"]
    code, out, err = main([*argv, "--set", "mechanisms.fear.beta=1", "--json"], monkeypatch, capsys)
    assert code == 0, err

    def refuse(constant: str) -> None:
        raise AssertionError(f"not strict JSON: {constant}")

    got = json.loads(out, parse_constant=refuse)
    b = vb.load_scenario("tiny").with_overrides({"mechanisms.fear.beta": 1})
    api = vb.compare("tiny", b, runs=3, seed=5)
    assert (got["a"], got["runs"], got["seed"]) == ("tiny", 3, 5)
    assert [r["difference_votes"] for r in got["parties"]] == api.parties[
        "difference_votes"
    ].tolist()
    assert len(got["seats"]) == 3
    assert len(got["candidates"]) == len(api.candidates)
    assert got["winners_changed"] == api.winners_changed
    assert out.count("\n") == 1  # one line: the tables and notes are not on stdout

"""A count too large or fractional in a scenario file reads as a count, not as text parsed."""

import pytest

import votebank as vb
from tests.scenario.copeland_copy import copeland_with
from votebank.errors import InputError


@pytest.mark.parametrize(
    ("cars", "says"),
    [("1e30", "a whole number far too large"), ("2.5", "must be a whole number")],
)
def test_carloads_that_are_no_count_are_named_as_counts(tmp_path, cars, says):
    # 1e30 carloads said "Unable to parse input string as an integer, exceeded maximum size".
    with pytest.raises(InputError) as exc:
        vb.load_scenario(copeland_with(tmp_path, "cars = 85\n", f"cars = {cars}\n"))
    (problem,) = exc.value.problems
    assert problem.location == "mechanisms.canvass.campaigns.0.cars"
    assert says in problem.message
    assert "input string" not in problem.message


def test_a_value_set_by_path_reads_as_the_files_own():
    # A sweep's grid and a counterfactual read "Input should be less than or equal to 1".
    with pytest.raises(vb.InputError) as exc:
        vb.sweep("tiny", {"mechanisms.fear.threat": [2.0, float("nan")]}, runs=2, seed=1)
    messages = [p.message for p in exc.value.problems]
    assert messages == ["must be at most 1", "must be a finite number"]


def test_a_value_of_the_wrong_kind_reads_in_the_files_words():
    # They read pydantic's "Input should be a valid list", "Tuple should have at most 2 items
    # after validation, not 3", "Input should be a valid dictionary".
    from pydantic import ValidationError

    from votebank.mechanisms.switching import SwitchingParams
    from votebank.scenario.field_errors import validation_problems
    from votebank.scenario.schema import Electorate

    said = {}
    for model, data in [
        (SwitchingParams, {"punished_parties": "BLUE"}),
        (Electorate, {"stations_per_locality": [1, 2, 3], "class_shares_urban": 3}),
        (Electorate, {"clans_per_locality": 4, "station_size_sd": [1.0]}),
    ]:
        with pytest.raises(ValidationError) as exc:
            model.model_validate(data)
        said |= {p.location: p.message for p in validation_problems("x.toml", exc.value)}
    assert said == {
        "punished_parties": 'must be a list in brackets: ["BLUE"]',
        "stations_per_locality": "must be a pair in brackets, [low, high], not 3 items",
        "class_shares_urban": "must be a table, e.g. { key = 1 }",
        "clans_per_locality": "must be a pair in brackets, [low, high]",
        "station_size_sd": "a number is needed",
    }


def test_a_choice_not_among_the_choices_reads_as_a_columns_does():
    # It read "Input should be 'uniform', 'proportional' or 'hybrid'".
    from pydantic import ValidationError

    from votebank.mechanisms.swing import SwingParams
    from votebank.scenario.field_errors import validation_problems

    with pytest.raises(ValidationError) as exc:
        SwingParams(model="uniformm")
    (problem,) = validation_problems("x.toml", exc.value)
    assert problem.message == "must be one of uniform, proportional or hybrid"


def test_a_list_of_tables_written_as_one_table_says_to_double_the_brackets():
    # [mechanisms.canvass.campaigns] (one pair of brackets) read "Input should be a valid list".
    from pydantic import ValidationError

    from votebank.mechanisms.canvass import CanvassParams
    from votebank.scenario.field_errors import validation_problems

    with pytest.raises(ValidationError) as exc:
        CanvassParams.model_validate({"campaigns": {"party": "RED", "seats": ["T-1"]}})
    (problem,) = validation_problems("x.toml", exc.value)
    assert problem.message == (
        "must be a list of tables: write each one's header [[campaigns]], in double brackets"
    )


def test_a_misspelt_key_inside_a_table_set_is_told_the_one_it_is_nearest():
    # It read pydantic's "Extra inputs are not permitted", naming no key.
    sc = vb.load_scenario("tiny")
    with pytest.raises(vb.InputError) as exc:
        sc.with_overrides({"mechanisms.fear": {"thret": 0.2}})
    (problem,) = exc.value.problems
    assert problem.message == "thret: unknown key; did you mean 'threat'?"
    assert "Extra inputs" not in str(exc.value)


def test_a_bound_beside_a_number_in_quotes_in_one_table_reads_as_a_bound():
    # women_seats = { A = -1, B = "1" } read "must be at least Input should be greater than or
    # equal to 0": the quoted number's check passed the other entries' errors on without bound.
    from pydantic import ValidationError

    from votebank.mechanisms.reserved_seats import ReservedSeatParams
    from votebank.scenario.field_errors import validation_problems

    with pytest.raises(ValidationError) as exc:
        ReservedSeatParams(women_seats={"A": -1, "B": "1", "C": 20_000})
    messages = {p.location: p.message for p in validation_problems("f", exc.value)}
    assert messages == {
        "women_seats.A": "must be at least 0",
        "women_seats.B": "a number is needed, not the text '1'",
        "women_seats.C": "must be at most 10,000",
    }


def test_a_section_given_one_value_says_to_give_its_fields():
    # --set mechanisms.biradari=false read "Input should be a valid dictionary or instance of
    # BiradariParams", a class name the user never wrote.
    with pytest.raises(vb.InputError) as exc:
        vb.load_scenario("tiny").with_overrides({"mechanisms.biradari": False})
    (problem,) = exc.value.problems
    assert "BiradariParams" not in problem.message
    assert problem.message == (
        "must be a table of its fields, not one value: set one of them by its path, "
        "e.g. mechanisms.biradari.enabled=false"
    )


def test_a_quoted_path_set_is_not_named_again_in_its_message():
    # sweep --vary 'mood."Khyber Paktunkhwa (NWFP)".ANP=[...]' read "mood."Khyber Paktunkhwa
    # (NWFP)".ANP: mood.Khyber Paktunkhwa (NWFP).ANP: unknown party": the rule names it bare.
    with pytest.raises(InputError) as exc:
        vb.sweep("na184-2008", {'mood."Khyber Paktunkhwa (NWFP)".ANP': [-1, 0]}, runs=2, seed=1)
    (problem,) = exc.value.problems
    assert problem.message.startswith("unknown party"), problem.message

"""Setting a scenario's fields by dotted path."""

from __future__ import annotations

import numpy as np
import pytest

import votebank as vb
from votebank.scenario.overrides import unknown_field, with_overrides


@pytest.mark.parametrize(
    "path", ["mechanisms.canvass.campaigns.0.hours", "mechanisms.alliances.stand_downs.0.party"]
)
def test_an_item_of_a_list_the_file_leaves_out_is_named_as_a_position(path):
    # It read "no field '0' here; fields: []": the list, left out, was made a table.
    spec = vb.load_scenario("tiny").spec
    with pytest.raises(KeyError) as exc:
        with_overrides(spec, {path: 5})
    assert "'0' is not a position in a list of 0" in exc.value.args[0]


def test_an_unknown_field_lists_the_fields_as_words():
    # A sweep's error read "fields: ['base', 'female_ratio', ...]", a Python list.
    spec = vb.load_scenario("tiny").spec
    with pytest.raises(KeyError) as exc:
        with_overrides(spec, {"turnout.zzz": 0.2})
    message = exc.value.args[0]
    assert "fields: base, " in message
    assert "[" not in message


def test_a_misspelt_field_is_told_the_one_it_is_nearest():
    # --set mechanisms.biradary.enabled listed 22 mechanisms where the TOML file's report
    # says "did you mean 'biradari'?".
    spec = vb.load_scenario("tiny").spec
    with pytest.raises(KeyError) as exc:
        with_overrides(spec, {"mechanisms.biradary.enabled": False})
    assert exc.value.args[0].endswith("no field 'biradary' here; did you mean 'biradari'?")
    assert unknown_field("turnout.bse").endswith("did you mean 'base'?")


def test_a_value_at_an_unknown_key_lists_the_keys_as_words():
    from votebank.scenario.overrides import value_at

    spec = vb.load_scenario("tiny").spec
    for path in ("turnout.bse", "mood.nowhere"):
        with pytest.raises(KeyError) as exc:
            value_at(spec, path)
        assert "[" not in exc.value.args[0]


def test_a_scenario_with_overrides_sets_the_field_and_runs():
    # Changing a parameter from Python took with_overrides on the spec, whose mistakes raised
    # pydantic's ValidationError or a KeyError with a traceback, never an InputError.
    tiny = vb.load_scenario("tiny")
    changed = tiny.with_overrides({"turnout.base": tiny.spec.turnout.base / 2})
    assert changed.spec.turnout.base == tiny.spec.turnout.base / 2
    assert changed.digest != tiny.digest
    assert tiny.spec.turnout.base == vb.load_scenario("tiny").spec.turnout.base  # unchanged


@pytest.mark.parametrize(
    ("overrides", "where"),
    [
        ({"turnout.bse": 0.2}, "turnout.bse"),
        ({"turnout.base": "abc"}, "turnout.base"),
        ({"turnout.base": float("nan")}, "turnout.base"),
        ({"turnout.base": True}, "turnout.base"),
        ({"turnout.base": np.True_}, "turnout.base"),  # was taken for 1: "less than 1"
        ({"mood.nowhere.RED": 0.1}, "mood.nowhere"),  # a region the tables lack
        ({3: 0.1}, ""),
        ([("turnout.base", 0.5)], ""),
        ({}, ""),
    ],
)
def test_a_bad_override_is_an_input_error_naming_its_path(overrides, where):
    with pytest.raises(vb.InputError) as exc:
        vb.load_scenario("tiny").with_overrides(overrides)
    assert [(p.file, p.location) for p in exc.value.problems] == [("overrides", where)]


def test_unknown_field_is_read_from_the_types_alone():
    from votebank.scenario.overrides import unknown_field

    assert "no field 'cash_wieght'" in unknown_field("mechanisms.biradari.cash_wieght")
    assert "no field 'bse'" in unknown_field("turnout.bse")
    # A key of the file's own tables, or a list's position, depends on the file: not checked.
    assert unknown_field("mood.Mars.GREEN") is None
    assert unknown_field("mechanisms.canvass.campaigns.7.cars") is None
    assert unknown_field("mechanisms.biradari.cohesion") is None


def test_a_table_set_on_a_table_of_fields_changes_only_the_fields_it_names():
    # {"mechanisms.fear": {"threat": 0.2}} reset fear's other fields to their defaults, so it
    # switched fear off; {"mechanisms": {...}} switched off every mechanism it left out.
    sc = vb.load_scenario("tiny")
    on = {name for name, p in sc.spec.mechanisms if p.enabled}
    fear = sc.with_overrides({"mechanisms.fear": {"threat": 0.2}}).spec.mechanisms.fear
    assert (fear.enabled, fear.threat) == (True, 0.2)
    nested = sc.with_overrides({"mechanisms": {"fear": {"threat": 0.2}}}).spec
    assert {name for name, p in nested.mechanisms if p.enabled} == on
    assert nested.mechanisms.fear.threat == 0.2
    off = sc.with_overrides({"mechanisms.biradari": {"enabled": False}}).spec.mechanisms
    assert not off.biradari.enabled
    assert off.biradari.cohesion == sc.spec.mechanisms.biradari.cohesion
    # A table of the file's own keys (a region's mood) is still given whole.
    mood = sc.with_overrides({"mood.North": {"RED": 0.5}}).spec.mood
    assert mood["North"] == {"RED": 0.5}
    assert mood["national"] == sc.spec.mood["national"]


def test_two_paths_that_name_one_field_are_refused_as_a_sweep_refuses_them():
    # {"turnout.base": 0.3, "turnout": {"base": 0.4}} ran with 0.4, the first silently lost.
    sc = vb.load_scenario("tiny")
    with pytest.raises(vb.InputError) as exc:
        sc.with_overrides({"turnout.base": 0.3, "turnout": {"base": 0.4}})
    (problem,) = exc.value.problems
    assert (problem.location, problem.message) == (
        "turnout",
        "names what 'turnout.base' names: give it once",
    )
    assert sc.with_overrides({"turnout.base": 0.3, "turnout.seat_sd": 0.1}).spec.turnout.base == 0.3


def test_a_variant_may_switch_a_prerequisite_off_as_compare_set_does():
    # compare --set mechanisms.landlords.enabled=false ran (docs/pakistan-2008.md's "landlords
    # off"), yet from Python with_overrides refused it, with nothing to say how to ask it.
    sc = vb.load_scenario("tiny")
    off = {"mechanisms.landlords.enabled": False}
    with pytest.raises(vb.InputError) as exc:
        sc.with_overrides(off)
    assert all("requirements=False" in p.message for p in exc.value.problems)
    variant = sc.with_overrides(off, requirements=False)
    assert not variant.spec.mechanisms.landlords.enabled
    assert variant.spec.mechanisms.stuffing.enabled  # on, as in compare --set's B
    with pytest.raises(vb.InputError):  # every other check still holds
        sc.with_overrides({**off, "turnout.base": float("nan")}, requirements=False)


def test_numpy_values_set_as_python_values_do():
    # A value read from a DataFrame's cell: np.False_ was refused for a flag, 'true or false is
    # needed, not "False"', while np.float64 was taken.
    sc = vb.load_scenario("tiny")
    off = sc.with_overrides({"mechanisms.landlords.enabled": np.False_}, requirements=False)
    assert off.spec.mechanisms.landlords.enabled is False
    assert sc.with_overrides({"turnout.base": np.float64(0.4)}).spec.turnout.base == 0.4
    with pytest.raises(vb.InputError) as exc:
        sc.with_overrides({"turnout.base": np.True_})
    assert "a number is needed" in exc.value.problems[0].message


@pytest.mark.parametrize("flag", ["no", None, 0])
def test_requirements_that_is_not_true_or_false_is_refused(flag):
    # requirements="no" was read as true, and the variant checked as if asked to be.
    with pytest.raises(vb.InputError) as exc:
        vb.load_scenario("tiny").with_overrides({"turnout.base": 0.4}, requirements=flag)
    assert [p.file for p in exc.value.problems] == ["requirements"]


def test_a_row_of_a_table_of_settings_sets_its_paths():
    # for _, row in settings.iterrows(): sc.with_overrides(row) was refused, "give a dict of
    # dotted paths to values", the row printed over several lines.
    import pandas as pd

    sc = vb.load_scenario("tiny")
    settings = pd.DataFrame({"turnout.base": [0.4], "mechanisms.biradari.cohesion": [0.6]})
    row = next(settings.iterrows())[1]
    changed = sc.with_overrides(row)
    assert changed.spec.turnout.base == 0.4
    assert changed.spec.mechanisms.biradari.cohesion == 0.6
    assert changed.digest == sc.with_overrides(row.to_dict()).digest

"""Counterfactual variants: dotted paths set fields; bad paths and values are input errors."""

import shutil
from importlib import resources
from pathlib import Path

import pytest

import votebank as vb
from votebank.errors import InputError
from votebank.scenario.overrides import set_path
from votebank.scenario.schema import Counterfactual

TINY = Path(str(resources.files("votebank") / "scenarios" / "tiny"))


def test_set_path_reaches_dicts_and_list_items():
    data = {"a": {"b": [{"c": 1}, {"c": 2}]}}
    set_path(data, "a.b.1.c", 5)
    assert data == {"a": {"b": [{"c": 1}, {"c": 5}]}}
    with pytest.raises(KeyError, match="not a position"):
        set_path(data, "a.b.7.c", 0)
    with pytest.raises(KeyError, match="no field 'x'"):
        set_path(data, "a.x", 0)


def test_variant_changes_only_the_named_field():
    base = vb.load_scenario("tiny")
    cf = Counterfactual(name="calm", set={"mechanisms.fear.threat": 0.0})
    changed = base.variant(cf)
    assert changed.spec.mechanisms.fear.threat == 0.0
    assert changed.spec.mechanisms.biradari == base.spec.mechanisms.biradari
    assert changed.digest != base.digest


def counterfactual_problem(tmp_path, path: str, literal: str):
    """The one problem of tiny with a counterfactual setting ``path`` to ``literal`` (TOML)."""
    folder = tmp_path / "s"
    shutil.copytree(TINY, folder)
    toml = folder / "scenario.toml"
    block = f'[[scenario.counterfactuals]]\nname = "x"\nset = {{ "{path}" = {literal} }}\n\n'
    toml.write_text(toml.read_text().replace("[tables]", block + "[tables]", 1))
    with pytest.raises(InputError) as caught:
        vb.load_scenario(folder)
    (problem,) = caught.value.problems
    assert problem.location == f"scenario.counterfactuals.0.set.{path}"
    return problem


@pytest.mark.parametrize(
    ("path", "value", "says"),
    [
        ("mechanisms.fear.threaat", 0.1, "no field 'threaat'"),
        ("mechanisms.fear.threat", 3.0, "must be at most 1"),
        ("parties.9.name", "x", "not a position"),
    ],
)
def test_bad_counterfactuals_are_reported_at_load(tmp_path, path, value, says):
    literal = f'"{value}"' if isinstance(value, str) else str(value)
    assert says in counterfactual_problem(tmp_path, path, literal).message


@pytest.mark.parametrize(
    ("path", "literal", "says"),
    [
        ("mood.national.RED", "true", "a number is needed, not true"),
        (
            "mood.North",
            "{ GREEN = 1.0 }",
            "GREEN: unknown party (the parties: RED, BLUE, IND, OTH)",
        ),
    ],
)
def test_a_counterfactual_error_reads_as_the_files_own(tmp_path, path, literal, says):
    # It read "set.mood.national.RED: Value error, national.RED: a number is needed, not true":
    # the validator library's prefix, and the field's path said twice.
    assert counterfactual_problem(tmp_path, path, literal).message == says


def _with_counterfactual(tmp_path, settings: str) -> Path:
    folder = tmp_path / "s"
    shutil.copytree(TINY, folder)
    toml = folder / "scenario.toml"
    text = toml.read_text(encoding="utf-8")
    cf = f'[[scenario.counterfactuals]]\nname = "pact"\nset = {{ {settings} }}\n\n'
    toml.write_text(text.replace("[scenario.actual_seats]", cf + "[scenario.actual_seats]"))
    return folder


def test_a_counterfactual_right_as_a_whole_is_taken(tmp_path):
    # Each setting was tried alone: transfer 0.8 against the default abstain 0.25 was refused,
    # though the counterfactual sets abstain to 0.1 (0.9 in all).
    pair = '"mechanisms.alliances.transfer" = 0.8, "mechanisms.alliances.abstain" = 0.1'
    sc = vb.load_scenario(_with_counterfactual(tmp_path, pair))
    assert sc.variant(sc.spec.scenario.counterfactuals[0]).spec.mechanisms.alliances.transfer == 0.8


def test_a_counterfactual_wrong_only_as_a_whole_is_refused_at_load(tmp_path):
    # Each setting was right alone (0.99, 0.9), together not (1.04): the scenario loaded, and
    # `votebank run` stored its runs and then stopped with a traceback at the counterfactual.
    pair = '"mechanisms.alliances.transfer" = 0.74, "mechanisms.alliances.abstain" = 0.3'
    with pytest.raises(InputError) as exc:
        vb.load_scenario(_with_counterfactual(tmp_path, pair))
    (problem,) = exc.value.problems
    assert problem.location == "scenario.counterfactuals.0.set"
    assert problem.message == "transfer + abstain must be at most 1"


def test_a_counterfactual_that_reorders_the_parties_is_refused_at_load(tmp_path):
    # It loaded: `votebank run` stored its runs, then refused the counterfactual ("B declares
    # A's parties in another order"), exit 2 after the work was done.
    parties = (
        '"parties" = [{id="BLUE", name="b"}, {id="RED", name="r", government=true}, '
        '{id="IND", name="i", independent=true}, {id="OTH", name="o", aggregate=true}]'
    )
    with pytest.raises(InputError) as exc:
        vb.load_scenario(_with_counterfactual(tmp_path, parties))
    (problem,) = exc.value.problems
    assert problem.location == "scenario.counterfactuals.0.set"
    assert "RED, BLUE, IND, OTH" in problem.message
    assert problem.value == "BLUE, RED, IND, OTH"


def test_settings_to_blame_names_each_bad_setting_and_lets_one_need_another():
    from votebank.errors import Problem
    from votebank.scenario.variants import settings_to_blame

    # b is wrong alone but right beside a; c is wrong whatever is given with it.
    def problems_of(some, path):
        bad = ("c" in some) or ("b" in some and "a" not in some)
        return [Problem("f", path, str(some), "bad")] if bad else []

    values = {"a": 1, "b": 2, "c": 3}
    whole = problems_of(values, "")
    named = settings_to_blame(values, whole, problems_of)
    assert [p.location for p in named] == ["c"]
    # Wrong only together: the whole set is named.
    together = settings_to_blame({"a": 1}, ["whole"], lambda some, path: [])
    assert together == ["whole"]

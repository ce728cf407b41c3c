"""A spec changed in memory (pydantic's model_copy sets values unchecked) is checked in full."""

import warnings

import pytest

import votebank as vb
from votebank.errors import InputError
from votebank.scenario.check import check_scenario, entry_scenario


@pytest.fixture(scope="module")
def tiny():
    return vb.load_scenario("tiny")


def copied(model, path: str, value):
    """``model`` with the dotted ``path`` set by model_copy, as a notebook might."""
    head, _, rest = path.partition(".")
    inner = copied(getattr(model, head), rest, value) if rest else value
    return model.model_copy(update={head: inner})


@pytest.mark.parametrize(
    ("path", "value", "location"),
    [
        ("turnout.female_ratio", float("nan"), "turnout.female_ratio"),
        ("turnout.female_ratio", 5.0, "turnout.female_ratio"),
        ("turnout.female_ratio", -1.0, "turnout.female_ratio"),
        ("mechanisms.biradari.cohesion", float("nan"), "mechanisms.biradari.cohesion"),
        ("mood", {"national": {"XXX": 0.3}}, "mood.national.XXX"),
        ("mood", {"national": {"RED": "x"}}, "mood.national.RED"),
    ],
)
def test_a_spec_changed_by_model_copy_is_validated_again(tiny, path, value, location):
    sc = tiny.with_spec(copied(tiny.spec, path, value))
    with pytest.raises(InputError) as exc:
        check_scenario(sc)
    assert [(p.file, p.location) for p in exc.value.problems] == [("scenario", location)]
    with pytest.raises(InputError):
        vb.run_ensemble(sc, runs=2, seed=1)


def test_a_spec_of_another_type_is_refused(tiny):
    sc = vb.load_scenario("tiny")
    bad = type(sc)(object(), sc.constituencies, sc.candidates, sc.source, sc.digest)
    with pytest.raises(InputError, match="must be a ScenarioSpec"):
        check_scenario(bad)


def test_an_unchanged_copy_passes(tiny):
    check_scenario(tiny.with_spec(tiny.spec.model_copy()))


@pytest.mark.parametrize("spec", [{"scenario": {"name": "x"}}, None, "tiny"])
def test_with_spec_refuses_what_is_not_a_spec_naming_it(tiny, spec):
    with pytest.raises(InputError, match="must be a ScenarioSpec") as exc:
        tiny.with_spec(spec)
    assert exc.value.problems[0].value == type(spec).__name__


def test_with_tables_refuses_what_is_not_a_table_naming_it(tiny):
    # "'str' object has no attribute 'to_csv'", from the hash of the tables.
    with pytest.raises(InputError, match="must be a pandas DataFrame") as exc:
        tiny.with_tables("constituencies.csv", None)
    assert [(p.file, p.value) for p in exc.value.problems] == [
        ("constituencies", "str"),
        ("candidates", "NoneType"),
    ]


def test_an_api_entry_warns_of_a_re_set_mood_of_a_region_the_tables_lack(tiny):
    """A typo in a mood set in memory ran in silence, and the mood was never applied."""
    typo = tiny.with_spec(copied(tiny.spec, "mood", {**tiny.spec.mood, "Nroth": {"RED": 0.2}}))
    with pytest.warns(UserWarning, match=r"mood\.Nroth.*changes nothing"):
        assert entry_scenario(typo) is typo


def test_a_cut_scenario_runs_though_it_names_regions_it_left_out(tiny):
    south = tiny.constituencies.loc[tiny.constituencies["region"] == "South", "id"]
    cut = tiny.with_seats(list(south))
    assert "North" in cut.spec.mood
    assert "North" not in set(cut.constituencies["region"])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert entry_scenario(cut) is cut


def test_tables_edited_in_place_run_under_their_own_digest():
    # A notebook's sc.constituencies.loc[:, "registered"] = 50000 kept the digest of the
    # tables as loaded: a cluster's workers, which keep a model per digest, ran the old ones.
    from votebank.run.distributed import _run

    sc = vb.load_scenario("tiny")
    before = entry_scenario(sc)
    assert before.digest == sc.digest
    first = _run(before, 1, 0, lambda m, i: m.run(i)["constituencies"].registered.tolist())[1]
    sc.constituencies.loc[:, "registered"] = 50_000
    after = entry_scenario(sc)
    assert after.digest != before.digest
    assert after.digest == sc.with_tables(sc.constituencies, sc.candidates).digest
    second = _run(after, 1, 0, lambda m, i: m.run(i)["constituencies"].registered.tolist())[1]
    assert first == [24_000, 18_000, 30_000]
    assert second == [50_000] * 3

"""compare checks its counts and both scenarios at entry, as run_ensemble does."""

import numpy as np
import pytest

import votebank as vb
from votebank.ensemble.compare import compare
from votebank.errors import InputError


@pytest.fixture(scope="module")
def tiny():
    return vb.load_scenario("tiny")


@pytest.mark.parametrize(
    ("argument", "value"),
    [
        ("runs", 0),
        ("runs", 1),
        ("runs", -3),
        ("runs", "3"),
        ("runs", 2.0),
        ("seed", -1),
        ("seed", True),
    ],
)
def test_bad_counts_are_refused(tiny, argument, value):
    given = {"runs": 2, "seed": 1, argument: value}
    with pytest.raises(InputError) as exc:
        compare(tiny, tiny, **given)
    assert [p.file for p in exc.value.problems] == [argument]


def test_one_run_is_refused_as_the_command_line_refuses_it(tiny):
    # It gave differences with standard errors of NaN; `votebank compare --runs 1` is refused.
    with pytest.raises(InputError) as exc:
        compare(tiny, tiny, runs=1, seed=1)
    (problem,) = exc.value.problems
    assert (problem.file, problem.value) == ("runs", "1")
    assert "from 2 to" in problem.message


def test_scenarios_that_are_no_scenarios_are_refused_together():
    with pytest.raises(InputError) as exc:
        compare(None, 5, runs=0)
    assert [p.file for p in exc.value.problems] == ["runs", "a", "b"]


def test_a_name_is_loaded(tiny):
    assert compare("tiny", tiny, runs=2, seed=1).parties.equals(
        compare(tiny, tiny, runs=2, seed=1).parties
    )


def test_a_variant_changed_in_memory_is_checked(tiny):
    turnout = tiny.spec.turnout.model_copy(update={"female_ratio": 5.0})
    bad = tiny.with_spec(tiny.spec.model_copy(update={"turnout": turnout}))
    with pytest.raises(InputError) as exc:
        compare(tiny, bad, runs=2, seed=1)
    assert [(p.file, p.location) for p in exc.value.problems] == [("b", "turnout.female_ratio")]


def test_b_switching_off_a_prerequisite_is_judged_alike_in_memory_or_as_a_file(tmp_path):
    # A file's B went through the loader, which refused it (flows on, swing off).
    import shutil

    from votebank.scenario.naming import resolve

    shutil.copytree(resolve("copeland-2017-prior").parent, tmp_path / "b")
    toml = tmp_path / "b" / "scenario.toml"
    text = toml.read_text(encoding="utf-8")
    off = "[mechanisms.swing]\nenabled = false"
    toml.write_text(text.replace("[mechanisms.swing]\nenabled = true", off), encoding="utf-8")
    by_file = compare("copeland-2017-prior", tmp_path / "b", runs=2, seed=1)
    a = vb.load_scenario("copeland-2017-prior")
    in_memory = a.with_spec(vb.load_scenario(tmp_path / "b", requirements=False).spec)
    assert by_file.parties.equals(compare(a, in_memory, runs=2, seed=1).parties)


@pytest.mark.parametrize("client", ["tcp://127.0.0.1:8786", 2, True])
def test_a_client_that_is_no_dask_client_is_named(tiny, client):
    # A scheduler's address (or a worker count) failed deep in the runs with AttributeError:
    # 'str' object has no attribute 'scheduler_info'.
    with pytest.raises(InputError) as exc:
        compare(tiny, tiny, runs=2, seed=1, client=client)
    (problem,) = exc.value.problems
    assert (problem.file, problem.value) == ("client", repr(client))


def test_a_bad_table_is_named_beside_its_own_scenario(tmp_path):
    # Both were named "constituencies.csv: row 2": whose table was wrong could not be told.
    import shutil

    from votebank.scenario.naming import resolve

    for name, bad in (("a", "-5"), ("b", "-6")):
        shutil.copytree(resolve("tiny").parent, tmp_path / name)
        table = tmp_path / name / "constituencies.csv"
        table.write_text(table.read_text(encoding="utf-8").replace("24000", bad), encoding="utf-8")
    with pytest.raises(InputError) as exc:
        compare(tmp_path / "a", str(tmp_path / "b"), runs=2, seed=1)
    named = [(p.file, p.location, p.value) for p in exc.value.problems]
    assert named == [
        (str(tmp_path / name / "constituencies.csv"), "row 2, column registered", repr(bad))
        for name, bad in (("a", "-5"), ("b", "-6"))
    ]


def test_a_numpy_count_is_kept_as_a_python_int(tiny):
    # Its runs were NumPy's, its seed Python's: "runs=np.int32(2)" in the comparison.
    assert type(compare(tiny, tiny, runs=np.int32(2), seed=1).runs) is int

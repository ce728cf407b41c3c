"""A model from Python: its seed and run index are checked, not truncated or failed deep."""

import numpy as np
import pytest

import votebank as vb
from votebank.errors import InputError


@pytest.fixture(scope="module")
def tiny():
    return vb.load_scenario("tiny")


@pytest.mark.parametrize("seed", [1.7, True, "1", -1])
def test_a_seed_that_is_no_whole_number_from_0_is_named(tiny, seed):
    # Model.of(sc, 1.7) ran with seed 1, as did True and "1"; -1 failed inside NumPy.
    with pytest.raises(InputError) as exc:
        vb.Model.of(tiny, seed)
    (problem,) = exc.value.problems
    assert (problem.file, problem.value) == ("seed", repr(seed))


def test_a_scenario_by_name_is_named():
    # Model.of("tiny") failed with AttributeError: 'str' object has no attribute 'spec'.
    with pytest.raises(InputError, match="load_scenario"):
        vb.Model.of("tiny", 1)


@pytest.mark.parametrize("run_index", [1.0, -1, True, "1"])
def test_a_run_index_that_is_no_whole_number_from_0_is_named(tiny, run_index):
    # 1.0 failed inside NumPy ("seed must be integer"), -1 too; True ran as run 1.
    with pytest.raises(InputError) as exc:
        vb.Model.of(tiny, 1).run(run_index)
    (problem,) = exc.value.problems
    assert (problem.file, problem.value) == ("run_index", repr(run_index))


def test_numpy_integers_are_whole_numbers(tiny):
    model = vb.Model.of(tiny, np.int64(1))
    assert model.entropy == 1
    assert model.run(np.int32(1))["seats"].equals(vb.Model.of(tiny, 1).run(1)["seats"])


def test_an_unknown_table_of_a_run_names_the_tables(tiny):
    # result["seat"] said only KeyError: 'seat'; an ensemble's frames list their tables.
    result = vb.simulate(tiny, seed=1)
    with pytest.raises(KeyError, match="polling_stations"):
        result["seat"]


def test_an_unknown_table_is_named_without_a_python_list(tiny):
    # The message listed the tables as ['constituencies', 'candidates', ...].
    with pytest.raises(KeyError) as exc:
        vb.simulate(tiny, seed=1)["seat"]
    assert "[" not in str(exc.value)


def test_a_run_shows_its_tables_sizes_not_their_rows(tiny):
    # Its repr, a notebook cell's output, printed every table (4,000 characters for Pakistan).
    result = vb.simulate(tiny, seed=1)
    shown = repr(result)
    assert shown.startswith("RunResult(run_index=0, seed=1;")
    assert f"polling_stations ({len(result['polling_stations']):,} rows)" in shown
    assert "Riverside" not in shown  # a constituency's name: a table's rows

"""The Python API refuses bad input at its entry: an InputError naming the argument and value."""

import json

import numpy as np
import pandas as pd
import pytest

import votebank as vb
from votebank import api, sweeps
from votebank.errors import InputError, Problem
from votebank.results.store import ResultsStore
from votebank.results.summary import summarize
from votebank.scenario.catalogue import builtin_names
from votebank.scenario.check import check_scenario
from votebank.scenario.overrides import with_overrides


@pytest.fixture(scope="module")
def tiny():
    return vb.load_scenario("tiny")


def problems(exc: pytest.ExceptionInfo) -> list[tuple[str, str]]:
    """(file or argument, location) of each problem raised."""
    return [(p.file, p.location) for p in exc.value.problems]


# --- B2, B4: a scenario built or changed in memory is checked as a loaded one -------------------


@pytest.mark.parametrize("name", builtin_names())
def test_every_builtin_scenario_passes_the_in_memory_check(name):
    check_scenario(vb.load_scenario(name))


def changed(sc, table: str, row: int, column: str, value):
    frame = getattr(sc, table).copy()
    frame[column] = frame[column].astype(object)  # any value, as a notebook might set
    frame.loc[row, column] = value
    tables = {"constituencies": sc.constituencies, "candidates": sc.candidates, table: frame}
    return sc.with_tables(tables["constituencies"], tables["candidates"])


@pytest.mark.parametrize(
    ("table", "row", "column", "value", "why"),
    [
        ("constituencies", 0, "registered", -100, "at least 1"),
        ("constituencies", 0, "registered", 0, "at least 1"),
        ("constituencies", 1, "registered", np.nan, "finite"),
        ("constituencies", 1, "registered", 2400.5, "whole number"),
        ("constituencies", 1, "registered", "5000", "must be a number"),
        ("constituencies", 2, "urban_share", np.nan, "finite"),
        ("constituencies", 1, "turnout", 1.7, "at most 0.999"),
        ("candidates", 0, "appeal", np.inf, "finite"),
        ("candidates", 0, "militia", -5.0, "at least 0"),
        ("candidates", 3, "background", "wizard", "must be one of"),
        ("candidates", 3, "name", None, "must be text"),
        ("candidates", 0, "constituency", "T-99", "no such constituency"),
        ("candidates", 1, "party", "PURPLE", "party not declared"),
        ("candidates", 2, "candidate", "T-1-a", "duplicate id"),
    ],
)
def test_changed_tables_are_refused_naming_table_row_and_column(
    tiny, table, row, column, value, why
):
    sc = changed(tiny, table, row, column, value)
    with pytest.raises(InputError) as exc:
        api.run_ensemble(sc, runs=1, seed=1)
    assert problems(exc) == [(table, f"row {row + 2}, column {column}")]
    assert why in str(exc.value)
    with pytest.raises(InputError):
        api.simulate(sc, seed=1)


def test_table_shapes_are_refused(tiny):
    k = tiny.candidates
    cases = [
        (tiny.with_tables(tiny.constituencies, k[k.constituency != "T-2"]), "constituencies"),
        (tiny.with_tables(tiny.constituencies.drop(columns="urban_share"), k), "constituencies"),
        (tiny.with_tables(tiny.constituencies.iloc[:0], k), "constituencies"),
    ]
    for sc, table in cases:
        with pytest.raises(InputError) as exc:
            api.run_ensemble(sc, runs=1, seed=1)
        assert problems(exc)[0][0] == table


@pytest.mark.parametrize(
    "overrides",
    [
        {"mechanisms.switching.punished_parties": ["PURPLE"]},
        {"scenario.actual_seats.PURPLE": 1},
    ],
)
def test_changed_spec_names_are_checked(tiny, overrides):
    sc = tiny.with_spec(with_overrides(tiny.spec, overrides))
    with pytest.raises(InputError) as exc:
        api.run_ensemble(sc, runs=1, seed=1)
    assert [f for f, _ in problems(exc)] == ["scenario"]


def test_a_scenario_cut_to_some_seats_may_name_regions_it_lost(tiny):
    # A subset keeps the spec's moods for regions it no longer holds: they act on nothing.
    north = tiny.with_seats(tiny.constituencies.loc[tiny.constituencies["region"] == "North", "id"])
    api.run_ensemble(north, runs=1, seed=1)


@pytest.mark.parametrize(
    ("grid", "where"),
    [
        ({"mechanisms.reserved_seats.women_seats.Nowhere": [1]}, "women_seats.Nowhere"),
        ({"mood.Nowhere.RED": [0.3]}, "mood.Nowhere"),
        ({"mechanisms.byelection.seats": [["T-99"]]}, "byelection.seats"),
    ],
)
def test_a_sweep_point_naming_a_region_or_seat_the_tables_lack_is_refused(grid, where):
    with pytest.raises(InputError) as exc:
        sweeps.sweep("tiny", grid, runs=1, seed=1)
    assert any(f == "grid" and where in loc for f, loc in problems(exc)), problems(exc)


def test_sweep_refuses_a_path_naming_no_region():
    with pytest.raises(InputError) as exc:
        sweeps.sweep("tiny", {"mood.Nort.BLUE": [0.0, 2.0]}, runs=1, seed=1)
    assert problems(exc) == [("grid", "mood.Nort")]


# --- B3, B8: numeric arguments ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argument", "value"),
    [
        ("runs", 0),
        ("runs", -1),
        ("runs", 2.0),
        ("runs", True),
        ("runs", 10**7),
        ("seed", -1),
        ("seed", float("nan")),
        ("seed", 1.5),
        ("seed", True),
        ("seed", "7"),
        ("workers", 0),
        ("workers", -1),
        ("workers", "2"),
        ("workers", 1.5),
        ("station_runs", -5),
        ("parameter_uncertainty", "no"),
    ],
)
def test_run_ensemble_refuses_bad_numbers(argument, value):
    args = {"runs": 1, "seed": 1, argument: value}
    with pytest.raises(InputError) as exc:
        api.run_ensemble("tiny", **args)
    assert problems(exc) == [(argument, "")]
    assert exc.value.problems[0].value == repr(value)


def test_every_bad_argument_is_reported_together():
    with pytest.raises(InputError) as exc:
        api.run_ensemble("no-such-scenario", runs=0, seed=-1, workers=0)
    assert [f for f, _ in problems(exc)] == ["runs", "seed", "workers", "no-such-scenario"]


def test_numpy_integers_are_accepted():
    e = api.run_ensemble("tiny", runs=np.int64(1), seed=np.uint64(3), workers=np.int32(1))
    assert e.runs == 1
    assert e.seed == 3


@pytest.mark.parametrize(
    ("argument", "value"), [("run_index", -1), ("run_index", 1.0), ("seed", -2)]
)
def test_simulate_refuses_bad_numbers(argument, value):
    with pytest.raises(InputError) as exc:
        api.simulate("tiny", **{"seed": 1, argument: value})
    assert problems(exc) == [(argument, "")]


@pytest.mark.parametrize("scenario", [None, 5])
def test_a_scenario_of_the_wrong_type_is_refused(scenario):
    with pytest.raises(InputError) as exc:
        api.run_ensemble(scenario, runs=1, seed=1)
    assert problems(exc) == [("scenario", "")]


# --- B7: simulate takes a name or a path --------------------------------------------------------


def test_simulate_takes_a_name_as_run_ensemble_does(tiny):
    by_name = api.simulate("tiny", seed=1, run_index=1)
    by_scenario = api.simulate(tiny, seed=1, run_index=1)
    pd.testing.assert_frame_equal(by_name["seats"], by_scenario["seats"])
    pd.testing.assert_frame_equal(by_name["seats"], vb.simulate(tiny, seed=1, run_index=1)["seats"])


# --- B1, B9, B10: sweep grids -------------------------------------------------------------------


def test_sweep_keeps_table_values_as_json():
    values = [{"RED": 0.1}, {"RED": 0.5}]
    sw = sweeps.sweep("tiny", {"mood.national": values}, runs=1, seed=1)
    assert list(sw.points["mood.national"]) == [json.dumps(v) for v in values]
    assert set(sw.seats["mood.national"]) == {json.dumps(v) for v in values}
    assert len(sw.summary()) == 2 * sw.seats.party.nunique()
    assert sw.ensembles[1].params == {"mood.national": values[1]}


@pytest.mark.parametrize(
    ("grid", "location"),
    [
        ({"turnout.base": 0.5}, "turnout.base"),
        ({"scenario.title": "ab"}, "scenario.title"),
        ({"turnout.base": []}, "turnout.base"),
        ({5: [0.5]}, ""),
        ({"turnout.base": [-1]}, "turnout.base"),
        ({"turnout.bse": [0.5]}, "turnout.bse"),
        ({"turnout..base": [0.5]}, "turnout..base"),
        ({"mood.national.RED": [0.1, float("nan")]}, "mood.national.RED"),
        ({"scenario.seed": [1, 2]}, "scenario.seed"),
        ({"tables.constituencies": ["other.csv"]}, "tables.constituencies"),
    ],
)
def test_sweep_refuses_bad_grids_naming_the_path(grid, location):
    with pytest.raises(InputError) as exc:
        sweeps.sweep("tiny", grid, runs=1, seed=1)
    assert problems(exc) == [("grid", location)]


def test_sweep_refuses_a_grid_that_is_no_mapping():
    with pytest.raises(InputError) as exc:
        sweeps.sweep("tiny", ["turnout.base"], runs=1, seed=1)
    assert problems(exc) == [("grid", "")]


# --- B5: a problem with no value, and an empty store --------------------------------------------


def test_problem_shows_any_value():
    assert str(Problem("x", "y", None, "bad")) == "x: y: bad (got None)"
    assert str(Problem("x", "", 5, "bad")) == "x: bad (got 5)"


def test_summarize_an_empty_store_says_so(tmp_path):
    with ResultsStore(tmp_path / "votebank.duckdb") as store, pytest.raises(InputError) as exc:
        summarize(store, store.latest_ensemble())
    assert "no ensemble in the store" in str(exc.value)


# --- B11: export --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def one_run():
    return api.run_ensemble("tiny", runs=1, seed=1, station_runs=0)


def test_export_accepts_any_case(one_run, tmp_path):
    written = one_run.export(tmp_path / "out", fmt="CSV")
    assert tmp_path / "out" / "seats.csv" in written
    assert pd.read_csv(tmp_path / "out" / "seats.csv").shape == one_run.seats.shape


def test_export_refuses_a_bad_format_before_making_the_folder(one_run, tmp_path):
    with pytest.raises(InputError) as exc:
        one_run.export(tmp_path / "out", fmt="xlsx")
    assert problems(exc) == [("fmt", "")]
    assert not (tmp_path / "out").exists()


def test_export_refuses_a_folder_that_is_a_file(one_run, tmp_path):
    (tmp_path / "afile").write_text("x")
    for folder in (tmp_path / "afile", tmp_path / "afile" / "sub"):
        with pytest.raises(InputError) as exc:
            one_run.export(folder)
        assert problems(exc) == [("folder", "")]


# --- B12: summarize's counts --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argument", "value"),
    [("majority", 0), ("majority", -1), ("majority", "2"), ("closest_n", -1), ("closest_n", "a")],
)
def test_summarize_refuses_bad_counts(tmp_path, argument, value):
    with ResultsStore(tmp_path / "votebank.duckdb") as store, pytest.raises(InputError) as exc:
        summarize(store, "any", **{argument: value})
    assert problems(exc) == [(argument, "")]

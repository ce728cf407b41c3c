"""A sweep keeps its promise (the same runs at every point) and refuses grids it cannot keep."""

import warnings

import numpy as np
import pandas as pd
import pytest

import votebank as vb
from votebank.errors import InputError


@pytest.mark.parametrize(
    ("grid", "location", "why"),
    [
        ({"scenario.runs": [20, 300]}, "scenario.runs", "set them with runs=, not in the grid"),
        ({}, "", "at least one path"),
        ({"mechanisms.stuffing.enabled": ["yes"]}, "mechanisms.stuffing.enabled", "True or False"),
        ({"mechanisms.stuffing.enabled": [1, 0]}, "mechanisms.stuffing.enabled", "True or False"),
        ({"scenario.draw_parameters": [True]}, "scenario.draw_parameters", "none"),
        # Two spellings of one field: the later won, the earlier's column showed other values.
        ({"turnout.base": [0.3], '"turnout".base': [0.6]}, '"turnout".base', "give it once"),
        ({"turnout.base": [0.3], "turnout": [{"base": 0.6}]}, "turnout", "give it once"),
    ],
)
def test_grids_a_sweep_cannot_keep_are_refused(grid, location, why):
    with pytest.raises(InputError, match=why) as exc:
        vb.sweep("tiny", grid, runs=1, seed=1)
    assert {p.location for p in exc.value.problems} == {location}


def test_a_bad_flag_value_is_one_problem():
    # Each was reported twice, by the field and again by the flag check: "4 problems found"
    # for two bad values. Both break one rule: one problem names them both.
    with pytest.raises(InputError) as exc:
        vb.sweep("tiny", {"mechanisms.stuffing.enabled": [1, "yes"]}, runs=1, seed=1)
    assert [p.value for p in exc.value.problems] == ['1, "yes"']


def test_a_grid_of_more_runs_than_an_ensemble_may_make_is_refused_at_once():
    # 100 x 100 x 100 points of 2 runs: the sweep built a million scenarios, silently, for
    # many minutes, before its first run.
    grid = {
        "turnout.base": np.linspace(0.1, 0.9, 100),
        "mood.national.RED": np.linspace(0.0, 1.0, 100),
        "choice.candidate_shock_sd": np.linspace(0.1, 0.5, 100),
    }
    with pytest.raises(InputError) as exc:
        vb.sweep("tiny", grid, runs=2, seed=1)
    (problem,) = exc.value.problems
    assert problem.file == "grid"
    assert "1,000,000 points x 2 runs" in problem.value
    with pytest.raises(InputError, match="x 100 runs"):  # runs=None: as run_ensemble
        vb.sweep("tiny", {"turnout.base": [0.5] * 10_001}, seed=1)


def test_a_bool_field_takes_bools():
    swept = vb.sweep("tiny", {"mechanisms.stuffing.enabled": [True, False]}, runs=1, seed=1)
    assert swept.points["mechanisms.stuffing.enabled"].tolist() == [True, False]


def test_numpy_values_are_taken_as_their_python_values():
    # np.array([True, False]) holds np.bool_: a flag refused it, "true or false is needed, not
    # 'True' (got true)".
    grid = {
        "mechanisms.stuffing.enabled": np.array([True, False]),
        "mechanisms.biradari.cohesion": np.array([0.5]),
    }
    swept = vb.sweep("tiny", grid, runs=1, seed=1)
    assert swept.points["mechanisms.stuffing.enabled"].tolist() == [True, False]
    plain = vb.sweep("tiny", {k: v.tolist() for k, v in grid.items()}, runs=1, seed=1)
    pd.testing.assert_frame_equal(swept.candidates, plain.candidates)


def test_a_dataframes_column_is_a_list_of_values():
    # A grid read from a table (pd.Series, its index 5 and 6) was refused, "give a list of
    # values", where the same values as a NumPy array ran.
    values = pd.DataFrame({"cohesion": [0.3, 0.6]}, index=[5, 6])["cohesion"]
    swept = vb.sweep("tiny", {"mechanisms.biradari.cohesion": values}, runs=1, seed=1)
    plain = vb.sweep("tiny", {"mechanisms.biradari.cohesion": [0.3, 0.6]}, runs=1, seed=1)
    pd.testing.assert_frame_equal(swept.points, plain.points)
    pd.testing.assert_frame_equal(swept.candidates, plain.candidates)


def test_a_point_of_an_unset_field_keeps_its_rows_in_the_summary():
    # None (the field unset) was a missing key to pandas: its point's rows were dropped.
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the majority changes P(majority), never a run
        swept = vb.sweep("tiny", {"scenario.majority": [None, 4]}, runs=2, seed=1)
    summary = swept.summary()
    assert sorted(summary["point"].unique()) == [0, 1]
    assert len(summary) == 2 * summary["party"].nunique()
    assert "<th>nan</th>" in swept._repr_html_()  # its column in the notebook view too


def test_the_notebook_view_shows_names_and_values_with_markup_as_text():
    # "<2008>" in the scenario's name or a swept value read as an HTML tag and vanished.
    from votebank.scenario.overrides import with_overrides

    sc = vb.load_scenario("tiny")
    sc = sc.with_spec(with_overrides(sc.spec, {"scenario.name": "A & B <2008>"}))
    swept = vb.sweep(sc, {"scenario.title": ["<i>x</i>", "y"]}, runs=1, seed=1)
    html = swept._repr_html_()
    assert "<b>A &amp; B &lt;2008&gt;</b>" in html
    assert "<i>" not in html
    assert "&lt;i&gt;x&lt;/i&gt;" in html
    point = swept.ensembles[0]._repr_html_()
    assert "&lt;i&gt;x&lt;/i&gt;" in point
    assert "<i>" not in point


def test_a_sweep_exports_its_stacked_tables_like_an_ensemble(tmp_path):
    sw = vb.sweep("tiny", {"mood.national.RED": [0.0, 0.4]}, runs=2, seed=7)
    written = sw.export(tmp_path / "tables", fmt="csv")
    assert sorted(p.name for p in written) == sorted(
        f"{name}.csv" for name in sw.ensembles[0].frames
    )
    seats = pd.read_csv(tmp_path / "tables" / "seats.csv")
    pd.testing.assert_frame_equal(seats, sw.seats, check_dtype=False)
    with pytest.raises(InputError, match="choose one of"):
        sw.export(tmp_path / "other", fmt="xlsx")
    assert not (tmp_path / "other").exists()


def test_a_bad_value_in_a_table_reads_as_a_files_own():
    # "grid: mood.national.RED: Value error, national.RED: a number is needed, not true".
    with pytest.raises(InputError) as exc:
        vb.sweep("tiny", {"mood.national.RED": [True]}, runs=1, seed=1)
    (problem,) = exc.value.problems
    assert problem.location == "mood.national.RED"
    assert problem.message == "a number is needed, not true"


def test_a_sweep_whose_points_all_give_the_same_runs_says_so():
    # Tactical voting is off in tiny: its rate changes nothing, which is no "no effect" result.
    with pytest.warns(UserWarning, match="mechanisms.tactical.rate changed no run of tiny"):
        vb.sweep("tiny", {"mechanisms.tactical.rate": [0.1, 0.5]}, runs=2, seed=1)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a parameter that moves the runs: no warning
        vb.sweep("tiny", {"mood.national.RED": [0.0, 0.4]}, runs=2, seed=1)


def test_a_sweep_of_a_value_no_run_reads_says_so():
    # Every seat of tiny gives its own turnout, so turnout.base moves nothing: identical
    # points without a word read as a measured absence of effect.
    with pytest.warns(UserWarning, match="turnout.base changed no run of tiny"):
        vb.sweep("tiny", {"turnout.base": [0.3, 0.6]}, runs=2, seed=1)


def test_a_sweep_of_a_default_every_seat_overrides_says_why():
    # NA-184's row gives its threat: the note asked "is the mechanism off?" of fear, which is on.
    with pytest.warns(UserWarning, match="every seat gives its own threat") as said:
        vb.sweep("na184-2008", {"mechanisms.fear.threat": [0.2, 0.9]}, runs=2, seed=1)
    assert "is the mechanism off" not in str(said[0].message)


def test_a_value_given_twice_is_no_sign_that_the_path_changes_nothing():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        vb.sweep("tiny", {"mood.national.RED": [0.4, 0.4]}, runs=2, seed=1)


def test_a_value_right_with_another_paths_value_is_swept():
    # Each value was tried alone: transfer 0.8 against the default abstain 0.25 was refused,
    # though the grid's one point sets abstain to 0.1 (0.9 in all).
    grid = {"mechanisms.alliances.transfer": [0.8], "mechanisms.alliances.abstain": [0.1]}
    sw = vb.sweep("tiny", grid, runs=1, seed=1)
    assert sw.points.to_dict("records") == [{"point": 0, **{k: v[0] for k, v in grid.items()}}]
    # Wrong at every point it is in: still refused, before anything runs.
    with pytest.raises(InputError, match="transfer \\+ abstain"):
        vb.sweep("tiny", {**grid, "mechanisms.alliances.abstain": [0.5]}, runs=1, seed=1)


def test_a_point_that_reorders_the_parties_is_refused():
    # Its runs drew other numbers (laid out by party): RED was largest in 2 of 3 runs at one
    # point and 1 of 3 at the other, the same parties in another order.
    own = [p.model_dump(exclude_unset=True) for p in vb.load_scenario("tiny").spec.parties]
    swapped = [own[1], own[0], *own[2:]]
    with pytest.raises(InputError, match="in its order \\(RED, BLUE, IND, OTH\\)") as exc:
        vb.sweep("tiny", {"parties": [own, swapped]}, runs=1, seed=1)
    assert [p.value for p in exc.value.problems] == ["BLUE, RED, IND, OTH"]


def test_the_notebook_view_says_one_point_and_one_run_in_the_singular():
    # A sweep of one value with runs=1 read "over 1 points, 1 runs each", and its ensemble
    # "tiny: 1 runs".
    swept = vb.sweep("tiny", {"scenario.title": ["x"]}, runs=1, seed=1)
    assert "over 1 point, one run each, seed 1" in swept._repr_html_()
    assert "</b>: one run, seed 1" in swept.ensembles[0]._repr_html_()


def test_a_region_the_tables_lack_is_named_with_a_bad_field():
    # Only the field was named; the region came up once the field was put right.
    grid = {"mood.Nort.RED": [0.1], "turnout.bas": [0.5]}
    with pytest.raises(InputError) as exc:
        vb.sweep("tiny", grid, runs=1, seed=1)
    assert [p.location for p in exc.value.problems] == ["turnout.bas", "mood.Nort"]


def test_a_sweep_shows_its_points_runs_and_seed():
    # Its repr was Sweep(paths=(...)) alone: how many points and runs, and which seed, unsaid.
    swept = vb.sweep("tiny", {"mood.national.RED": [0.0, 0.3]}, runs=1, seed=4)
    assert repr(swept) == (
        "Sweep(scenario='tiny', paths=('mood.national.RED',), points=2, runs=1, seed=4)"
    )


def test_progress_counts_every_points_runs_against_their_total():
    seen = []
    vb.sweep(
        "tiny",
        {"mood.national.RED": [0.0, 0.2]},
        runs=3,
        seed=1,
        progress=lambda *a: seen.append(a),
    )
    assert seen == [(1, 6), (2, 6), (3, 6), (4, 6), (5, 6), (6, 6)]


def test_a_progress_that_cannot_be_called_is_refused_before_a_run():
    with pytest.raises(InputError, match="progress"):
        vb.sweep("tiny", {"mood.national.RED": [0.0, 0.2]}, runs=3, seed=1, progress=True)


def test_a_point_may_switch_off_what_others_need_but_not_switch_on_what_idles():
    # As compare's B: "without landlords" asks what they add, their men's stuffing included.
    # It was refused: stuffing and coercion need landlords on.
    sw = vb.sweep("na184-2008", {"mechanisms.landlords.enabled": [True, False]}, runs=2, seed=1)
    assert sw.points["mechanisms.landlords.enabled"].tolist() == [True, False]
    # Agents switched on with stuffing off would set how hard a station is to capture, unread.
    no_stuffing = vb.load_scenario("tiny").with_overrides({"mechanisms.stuffing.enabled": False})
    with pytest.raises(InputError) as exc:
        vb.sweep(no_stuffing, {"mechanisms.agents.enabled": [False, True]}, runs=2, seed=1)
    [problem] = exc.value.problems
    assert problem.location == "mechanisms.agents.enabled"
    assert "needs [mechanisms.stuffing] on" in problem.message

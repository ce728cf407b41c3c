"""The Python API gives the CLI's numbers: a notebook-style sweep against two CLI runs."""

import shutil
from importlib import resources
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from typer.testing import CliRunner

import votebank as vb
from votebank.cli import app

TINY = Path(str(resources.files("votebank") / "scenarios" / "tiny"))
PATH, VALUES = "mood.national.RED", [0.1, 0.9]
RUNS, SEED = 3, 11


def cli_run(folder: Path, out: Path) -> dict[str, pd.DataFrame]:
    args = ["run", str(folder), "--runs", str(RUNS), "--seed", str(SEED), "--out", str(out)]
    result = CliRunner().invoke(app, args, env={"COLUMNS": "100"})
    assert result.exit_code == 0, result.output
    with duckdb.connect(str(out / "votebank.duckdb"), read_only=True) as con:
        return {
            t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").df()  # noqa: S608
            for t in ("seats", "constituencies")
        }


def scenario_with(value: float, tmp: Path) -> Path:
    folder = tmp / f"tiny-{value}"
    shutil.copytree(TINY, folder)
    toml = folder / "scenario.toml"
    text = toml.read_text(encoding="utf-8")
    assert "[mood.national]\nRED = 0.1\n" in text
    toml.write_text(
        text.replace("[mood.national]\nRED = 0.1\n", f"[mood.national]\nRED = {value}\n")
    )
    return folder


def same(api: pd.DataFrame, stored: pd.DataFrame) -> None:
    cols = [c for c in stored.columns if c in api.columns]
    assert len(cols) > 3
    a = api[cols].sort_values(cols).reset_index(drop=True)
    b = stored[cols].sort_values(cols).reset_index(drop=True)
    pd.testing.assert_frame_equal(a, b, check_dtype=False)


@pytest.fixture(scope="module")
def swept():
    return vb.sweep("tiny", {PATH: VALUES}, runs=RUNS, seed=SEED)


def test_sweep_equals_two_cli_runs(swept, tmp_path):
    assert list(swept.points[PATH]) == VALUES
    for point, value in enumerate(VALUES):
        stored = cli_run(scenario_with(value, tmp_path), tmp_path / f"out-{point}")
        for table in ("seats", "constituencies"):
            api = swept[table]
            same(api[api.point == point], stored[table])
    # The two points differ: the parameter reached the runs.
    by_point = swept.seats.groupby(["point", "party"]).total.mean().unstack()
    assert not by_point.loc[0].equals(by_point.loc[1])


def test_frames_are_tidy(swept):
    seats = swept.seats
    assert {"point", PATH, "run_index", "party", "total"} <= set(seats.columns)
    assert not seats.duplicated(["point", "run_index", "party"]).any()
    cands = swept.candidates
    assert not cands.duplicated(["point", "run_index", "candidate_id"]).any()
    assert "<table" in swept._repr_html_()
    assert PATH in swept._repr_html_()


def test_run_ensemble_station_votes_long(tmp_path):
    e = vb.run_ensemble("tiny", runs=2, seed=SEED, station_runs=1)
    sv = e.station_votes
    assert list(sv.columns) == [
        "run_index",
        "station_id",
        "constituency_id",
        "candidate_id",
        "party",
        "route",
        "votes",
    ]
    assert set(sv.run_index) == {0}
    # Summed over stations and routes, they are the candidates' votes.
    totals = sv.groupby(["constituency_id", "candidate_id"]).votes.sum()
    first = e.candidates[e.candidates.run_index == 0]
    assert totals.to_dict() == first.set_index(["constituency_id", "candidate_id"]).votes.to_dict()
    assert e.summary().p_largest.sum() == pytest.approx(1.0)
    assert "tiny" in e._repr_html_()
    written = e.export(tmp_path, fmt="csv")
    assert (tmp_path / "station_votes.csv") in written


def test_cli_export_station_votes_match_the_api(tmp_path):
    out = tmp_path / "out"
    args = ["run", "tiny", "--runs", "2", "--seed", str(SEED), "--out", str(out)]
    assert CliRunner().invoke(app, [*args, "--station-runs", "2"]).exit_code == 0
    exported = CliRunner().invoke(
        app, ["export", "--out", str(out), "--to", str(tmp_path / "x"), "--format", "csv"]
    )
    assert exported.exit_code == 0, exported.output
    cli = pd.read_csv(tmp_path / "x" / "station_votes.csv")
    api = vb.run_ensemble("tiny", runs=2, seed=SEED, station_runs=2).station_votes
    keys = ["run_index", "station_id", "constituency_id", "candidate_id", "party"]
    api = api.groupby(keys, as_index=False).votes.sum()
    pd.testing.assert_frame_equal(
        cli[[*keys, "votes"]].sort_values(keys, ignore_index=True),
        api.sort_values(keys, ignore_index=True),
        check_dtype=False,
    )


@pytest.mark.slow
def test_workers_give_the_same_tables():
    two = vb.run_ensemble("tiny", runs=4, seed=2, workers=2)
    one = vb.run_ensemble("tiny", runs=4, seed=2)
    for table in ("seats", "constituencies", "candidates", "station_votes"):
        pd.testing.assert_frame_equal(two[table], one[table])


def test_the_package_lists_its_api_and_every_name_listed_is_there():
    assert dir(vb) == sorted(vb.__all__)  # not the module's own imports (Any, importlib)
    for name in vb.__all__:
        assert getattr(vb, name) is not None


def test_compare_and_explain_are_in_the_package():
    # Before, a notebook had to find them in votebank.ensemble.compare and votebank.explain.
    same = vb.compare("tiny", "tiny", runs=2, seed=SEED)
    assert same.winners_changed == 0.0
    assert (same.parties["difference"] == 0).all()
    routes = vb.deciding_routes("tiny", "T-2", runs=2, seed=SEED)
    assert {"mechanism", "p_changed", "winner_with"} <= set(routes.columns)


def test_the_seat_summary_interval_is_of_seat_totals_some_run_had():
    # Interpolated, runs of 8 and 9 seats read 8.05–8.95: a count no run can have.
    import numpy as np

    from votebank.api import seat_summary

    totals = {"RED": [8, 9, 9, 12, 8, 10, 9], "BLUE": [3, 2, 2, 0, 4, 1, 3]}
    seats = pd.DataFrame(
        [(run, p, n[run]) for p, n in totals.items() for run in range(len(n))],
        columns=["run_index", "party", "total"],
    )
    got = seat_summary(seats).set_index("party")
    for party, x in totals.items():
        assert got.at[party, "q05"] == np.quantile(x, 0.05, method="lower")
        assert got.at[party, "q95"] == np.quantile(x, 0.95, method="higher")

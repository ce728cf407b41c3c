"""Station results from votebank runs: the leader column, the truth, and the store round trip.

The scenario is twelve evenly spaced pakistan-2008 constituencies (about 3,000 polling
stations; PPPP, the national leader, stands in all twelve), with every resident landlord armed so
that about 15% of stations are stuffed.
"""

from __future__ import annotations

import functools
import json

import numpy as np
import pandas as pd
import pytest
import typer
from typer.testing import CliRunner

import votebank as vb
from votebank.ensemble.runner import EnsembleRequest, run_ensemble
from votebank.errors import InputError
from votebank.forensics.power import simulated_stations, subset_seats
from votebank.forensics.power_cli import forensics_run_command
from votebank.forensics.stored import (
    StationTruth,
    station_results_from_run,
    station_results_from_store,
)
from votebank.results.store import ResultsStore
from votebank.run.model import Model
from votebank.scenario.overrides import with_overrides

SEED = 3


@functools.cache
def scenario() -> vb.Scenario:
    sc = subset_seats(vb.load_scenario("pakistan-2008"), 12)
    return sc.with_spec(
        with_overrides(
            sc.spec,
            {"mechanisms.landlords.militia_prob": 1.0, "mechanisms.stuffing.protection_max": 0.5},
        )
    )


@functools.cache
def frames() -> dict[str, pd.DataFrame]:
    return Model(scenario(), SEED).run(0).frames


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """Two runs written by the ensemble runner; only run 0 keeps its station rows."""
    path = tmp_path_factory.mktemp("store") / "votebank.duckdb"
    eid = run_ensemble(
        EnsembleRequest(scenario(), runs=2, seed=SEED, store_path=path, station_runs=1)
    )
    return path, eid


def test_store_round_trip_matches_the_engine(store):
    path, eid = store
    got, truth = station_results_from_store(path, eid, 0)
    want, want_truth = station_results_from_run(frames(), exclude={"IND", "OTH"})
    from_result, _ = station_results_from_run(Model(scenario(), SEED).run(0))  # a RunResult
    np.testing.assert_array_equal(from_result.leader_votes, want.leader_votes)
    for name in ("registered", "ballots", "valid", "leader_votes", "other_votes", "ids"):
        np.testing.assert_array_equal(getattr(got, name), getattr(want, name), err_msg=name)
    assert got.leader_name == want.leader_name
    assert got.other_names == want.other_names
    np.testing.assert_array_equal(truth.stuffing, want_truth.stuffing)
    np.testing.assert_array_equal(truth.fabricated, want_truth.fabricated)
    np.testing.assert_array_equal(truth.stuffed_ballots, want_truth.stuffed_ballots)
    assert truth.dropped == want_truth.dropped
    assert truth.for_leader is None  # the store does not say for whom a station was stuffed
    assert np.isnan(truth.share("extreme", for_leader=True))
    # The default ensemble is the latest one, and it is this one.
    again, _ = station_results_from_store(path, None, 0)
    np.testing.assert_array_equal(again.ids, got.ids)
    # Something was stuffed, else the truth columns would not have been exercised.
    assert truth.share("stuffed") > 0.05


def test_store_reports_missing_runs_and_station_rows(store, tmp_path):
    path, eid = store
    with pytest.raises(InputError, match="station-runs"):
        station_results_from_store(path, eid, 1)  # stored without station rows
    # Named with the runs the ensemble holds: "no such run (got 7)" left --run to guessing.
    with pytest.raises(InputError, match="no such run; it holds runs 0 to 1"):
        station_results_from_store(path, eid, 7)
    with pytest.raises(InputError, match="no such ensemble"):
        station_results_from_store(path, "0123456789abcdef", 0)
    with pytest.raises(InputError, match="no results store"):
        station_results_from_store(tmp_path / "missing.duckdb")
    with ResultsStore(tmp_path / "empty.duckdb"):
        pass  # a store with its tables and no ensemble: named so, not "(got None)"
    with pytest.raises(InputError, match="holds no ensemble yet"):
        station_results_from_store(tmp_path / "empty.duckdb")
    with ResultsStore(path, read_only=True) as st, pytest.raises(InputError, match="no such party"):
        station_results_from_run(st, ensemble_id=eid, leader="NOPE")


def test_national_leader_column_adds_up():
    fr = frames()
    res, truth = station_results_from_run(fr, exclude={"IND", "OTH"})
    cands = fr["candidates"]
    totals = cands[~cands["party"].isin(["IND", "OTH"])].groupby("party")["votes"].sum()
    assert res.leader_name == totals.idxmax()
    # Every valid vote is the leader's or another party's, station by station.
    np.testing.assert_array_equal(res.leader_votes + res.other_votes.sum(axis=1), res.valid)
    # The leader's votes summed over stations are its candidates' votes.
    assert res.leader_votes.sum() == cands.loc[cands["party"] == res.leader_name, "votes"].sum()
    # Stations of seats where the leader's party has no candidate are left out, nothing else.
    fielded = cands.loc[cands["party"] == res.leader_name, "constituency_id"]
    ps = fr["polling_stations"]
    kept = ps["constituency_id"].isin(set(fielded))
    np.testing.assert_array_equal(res.ids, ps.loc[kept, "station_id"].to_numpy())
    assert truth.dropped == int((~kept).sum())
    # The truth is the table's, for the kept stations.
    np.testing.assert_array_equal(truth.stuffing, ps.loc[kept, "stuffing"].to_numpy(str))
    assert truth.share("fabricated") == pytest.approx(ps.loc[kept, "fabricated"].mean())


def test_station_winner_and_named_party_columns():
    fr = frames()
    ps = fr["polling_stations"]
    res, truth = station_results_from_run(fr, leader="station")
    np.testing.assert_array_equal(res.leader_votes, ps["leader_votes"].to_numpy())
    np.testing.assert_array_equal(res.leader_votes + res.other_votes.sum(axis=1), res.valid)
    assert truth.dropped == 0
    # A named party that stands in 5 of the 12 seats: the other seats' stations are left out.
    party = "PML-N"
    res_n, truth_n = station_results_from_run(fr, leader=party)
    assert res_n.leader_name == party
    assert party not in res_n.other_names
    cands = fr["candidates"]
    seats = set(cands.loc[cands["party"] == party, "constituency_id"])
    kept = ps["constituency_id"].isin(seats).to_numpy()
    assert 0 < kept.sum() < len(ps)
    np.testing.assert_array_equal(res_n.ids, ps["station_id"].to_numpy()[kept])
    assert truth_n.dropped == len(ps) - kept.sum()


def test_truth_knows_for_whom_when_run_from_the_engine():
    # Extreme stuffing gives the beneficiary almost every vote, so stations stuffed to the
    # extreme *for the leader* must show a leader share near 1, and those stuffed for another
    # candidate a share near 0. This checks the beneficiary mapping, station by station.
    res, truth = simulated_stations(Model(scenario(), SEED), 0)
    assert isinstance(truth, StationTruth)
    assert truth.for_leader is not None
    stuffed = truth.stuffing != "none"
    assert not np.any(truth.for_leader & ~stuffed)
    ext = (truth.stuffing == "extreme") & ~truth.fabricated
    mine, theirs = ext & truth.for_leader, ext & ~truth.for_leader
    assert mine.sum() >= 3
    assert theirs.sum() >= 3
    assert res.share[mine].min() > 0.75
    assert res.share[theirs].max() < 0.25
    assert 0 < truth.share("stuffed", for_leader=True) < truth.share("stuffed")


def test_malformed_tables_are_reported():
    fr = dict(frames())
    cands = fr["candidates"]
    fr["candidates"] = cands.drop(index=cands.index[0])  # a seat loses a candidate row
    with pytest.raises(InputError, match="does not match the candidates"):
        station_results_from_run(fr)
    with pytest.raises(InputError, match="needs the polling_stations"):
        station_results_from_run({"candidates": cands})


def test_a_station_of_one_vote_count_is_said_in_the_singular():
    # The value read "1 vote counts".
    fr = dict(frames())
    stations = fr["polling_stations"].copy()
    stations["votes"] = [v[:1] if i == 0 else v for i, v in enumerate(stations["votes"])]
    fr["polling_stations"] = stations
    with pytest.raises(InputError) as info:
        station_results_from_run(fr)
    assert [p.value for p in info.value.problems] == ["1 vote count"]


def test_forensics_run_command(store, tmp_path):
    path, _ = store
    app = typer.Typer()
    app.command()(forensics_run_command)
    app.command("other")(lambda: None)  # two commands: typer then expects the name
    out = tmp_path / "report"
    result = CliRunner().invoke(
        app,
        [
            "forensics-run-command",
            "--out",
            str(path.parent),
            "--run",
            "0",
            "--bootstrap",
            "5",
            "--to",
            str(out),
        ],
        env={"COLUMNS": "80"},
    )
    assert result.exit_code == 0, result.output
    assert "Simulated truth" in result.output
    # The truth paragraph wraps at the terminal's width as the headline does: it was printed
    # as one line of about 500 characters.
    lines = result.output.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Simulated truth"))
    paragraph = lines[start : next(i for i in range(start, len(lines)) if "Wrote" in lines[i])]
    assert len(paragraph) > 1
    assert max(len(line) for line in paragraph) <= 80
    # The files written are named as `votebank forensics` names them: the folder on a line of
    # its own, the names under it, no line past the terminal but the folder itself.
    wrote = lines.index(next(line for line in lines if line.startswith("Wrote to ")))
    assert "forensics.json" in " ".join(lines[wrote + 1 :])
    assert all(len(line) <= 80 for line in lines[wrote + 1 :])
    assert (out / "fingerprint.png").is_file()
    # The truth is kept beside the verdicts: the report showed the verdicts alone.
    truth = json.loads((out / "forensics.json").read_text())["simulated_truth"]
    assert truth["reading"].startswith("Simulated truth:")
    assert " ".join(truth["reading"].split())[:60] in " ".join(result.output.split())
    assert 0 <= truth["stuffed"] <= 1
    assert truth["stations"] > 0
    bad = CliRunner().invoke(
        app, ["forensics-run-command", "--out", str(path.parent), "--run", "1"]
    )
    assert bad.exit_code == 2
    assert "station-runs" in bad.output
    (tmp_path / "a_file").write_text("keep")
    to_file = CliRunner().invoke(
        app, ["forensics-run-command", "--out", str(path.parent), "--to", str(tmp_path / "a_file")]
    )
    assert to_file.exit_code == 2
    assert "--to: is a file; give a folder" in to_file.output
    assert (tmp_path / "a_file").read_text() == "keep"


def test_forensics_run_standardises_by_constituency_unless_told_not_to(store, tmp_path):
    path, _ = store
    app = typer.Typer()
    app.command()(forensics_run_command)
    app.command("other")(lambda: None)
    fits = {}
    for option in ("default", "--national-only"):
        out = tmp_path / option.strip("-")
        args = ["forensics-run-command", "--out", str(path.parent), "--bootstrap", "0"]
        given = [option] if option != "default" else []
        result = CliRunner().invoke(app, [*args, "--to", str(out), *given])
        assert result.exit_code == 0, result.output
        # The line names every file written, the flagged stations too.
        assert "flagged_stations.csv" in " ".join(result.output.split())
        assert (out / "flagged_stations.csv").is_file()
        fits[option] = json.loads((out / "forensics.json").read_text(encoding="utf-8"))["klimek"]
    assert fits["default"]["standardised_by"] == "region"  # as forensics-power's default
    assert fits["--national-only"]["standardised_by"] is None


def test_a_klimek_interval_that_misses_the_simulated_share_is_said(store):
    # forensics-run on tiny flagged f_i at 90% [60%, 90%] beside 8.3% stuffed incrementally,
    # and nothing said the fit had misread the run.
    import dataclasses

    from votebank.forensics.analyze import analyze
    from votebank.forensics.power_cli import missed

    path, eid = store
    results, truth = station_results_from_store(path, eid, 0)
    report = analyze(results, seed=0, bootstrap=20, per_region=False)
    real = truth.share("incremental", for_leader=truth.for_leader is not None)
    around = dataclasses.replace(
        report.klimek, f_i_interval=(max(0.0, real - 0.01), real + 0.01), f_e_interval=(0.0, 1.0)
    )
    assert missed(dataclasses.replace(report, klimek=around), truth) == ""
    away = dataclasses.replace(around, f_i=0.9, f_i_interval=(real + 0.3, real + 0.5))
    said = missed(dataclasses.replace(report, klimek=away), truth)
    assert said.startswith("The Klimek f_i interval (")
    assert f"does not hold the simulated {100 * real:.1f}%" in said
    assert "f_e" not in said


def test_a_run_given_whole_is_named_by_its_own_index():
    # Run 5 was labelled "votebank run 0", the default of run_index, which only a store reads.
    results, _ = station_results_from_run(vb.simulate("tiny", seed=1, run_index=5))
    assert results.source == "votebank run 5"


def test_a_party_to_exclude_given_as_text_is_refused():
    # "RED" excluded the parties "R", "E" and "D": RED stayed the leader, in silence.
    run = vb.simulate("tiny", seed=1)
    with pytest.raises(InputError) as exc:
        station_results_from_run(run, exclude="RED")
    (problem,) = exc.value.problems
    assert (problem.file, problem.value) == ("exclude", "'RED'")
    assert station_results_from_run(run, exclude=["RED"])[0].leader_name != "RED"


def test_the_truth_shows_its_counts_not_its_arrays():
    # Its repr, beside the station results read from a run, printed every station's arrays.
    import numpy as np

    from votebank.forensics.stored import StationTruth

    truth = StationTruth(
        stuffing=np.array(["none", "incremental", "extreme", "none"]),
        fabricated=np.array([False, False, True, False]),
        stuffed_ballots=np.array([0, 5, 50, 0]),
    )
    assert repr(truth) == "StationTruth(4 stations: 2 stuffed, 1 fabricated)"

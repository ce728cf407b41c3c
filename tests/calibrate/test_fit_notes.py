"""calibrate() from Python keeps what the results left out, as the command line does."""

from __future__ import annotations

import json

import pytest

import votebank as vb
from votebank.calibrate.fit import calibrate
from votebank.calibrate.target import load_target
from votebank.run.contests import build_contests

pytest.importorskip("optuna")

REAL = """constituency,candidate,name,party,actual_votes
T-1,T-1-a,Mian Sahib,RED,7000
T-1,T-1-b,Malik Sahib,IND,4000
T-1,T-1-c,Others,OTH,500
T-3,T-3-a,Pir Sahib,RED,8000
T-3,T-3-b,Chaudhry Sahib,BLUE,9000
T-3,T-3-c,Mrs Rana,IND,1200
T-9,T-9-a,Nobody,RED,100
T-9,T-9-b,Someone,BLUE,200
"""


def test_the_seats_the_results_leave_out_are_in_the_notes_and_the_json(tmp_path):
    real = tmp_path / "real.csv"
    real.write_text(REAL)
    out = tmp_path / "fitted"
    result = calibrate(
        vb.load_scenario("tiny"),
        str(real),
        ["mood.national.RED=-1:1"],
        trials=2,
        runs_per_trial=1,
        out=out,
    )
    said = " ".join(result.notes)
    assert "not in tiny: T-9" in said  # a seat of the results the scenario lacks
    assert "not compared: T-2" in said  # a seat of the scenario the results lack
    assert json.loads((out / "calibration.json").read_text())["notes"] == list(result.notes)


def test_notes_the_caller_gives_are_not_repeated(tmp_path):
    real = tmp_path / "real.csv"
    real.write_text(REAL)
    tiny = vb.load_scenario("tiny")
    given = load_target(str(real)).align(build_contests(tiny), "tiny").notes
    result = calibrate(
        tiny, str(real), ["mood.national.RED=-1:1"], trials=1, runs_per_trial=1, notes=given
    )
    assert list(result.notes) == list(given)

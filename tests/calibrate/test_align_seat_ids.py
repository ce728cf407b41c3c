"""Seat ids of real results that differ from the scenario's only in spelling (``t-1``, ``T_001``)
are laid on its seats and said to be, in every command that lays results on a scenario."""

import json
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

import votebank as vb
from tests.calibrate.test_align import OK, PLACE, calibrate_tiny, flat, results_file
from tests.elections.respellings import RESPELLINGS
from votebank.calibrate.no_turnout import no_turnout_problem
from votebank.calibrate.target import Target, load_target
from votebank.cli import app
from votebank.run.contests import build_contests

ROLL = {"T-1": 24000, "T-2": 18000, "T-3": 30000}


@pytest.fixture(scope="module")
def contests():
    return build_contests(vb.load_scenario("tiny"))


def target(respell=lambda s: s, rows=OK):
    """OK's results with their seat ids written by ``respell``, with a roll and ballots."""
    cands = pd.DataFrame(
        [(respell(s), p, n, v) for s, p, n, v in rows],
        columns=["constituency_id", "party", "name", "votes"],
    )
    seats = pd.DataFrame(
        {
            "constituency_id": [respell(s) for s in ROLL],
            "registered": list(ROLL.values()),
            "ballots": [12500, 7000, 18000],
        }
    )
    return Target.from_frames("hand", cands, seats)


@pytest.mark.parametrize("respell", RESPELLINGS.values(), ids=RESPELLINGS.keys())
def test_a_seat_id_spelt_otherwise_is_laid_on_the_scenarios_seat(contests, respell):
    exact = target().align(contests, "tiny")
    loose = target(respell).align(contests, "tiny")
    # Before: every seat "not in the results", nothing compared.
    assert loose.seats.tolist() == [True, True, True]
    np.testing.assert_array_equal(loose.votes, exact.votes)
    np.testing.assert_array_equal(loose.turnout, exact.turnout)  # the seat table's too
    assert loose.winner_party.tolist() == exact.winner_party.tolist()
    assert loose.shared == exact.shared == 3
    assert loose.notes[0].startswith("3 seat ids of the results read as tiny's (case, spaces")
    assert f"{respell('T-1')!r} as T-1" in loose.notes[0]
    assert loose.notes[1:] == exact.notes
    assert not any("seat id" in n for n in exact.notes)  # as written: as before, no note


def test_a_key_two_seats_of_the_scenario_share_matches_neither(contests):
    twin = replace(contests, seat_ids=np.array(["T-1", "T-01", "T-3"], dtype=object))
    a = target(str.lower).align(twin, "twin")
    # t-1 could be T-1 or T-01: not compared; t-3 is T-3 alone. t-2 is no seat of twin.
    assert a.seats.tolist() == [False, False, True]
    assert a.notes[0] == (
        "1 seat id of the results read as twin's (case, spaces, the separators - _ . and "
        "leading zeros ignored): 't-3' as T-3"
    )
    assert "that fit several seats of twin" in a.notes[1]
    assert "'t-1' (T-1, T-01)" in a.notes[1]
    exact = target().align(twin, "twin")
    assert exact.seats.tolist() == [True, False, True]  # T-1 as written is T-1


def test_a_seat_given_as_written_and_again_spelt_otherwise_keeps_its_own_rows(contests):
    rows = [*OK, ("t-1", "RED", "Someone", 50000), ("t-2", "RED", "A", 5), ("T-02", "RED", "B", 6)]
    rows = [r for r in rows if r[0] != "T-2"]
    a = target(rows=rows).align(contests, "tiny")
    # T-1 is there as written: t-1's 50,000 votes are not added to it (nor do they win it).
    assert a.votes[0].sum() == 12000
    assert a.winner_party.tolist()[0] == "RED"
    # t-2 and T-02 are both T-2: which one is meant is unknown, so neither.
    assert a.seats.tolist() == [True, False, True]
    text = flat(" | ".join(a.notes))
    assert "'t-1' (T-1 is in the results as written)" in text
    assert "'t-2', 'T-02' (all T-2)" in text
    assert "3 seats of the results not in tiny: t-1, t-2, T-02" in text


def test_match_finds_the_roll_of_a_seat_spelt_otherwise(tmp_path, contests):
    # A candidate file without a contests file beside it gives the roll but no ballots.
    path = tmp_path / "res.csv"
    respelt = [(s.lower(), p, n, v) for s, p, n, v in OK]
    t = load_target(results_file(path, respelt, {k.lower(): v for k, v in PLACE.items()}))
    aligned = t.align(contests)
    assert aligned.seats.all()
    problem = no_turnout_problem(t, aligned, contests, "tiny")
    assert "gives the roll (registered voters) but no ballots cast" in problem.message


def test_every_command_lays_respelt_ids_on_the_seats_and_says_so(tmp_path):
    respell = {"T-1": "t_001", "T-2": "T 2", "T-3": "T-03"}
    rows = [(respell[s], p, n, v) for s, p, n, v in OK]
    place = {respell.get(k, k): v for k, v in PLACE.items()}
    path = results_file(tmp_path / "res.csv", rows, place)
    said = "3 seat ids of the results read as tiny's"
    runner = CliRunner()
    out = tmp_path / "v.json"
    args = ["validate-against", "tiny", str(path), "--runs", "2", "--seed", "1", "--out", str(out)]
    result = runner.invoke(app, args)
    # Before: exit 2, "no seat in common with tiny".
    assert result.exit_code == 0, result.output
    assert said in flat(result.output)
    assert "'t_001' as T-1" in flat(result.output)
    record = json.loads(out.read_text())
    assert record["seats_compared"] == 3
    assert any(said in n for n in record["notes"])

    args = ["match", "tiny", "--against", str(path), "--runs", "2", "--iterations", "1"]
    result = runner.invoke(app, [*args, "--out", str(tmp_path / "m")])
    assert result.exit_code == 0, result.output
    assert said in flat(result.output)
    assert "8 of 8 candidates matched" in flat(result.output)

    _, record = calibrate_tiny(runner, path, tmp_path / "c")
    assert any(said in n for n in record["notes"])

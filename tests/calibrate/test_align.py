"""Real results on a scenario's grid: labels, winners, each slot taken once, and the notes the
three commands that read results (validate-against, calibrate, match) print and record."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

import votebank as vb
from votebank.calibrate import calibrate
from votebank.calibrate.target import Target, load_target
from votebank.cli import app
from votebank.run.contests import build_contests

TINY = Path(vb.__file__).parent / "scenarios" / "tiny"
HEAD = (
    "election_date,election_type,constituency_id,constituency_name,region,nation,electorate,"
    "party,party_name,candidate,votes,rank,elected"
)
PLACE = {
    "T-1": "Riverside,North,X,24000",
    "T-2": "Old Town,North,X,18000",
    "T-3": "Canal Colony,South,X,30000",
    "T-7": "Nowhere,South,X,1000",
    "T-9": "Elsewhere,South,X,1000",
}
# Every seat of the tiny scenario, its real candidates under its own party ids and names.
OK = [
    ("T-1", "RED", "Mian Sahib", 7000),
    ("T-1", "IND", "Malik Sahib", 4000),
    ("T-1", "OTH", "Others", 1000),
    ("T-2", "BLUE", "Dr Amina", 4000),
    ("T-2", "RED", "Mian Sahib", 3000),
    ("T-3", "BLUE", "Chaudhry Sahib", 9000),
    ("T-3", "RED", "Pir Sahib", 8000),
    ("T-3", "IND", "Mrs Rana", 1000),
]


def results_file(path, rows, place=PLACE):
    """A results file in the UK candidate layout, one general election (2020-01-01)."""
    lines = [HEAD]
    for i, (seat, party, name, votes) in enumerate(rows):
        lines.append(
            f"2020-01-01,general,{seat},{place[seat]},{party},{party},{name},{votes},{i},False"
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def relabel(rows, seat, party, label):
    return [(s, label if (s, p) == (seat, party) else p, n, v) for s, p, n, v in rows]


@pytest.fixture(scope="module")
def tiny():
    return vb.load_scenario("tiny")


@pytest.fixture(scope="module")
def contests(tiny):
    return build_contests(tiny)


def slot_votes(aligned, c) -> dict[str, float]:
    return {
        str(c.candidate_ids[s, k]): float(aligned.votes[s, k])
        for s, k in zip(*np.nonzero(c.valid), strict=True)
    }


def calibrate_tiny(runner: CliRunner, path, out) -> tuple:
    """``votebank calibrate tiny`` against the results ``path`` (2 trials of 2 runs): its
    output and its ``calibration.json``."""
    pytest.importorskip("optuna")
    args = ["calibrate", "tiny", "--against", str(path), "-p", "mechanisms.biradari.cohesion"]
    result = runner.invoke(app, [*args, "--trials", "2", "--runs", "2", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return result, json.loads((out / "calibration.json").read_text())


def flat(text: str) -> str:
    """Terminal output with its line wrapping undone."""
    return " ".join(text.split())


def test_a_label_in_another_case_or_spacing_is_the_scenario_party(tmp_path, tiny, contests):
    path = results_file(tmp_path / "res.csv", relabel(OK, "T-1", "RED", "red"))
    a = load_target(path).align(contests)
    # Before, 'red' went into T-1's "others" row: IND became the real winner.
    assert a.winner_party.tolist() == ["RED", "BLUE", "BLUE"]
    assert slot_votes(a, contests)["T-1-a"] == 7000
    assert slot_votes(a, contests)["T-1-c"] == 1000
    assert a.unmatched_share == 0
    assert any("'red' as RED" in n for n in a.notes)


def test_party_labels_are_case_blind_only_where_one_id_fits():
    from votebank.calibrate.align import party_map

    got = party_map(["RED", " RED", "red", "Red", "blue", "GREEN"], ["RED", "Red", "BLUE"])
    assert got == {
        "RED": "RED",
        " RED": "RED",
        "red": "",
        "Red": "Red",
        "blue": "BLUE",
        "GREEN": "",
    }


def test_a_real_winner_who_is_no_candidate_is_not_replaced_by_the_runner_up(tmp_path, contests):
    rows = relabel(relabel(OK, "T-1", "RED", "Rd"), "T-2", "BLUE", "GREEN")
    a = load_target(results_file(tmp_path / "res.csv", rows)).align(contests)
    # Before: T-1 went to IND (the winner's votes in "others") and T-2 to RED at 100%.
    assert a.winner_party.tolist() == ["Rd", "GREEN", "BLUE"]
    assert a.unmatched_winner.tolist() == [True, True, False]
    assert a.seats.tolist() == [False, False, True]  # no shares to fit or match there
    assert np.isnan(a.shares[:2]).all()
    text = " | ".join(a.notes)
    assert "'Rd' 7,000 votes in 1 seat (T-1)" in text
    assert "'GREEN' 4,000 votes in 1 seat (T-2)" in text
    assert "T-2 (GREEN 'Dr Amina', 4,000 votes)" in text


def test_exact_matches_come_first_and_each_candidate_is_taken_once(tmp_path, contests):
    rows = [
        *OK,
        ("T-3", "IND", "Someone Else", 5000),  # IND's one candidate is Mrs Rana, named below
        # RED's second candidate in T-1: its slot is Mian Sahib's (the reader refuses one
        # name given twice for a party in a seat, so this one has another name)
        ("T-1", "RED", "Rana Sahib", 500),
    ]
    a = load_target(results_file(tmp_path / "res.csv", rows)).align(contests)
    got = slot_votes(a, contests)
    # Before: Mrs Rana 6,000 (her slot taken by party, then her name row added on top) and
    # Mian Sahib 7,500 (RED's second row added to his).
    assert got["T-3-c"] == 1000
    assert got["T-1-a"] == 7000
    assert got["T-1-c"] == 1500  # T-1 has an "others" row: RED's second candidate is there
    assert a.unmatched_share == pytest.approx(5000 / (12500 + 7000 + 23000))
    assert a.winner_party.tolist() == ["RED", "BLUE", "BLUE"]
    text = " | ".join(a.notes)
    assert "T-3 IND 'Someone Else' 5,000 votes" in text
    assert "T-1 RED 'Rana Sahib' 500 votes" in text


def test_a_loose_match_never_takes_the_slot_of_an_exact_one(contests):
    def aligned(blue: int):
        rows = pd.DataFrame(
            [
                ("T-3", "BLUE", "Chaudhry Sahib", blue),
                ("T-3", "RED", "Pir Sahib Junior", 9500),  # RED's one candidate, by party only
                ("T-3", "RED", "Pir Sahib", 8000),  # RED's candidate by name
            ],
            columns=["constituency_id", "party", "name", "votes"],
        )
        return Target.from_frames("hand", rows).align(contests)

    a = aligned(9900)
    # Before: Junior took Pir Sahib's slot by party, and Pir Sahib's own row was added on top.
    assert slot_votes(a, contests)["T-3-a"] == 8000
    assert a.unmatched_share == pytest.approx(9500 / 27400)  # T-3 has no "others" row
    assert "T-3 RED 'Pir Sahib Junior' 9,500 votes" in " | ".join(a.notes)
    # Junior the real winner: no candidate of the scenario, so T-3 has no shares to compare,
    # and its winner is still RED, not the runner-up.
    a = aligned(9000)
    assert a.unmatched_winner.tolist() == [False, False, True]
    assert not a.seats.any()
    assert a.winner_party.tolist() == ["", "", "RED"]


def test_matching_leaves_a_seat_whose_real_winner_is_no_candidate_alone(tmp_path, tiny):
    from votebank.calibrate.match import match_shares

    rows = relabel(OK, "T-2", "BLUE", "GREEN")
    target = load_target(results_file(tmp_path / "res.csv", rows))
    result = match_shares(tiny, target, runs=2, iterations=2, seed=3)
    in_t2 = (tiny.candidates["constituency"] == "T-2").to_numpy()
    # Before: T-2's real result read as RED 100%, and RED's appeal was pushed up to get it.
    np.testing.assert_array_equal(result.appeal_after[in_t2], result.appeal_before[in_t2])
    assert np.isnan(result.residual[in_t2]).all()
    assert not np.allclose(result.appeal_after[~in_t2], result.appeal_before[~in_t2])


def test_the_commands_print_and_record_what_the_results_lack(tmp_path, tiny):
    """The reader's rules (a roll below the votes, a seat without votes), seats in one and not
    the other, loose labels and an unplaced winner, in all three commands' output and JSON."""
    rows = relabel(relabel(OK, "T-1", "RED", "red"), "T-2", "BLUE", "GREEN")
    rows = [r for r in rows if r[0] != "T-3"] + [("T-9", "RED", "Nobody", 10)]
    rows += [("T-7", "RED", "Zero", 0)]
    place = {**PLACE, "T-1": "Riverside,North,X,100"}  # a roll below the votes counted
    path = results_file(tmp_path / "res.csv", rows, place)
    expected = [
        "rolls below the votes counted, read as unknown: T-1",
        "seats with no votes recorded, left out: T-7",
        "'red' as RED",
        "'GREEN' 4,000 votes in 1 seat (T-2)",
        "T-2 (GREEN 'Dr Amina', 4,000 votes)",
        "1 seat of the results not in tiny: T-9",
        "1 of tiny's 3 seats not in the results, not compared: T-3",
    ]
    runner = CliRunner()
    out = tmp_path / "v.json"
    args = ["validate-against", "tiny", str(path), "--runs", "4", "--seed", "1", "--out", str(out)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    for text in expected:
        assert text in flat(result.output), text
        assert any(text in n for n in json.loads(out.read_text())["notes"]), text
    assert "validate-against scores the 1 seat" in flat(result.output)

    args = ["match", "tiny", "--against", str(path), "--runs", "2", "--iterations", "1"]
    result = runner.invoke(app, [*args, "--out", str(tmp_path / "m")])
    assert result.exit_code == 0, result.output
    record = json.loads((tmp_path / "m" / "match.json").read_text())
    for text in [*expected, "match keeps the inputs of the 1 seat"]:
        assert text in flat(result.output), text
        assert any(text in n for n in record["notes"]), text
    # T-1's three candidates matched; T-2 (its winner not a candidate) and T-3 (no result)
    # keep their appeals, rather than RED's being pushed up to win T-2 at 100%.
    assert "3 of 8 candidates matched, 5 kept their appeals" in flat(result.output)
    assert record["candidates_matched"] == 3
    matched = pd.read_csv(tmp_path / "m" / "candidates.csv").set_index("candidate")["appeal"]
    before = tiny.candidates.set_index("candidate")["appeal"]
    for cand in ("T-2-a", "T-2-b", "T-3-a", "T-3-b", "T-3-c"):
        assert matched[cand] == pytest.approx(before[cand]), cand

    result, record = calibrate_tiny(runner, path, tmp_path / "c")
    for text in [*expected, "calibrate leaves out of the fit the 1 seat"]:
        assert text in flat(result.output), text
        assert any(text in n for n in record["notes"]), text


def test_an_others_row_of_a_candidates_csv_is_never_the_real_winner(tmp_path, contests):
    # A candidates CSV has no aggregate flag: its OTH row (the scenario's aggregate party)
    # topping T-1 made "OTH" the real winner and took T-1's seat from RED.
    path = tmp_path / "actual.csv"
    path.write_text(
        "constituency,candidate,party,actual_votes\n"
        "T-1,T-1-a,RED,7000\nT-1,T-1-b,IND,4000\nT-1,T-1-c,OTH,9000\n"
        "T-2,T-2-a,BLUE,4000\nT-2,T-2-b,RED,3000\n"
    )
    a = load_target(path).align(contests)
    assert a.winner_party.tolist() == ["RED", "BLUE", ""]
    assert a.seats.tolist() == [True, True, False]
    assert not a.unmatched_winner.any()
    assert slot_votes(a, contests)["T-1-c"] == 9000


def test_a_seat_where_every_candidate_has_no_votes_is_not_compared(tmp_path, tiny, contests):
    # Before: T-2's first row "won" with 0 votes (share 0, effective parties inf) in
    # validate-against, and calibrate stopped on a traceback (the real shares were NaN).
    path = tmp_path / "actual.csv"
    path.write_text(
        "constituency,candidate,party,actual_votes\n"
        "T-1,T-1-a,RED,7000\nT-1,T-1-b,IND,4000\nT-1,T-1-c,OTH,1000\n"
        "T-2,T-2-a,BLUE,0\nT-2,T-2-b,RED,0\n"
    )
    a = load_target(path).align(contests)
    assert a.seats.tolist() == [True, False, False]
    assert a.winner_party.tolist() == ["RED", "", ""]
    assert any("no candidate's votes, not compared: T-2" in n for n in a.notes)
    got = calibrate(tiny, load_target(path), ["mood.national.RED"], trials=2, runs_per_trial=2)
    assert np.isfinite(got.trials["loss"]).all()


def test_a_candidate_matched_by_id_under_another_party_is_noted(tmp_path, contests):
    # Before: T-2-a labelled GREEN (no party of tiny) took BLUE's slot by its id, silently.
    path = tmp_path / "actual.csv"
    path.write_text(
        "constituency,candidate,party,actual_votes\nT-2,T-2-a,GREEN,4000\nT-2,T-2-b,red,3000\n"
    )
    a = load_target(path).align(contests)
    assert a.winner_party.tolist() == ["", "BLUE", ""]
    text = flat(" | ".join(a.notes))
    assert "matched by candidate id" in text
    assert "T-2 T-2-a 'GREEN' as BLUE" in text
    assert "T-2-b" not in text.split("matched by candidate id")[1].split("|")[0]


def test_a_tie_for_first_is_not_compared_whatever_the_row_order(contests):
    # Before: the tied candidate on the earlier row was the real winner, so the seat counts,
    # the winners wrong and the Brier score changed with the file's row order.
    rows = [("T-3", "RED", "Pir Sahib", 9000), ("T-3", "BLUE", "Chaudhry Sahib", 9000)]
    rows += [("T-2", "BLUE", "Dr Amina", 4000), ("T-2", "RED", "Mian Sahib", 3000)]
    cols = ["constituency_id", "party", "name", "votes"]
    for order in (rows, rows[::-1]):
        a = Target.from_frames("hand", pd.DataFrame(order, columns=cols)).align(contests)
        assert a.winner_party.tolist() == ["", "BLUE", ""]
        assert a.seats.tolist() == [False, True, False]
        assert any("tied for first" in n and "T-3 (BLUE, RED, 9,000)" in n for n in a.notes)


def test_candidates_the_results_leave_out_are_named(tmp_path, contests):
    # T-1 listed with its winner alone, T-3 without its independent: their votes are unknown
    # and were read as 0 without a word (T-1 then a 100% landslide).
    rows = [r for r in OK if (r[0], r[1]) not in {("T-1", "IND"), ("T-1", "OTH"), ("T-3", "IND")}]
    a = load_target(results_file(tmp_path / "res.csv", rows)).align(contests, "tiny")
    assert a.seats.all()
    assert slot_votes(a, contests)["T-1-b"] == 0
    note = next(n for n in a.notes if "no row in the results" in n)
    assert "3 candidates of tiny with no row in the results, counted as 0 votes" in note
    assert "T-1-b (IND 'Malik Sahib')" in note
    assert "T-1-c (OTH 'Others')" in note
    assert "T-3-c (IND 'Mrs Rana')" in note
    every = load_target(results_file(tmp_path / "all.csv", OK)).align(contests, "tiny")
    assert not any("no row in the results" in n for n in every.notes)


@pytest.mark.parametrize(
    ("ours", "theirs"),
    [
        (("Kandidát 1", "Kandidát 2"), ("Kandidat 1", "Kandidat 2")),  # accents and digits
        (("Иван Петров", "Пётр Иванов"), ("Иван Петров", "Петр Иванов")),  # another script
    ],
)
def test_names_match_in_any_script_and_numbered_names_stay_apart(tmp_path, ours, theirs):
    # Names were reduced to the letters a-z: "Kandidát 1" and "Kandidát 2" were both
    # "kandidt" (the second's votes went to the first), and Cyrillic names were empty, so
    # two independents of one seat matched neither and their votes went unmatched.
    folder = tmp_path / "sc"
    shutil.copytree(TINY, folder)
    cands = pd.read_csv(folder / "candidates.csv", dtype=str, keep_default_na=False)
    rana = cands["candidate"].eq("T-3-c")
    cands.loc[rana, "name"] = ours[0]
    extra = cands[rana].assign(candidate="T-3-d", name=ours[1])
    pd.concat([cands, extra]).to_csv(folder / "candidates.csv", index=False)
    contests = build_contests(vb.load_scenario(folder))
    rows = pd.DataFrame(
        [
            ("T-3", "BLUE", "Chaudhry Sahib", 9000),
            ("T-3", "RED", "Pir Sahib", 8000),
            ("T-3", "IND", theirs[1], 3000),
            ("T-3", "IND", theirs[0], 1000),
        ],
        columns=["constituency_id", "party", "name", "votes"],
    )
    got = slot_votes(Target.from_frames("hand", rows).align(contests), contests)
    assert (got["T-3-c"], got["T-3-d"]) == (1000, 3000)


def test_a_party_written_out_in_full_is_hinted_at_its_label(tmp_path, contests):
    # Before: 'Red Party' was only "no party of tiny"; the note now asks if it is RED. A
    # label that spells no party ('Green') gets no guess, and nothing is relabelled.
    path = tmp_path / "actual.csv"
    path.write_text(
        "constituency,candidate,party,actual_votes\n"
        "T-2,x1,Red Party,4000\nT-2,x2,Green,3000\nT-3,x3,BLUE,9000\n"
    )
    a = load_target(path).align(contests)
    text = flat(" | ".join(a.notes))
    assert "'Red Party' 4,000 votes in 1 seat (T-2) (is it RED? write that label)" in text
    assert "'Green' 3,000 votes in 1 seat (T-2)" in text
    assert "'Green' 3,000 votes in 1 seat (T-2) (is it" not in text
    assert "'Red Party' as RED" not in text  # a hint only: the label is not read as RED

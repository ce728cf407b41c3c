"""A polls file's parties are its columns named as the results' parties, whatever they are.

The results are the synthetic ones of test_results_files (five seats, 2001 and 2005), with UKIP
standing at the base and the Brexit Party (BRX) in its place at the target, as a later
election's files would have it: the polls give BRX a column and UKIP none.
"""

import tomllib

import pandas as pd
import pytest

from tests.uk.test_results_files import BASE, TARGET, VOTES, frames, votebank
from votebank.errors import InputError
from votebank.uk import results_files
from votebank.uk.shares import poll_average

POLLS = "uk_polls_2010_2017.csv"
WINDOW = "2005-04-01:2005-05-01"
VOTES_BRX = {
    BASE: {
        **VOTES[BASE],
        "E1": {**VOTES[BASE]["E1"], "UKIP": 60},
        "E2": {**VOTES[BASE]["E2"], "UKIP": 90},
    },
    TARGET: {
        seat: {("BRX" if p == "Reform" else p): v for p, v in parties.items()}
        for seat, parties in VOTES[TARGET].items()
    },
}
COLUMNS = ["fieldwork_start", "fieldwork_end", "pollster", "con", "lab", "ld", "brx", "green"]
ROWS = [
    ["2005-04-04", "2005-04-05", "A", "33", "36", "14", "10", ""],
    ["2005-04-11", "2005-04-12", "B", "34", "37", "13", "12", "2"],
]


def write_files(folder, polls):
    folder.mkdir(parents=True, exist_ok=True)
    cands, contests, totals = frames(VOTES_BRX)
    cands.to_csv(folder / "uk_results_candidates.csv", index=False)
    contests.to_csv(folder / "uk_results_contests.csv", index=False)
    totals.to_csv(folder / "uk_national_totals.csv", index=False)
    polls.to_csv(folder / POLLS, index=False)
    return folder / "uk_results_candidates.csv"


def polls(columns=COLUMNS, rows=ROWS):
    return pd.DataFrame([r[: len(columns)] for r in rows], columns=columns)


def test_a_new_party_takes_its_poll_column_as_its_target(tmp_path):
    src = write_files(tmp_path / "data", polls())
    out = tmp_path / "out"
    got = votebank(
        "import-uk", BASE, "--polls", WINDOW, "--slate", TARGET, "--results", src, "--out", out
    )
    assert got.returncode == 0, got.stderr
    swing = tomllib.loads((out / "scenario.toml").read_text())["mechanisms"]["swing"]
    assert swing["target"]["BRX"] == pytest.approx(0.11)
    assert swing["target"]["Green"] == pytest.approx(0.02)  # blank in one poll: the other's
    assert "UKIP" not in swing["target"]  # the polls give UKIP no column
    assert "UKIP" not in swing["baseline"]  # its base votes are the rest's (OTH), as the polls'
    cands = pd.read_csv(out / "candidates.csv")
    assert set(cands["party"]) >= {"BRX", "Con", "Lab"}
    # Parties standing that the polls do not name are said, with what becomes of them.
    said = " ".join(got.stderr.split())
    assert "no share in the polls for some parties standing: SNP, PC keep their seat" in said


def test_a_polls_file_without_ukip_or_green_is_read(tmp_path):
    src = write_files(tmp_path, polls(COLUMNS[:5]))
    with results_files.using(results_files.beside(src)):
        shares = poll_average("2005-04-01", "2005-05-01")
    assert list(shares) == ["Con", "Lab", "OTH"]
    assert shares["Con"] == pytest.approx(0.335)
    assert shares["OTH"] == pytest.approx(1 - 0.335 - 0.365)


def test_a_new_party_the_polls_do_not_name_is_said_to_get_no_votes(tmp_path):
    src = write_files(tmp_path / "data", polls(COLUMNS[:6]))
    out = tmp_path / "out"
    got = votebank(
        "import-uk", BASE, "--polls", WINDOW, "--slate", TARGET, "--results", src, "--out", out
    )
    assert got.returncode == 0, got.stderr
    said = " ".join(got.stderr.split())
    assert f"BRX, not standing in {BASE}, get no votes" in said


def test_a_bad_cell_of_a_new_party_is_refused_naming_it(tmp_path):
    rows = [ROWS[0], [*ROWS[1][:6], "about 12", "2"]]
    src = write_files(tmp_path, polls(rows=rows))
    files = results_files.beside(src)
    bad = rf"{POLLS}: row 3, column brx: not a share.*about 12"
    # BRX is a party of these results, not of the shipped ones.
    with pytest.raises(InputError, match=bad), results_files.using(files):
        results_files.read_checked(files.polls, "polls")


def test_a_polls_file_naming_no_party_is_refused_listing_columns_and_parties(tmp_path):
    src = write_files(tmp_path / "data", polls(["fieldwork_start", "fieldwork_end", "pollster"]))
    out = tmp_path / "out"
    got = votebank("import-uk", BASE, "--polls", WINDOW, "--results", src, "--out", out)
    message = " ".join(got.stderr.split())
    assert got.returncode == 2, got.stderr
    assert "Traceback" not in got.stderr
    assert f"{POLLS}: header: no column names a party of the results" in message
    assert "got fieldwork_start, fieldwork_end, pollster" in message
    assert "Con, Lab, LD" in message
    assert "BRX" in message
    assert not out.exists()


def test_a_polled_party_standing_in_no_seat_is_said_with_what_becomes_of_its_share(tmp_path):
    # UKIP stood at the base, not at the target whose slate this is: its column's share went
    # to no candidate without a word (the swing's rescaling spread it over the others).
    columns = [*COLUMNS, "ukip"]
    rows = [[*ROWS[0], "5"], [*ROWS[1], "1"]]
    src = write_files(tmp_path / "data", polls(columns, rows))
    out = tmp_path / "out"
    got = votebank(
        "import-uk", BASE, "--polls", WINDOW, "--slate", TARGET, "--results", src, "--out", out
    )
    assert got.returncode == 0, got.stderr
    swing = tomllib.loads((out / "scenario.toml").read_text())["mechanisms"]["swing"]
    assert swing["target"]["UKIP"] == pytest.approx(0.03)  # the numbers are as they were
    assert "UKIP" not in set(pd.read_csv(out / "candidates.csv")["party"])
    base = swing["baseline"]["UKIP"]
    said = " ".join(got.stderr.split())
    # Green, polled at 2% and standing nowhere in these results either, is said too.
    assert (
        "note: polled parties standing in none of the scenario's seats: Green 2.0% in the polls, "
        f"0.0% at {BASE} (+2.0 points), UKIP 3.0% in the polls, {base:.1%} at {BASE} "
        f"({100 * (0.03 - base):+.1f} points); no candidate takes their swing, and each seat's "
        "swung shares are rescaled to sum to one, which spreads that change over the candidates "
        "standing there in proportion to their swung shares"
    ) in said
    assert "BRX" not in said.split("polled parties standing in none")[1]  # BRX stands


def test_the_note_says_what_the_swing_does_with_a_party_standing_nowhere():
    # The note's claim, held to the swing: standing candidates take their own parties' swing,
    # then each seat's shares are rescaled to sum to one (UKIP's +10 points go back to them).
    from votebank.mechanisms.swing import project_shares

    seats = pd.DataFrame({"Con": [0.6, 0.3], "Lab": [0.4, 0.7]})
    baseline = {"Con": 0.4, "Lab": 0.4, "UKIP": 0.1, "OTH": 0.1}
    target = {"Con": 0.35, "Lab": 0.35, "UKIP": 0.2, "OTH": 0.1}
    got = project_shares(seats, baseline=baseline, target=target)
    swung = seats - 0.05
    expected = swung.div(swung.sum(axis=1), axis=0)
    pd.testing.assert_frame_equal(got, expected)

"""Measures on hand-computed cases; each baseline on a tiny synthetic pair."""

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from votebank.backtest.baselines import information, normalise, project, simple_forecasts
from votebank.backtest.measures import score
from votebank.backtest.pair import make_pair
from votebank.elections.read import Election


def test_point_forecast_scores_by_hand():
    s = score(np.array(["A", "B", "A"]), np.array([["A", "A", "A"]]))
    assert s["winners_wrong"] == 1
    assert s["seats_wrong"] == 1.0  # |3-2| + |0-1| over 2
    assert s["brier"] == pytest.approx(2 / 3)  # one seat scores 2, two score 0
    assert s["brier_expected"] is None  # certain of every seat: it expects nothing of itself
    assert s["log_score"] is None


def test_ensemble_scores_by_hand():
    # Seat 1 won by A in 3 of 4 runs, seat 2 by B in 2 of 4; the real winners A, B.
    runs = np.array([["A", "B"], ["A", "A"], ["A", "B"], ["B", "A"]])
    s = score(np.array(["A", "B"]), runs, k_seat=np.array([2, 2]))
    assert s["winners_wrong"] == 1  # a tie goes to the first label: seat 2 favours A
    brier = ((0.75 - 1) ** 2 + 0.25**2 + (0.5 - 1) ** 2 + 0.5**2) / 2
    assert s["brier"] == pytest.approx(brier)
    assert s["brier_expected"] == pytest.approx((1 - 0.75**2 - 0.25**2 + 1 - 0.5) / 2)
    log = (np.log(3.5 / 5) + np.log(2.5 / 5)) / 2
    assert s["log_score"] == pytest.approx(log)
    a = next(r for r in s["by_label"] if r["label"] == "A")
    assert a["actual"] == 1
    assert a["mean"] == pytest.approx(1.25)


def test_a_seat_the_runs_split_evenly_goes_to_the_central_paths_winner():
    runs = np.array([["A", "B"], ["A", "A"], ["A", "B"], ["B", "A"]])
    central = np.array(["A", "B"])
    s = score(np.array(["A", "B"]), runs, k_seat=np.array([2, 2]), central=central)
    assert s["winners_wrong"] == 0  # seat 2 (2 of 4 each) to B, not the first label
    assert s["favourites"].tolist() == ["A", "B"]
    # A 3-1 seat stays the majority's, whatever the central path says.
    assert score(np.array(["A", "B"]), runs, central=np.array(["B", "A"]))["winners_wrong"] == 1
    # A central winner that wins no run adds no label (nor a column to the reliability table).
    other = score(np.array(["A", "B"]), runs, central=np.array(["C", "B"]))
    assert other["winners_wrong"] == 0
    assert sum(r["n"] for r in other["reliability"]) == sum(r["n"] for r in s["reliability"])


def election(rows, date):
    c = pd.DataFrame(rows, columns=["seat", "name", "party", "votes"])
    c["aggregate"] = c["party"].eq("OTH")
    seats = pd.DataFrame(
        {
            "seat": ["s1", "s2"],
            "region": ["r1", "r2"],
            "registered": 100.0,
            "boundary": "",
            "row": [2, 3],
        }
    )
    return Election(f"test:{date}", "test.csv", date, seats, c)


BASE = election(
    [("s1", "x", "A", 60), ("s1", "y", "B", 40), ("s2", "z", "A", 30), ("s2", "w", "B", 70)],
    "2000",
)
TARGET = election(
    [("s1", "x", "A", 40), ("s1", "y", "B", 60), ("s2", "z", "A", 20), ("s2", "w", "B", 80)],
    "2004",
)


def test_each_baseline_on_a_tiny_pair():
    pair = make_pair(BASE, TARGET)
    blk, B, T = information(pair, "national")
    assert B[0] == pytest.approx([0.45, 0.55])
    assert T[0] == pytest.approx([0.30, 0.70])
    S = pair.base.to_numpy()
    both = np.ones_like(S, dtype=bool)
    uni = project("uniform swing", S, B[blk], T[blk], both)
    assert uni[0] == pytest.approx([0.45, 0.55])
    prop = project("proportional", S, B[blk], T[blk], both)
    assert prop[0] == pytest.approx([0.60 * 0.30 / 0.45, 0.40 * 0.70 / 0.55])
    tr = project("transition", S, B[blk], T[blk], both)
    kept = 0.60 * 0.30 / 0.45
    assert tr[0] == pytest.approx([kept, 0.40 + (0.60 - kept)])
    won = simple_forecasts(pair, blk, B, T)
    assert list(won["no change"]) == ["A", "B"]
    assert list(won["uniform swing"]) == ["B", "B"]
    assert list(won["transition"]) == ["B", "B"]
    none = information(pair, "none")
    assert none[2] == pytest.approx(none[1])


def test_a_transition_gives_a_seats_losses_to_the_gainers_standing_there():
    # Lab and LD lose, Con and UKIP gain, UKIP stands nowhere here. Before, UKIP's part of the
    # losses was dropped and the seat renormalised over everyone, losers too: LD kept 0.357 of
    # the seat, not its documented S T / B = 0.287 (a statistician's check by hand).
    S, B = np.array([[0.22, 0.28, 0.50, 0.0]]), np.array([[0.373, 0.333, 0.294, 0.0]])
    T = np.array([[0.366, 0.346, 0.169, 0.119]])
    stand = np.array([[True, True, True, False]])
    got = normalise(project("transition", S, B, T, stand), stand)[0]
    kept = 0.22 * 0.366 / 0.373, 0.50 * 0.169 / 0.294
    assert got[0] == pytest.approx(kept[0])
    assert got[2] == pytest.approx(kept[1])
    assert got[1] == pytest.approx(1 - kept[0] - kept[1])  # the only gainer standing here
    assert got[3] == 0


POLLS = [
    "fieldwork_start,pollster,con,lab,ld",
    "2031-03-01,P1,50,40,",  # over 30 days before: not in the window
    "2031-04-20,P2,40,30,",
    "2031-04-25,P3,30,40,",
    "2031-05-01,P4,10,10,",  # polling day itself: not before it
]


def write_polls(tmp_path, lines):
    path = tmp_path / "polls.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def test_polls_give_their_window_mean_and_leave_the_rest_in_base_proportion(tmp_path):
    from votebank.backtest.baselines import poll_shares

    before = np.array([0.3, 0.3, 0.2, 0.2])  # Con, Lab, LD (no figure in the window), OTH
    got = poll_shares(
        write_polls(tmp_path, POLLS), "2031-05-01", ["Con", "Lab", "LD", "OTH"], before
    )
    np.testing.assert_allclose(got, [0.35, 0.35, 0.15, 0.15])


def test_a_party_whose_label_has_a_space_takes_its_polls_column(tmp_path):
    # The header reader writes "Partido Verde" as partido_verde: the column matched no label,
    # the party's polls went unused ("from the polls: " without it) and its column was listed
    # as naming no party standing.
    from votebank.backtest.baselines import poll_shares, polls_note

    lines = ["fieldwork_start,Partido Verde,Liberal  Democrats", "2031-04-20,40,30"]
    polls = write_polls(tmp_path, lines)
    labels = ["Partido Verde", "Liberal Democrats", "OTH"]
    got = poll_shares(polls, "2031-05-01", labels, np.array([0.3, 0.3, 0.4]))
    np.testing.assert_allclose(got, [0.4, 0.3, 0.3])
    assert polls_note(polls, "2031-05-01", labels) == [
        "from the polls: Partido Verde, Liberal Democrats; not in the polls "
        "(the rest of the vote, in base proportion): OTH",
        "the polls' mean, in %: Partido Verde 40.0, Liberal Democrats 30.0 (1 poll of the 30 "
        "days before polling day, fieldwork starting 2031-04-20)",
    ]


@pytest.mark.parametrize(
    ("date", "parties", "expected"),
    [
        ("2031-08-01", ["Con", "Lab"], "no poll's fieldwork starts in the 30 days before"),
        ("2031-05-01", ["SNP", "PC"], "gives a share for any party standing: SNP, PC"),
    ],
)
def test_a_window_without_polls_of_the_parties_says_which(tmp_path, date, parties, expected):
    from votebank.backtest.baselines import poll_shares
    from votebank.errors import InputError

    with pytest.raises(InputError, match=expected):
        poll_shares(write_polls(tmp_path, POLLS), date, parties, np.array([0.5, 0.5]))


def test_no_poll_in_the_window_says_its_slashed_dates_were_read_month_first(tmp_path):
    # 10/04/2031 meant as 10 April was read as 4 October: the window held no poll, and the
    # error gave 2031-10-04 without saying why.
    from votebank.backtest.baselines import poll_shares
    from votebank.errors import InputError

    polls = write_polls(tmp_path, ["fieldwork_start,pollster,con,lab", "10/04/2031,P1,40,30"])
    with pytest.raises(InputError, match=r"read month first \(10/04/2031 is 2031-10-04\)"):
        poll_shares(polls, "2031-05-01", ["Con", "Lab"], np.array([0.5, 0.5]))


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("2031-04-28,P5,35%,30,", r"row 6, column con: write the figure without its % sign \(35\)"),
        ("2031-04-28,P5,0.35e3,30,", "not a percentage"),
        ("2031-13-45,P5,35,30,", "row 6, column fieldwork_start"),
    ],
)
def test_a_poll_figure_or_date_that_is_not_one_is_refused_naming_the_row(tmp_path, row, expected):
    from votebank.backtest.baselines import poll_shares
    from votebank.errors import InputError

    polls = write_polls(tmp_path, [*POLLS, row])
    with pytest.raises(InputError, match=expected):
        poll_shares(polls, "2031-05-01", ["Con", "Lab"], np.array([0.5, 0.5]))


def test_a_poll_given_twice_row_for_row_is_refused_naming_both_rows(tmp_path):
    # It counted twice in the window's mean.
    from votebank.backtest.baselines import poll_shares
    from votebank.errors import InputError

    polls = write_polls(tmp_path, [*POLLS, POLLS[3]])
    with pytest.raises(InputError, match=r"row 6: repeats an earlier row.*got row 4"):
        poll_shares(polls, "2031-05-01", ["Con", "Lab"], np.array([0.5, 0.5]))


def test_two_polls_files_beside_the_results_are_refused_not_one_picked_by_name(tmp_path):
    from votebank.backtest.baselines import poll_shares
    from votebank.errors import InputError

    polls = write_polls(tmp_path, POLLS)
    (tmp_path / "old_polls.csv").write_text(Path(polls).read_text(encoding="utf-8"), "utf-8")
    with pytest.raises(InputError, match=r"several polls files .*old_polls.csv, polls.csv"):
        poll_shares(polls, "2031-05-01", ["Con", "Lab"], np.array([0.5, 0.5]))


def test_a_party_the_polls_do_not_name_keeps_its_votes_only_where_it_stands_again(tmp_path):
    # C stood in both seats and stands again in s1 only; D stands in both both times. The
    # polls name A and B (80 %): C and D share the 20 % left by the votes they keep where
    # they stand, 20 each, not by their base national shares (C 40, D 20).
    def rows(seat, votes):
        return [(seat, f"{p}{seat}", p, v) for p, v in zip("ABCD", votes, strict=False) if v]

    base = election(rows("s1", (45, 25, 20, 10)) + rows("s2", (35, 35, 20, 10)), "2000")
    target = election(rows("s1", (50, 20, 20, 10)) + rows("s2", (50, 40, 0, 10)), "2004")
    polls = write_polls(tmp_path, ["fieldwork_start,pollster,a,b", "2031-04-20,P,50,30"])
    labels_T = information(make_pair(base, target), "polls", polls, "2031-05-01")[2][0]
    np.testing.assert_allclose(labels_T, [0.5, 0.3, 0.1, 0.1])


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        # Shares as fractions passed as percentages under 1: every party at next to nothing.
        (["2031-04-20,P2,0.4,0.3,0.2", "2031-04-25,P3,0.3,0.4,0.2"], "look like fractions"),
        (["2031-04-20,P2,40,30,20", "2031-04-25,P3,60,50,20"], "row 3, column(s) con, lab, ld"),
        # One poll of fractions among percentages halved the window's mean, unsaid.
        (["2031-04-20,P2,40,30,20", "2031-04-25,P3,0.3,0.4,0.2"], "row 3, column(s) con"),
    ],
)
def test_poll_figures_that_cannot_be_percentages_of_one_poll_are_refused(tmp_path, rows, expected):
    from votebank.backtest.baselines import poll_shares
    from votebank.errors import InputError

    polls = write_polls(tmp_path, ["fieldwork_start,pollster,con,lab,ld", *rows])
    with pytest.raises(InputError, match=re.escape(expected)):
        poll_shares(polls, "2031-05-01", ["Con", "Lab", "LD"], np.array([0.4, 0.3, 0.3]))


def test_polls_say_which_parties_they_give_and_which_columns_name_no_party(tmp_path):
    from votebank.backtest.baselines import polls_note

    # Con renamed Tory in the results: the polls' con column names no party standing.
    got = polls_note(write_polls(tmp_path, POLLS), "2031-05-01", ["Tory", "Lab", "LD", "OTH"])
    assert got == [
        "from the polls: Lab; not in the polls (the rest of the vote, in base proportion): "
        "Tory, LD, OTH",
        # What the given share is, to check by hand; the note did not say (a walk-through).
        "the polls' mean, in %: Lab 35.0 (2 polls of the 30 days before polling day, "
        "fieldwork starting 2031-04-20 to 2031-04-25)",
        "polls columns with figures that name no party standing, not used: con",
    ]


def test_polls_giving_every_party_say_so_without_an_empty_list(tmp_path):
    from votebank.backtest.baselines import polls_note

    got = polls_note(write_polls(tmp_path, POLLS), "2031-05-01", ["Con", "Lab"])
    assert got[0] == "from the polls: Con, Lab"  # it ended "(... in base proportion): "


@pytest.mark.parametrize(
    ("dates", "said"),
    [
        (("4/5/31", "4/12/31"), "4/5/31 is 2031-04-05"),  # 4 May, read day first
        (("4/5/31", "4/20/31"), None),  # month first, as 4/20 shows
        (("20/4/2031", "5/4/2031"), None),  # day first, as 20/4 shows
        (("2031-04-20", "2031-04-25"), None),
    ],
)
def test_polls_slashed_either_way_say_they_were_read_month_first(tmp_path, dates, said):
    # A results file's reading notes said so; its polls file's dates were read in silence.
    from votebank.backtest.baselines import polls_note

    lines = ["fieldwork_start,con,lab", *(f"{d},40,30" for d in dates)]
    got = polls_note(write_polls(tmp_path, lines), "2031-05-01", ["Con", "Lab"])
    month_first = [line for line in got if "month first" in line]
    if said is None:
        assert month_first == []
    else:
        assert month_first == [
            f"column fieldwork_start: slashed dates read month first ({said}); a file written "
            "day first must give its dates as YYYY-MM-DD"
        ]


def test_a_seat_won_in_every_run_has_probability_one_not_more():
    # 20 runs of 1/20 summed came to 1.0000000000000002: a log score above 0 and a
    # reliability bin forecasting more than certainty, neither of which can exist.
    s = score(np.array(["A"]), np.full((20, 1), "A"), k_seat=np.array([1]))
    assert s["log_score"] == 0.0
    assert s["brier"] == 0.0
    assert s["reliability"][-1]["forecast"] == 1.0


def test_an_election_outside_the_polls_file_says_when_its_polls_are(tmp_path):
    # `--given polls` for UK 1992 said only that no poll started in the 30 days before it,
    # not that the shipped polls file starts in 2010.
    from votebank.backtest.baselines import poll_shares
    from votebank.errors import InputError

    polls = write_polls(tmp_path, POLLS)
    with pytest.raises(InputError) as got:
        poll_shares(polls, "1992-04-09", ["Con", "Lab"], np.array([0.5, 0.5]))
    days = sorted(line.split(",")[0] for line in POLLS[1:])
    assert f"the file's polls start {days[0]} to {days[-1]}" in str(got.value)


def test_each_seats_runs_won_are_given_to_recompute_the_scores_from():
    # backtest.json held each method's favourites only: the Brier score, log score and
    # reliability table of votebank could not be recomputed from what it wrote.
    runs = np.array([["A", "B"], ["A", "A"], ["A", "B"], ["B", "A"]])
    s = score(np.array(["A", "B"]), runs, k_seat=np.array([2, 2]))
    assert s["wins"] == [{"A": 3, "B": 1}, {"A": 2, "B": 2}]
    assert "wins" not in score(np.array(["A", "B"]), runs[:1])  # a point forecast: favourites

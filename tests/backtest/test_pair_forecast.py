"""People, parties and seats matched across two elections; votebank's forecast on a tiny pair."""

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from votebank.backtest.baselines import (
    METHODS,
    blind_seats,
    information,
    labels_of,
    simple_forecasts,
)
from votebank.backtest.central import incumbency, raw_shares
from votebank.backtest.forecast import Params, ensemble, mean_shares, winners
from votebank.backtest.names import match, score
from votebank.backtest.pair import make_pair
from votebank.elections.read import Election
from votebank.errors import InputError


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Reed, J.R.", "Jamie Reed"),
        ("Syed Zafar Ali Shah", "Zafar Ali Shah"),
        ("Muhammad Aslam Khan", "Mohammad Aslam Khan"),
        ("Ch. Khalid Javed Ghurki", "Chaudhry Khalid Javed Ghurki"),
        ("Howarth, J.G.D.", "Gerald Howarth"),  # known by a middle name
        ("Russell, R.E.", "Bob Russell"),  # a familiar form
        ("Teather, S.L. Ms.", "Sarah Teather"),
    ],
)
def test_same_person_written_differently(a, b):
    assert score(a, b) > 0


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Reed, J.R.", "Gillian Troughton"),
        ("Ayub Shah", ""),
        ("Edwards, J.", "David Edwards"),
        ("Howarth, J.G.D.", "Alan Howarth"),
    ],
)
def test_different_people(a, b):
    assert score(a, b) == 0


def test_match_is_one_to_one_best_first():
    got = match(["Jones, A.", "Smith, B."], ["Bob Smith", "Alice Jones", "Carol King"])
    assert got == {0: 1, 1: 0}


def election(rows, seats=("s1", "s2", "s3")):
    c = pd.DataFrame(rows, columns=["seat", "name", "party", "votes"])
    c["aggregate"] = c["party"].eq("OTH")
    s = pd.DataFrame(
        {
            "seat": list(seats),
            "region": "r",
            "registered": 100.0,
            "boundary": "",
            "row": range(2, 2 + len(seats)),
        }
    )
    return Election("test", "test.csv", "2000-01-01", s, c)


BASE = election(
    [
        ("s1", "Ann Lee", "Old", 50),
        ("s1", "Bo Chan", "B", 50),
        ("s2", "Cy Dune", "Old", 60),
        ("s2", "Di Eze", "B", 40),
        ("s3", "Ed Fox", "Old", 30),
        ("s3", "Flo Gee", "B", 70),
        ("s4", "Gus Ho", "B", 10),
    ],
    seats=("s1", "s2", "s3", "s4"),
)
TARGET = election(
    [
        ("s1", "Ann Lee", "New", 55),
        ("s1", "Bo Chan", "B", 45),
        ("s2", "Cy Dune", "New", 49),
        ("s2", "Di Eze", "B", 51),
        ("s3", "Ed Fox", "New", 20),
        ("s3", "Flo Gee", "B", 60),
        ("s3", "Hal Ives", "C", 20),
    ]
)


def test_renamed_new_and_missing_seats_are_reported():
    pair = make_pair(BASE, TARGET)
    n = pair.notes
    assert n["only_in_base"] == ["s4"]
    assert n["renamed"][0]["base"] == "Old"
    assert n["renamed"][0]["target"] == "New"
    assert [p["party"] for p in n["new_parties"]] == ["C"]
    assert list(pair.actual_winner) == ["New", "B", "B"]


@pytest.mark.parametrize(
    ("elected", "winner", "rule"), [("B", "B", "declared elected"), (None, "A", "first label")]
)
def test_a_tie_for_first_place_is_won_by_who_the_file_declares_elected(elected, winner, rule):
    # s1's first place is tied 45 - 45: "A" sorts first, so only the file's flag can give it B.
    rows = [("s1", "Ann", "A", 45), ("s1", "Bo", "B", 45), ("s1", "Cy", "C", 10)]
    rows += [("s2", "Di", "A", 60), ("s2", "Ed", "B", 40)]
    target = election(rows, seats=("s1", "s2"))
    target.candidates["elected"] = target.candidates["party"].eq(elected) & target.candidates[
        "seat"
    ].eq("s1")
    base = election([(s, n, p, 50) for s, n, p, _ in rows if p != "C"], seats=("s1", "s2"))
    pair = make_pair(base, target)
    assert list(pair.actual_winner) == [winner, "A"]
    (tie,) = pair.notes["tied_first_place"]
    assert (tie["seat"], tie["winner"]) == ("s1", winner)
    assert rule in tie["rule"]


def test_a_tie_whose_candidates_the_file_all_declares_elected_is_not_said_decided_by_it():
    # Both tied candidates flagged elected: the first label won, and the rules applied said
    # "declared elected in the file", as if the file had settled the tie.
    rows = [("s1", "Ann", "A", 45), ("s1", "Bo", "B", 45), ("s2", "Di", "A", 60)]
    rows += [("s2", "Ed", "B", 40)]
    target = election(rows, seats=("s1", "s2"))
    target.candidates["elected"] = target.candidates["seat"].eq("s1")
    base = election([(s, n, p, 50) for s, n, p, _ in rows], seats=("s1", "s2"))
    (tie,) = make_pair(base, target).notes["tied_first_place"]
    assert tie["winner"] == "A"
    assert tie["rule"] == "first label; the file declares 2 of them elected"


def test_personal_vote_follows_the_person_to_another_party():
    base = election([("s1", "Ann Lee", "A", 60), ("s1", "Bo Chan", "B", 40)], seats=("s1",))
    target = election([("s1", "Ann Lee", "B", 50), ("s1", "Cy Dune", "A", 50)], seats=("s1",))
    pair = make_pair(base, target)
    assert pair.notes["people_switched_party"] == 1
    blk, B, T = information(pair, "none")
    raw = raw_shares(pair, blk, B, T, lam=0.0, phi=0.5)
    ann = pair.slate["name"].eq("Ann Lee").to_numpy()
    # Ann won the seat for A with 0.6: she takes half of it to B (0.4 + 0.3); A's new
    # candidate Cy keeps A's 0.6 less the half that was Ann's own.
    assert raw[ann][0] == pytest.approx(0.7)
    assert raw[~ann][0] == pytest.approx(0.3)


def test_only_the_winner_carries_a_personal_vote():
    base = election([("s1", "Ann Lee", "A", 60), ("s1", "Bo Chan", "B", 40)], seats=("s1",))
    target = election([("s1", "Di Eze", "A", 50), ("s1", "Cy Dune", "B", 50)], seats=("s1",))
    pair = make_pair(base, target)
    blk, B, T = information(pair, "none")
    raw = raw_shares(pair, blk, B, T, lam=0.0, phi=0.25)
    di = pair.slate["name"].eq("Di Eze").to_numpy()
    # A's winner retired: A loses a quarter of its 0.6; B's new candidate keeps B's 0.4.
    assert raw[di][0] == pytest.approx(0.45)
    assert raw[~di][0] == pytest.approx(0.4)


def test_others_where_none_stood_start_from_their_given_share():
    # No other candidate stood in s1 in the base; in the target some do. Like a party new to
    # the seat, they start from their given share, not from the swing applied to nothing.
    s2_rows = [("s2", "Cy Dune", "A", 50), ("s2", "Di Eze", "B", 30), ("s2", "Others", "OTH", 20)]
    base = election(
        [
            ("s1", "Ann Lee", "A", 60),
            ("s1", "Bo Chan", "B", 40),
            *s2_rows,
        ],
        seats=("s1", "s2"),
    )
    target = election(
        [
            ("s1", "Ann Lee", "A", 50),
            ("s1", "Bo Chan", "B", 40),
            ("s1", "Others", "OTH", 10),
            *s2_rows,
        ],
        seats=("s1", "s2"),
    )
    pair = make_pair(base, target)
    blk, B, T = information(pair, "national")
    col = list(labels_of(pair)).index("OTH")
    others_s1 = (pair.slate["i"].eq(0) & pair.slate["aggregate"]).to_numpy()
    t, b = T[blk[0], col], B[blk[0], col]
    raw = raw_shares(pair, blk, B, T, lam=0.0, phi=0.0, nu=1.0)
    assert raw[others_s1][0] == pytest.approx(t)
    # Without a given share to start from (nu = 0), only the uniform swing is left.
    raw = raw_shares(pair, blk, B, T, lam=0.0, phi=0.0, nu=0.0)
    assert raw[others_s1][0] == pytest.approx(t - b)


def test_ensemble_is_seeded_and_normalised():
    pair = make_pair(BASE, TARGET)
    blk, B, T = information(pair, "national")
    p = Params()
    m = mean_shares(pair, blk, B, T, p)
    a = ensemble(pair, m, p, "national", 50, seed=1)
    b = ensemble(pair, m, p, "national", 50, seed=1)
    np.testing.assert_array_equal(a, b)
    sums = np.stack([np.bincount(pair.slate["i"], r) for r in a])
    np.testing.assert_allclose(sums, 1.0)
    assert winners(pair, a).shape == (50, 3)


def shuffled(e: Election, seed: int) -> Election:
    """The same election with its seat and candidate rows in another order."""
    return replace(
        e,
        seats=e.seats.sample(frac=1, random_state=seed),
        candidates=e.candidates.sample(frac=1, random_state=seed),
    )


def test_row_order_does_not_change_the_forecast():
    # Ties within a seat (s3: B and C) must not fall to file order either.
    target = election(
        [
            ("s3", "Hal Ives", "C", 30),
            ("s1", "Ann Lee", "New", 55),
            ("s3", "Flo Gee", "B", 30),
            ("s1", "Bo Chan", "B", 45),
            ("s3", "Ed Fox", "New", 40),
            ("s2", "Di Eze", "B", 51),
            ("s2", "Cy Dune", "New", 49),
        ],
        seats=("s3", "s1", "s2"),
    )
    p = Params(sd_slope=0.2, sd_squeeze=1.0)
    runs = []
    for seed in (None, 1, 2):
        base, tgt = (
            (BASE, target) if seed is None else (shuffled(BASE, seed), shuffled(target, seed))
        )
        pair = make_pair(base, tgt)
        info = information(pair, "national")
        runs.append((pair, ensemble(pair, mean_shares(pair, *info, p), p, "national", 40, 3, info)))
    first, shares = runs[0]
    assert list(first.seats) == ["s1", "s2", "s3"]
    for pair, other in runs[1:]:
        pd.testing.assert_frame_equal(pair.slate, first.slate)
        np.testing.assert_array_equal(other, shares)


def test_national_errors_measured_on_few_changes_have_heavy_tails():
    # Only the national error drawn (every other sd 0): the log ratio of two parties' shares
    # in a seat is the difference of their national errors. Normal: its 99th percentile is
    # 3.8 times its median (of the absolute value); Student-t with 4 degrees of freedom, 6.2.
    pair = make_pair(BASE, TARGET)
    info = information(pair, "none")
    quiet = Params(scale=0.0, sd_slope=0.0, sd_national=0.5)
    m = mean_shares(pair, *info, quiet, "none")
    first = pair.slate["i"].eq(0).to_numpy().nonzero()[0]

    def tail_ratio(p: Params) -> float:
        runs = ensemble(pair, m, p, "none", 20_000, seed=3, info=info)
        x = np.abs(np.log(runs[:, first[0]] / runs[:, first[1]]))
        return float(np.quantile(x, 0.99) / np.median(x))

    assert 3.5 < tail_ratio(quiet) < 4.2
    assert tail_ratio(replace(quiet, national_df=4)) > 5.0


def test_no_party_loses_a_seat_an_independent_won():
    base = election(
        [("s1", "Ann Lee", "Ind", 50), ("s1", "Bo Chan", "A", 30), ("s1", "Cy Dune", "B", 20)],
        seats=("s1",),
    )
    target = election(
        [("s1", "Ann Lee", "Ind", 45), ("s1", "Di Eze", "A", 35), ("s1", "Cy Dune", "B", 20)],
        seats=("s1",),
    )
    pair = make_pair(base, target)
    blk, B, T = information(pair, "none")
    raw = raw_shares(pair, blk, B, T, lam=0.0, phi=0.5)
    got = dict(zip(pair.slate["name"], raw, strict=True))
    # The independent keeps her own 0.5; A's new candidate keeps all of A's 0.3 (A did not
    # hold the seat, so it has no winner's personal vote to lose); B's same person keeps 0.2.
    assert got == pytest.approx({"Ann Lee": 0.5, "Di Eze": 0.3, "Cy Dune": 0.2})


def test_seat_ids_written_in_another_case_are_named_as_such_not_as_new_boundaries():
    seats = ("NA-1", "NA-2", "NA-3")
    rows = [(s, f"{p} {s}", p, 50) for s in seats for p in ("A", "B")]
    lower = [(s.lower(), n, p, v) for s, n, p, v in rows]
    # Read as the target's seats, and said so (backtest/places.py; tests/backtest/test_places.py).
    pair = make_pair(election(rows, seats), election(lower, tuple(s.lower() for s in seats)))
    assert pair.notes["seats_compared"] == 3
    assert pair.notes["seat_ids"][0].startswith("3 seat ids of the base read as the target's")
    # Where a key fits two seats of the target, nothing is matched loosely: the hint stays.
    twins = tuple(t for s in seats for t in (s, s.replace("-", "-0")))
    doubled = [(t, n, p, v) for s, n, p, v in rows for t in (s, s.replace("-", "-0"))]
    with pytest.raises(InputError, match="3 do ignoring case: write them alike"):
        make_pair(election(lower, tuple(s.lower() for s in seats)), election(doubled, twins))
    other = [(f"X-{s}", n, p, v) for s, n, p, v in rows]
    with pytest.raises(InputError, match=r"different boundaries\?"):
        make_pair(election(rows, seats), election(other, tuple(f"X-{s}" for s in seats)))


def test_a_party_that_stood_with_no_votes_is_not_new_to_the_seat():
    # C stood in s1 and got nothing: it is not new there, and does not start from its
    # given share (20 % nationally from s2) as a party that never stood in s1 would.
    base = election(
        [
            ("s1", "Ann Lee", "A", 60),
            ("s1", "Bo Chan", "B", 40),
            ("s1", "Cy Dune", "C", 0),
            ("s2", "Di Eze", "A", 50),
            ("s2", "Ed Fox", "B", 30),
            ("s2", "Flo Gee", "C", 20),
        ],
        seats=("s1", "s2"),
    )
    target = election(
        [
            ("s1", "Ann Lee", "A", 55),
            ("s1", "Bo Chan", "B", 45),
            ("s1", "Cy Dune", "C", 0),
            ("s2", "Di Eze", "A", 50),
            ("s2", "Ed Fox", "B", 30),
            ("s2", "Flo Gee", "C", 20),
        ],
        seats=("s1", "s2"),
    )
    pair = make_pair(base, target)
    blk, B, T = information(pair, "national")
    c_s1 = (pair.slate["i"].eq(0) & pair.slate["label"].eq("C")).to_numpy()
    raw = raw_shares(pair, blk, B, T, lam=0.0, phi=0.0, nu=1.0)
    assert raw[c_s1][0] < 0.05


def test_independents_who_each_trail_the_winner_do_not_hold_the_seat_together():
    # A won with 40 against four independents at 15 each: summed, the independents' 60 made
    # "no change" forecast an independent, and A's new candidate lost no winner's vote.
    rows = [("s1", "Ann Lee", "A", 40), ("s1", "Bo Chan", "B", 0)]
    rows += [("s1", f"Ind {k}", "Ind", 15) for k in range(4)]
    base = election(rows, seats=("s1",))
    target = election(
        [("s1", "Di Eze", "A", 40), ("s1", "Bo Chan", "B", 0)]
        + [("s1", f"Ind {k}", "Ind", 15) for k in range(4)],
        seats=("s1",),
    )
    pair = make_pair(base, target)
    blk, B, T = information(pair, "none")
    assert {m: won[0] for m, won in simple_forecasts(pair, blk, B, T).items()} == dict.fromkeys(
        METHODS, "A"
    )
    _, lost = incumbency(pair)
    assert dict(zip(pair.slate["name"], lost, strict=True))["Di Eze"]


def test_a_base_tie_is_won_by_who_the_file_declares_elected():
    # s1's base is tied 45 - 45 and the file declares B elected: "no change" keeps B, not
    # "A", the first label; the tie is listed as the target's ties are.
    rows = [("s1", "Ann", "A", 45), ("s1", "Bo", "B", 45), ("s1", "Cy", "C", 10)]
    base = election(rows, seats=("s1",))
    base.candidates["elected"] = base.candidates["party"].eq("B")
    target = election([("s1", "Ann", "A", 40), ("s1", "Bo", "B", 50)], seats=("s1",))
    pair = make_pair(base, target)
    (tie,) = pair.notes["base_tied_first_place"]
    assert (tie["seat"], tie["winner"]) == ("s1", "B")
    assert "declared elected" in tie["rule"]
    blk, B, T = information(pair, "none")
    assert simple_forecasts(pair, blk, B, T)["no change"].tolist() == ["B"]
    # B's winner stood again for B: not a party that lost its winner.
    is_winner, lost = incumbency(pair)
    label = pair.slate["label"].tolist()
    assert is_winner[label.index("B")]
    assert not lost.any()


def test_a_seat_a_simple_method_knows_nothing_of_goes_to_the_strongest_label_whatever_its_name():
    # s2's base winner's party is gone and its two target parties did not stand there: "no
    # change" projects both at 0 and took the first label, so renamed Z -> A the other won: a
    # name, not a vote, decided. Now the label with the larger given share of the block wins
    # (P: 60 of the 200 base votes, against 40), and the seat is listed among the rules.
    def pair_with(first, second):
        base = [("s1", "Ann", "P", 60), ("s1", "Bo", first, 40), ("s2", "Cy", "Gone", 70)]
        target = [("s1", "Ann", "P", 55), ("s1", "Bo", first, 45), ("s2", "Ed", first, 50)]
        base.append(("s2", "Di", second, 30))
        target.append(("s2", "Flo", "P", 50))
        base, target = election(base, seats=("s1", "s2")), election(target, seats=("s1", "s2"))
        return make_pair(base, target)

    for first in ("A", "Z"):
        pair = pair_with(first, "Q")
        blk, B, T = information(pair, "none")
        blind = {b["method"]: b for b in blind_seats(pair, blk, B, T)}
        assert simple_forecasts(pair, blk, B, T)["no change"][1] == "P"
        assert blind["no change"]["seats"] == ["s2 (P)"]
        assert "largest given share" in blind["no change"]["rule"]
    # Where every seat has a label above 0 nothing is listed.
    pair = pair_with("A", "A")
    blk, B, T = information(pair, "none")
    assert blind_seats(pair, blk, B, T) == []


def test_a_blind_seat_goes_to_the_base_winner_where_it_stands_again():
    # Every label at 0 but the base's winner standing: it keeps the seat, as in a tie.
    base = election([("s1", "Ann", "W", 60), ("s1", "Bo", "L", 40)], seats=("s1",))
    target = election([("s1", "Cy", "W", 50), ("s1", "Di", "L", 50)], seats=("s1",))
    pair = make_pair(base, target)
    blk, B, T = information(pair, "none")
    shares = np.zeros((1, 2))
    labels = labels_of(pair)
    from votebank.backtest.baselines import _blind_pick

    winner = np.array([labels.index("W")])
    pick = _blind_pick(shares, winner, winner, B[blk], T[blk])
    assert labels[int(pick[0])] == "W"

"""How a pair reads labels: independents, renames (rules in backtest/pair.py)."""

import pytest

from tests.backtest.test_pair_forecast import election
from votebank.backtest.baselines import information
from votebank.backtest.central import raw_shares
from votebank.backtest.pair import make_pair
from votebank.errors import InputError

SEATS = ("s1", "s2", "s3", "s4")


def four_seats(extra=()):
    rows = [(s, f"{p} {s}", p, v) for s in SEATS for p, v in (("A", 60), ("B", 40))]
    return election([*rows, *extra], seats=SEATS)


def test_a_stray_second_candidate_leaves_a_party_a_party():
    target = four_seats([("s1", "Another A", "A", 5)])
    pair = make_pair(four_seats(), target)
    assert "A" not in pair.indep
    assert pair.notes["party_twice_in_seat"] == [
        {
            "party": "A",
            "seats": ["s1"],
            "rule": "a party: its candidates in these seats share its vote",
        }
    ]
    # A still carries its vote where it stands once: 0.6 from the base, nothing given.
    blk, B, T = information(pair, "none")
    raw = raw_shares(pair, blk, B, T, lam=0.0, phi=0.0)
    got = dict(zip(pair.slate["name"], raw, strict=True))
    assert got["A s2"] == 0.6
    assert got["A s1"] == got["Another A"] == 0.3


def test_a_label_folded_into_the_others_is_not_listed_as_standing_twice():
    # Its candidates are the others' row: "its candidates share its vote" said what was not done.
    seats = [f"s{k}" for k in range(1, 41)]
    rows = [(s, f"{p} {s}", p, v) for s in seats for p, v in (("A", 600), ("B", 400))]
    tiny = [
        ("s1", "Tiny one", "Tiny", 1),
        ("s1", "Tiny two", "Tiny", 1),
        ("s2", "Tiny 3", "Tiny", 1),
    ]
    pair = make_pair(election(rows, seats=seats), election([*rows, *tiny], seats=seats))
    assert pair.notes["folded_into_OTH"] == ["Tiny"]
    assert pair.notes["party_twice_in_seat"] == []
    # New in the target too: named as a new party folded, not only counted among the folded.
    assert pair.notes["new_parties_folded"] == ["Tiny"]
    assert pair.notes["new_parties"] == []


def test_a_label_standing_twice_in_most_of_its_seats_is_independents():
    extra = [(s, f"Two {s}", "Non-party", 5) for s in SEATS[:3]]
    extra += [(s, f"One {s}", "Non-party", 5) for s in SEATS]
    pair = make_pair(four_seats(), four_seats(extra))
    assert pair.indep == {"Non-party"}
    assert pair.notes["party_twice_in_seat"] == []


def renamed_pair(weak: str, strong: str):
    seats = [f"s{k}" for k in range(1, 9)]
    base, target = [], []
    for k, s in enumerate(seats):
        party = strong if k < 5 else weak
        base += [(s, f"Person {s}", party, 60), (s, f"Rival {s}", "B", 40)]
        # The strong party's 5 people all stand for the new label; 2 of the weak one's 3.
        label = "C" if s == "s8" else "New"
        target += [(s, f"Person {s}", label, 55), (s, f"Rival {s}", "B", 45)]
    return make_pair(election(base, seats=seats), election(target, seats=seats))


def test_the_strongest_rename_wins_whatever_the_labels_order():
    for weak, strong in (("Aweak", "Zstrong"), ("Zweak", "Astrong")):
        pair = renamed_pair(weak, strong)
        assert pair.notes["renamed"] == [
            {"base": strong, "target": "New", "rule": "5 of its 5 re-standing people stand for it"}
        ]
        assert pair.notes["gone_parties"] == [weak]


def test_independents_standing_only_in_the_base_are_no_gone_party():
    extra = [(s, f"{who} {s}", "Non-party", 5) for s in SEATS[:3] for who in ("One", "Two")]
    pair = make_pair(four_seats(extra), four_seats())
    assert pair.indep == {"Non-party"}
    assert pair.notes["gone_parties"] == []


def test_a_target_holding_under_half_of_the_bases_seats_says_how_many_of_the_bases():
    # Every target seat is in the base: "only 1 of 1 seats are also in ..." said nothing.
    seats = tuple(f"s{k}" for k in range(1, 6))
    rows = [(s, f"{p} {s}", p, 50) for s in seats for p in ("A", "B")]
    base = election(rows, seats)
    with pytest.raises(InputError) as err:
        make_pair(base, election(rows[:4], seats[:2]))
    message = str(err.value)
    assert "only 2 of the 5 seats of test are also in test" in message
    assert "row 4" in message  # the first base seat missing from the target, in the base
    assert "(got s3)" in message


def test_a_target_of_one_seat_not_in_the_base_says_one_seat():
    rows = [(s, f"{p} {s}", p, 50) for s in SEATS for p in ("A", "B")]
    with pytest.raises(InputError) as err:
        make_pair(election(rows, SEATS), election([("s9", "A s9", "A", 50)], ("s9",)))
    assert "the one seat is not in test" in str(err.value)  # not "only 0 of 1 seat are"
    two = [("s8", "A s8", "A", 50), ("s9", "A s9", "A", 50)]
    with pytest.raises(InputError) as err:
        make_pair(election(rows, SEATS), election(two, ("s8", "s9")))
    assert "none of the 2 seats is in test" in str(err.value)


def test_a_small_party_that_won_a_seat_behind_the_others_row_is_not_folded():
    # Tiny won s1 though the others together out-polled it: it won a seat, so it is no minor
    # label (folded, the runner-up A was taken to have won s1).
    big = [(s, f"{p} {s}", p, v) for s in SEATS[1:] for p, v in (("A", 6000), ("B", 4000))]
    s1 = [("s1", "Tia", "Tiny", 30), ("s1", "Al", "A", 20), ("s1", "", "OTH", 50)]
    pair = make_pair(four_seats(), election([*s1, *big], seats=SEATS))
    assert "Tiny" not in pair.notes["folded_into_OTH"]
    assert pair.actual_winner[list(pair.seats).index("s1")] == "Tiny"


def test_each_reading_note_names_its_election():
    # The notes did not say which election they were about, and a note both elections gave
    # (the same seats without a roll) was printed once, as if of one of them.
    from dataclasses import replace

    from tests.backtest.test_cli_notes import result
    from votebank.backtest.cli import notes_rows

    note = "rolls not given, read as unknown: s1"
    base = replace(four_seats(), date="2010-05-06", notes=(note,))
    target = replace(four_seats(), date="2015-05-07", notes=(note,))
    reading = make_pair(base, target).notes["reading"]
    # The polling day, not the name given: a file's path would crowd the year out of the table.
    assert reading == [f"2010-05-06: {note}", f"2015-05-07: {note}"]
    r = result()
    r["pair"]["reading"] = reading
    shown = [d for w, d in notes_rows(r) if w == "reading"]
    assert shown == reading


def test_the_seats_compared_are_counted_by_the_targets_region():
    # A file of Great Britain alone was compared with no word that Northern Ireland is absent.
    from votebank.backtest.cli import notes_rows

    target = four_seats()
    target.seats["region"] = ["North", "South", "South", "Wales"]
    base = four_seats()
    pair = make_pair(base, target)
    assert pair.notes["seats_by_region"] == {"North": 1, "South": 2, "Wales": 1}
    rows = dict(notes_rows({"pair": {**pair.notes, "reading": []}}))
    assert rows["seats compared by region"] == "North 1, South 2, Wales 1"

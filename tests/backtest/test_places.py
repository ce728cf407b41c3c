"""Seat ids of BASE and TARGET that differ only in spelling are one seat, and said to be
(backtest/places.py, as calibrate's alignment reads them: votebank.elections.seat_ids)."""

import pytest

from tests.backtest.test_cli_notes import result
from tests.backtest.test_pair_forecast import election
from tests.elections.respellings import RESPELLINGS
from votebank.backtest.cli import notes_rows
from votebank.backtest.pair import make_pair
from votebank.backtest.places import left_out_warning
from votebank.elections.seat_ids import seat_key

SEATS = ("NA-1", "NA-2", "NA-3")


def votes(seats, a=60):
    return election(
        [(s, f"{p} {k}", p, v) for k, s in enumerate(seats) for p, v in (("A", a), ("B", 100 - a))],
        seats,
    )


@pytest.mark.parametrize("respell", RESPELLINGS.values(), ids=RESPELLINGS.keys())
def test_a_target_seat_spelt_otherwise_is_the_base_seat(respell):
    target = tuple(respell(s) for s in SEATS)
    pair = make_pair(votes(SEATS), votes(target, a=55))
    # Before: all three "only in" one election, an error of different boundaries (or case).
    assert pair.notes["seats_compared"] == 3
    assert pair.notes["only_in_base"] == pair.notes["only_in_target"] == []
    assert sorted(pair.seats) == sorted(target)  # the target's ids, its base shares found
    assert pair.base["A"].tolist() == [0.6] * 3
    (note,) = pair.notes["seat_ids"]
    assert note.startswith("3 seat ids of the base read as the target's (case, spaces")
    assert f"'NA-1' as {respell('NA-1')}" in note


def test_one_seat_spelt_otherwise_is_no_longer_left_out():
    # Two of three seats as written were enough for a pair: the third was dropped, only listed.
    pair = make_pair(votes(SEATS), votes(("NA-001", "NA-2", "NA-3")))
    assert pair.notes["seats_compared"] == 3
    assert pair.notes["seat_ids"] == [
        "1 seat id of the base read as the target's (case, spaces, the separators - _ . and "
        "leading zeros ignored): 'NA-1' as NA-001"
    ]


def test_a_key_two_target_seats_share_matches_neither():
    pair = make_pair(votes(("na-1", "NA-2", "NA-3")), votes(("NA-1", "NA-01", "NA-2", "NA-3")))
    assert pair.notes["seats_compared"] == 2
    assert pair.notes["only_in_base"] == ["na-1"]
    (note,) = pair.notes["seat_ids"]
    assert "seat ids of the base that fit several seats of the target" in note
    assert "'na-1' (NA-1, NA-01)" in note


def test_two_base_seats_are_never_made_one_target_seat():
    pair = make_pair(votes(("NA-1", "na-1", "NA-2", "NA-3")), votes(SEATS))
    assert pair.notes["seats_compared"] == 3
    assert pair.notes["only_in_base"] == ["na-1"]
    assert pair.base["A"].tolist() == [0.6] * 3  # NA-1's own votes, not na-1's added
    (note,) = pair.notes["seat_ids"]
    assert "'na-1' (NA-1 is in the base as written)" in note


def test_seats_written_alike_are_paired_as_before_and_the_rules_say_nothing_new():
    pair = make_pair(votes(SEATS), votes(SEATS, a=55))
    assert pair.notes["seat_ids"] == []
    assert pair.notes["seats_compared"] == 3
    r = result()
    assert not any(what == "seat ids" for what, _ in notes_rows(r))  # an older backtest.json
    r["pair"]["seat_ids"] = make_pair(votes(SEATS), votes(("na-1", "na-2", "na-3"))).notes[
        "seat_ids"
    ]
    shown = [detail for what, detail in notes_rows(r) if what == "seat ids"]
    assert shown == r["pair"]["seat_ids"]


def test_seats_spelt_with_leading_zeros_keep_their_order_and_so_their_draws():
    # The forecast's random numbers follow the seats' order. Sorted as written, NA-1, NA-2,
    # NA-10 go NA-1, NA-10, NA-2 but NA-001, NA-002, NA-010 go in number order: the same
    # election spelt otherwise drew other numbers (20 runs of Pakistan 2008: 104 winners wrong
    # against 98). Sorted by the loose key, both go the same way.
    seats = ("NA-1", "NA-2", "NA-10")
    padded = ("NA-001", "NA-002", "NA-010")
    as_written = make_pair(votes(seats), votes(seats, a=55))
    spelt = make_pair(votes(seats), votes(padded, a=55))
    assert [seat_key(s) for s in spelt.seats] == [seat_key(s) for s in as_written.seats]
    assert spelt.base["A"].tolist() == as_written.base["A"].tolist()


@pytest.mark.parametrize(
    ("only_base", "only_target", "said"),
    [
        (0, 29, "only 32 seats compared: 29 of the 61 seats of t stand in that election only"),
        (11, 1, "only 32 seats compared: 11 of the 43 seats of b and 1 of the 33 seats of t "),
        (10, 10, None),  # under a quarter of either: the notes list them, no warning
    ],
)
def test_many_seats_in_one_election_only_are_warned_of(only_base, only_target, said):
    # 29 of 61 seats left out were listed among the notes alone, where no one saw them.
    notes = {
        "seats_compared": 32,
        "only_in_base": [f"b{k}" for k in range(only_base)],
        "only_in_target": [f"t{k}" for k in range(only_target)],
    }
    got = left_out_warning(notes, "b", "t")
    assert got == [] if said is None else len(got) == 1 and got[0].startswith(said)


def named(seats, names, boundary=""):
    e = votes(seats)
    e.seats["name"] = names
    e.seats["boundary"] = boundary
    return e


def test_seats_in_one_election_only_that_share_a_name_are_said_to_be_perhaps_one():
    # 'RU0010' and 'ru-10' are no loose respelling of each other (a separator is not
    # dropped): the seat was left out of both elections, listed only as two unrelated ids.
    base = named(("RU0010", "RU0020", "RU0030", "RU0040"), ["Burton", "Stirling", "Ayr", "X"])
    target = named(("ru-10", "RU0020", "RU0030", "RU0050"), ["burton ", "Stirling", "Ayr", "Y"])
    pair = make_pair(base, target)
    assert pair.notes["only_in_base"] == ["RU0010", "RU0040"]
    (note,) = pair.notes["seat_ids"]
    assert "1 seat in one election only bearing the name" in note
    assert "'RU0010' / 'ru-10' (Burton)" in note
    assert "RU0040" not in note
    # Redrawn seats keep their names and their new ids: nothing to say of them.
    base = named(("A1", "B1", "C1"), ["Ayr", "Bute", "Cove"], boundary="old")
    target = named(("A2", "B1", "C1"), ["Ayr", "Bute", "Cove"], boundary="old")
    target.seats.loc[0, "boundary"] = "new"
    assert make_pair(base, target).notes["seat_ids"] == []


def test_seats_that_do_not_match_but_bear_the_same_names_are_told_to_write_the_ids_alike():
    # Every id rewritten (VD001 as vd-1) was refused as "the seats do not match (different
    # boundaries?)", though each seat's name stood in both elections.
    from votebank.errors import InputError

    base = named(("VD001", "VD002", "VD003"), ["Ayr", "Bute", "Cove"])
    target = named(("vd-1", "vd-2", "vd-3"), ["Ayr", "Bute", "Cove"])
    with pytest.raises(InputError, match=r"3 bear one seat's name in both \('VD001' in .* is "):
        make_pair(base, target)

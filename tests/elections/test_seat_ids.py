"""Seat ids of real results matched to seats: as written first, then by a loose key, one to one."""

import pandas as pd
import pytest

from votebank.elections.seat_ids import match_seats, seat_key

RESPELT = ["na-1", " NA-1 ", "NA-001", "NA 1", "NA_1", "na.1", "NA - 01"]


@pytest.mark.parametrize("written", RESPELT)
def test_a_seat_written_another_way_has_the_seats_key(written):
    assert seat_key(written) == seat_key("NA-1") == "na-1"


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("NA-1", "NA-10"),  # a leading zero is dropped, not a trailing one
        ("NA-1", "NA-2"),
        ("NA-1", "NB-1"),
        ("NA-1", "NA1"),  # a separator is unified, not dropped: A-11 is not A1-1
        ("NA-100", "NA-1"),
        ("E14000530", "E1400053"),
    ],
)
def test_different_seats_keep_different_keys(one, other):
    assert seat_key(one) != seat_key(other)


def test_zero_and_a_long_run_of_digits_are_ids_too():
    assert seat_key("NA-000") == seat_key("NA-0") == "na-0"
    assert seat_key("X-" + "0" * 5000 + "7") == "x-7"  # int() refuses over 4,300 digits


def test_ids_written_as_the_seats_match_as_before_and_nothing_is_noted():
    m = match_seats(["NA-1", "NA-2", "Elsewhere"], ["NA-1", "NA-2", "NA-3"])
    assert (m.loose, m.ambiguous, m.collisions) == ((), (), ())
    assert m.notes("tiny") == []
    ids = pd.Series(["NA-1", "NA-2", "Elsewhere"])
    assert m.renamed(ids) is ids


@pytest.mark.parametrize("written", RESPELT)
def test_each_respelling_is_matched_and_noted(written):
    m = match_seats([written, "NA-2"], ["NA-1", "NA-2"])
    assert m.loose == ((written, "NA-1"),)
    assert m.renamed(pd.Series([written, "NA-2"])).tolist() == ["NA-1", "NA-2"]
    (note,) = m.notes("tiny")
    assert note.startswith("1 seat id of the results read as tiny's (case, spaces")
    assert f"{written!r} as NA-1" in note


def test_a_key_that_fits_two_seats_matches_neither_and_says_so():
    m = match_seats(["na-01", "NA-1"], ["NA-1", "NA-01"])
    assert m.loose == ()  # NA-1 as written; na-01 could be either
    assert m.ambiguous == (("na-01", ("NA-1", "NA-01")),)
    (note,) = m.notes("tiny")
    assert "seat ids of the results that fit several seats of tiny" in note
    assert "'na-01' (NA-1, NA-01)" in note


def test_two_ids_of_the_results_never_become_one_seat():
    m = match_seats(["NA-1", "na-1", "na-2", "NA-02", "na-3"], ["NA-1", "NA-2", "NA-3"])
    # NA-1 is there as written: na-1 is not added to it. na-2 and NA-02: which is NA-2?
    assert m.loose == (("na-3", "NA-3"),)
    assert m.collisions == (("NA-1", ("na-1",), True), ("NA-2", ("na-2", "NA-02"), False))
    renamed = m.renamed(pd.Series(["NA-1", "na-1", "na-2", "NA-02", "na-3"])).tolist()
    assert renamed == ["NA-1", "na-1", "na-2", "NA-02", "NA-3"]
    note = m.notes("tiny")[1]
    assert "two ids are never made one seat" in note
    assert "'na-1' (NA-1 is in the results as written)" in note
    assert "'na-2', 'NA-02' (all NA-2)" in note

"""Files as a reviewer may bring them: spreadsheet dates, party-level rows without names."""

import pandas as pd
import pytest

from tests.backtest.test_cli import check_refused, run
from tests.backtest.test_pair_forecast import election
from votebank.backtest.baselines import information
from votebank.backtest.central import incumbency, raw_shares
from votebank.backtest.pair import make_pair
from votebank.elections.read import read_election


def candidate_file(
    path, dates=("2001-06-07", "2005-05-05"), names=True, others=False, other_label="OTH"
):
    """Six seats, two general elections, parties A and B (and one OTH row per seat)."""
    rows = []
    for n, day in enumerate(dates):
        for s in range(6):
            a, b = (60 - 5 * n + s, 40 + 5 * n - s)
            for party, votes in (("A", a), ("B", b)):
                who = f"{party}{s} Person" if names else ""
                rows.append((day, "general", f"S{s}", "R", 100, party, who, votes))
            if others:
                rows.append((day, "general", f"S{s}", "R", 100, other_label, "", 7))
    cols = ["election_date", "election_type", "constituency_id", "region", "electorate"]
    cols += ["party", "candidate", "votes"]
    pd.DataFrame(rows, columns=cols).to_csv(path, index=False)
    return path


@pytest.mark.parametrize(
    ("dates", "pick"),
    [
        (("6/7/01", "5/5/05"), "2005"),  # month first, two-digit years (US export)
        (("07/06/2001", "25/05/2005"), "2005-05-25"),  # day first: a field above 12
        (("2001-06-07", "2005-05-05"), "2005"),
    ],
)
def test_spreadsheet_dates_read_as_iso(tmp_path, dates, pick):
    f = candidate_file(tmp_path / "r.csv", dates)
    e = read_election(f"{f}:{pick}")
    assert e.date.startswith(pick)
    assert len(e.date) == 10
    assert len(e.seats) == 6


def test_a_bad_date_stops_the_command_and_writes_nothing(tmp_path):
    f = candidate_file(tmp_path / "r.csv", ("6/7/01", "someday"))
    out = tmp_path / "out"
    check_refused(run(f"{f}:2001", f"{f}:2005", "--out", out), out, "r.csv", "someday")


@pytest.mark.parametrize("label", ["OTH", "Other", "others"])
def test_an_others_row_of_a_party_level_file_is_the_aggregate(tmp_path, label):
    f = candidate_file(tmp_path / "r.csv", names=False, others=True, other_label=label)
    e = read_election(f"{f}:2005")
    oth = e.candidates["party"].eq("OTH")
    assert oth.sum() == 6
    assert e.candidates.loc[oth, "aggregate"].all()
    assert not e.candidates.loc[~oth, "aggregate"].any()
    pair = make_pair(read_election(f"{f}:2001"), e)
    assert "OTH" not in set(pair.actual_winner)


def test_without_names_no_party_is_taken_to_lose_its_winner():
    base = election([("s1", "Ann Lee", "A", 60), ("s1", "Bo Chan", "B", 40)], seats=("s1",))
    named = election([("s1", "Di Eze", "A", 50), ("s1", "Cy Dune", "B", 50)], seats=("s1",))
    blank = election([("s1", "", "A", 50), ("s1", "", "B", 50)], seats=("s1",))
    _, lost = incumbency(make_pair(base, named))
    assert lost.any()  # a named new candidate: A's winner stood down
    pair = make_pair(base, blank)
    _, lost = incumbency(pair)
    assert not lost.any()
    assert pair.notes["people_unknown"] == 2
    blk, B, T = information(pair, "none")
    raw = raw_shares(pair, blk, B, T, lam=0.0, phi=0.25)
    # Nobody is known to have stood down: every party keeps its base share.
    assert sorted(raw) == pytest.approx([0.4, 0.6])


def named_file(path, later_names):
    """Six seats named 'Town k' in 2001 and as given in 2005; no boundary column."""
    f = candidate_file(path)
    d = pd.read_csv(f)
    first = d["election_date"].eq("2001-06-07")
    d["constituency_name"] = [f"Town {s[1:]}" for s in d["constituency_id"]]
    d.loc[~first, "constituency_name"] = d.loc[~first, "constituency_id"].map(later_names)
    d.to_csv(f, index=False)
    return f


def test_seat_ids_that_name_other_places_are_other_boundaries(tmp_path):
    # A new delimitation that reuses the seat numbers: S0 was Town 0 and is now Hill 0.
    f = named_file(tmp_path / "r.csv", {f"S{k}": f"Hill {k}" for k in range(6)})
    out = tmp_path / "out"
    check_refused(
        run(f"{f}:2001", f"{f}:2005", "--out", out),
        out,
        "r.csv",
        "constituency_name",
        "Hill 0",
        "different boundaries",
    )


def test_respelt_names_on_the_same_boundaries_pass(tmp_path):
    # Two of six spelt otherwise (as Pakistan's "Gujranwala 6" / "Gujranwalla 6"): the same map.
    names = {f"S{k}": f"Town {k}" for k in range(6)} | {"S1": "Towne 1", "S2": "M.T. 2"}
    f = named_file(tmp_path / "r.csv", names)
    pair = make_pair(read_election(f"{f}:2001"), read_election(f"{f}:2005"))
    assert pair.notes["seats_compared"] == 6


def test_a_boundary_column_that_differs_is_named_as_the_file_spells_it(tmp_path):
    # A candidates file's "boundary" column was named "column delimit" (the Pakistan layout's),
    # and only the first 3 of its 6 redrawn seats were shown, with no word of the rest.
    f = candidate_file(tmp_path / "r.csv")
    d = pd.read_csv(f)
    d["boundary"] = d["election_date"].map({"2001-06-07": "B1", "2005-05-05": "B2"})
    d.to_csv(f, index=False)
    out = tmp_path / "out"
    got = run(f"{f}:2001", f"{f}:2005", "--out", out)
    check_refused(got, out, "r.csv", "column boundary", "different boundaries (6 seats in all)")
    assert "column delimit" not in got.stderr


def test_seats_on_boundary_sets_the_file_names_apart_are_said_to_be_on_them(tmp_path):
    # uk:1992 uk:1997 said "the seats do not match (different boundaries?)" though the files'
    # boundary column names the two sets (1983-1992, 1997-2001): the question is answered.
    f = candidate_file(tmp_path / "r.csv")
    d = pd.read_csv(f)
    later = d["election_date"] == "2005-05-05"
    d["boundary"] = later.map({False: "B1", True: "B2"})
    d.loc[later, "constituency_id"] = "N" + d.loc[later, "constituency_id"].astype(str)
    d.to_csv(f, index=False)
    out = tmp_path / "out"
    got = run(f"{f}:2001", f"{f}:2005", "--out", out)
    check_refused(got, out, "r.csv", "different boundaries (", "on B1,", "on B2)")
    assert "boundaries?" not in got.stderr
    d["boundary"] = "B1"  # one set named: the ids alone do not say why
    d.to_csv(f, index=False)
    check_refused(run(f"{f}:2001", f"{f}:2005", "--out", out), out, "different boundaries?")


def test_a_partial_redraw_is_told_to_give_the_redrawn_seats_new_ids(tmp_path):
    # One seat of six redrawn: the refusal said "different boundaries" and no way forward.
    f = candidate_file(tmp_path / "r.csv")
    d = pd.read_csv(f)
    d["boundary"] = "B1"
    redrawn = (d["election_date"] == "2005-05-05") & (d["constituency_id"] == "S0")
    d.loc[redrawn, "boundary"] = "B2"
    d.to_csv(f, index=False)
    out = tmp_path / "out"
    got = run(f"{f}:2001", f"{f}:2005", "--out", out)
    check_refused(got, out, "column boundary", "different boundaries", "give them new ids here")
    d.loc[redrawn, "constituency_id"] = "S0-new"  # as told: the other five are compared
    d.to_csv(f, index=False)
    pair = make_pair(read_election(f"{f}:2001"), read_election(f"{f}:2005"))
    assert pair.notes["seats_compared"] == 5

"""The UK results tables in use: a postponed poll is read on its general election's date."""

import pandas as pd

from tests.uk.test_results_files import BASE, TARGET, frames, votebank, write
from votebank.uk import results_files
from votebank.uk.elections import general_date, general_elections
from votebank.uk.tables import candidates_table, contests_table

POSTPONED = "2005-05-26"  # three weeks after the general election (a candidate died)


def eleven_seats():
    parties = (("Lab", 500), ("Con", 400), ("LD", 100))
    seats = [(f"E{n}", f"Town {n}", "North East", "England") for n in range(1, 11)]
    seats.append(("S1", "Eeton", "Scotland", "Scotland"))
    votes = {
        day: {
            s[0]: {p: v + 7 * k + 3 * n for k, (p, v) in enumerate(parties)}
            for n, s in enumerate(seats)
        }
        for day in (BASE, TARGET)
    }
    return frames(votes, seats)


def test_a_postponed_poll_typed_general_is_read_as_part_of_the_general_election(tmp_path):
    # A seat polled three weeks after the general election, typed general on its own date,
    # was a general election of its own: uk-projection's default target was that one seat
    # (refused as on different boundaries), and --target 2005 was refused as no election.
    c, k, t = eleven_seats()
    for f in (c, k):
        f.loc[(f["election_date"] == TARGET) & (f["constituency_id"] == "E9"), "election_date"] = (
            POSTPONED
        )
    src = write(tmp_path / "data", c, k, t)
    with results_files.using(results_files.beside(src)):
        assert general_elections() == [BASE, TARGET]
        assert general_date("2005") == TARGET
        for table in (candidates_table(), contests_table()):
            held = table.loc[table["election_date"] == TARGET, "constituency_id"]
            assert "E9" in set(held)
            assert POSTPONED not in set(table["election_date"])
    got = votebank("uk-projection", "--results", src, "--runs", 2, "--seed", 1)
    assert got.returncode == 0, got.stderr
    assert "GE2005 projected from GE2001" in " ".join(got.stdout.split())
    assert f"E9 on {POSTPONED}" in " ".join(got.stderr.split())  # a note
    # import-uk read it so too, but without the note the docs promise.
    out = tmp_path / "out"
    got = votebank("import-uk", BASE, "--target-election", TARGET, "--results", src, "--out", out)
    assert got.returncode == 0, got.stderr
    assert f"postponed polls read as part of the general election: E9 on {POSTPONED}" in " ".join(
        got.stderr.split()
    )


def test_the_shipped_tables_are_read_as_written():
    assert general_elections() == ["2010-05-06", "2015-05-07"]
    c = candidates_table()
    assert c is results_files.table("candidates")
    assert isinstance(c, pd.DataFrame)

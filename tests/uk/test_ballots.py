"""A contest's ballots counted may not be fewer than its candidates' votes."""

from tests.uk.test_results_files import BASE, TARGET, assert_refused, frames, votebank, write


def test_ballots_counted_fewer_than_the_candidates_votes_are_refused(tmp_path):
    # They passed, and the seat's turnout (ballots counted / electorate) was built from them.
    c, k, t = frames()
    row = k.index[(k.election_date == BASE) & (k.constituency_id == "E1")][0]
    k.loc[row, "ballots_counted"] = 100
    src = write(tmp_path / "data", c, k, t)
    out = tmp_path / "out"
    got = votebank("import-uk", BASE, "--target-election", TARGET, "--results", src, "--out", out)
    where = f"uk_results_contests.csv: row {row + 2}, column ballots_counted"
    assert_refused(
        got, out, where, "fewer than the 940 votes of the contest's candidates", "(got 100)"
    )

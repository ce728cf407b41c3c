"""The real results beside a UK scenario: a contests file that contradicts its candidates."""

import pytest

from tests.uk.test_results_files import BASE, TARGET, assert_refused, frames, votebank, write


@pytest.mark.parametrize("winner", ["Con", ""])
def test_a_winner_the_candidates_do_not_give_is_refused(tmp_path, winner):
    # Reform won E2 in 2005 by the candidates' votes; a contests file saying otherwise (or
    # nothing: a blank counted as an "others" seat) was scored silently.
    _, contests, _ = frames()
    row = contests.index[(contests.election_date == TARGET) & (contests.constituency_id == "E2")]
    contests.loc[row, "winner_party"] = winner
    src = write(tmp_path / "data", contests=contests)
    where = f"uk_results_contests.csv: row {row[0] + 2}, column winner_party"
    out = tmp_path / "out"
    got = votebank("import-uk", BASE, "--target-election", TARGET, "--results", src, "--out", out)
    assert_refused(got, out, where, "most votes in E2 (Beeton): Reform")
    got = votebank("uk-projection", "--results", src, "--runs", 2)
    assert_refused(got, out, where, "most votes in E2 (Beeton): Reform")

"""Where an election the UK studies cannot build on is, when another file beside theirs holds it."""

from tests.uk.test_bad_input import refused
from tests.uk.test_results_files import BASE, TARGET, frames, votebank, write


def test_an_election_in_a_party_level_file_beside_the_candidates_is_named_with_its_reader(
    tmp_path,
):
    # `import-uk 1987` on the shipped files said only that the contests file holds 2010,
    # 2015 and 2017, as if 1987 were a typing slip: it is in the party-level file beside
    # them, which `votebank backtest` reads.
    c, k, t = frames()
    src = write(tmp_path / "data", c[c.election_date != BASE], k[k.election_date != BASE], t)
    party_level = c[c.election_date == BASE].assign(candidate="")
    party_level.to_csv(tmp_path / "data" / "old_results.csv", index=False)
    for args in (
        ["import-uk", BASE[:4], "--out", tmp_path / "out"],
        ["uk-projection", "--base", BASE[:4], "--target", TARGET, "--runs", "2"],
    ):
        got = votebank(*args, "--results", src)
        refused(
            got,
            "no ",
            f"{BASE} is in old_results.csv beside it (party by party, no candidates",
            f"votebank backtest {tmp_path / 'data' / 'old_results.csv'}:{BASE} reads it",
        )
    assert not (tmp_path / "out").exists()
    other = votebank("import-uk", "1999", "--results", src, "--out", tmp_path / "out")
    refused(other, "no election on this date")
    assert "beside it" not in other.stdout + other.stderr


def test_a_shipped_election_in_a_year_of_two_is_named_by_its_day(tmp_path):
    # `import-uk 1974-02-28` said "votebank backtest uk:1974 reads it", and uk:1974 is
    # refused as naming two elections: the note names each of that year's by its day.
    for day, said in (
        ("1974-02-28", "votebank backtest uk:1974-02-28 reads it"),
        ("1974", "1974-02-28, 1974-10-10 are in uk_results_1974_1979.csv beside it"),
        ("1974", "votebank backtest uk:1974-02-28 or uk:1974-10-10 reads them"),
        ("1979", "votebank backtest uk:1979 reads it"),
    ):
        got = votebank("import-uk", day, "--out", tmp_path / "out")
        refused(got, said)
    assert not (tmp_path / "out").exists()


def test_a_projection_to_a_target_of_another_file_says_where_the_target_is():
    # `uk-projection --target 1974-10-10` said "no general election before it to project
    # from; the file holds 2010-05-06, 2015-05-07", as if February 1974 did not exist.
    got = votebank("uk-projection", "--target", "1974-10-10", "--runs", "2")
    refused(
        got,
        "no general election on this date",
        "1974-10-10 is in uk_results_1974_1979.csv beside it",
        "votebank backtest uk:1974-10-10 reads it",
    )
    assert "before it to project from" not in got.stdout + got.stderr

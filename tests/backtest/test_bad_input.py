"""Bad values in either file layout: exit 2 naming file, row and value; nothing written."""

import pandas as pd
import pytest

from tests.backtest.test_cli import check_refused, run
from votebank.elections.shipped import shipped_file


@pytest.fixture(scope="module")
def uk_small(tmp_path_factory):
    c = pd.read_csv(shipped_file("uk"), dtype=str)
    seats = sorted(c["constituency_id"].unique())[:30]
    return c[c["constituency_id"].isin(seats)].reset_index(drop=True)


@pytest.fixture(scope="module")
def pk_small():
    c = pd.read_csv(shipped_file("pakistan"), dtype=str, low_memory=False)
    c = c[c["assembly"].str.lower() == "national"]
    keep = c["election_date"].isin(["1993-10-06", "1997-02-03"])
    return c[keep].reset_index(drop=True)


@pytest.mark.parametrize(
    ("value", "shown"),
    [("inf", "inf"), ("-5", "-5"), ("True", "True"), ("3e12", "3000000000000"), ("x?", "x?")],
)
def test_a_vote_that_is_not_a_count(tmp_path, uk_small, value, shown):
    d = uk_small.copy()
    d.loc[7, "votes"] = value
    bad = tmp_path / "bad.csv"
    d.to_csv(bad, index=False)
    out = tmp_path / "out"
    check_refused(run(f"{bad}:2010", f"{bad}:2015", "--out", out), out, "bad.csv", "row 9", shown)


@pytest.mark.parametrize("column", ["second_votes", "win_votes"])
@pytest.mark.parametrize("value", ["many", "true"])
def test_a_vote_in_the_rows_layout(tmp_path, pk_small, column, value):
    d = pk_small.copy()
    d.loc[4, column] = value
    bad = tmp_path / "pk.csv"
    d.to_csv(bad, index=False)
    out = tmp_path / "out"
    got = run(f"{bad}:1993", f"{bad}:1997", "--out", out)
    check_refused(got, out, "pk.csv", "row 6", column, value)
    assert "1 problem found" in got.stderr  # not again as a count missing beside its rivals


def test_missing_column_in_the_rows_layout(tmp_path, pk_small):
    bad = tmp_path / "pk.csv"
    pk_small.drop(columns="province").to_csv(bad, index=False)
    out = tmp_path / "out"
    check_refused(run(f"{bad}:1993", f"{bad}:1997", "--out", out), out, "pk.csv", "province")


def test_seats_that_do_not_match_name_the_row(tmp_path, uk_small):
    d = uk_small.copy()
    later = d["election_date"] == "2015-05-07"
    d.loc[later, "constituency_id"] = "Z" + d.loc[later, "constituency_id"]
    bad = tmp_path / "moved.csv"
    d.to_csv(bad, index=False)
    out = tmp_path / "out"
    first = d.index[later][0] + 2
    check_refused(run(f"{bad}:2010", f"{bad}:2015", "--out", out), out, "moved.csv", f"row {first}")


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("", "empty file: no header and no rows"),
        ("\n\n", "empty file: no header and no rows"),
        ("HEADER\n\n", "no rows: the file holds a header only"),
    ],
)
def test_an_empty_results_file_says_so_naming_the_file(tmp_path, uk_small, text, says):
    # pandas' "No columns to parse from file", or no general election "in the file: none".
    empty = tmp_path / "empty.csv"
    empty.write_text(text.replace("HEADER", ",".join(uk_small.columns)))
    good = tmp_path / "good.csv"
    uk_small.to_csv(good, index=False)
    out = tmp_path / "out"
    for base, target in ((f"{empty}:2010", f"{good}:2015"), (f"{good}:2010", str(empty))):
        check_refused(run(base, target, "--out", out), out, f"{empty}: {says}")


@pytest.mark.parametrize("layout", ["candidates", "rows"])
def test_a_target_with_no_votes_counted_says_so_naming_its_date(
    tmp_path, uk_small, pk_small, layout
):
    # It was refused as "seats do not match": every seat had been left out as not polled.
    d, seat, votes, day = uk_small.copy(), "constituency_id", ["votes"], "2015-05-07"
    if layout == "rows":
        d, seat, day = pk_small.copy(), "constituency_number", "1997-02-03"
        votes = [f"{p}_votes" for p in ("win", "second", "third", "remainder", "validated")]
    later = d["election_date"] == day
    d.loc[later, votes] = "0"
    blank = d[seat].isin(d.loc[later, seat].unique()[::2])  # blank or zero alike
    d.loc[later & blank, votes] = ""
    path = tmp_path / "nothing.csv"
    d.to_csv(path, index=False)
    out = tmp_path / "out"
    got = run(f"{path}:{d['election_date'].iloc[0][:4]}", f"{path}:{day[:4]}", "--out", out)
    check_refused(got, out, str(path), day, "no votes counted in that election")
    assert "do not match" not in got.stderr


def test_polls_asked_for_without_a_polls_file_beside_the_results_say_where_one_goes(
    tmp_path, uk_small
):
    # "The data holds no polls" left a user with a polls file elsewhere nowhere to go.
    results = tmp_path / "results.csv"
    uk_small.to_csv(results, index=False)
    out = tmp_path / "out"
    got = run(f"{results}:2010", f"{results}:2015", "--given", "polls", "--out", out)
    check_refused(got, out, "--given polls", "no polls file (*polls*.csv)", str(results))


def test_a_row_typed_otherwise_on_the_general_election_day_is_refused(tmp_path, uk_small):
    # A winner's row typed "Generl" was left out unsaid and its seat scored as the
    # runner-up's win; a constituency row typed blank, its seat left out.
    d = uk_small.copy()
    winner = d.index[(d["election_date"] == "2015-05-07") & (d["elected"] == "1")][0]
    d.loc[winner, "election_type"] = "Generl"
    bad = tmp_path / "typed.csv"
    d.to_csv(bad, index=False)
    out = tmp_path / "out"
    got = run(f"{bad}:2010", f"{bad}:2015", "--out", out)
    check_refused(got, out, "typed.csv", f"row {winner + 2}", "election_type", "Generl")
    assert "Traceback" not in got.stderr

"""votebank backtest: bad input exits 2 naming file, row and value, and writes nothing; a real
shipped pair end to end with few runs."""

import contextlib
import io
import json
import sys
from types import SimpleNamespace
from unittest import mock

import pandas as pd
import pytest

from votebank import cli
from votebank.backtest.cli import notes_rows, rich_table
from votebank.backtest.study import backtest
from votebank.elections.shipped import shipped_file


def run(*args):
    """The installed entry point in-process: exit code and what it wrote to stdout and stderr."""
    argv = ["votebank", "backtest", *map(str, args)]
    out, err = io.StringIO(), io.StringIO()
    with (
        mock.patch.object(sys, "argv", argv),
        mock.patch.dict("os.environ", {"COLUMNS": "200"}),
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
    ):
        try:
            cli.main()
            code = 0
        except SystemExit as e:
            code = e.code
    return SimpleNamespace(returncode=code, stdout=out.getvalue(), stderr=err.getvalue())


@pytest.fixture(scope="module")
def uk_file(tmp_path_factory):
    """A small UK candidate file: 40 seats of 2010 and 2015, under ids no shipped file holds.

    With the UK's ids it was fitted on the six shipped UK pairs (two CPU-minutes of CI); under
    its own it has no earlier pair and takes the prior: these tests are of the command.
    """
    c = pd.read_csv(shipped_file("uk"), dtype={"election_date": str})
    seats = sorted(c["constituency_id"].unique())[:40]
    c["constituency_id"] = "T-" + c["constituency_id"]
    seats = ["T-" + s for s in seats]
    path = tmp_path_factory.mktemp("uk") / "cands.csv"
    c[c["constituency_id"].isin(seats)].to_csv(path, index=False)
    return path


def check_refused(result, out, *words):
    assert result.returncode == 2, result.stderr
    for w in words:
        assert w in result.stderr, result.stderr
    assert not out.exists()


def test_missing_column(tmp_path, uk_file):
    bad = tmp_path / "bad.csv"
    pd.read_csv(uk_file).drop(columns="votes").to_csv(bad, index=False)
    out = tmp_path / "out"
    check_refused(run(f"{bad}:2010", f"{bad}:2015", "--out", out), out, "bad.csv", "votes")


def test_unknown_date(tmp_path, uk_file):
    out = tmp_path / "out"
    check_refused(run(f"{uk_file}:2011", f"{uk_file}:2015", "--out", out), out, "2011", "cands.csv")


def test_a_date_that_neither_election_takes_is_refused(tmp_path, uk_file):
    out = tmp_path / "out"
    args = (f"{uk_file}:2010", f"{uk_file}:2015", "--date", "2005", "--out", out)
    check_refused(run(*args), out, "date: ", "2005", "both name their election")


def test_an_empty_date_option_is_refused_as_one(tmp_path, uk_file):
    # --date "" (a script's unset variable) was told to give a date "after the colon".
    out = tmp_path / "out"
    args = (f"{uk_file}:2010", uk_file, "--date", "", "--out", out)
    check_refused(run(*args), out, "date: an empty date: give a year or day (got blank)")


def test_bad_value_names_the_row(tmp_path, uk_file):
    d = pd.read_csv(uk_file, dtype=str)
    d.loc[3, "votes"] = "lots"
    bad = tmp_path / "bad.csv"
    d.to_csv(bad, index=False)
    out = tmp_path / "out"
    check_refused(run(f"{bad}:2010", f"{bad}:2015", "--out", out), out, "row 5", "lots")


def test_seats_that_do_not_match(tmp_path, uk_file):
    d = pd.read_csv(uk_file, dtype=str)
    later = d["election_date"] == "2015-05-07"
    d.loc[later, "constituency_id"] = "X" + d.loc[later, "constituency_id"]
    bad = tmp_path / "moved.csv"
    d.to_csv(bad, index=False)
    out = tmp_path / "out"
    check_refused(run(f"{bad}:2010", f"{bad}:2015", "--out", out), out, "moved.csv", "do not match")


def test_different_boundaries(tmp_path):
    out = tmp_path / "out"
    check_refused(
        run("pakistan:1997", "pakistan:2002", "--out", out), out, "delimit", "different boundaries"
    )


def test_unknown_given(tmp_path, uk_file):
    out = tmp_path / "out"
    check_refused(
        run(f"{uk_file}:2010", f"{uk_file}:2015", "--given", "psychic", "--out", out),
        out,
        "psychic",
    )


def test_small_file_end_to_end(tmp_path, uk_file):
    out = tmp_path / "out"
    # " National" as typed: refused for its case alone before.
    r = run(
        f"{uk_file}:2010", f"{uk_file}:2015", "--given", " National", "--runs", "50", "--out", out
    )
    assert r.returncode == 0, r.stderr
    data = json.loads((out / "backtest.json").read_text())
    assert data["given"] == "national"
    assert data["pair"]["seats_compared"] == 40
    assert set(data["methods"]) == {
        "no change",
        "uniform swing",
        "proportional",
        "transition",
        "votebank",
    }
    page = (out / "backtest.html").read_text()
    assert page.startswith("<!DOCTYPE html>")  # a page that opens on its own
    assert '<meta charset="utf-8">' in page
    methods, rules = page.split('<section class="rules">')
    assert methods.count("<tr>") == 1 + len(data["methods"])
    assert rules.count("<tr>") >= 8  # the rules applied, as the terminal's second table
    # The shares' coverage counted again from each candidate's interval, as the JSON gives it.
    vb = data["methods"]["votebank"]
    (inside50, inside90) = (
        [r[lo] <= r["actual"] <= r[hi] for r in vb["share_intervals"]]
        for lo, hi in (("p25", "p75"), ("p05", "p95"))
    )
    assert len(inside50) > 40
    assert sum(inside50) / len(inside50) == pytest.approx(vb["share_cover50"])
    assert sum(inside90) / len(inside90) == pytest.approx(vb["share_cover90"])
    assert {"seat", "label", "name"} <= set(vb["share_intervals"][0])


def test_real_shipped_pair():
    r = backtest("pakistan:2002", "pakistan:2008", given="regional", runs=100, seed=3)
    assert r["pair"]["seats_compared"] == 266
    assert r["pair"]["renamed"][0]["base"] == "MMA"
    vb = r["methods"]["votebank"]
    # Bounds from the committed benchmark (1000 runs), wide enough for 100 runs.
    assert vb["winners_wrong"] <= 115
    assert 0.3 <= vb["brier_expected"] <= vb["brier"] <= 0.8
    assert list(r["votebank_parameters"]["fitted_on"]) == [
        "pakistan:1993-10-06 -> pakistan:1997-02-03"
    ]


def test_same_election_twice(tmp_path, uk_file):
    out = tmp_path / "out"
    check_refused(run(f"{uk_file}:2015", f"{uk_file}:2015", "--out", out), out, "same election")


def test_a_target_before_its_base_is_refused(tmp_path, uk_file):
    # Its forecast would be fitted on the pairs ending by BASE, the target's own results in them.
    out = tmp_path / "out"
    check_refused(run(f"{uk_file}:2015", f"{uk_file}:2010", "--out", out), out, "not after BASE")


def test_blank_votes_leave_the_seat_out(tmp_path, uk_file):
    d = pd.read_csv(uk_file, dtype=str)
    first = d.loc[d["election_date"] == "2015-05-07", "constituency_id"].iloc[0]
    d.loc[(d["constituency_id"] == first) & (d["election_date"] == "2015-05-07"), "votes"] = ""
    path = tmp_path / "blank.csv"
    d.to_csv(path, index=False)
    r = backtest(f"{path}:2010", f"{path}:2015", given="national", runs=20)
    assert r["pair"]["seats_compared"] == 39
    assert first in r["pair"]["only_in_base"]
    assert any(first in line for line in r["pair"]["reading"])


def test_the_report_finds_the_backtest(tmp_path, uk_file):
    from votebank.report.extrafiles import find_extras

    out = tmp_path / "out"
    args = "--given", "national", "--runs", "20", "--out", out
    assert run(f"{uk_file}:2010", f"{uk_file}:2015", *args).returncode == 0
    extra = find_extras(out)["backtest"]
    assert "winners wrong" in extra["headline"]
    assert [r["method"] for r in extra["rows"]][-1] == "votebank"


def test_page_failing_writes_neither_file(tmp_path, uk_file):
    """The page is made before either file is written: a failure leaves the folder as it was."""
    out = tmp_path / "out"
    page = mock.patch("votebank.backtest.cli.html_page", side_effect=RuntimeError("page"))
    with page, pytest.raises(RuntimeError):
        run(
            f"{uk_file}:2010", f"{uk_file}:2015", "--given", "national", "--runs", "5", "--out", out
        )
    assert not out.exists() or not any(out.iterdir())


WON = {"2010-05-06": "AABBA", "2015-05-07": "ABBAB"}  # seats S9, S10, S2, S1, S3


def small_file(tmp_path):
    """Five seats of two parties in 2010 and 2015, won as :data:`WON` says."""
    head = "election_date,election_type,constituency_id,region,electorate,party,candidate,votes"
    rows = [
        f"{day},general,{seat},R{k % 2},2000,{p},{p} {seat},{v}"
        for day, winners in WON.items()
        for k, (seat, w) in enumerate(zip(["S9", "S10", "S2", "S1", "S3"], winners, strict=True))
        for p, v in (("A", 600 if w == "A" else 400), ("B", 600 if w == "B" else 400))
    ]
    path = tmp_path / "r.csv"
    path.write_text("\n".join([head, *rows]) + "\n")
    return path


def test_the_json_names_the_seat_of_every_favourite(tmp_path):
    # Each method's favourites were one label per seat with no seat named: nobody could tell
    # which seat a favourite was for, nor check the winners wrong.
    path, won = small_file(tmp_path), WON
    r = backtest(f"{path}:2010", f"{path}:2015", given="none", runs=4, seed=1)
    seat_of = {"S9": 0, "S10": 1, "S2": 2, "S1": 3, "S3": 4}
    assert sorted(r["seats"]) == sorted(seat_of)
    assert r["actual_winners"] == [won["2015-05-07"][seat_of[s]] for s in r["seats"]]
    no_change = r["methods"]["no change"]["favourites"]
    assert list(no_change) == [won["2010-05-06"][seat_of[s]] for s in r["seats"]]
    for m in r["methods"].values():
        wrong = sum(f != a for f, a in zip(m["favourites"], r["actual_winners"], strict=True))
        assert wrong == m["winners_wrong"]


def test_the_headline_names_every_method_tied_for_best(tmp_path):
    # Given nothing, every simple method is "no change": the headline named the first alone
    # as the best other method, as if it had beaten the others.
    path = small_file(tmp_path)
    r = backtest(f"{path}:2010", f"{path}:2015", given="none", runs=4, seed=1)
    tied = "no change, uniform swing, proportional and transition 3 (the best other methods)"
    assert tied in r["headline"]


def test_a_full_disk_part_way_leaves_the_earlier_run_whole(tmp_path, uk_file, disk_full_at):
    """The page not written: the earlier run's JSON stays beside its page, not this run's."""
    out = tmp_path / "out"
    out.mkdir()
    earlier = {name: f"earlier {name}" for name in ("backtest.json", "backtest.html")}
    for name, text in earlier.items():
        (out / name).write_text(text)
    disk_full_at("backtest.html")
    with pytest.raises(OSError, match="No space"):
        run(
            f"{uk_file}:2010", f"{uk_file}:2015", "--given", "national", "--runs", "5", "--out", out
        )
    assert {
        p.name: p.read_bytes().decode(errors="replace") for p in out.iterdir()
    } == earlier  # no temporary file either


def test_many_seats_in_one_election_only_are_warned_of_not_only_listed(tmp_path):
    # 3 of the 8 target seats stand in it alone: listed among the rules applied, unseen.
    path = small_file(tmp_path)
    rows = [
        f"2015-05-07,general,N{k},R0,2000,{p},{p} N{k},{v}\n"
        for k in range(3)
        for p, v in (("A", 600), ("B", 400))
    ]
    with path.open("a") as f:
        f.write("".join(rows))
    out = tmp_path / "out"
    got = run(f"{path}:2010", f"{path}:2015", "--given", "none", "--runs", "4", "--out", out)
    said = f"only 5 seats compared: 3 of the 8 seats of {path}:2015 stand in that election only"
    assert got.returncode == 0, got.stderr
    assert f"warning: {said}" in " ".join(got.stderr.split()), got.stderr
    assert "warning:" not in got.stdout  # the scores alone, for a file or grep
    assert json.loads((out / "backtest.json").read_text())["pair"]["warnings"][0].startswith(said)


def test_a_seat_left_out_that_a_later_contest_polls_is_said_to_be_added_by_by_elections(tmp_path):
    # S3 was not polled on the target's day but by a by-election after it, S1 not in the
    # base's but after it: listed as in one election only, with nothing said of --by-elections.
    path = small_file(tmp_path)
    lines = path.read_text().splitlines()
    lines = [r for r in lines if ",S3," not in r or "2015" not in r]
    lines = [r for r in lines if ",S1," not in r or "2010" not in r]
    lines += [f"2016-01-07,by-election,S3,R0,2000,{p},{p} S3,{v}" for p, v in (("A", 5), ("B", 4))]
    lines += [f"2011-03-03,by-election,S1,R1,2000,{p},{p} S1,{v}" for p, v in (("A", 5), ("B", 4))]
    path.write_text("\n".join(lines) + "\n")
    r = backtest(f"{path}:2010", f"{path}:2015", given="none", runs=4, seed=1)
    assert (r["pair"]["only_in_base"], r["pair"]["only_in_base_polled_later"]) == (["S3"], ["S3"])
    assert r["pair"]["only_in_target_polled_later"] == ["S1"]
    rows = dict(notes_rows(r))
    assert rows["seats only in base"] == (
        "S3 (S3 polled later in the target's file, by a by-election or re-poll: "
        "--by-elections adds it)"
    )
    assert rows["seats only in target"].startswith("S1 (S1 polled later in the base's file")
    added = backtest(f"{path}:2010", f"{path}:2015", given="none", runs=4, by_elections=True)
    assert added["pair"]["seats_compared"] == 5
    assert dict(notes_rows(added))["seats only in base"] == "none"


def test_the_json_writes_its_floats_without_a_sums_noise(tmp_path):
    # 22.910000000000004 in backtest.json: six significant digits say all there is.
    out = tmp_path / "out"
    args = "--given", "none", "--runs", "4", "--out", out
    path = small_file(tmp_path)
    assert run(f"{path}:2010", f"{path}:2015", *args).returncode == 0
    data = json.loads((out / "backtest.json").read_text())
    floats = []

    def walk(value):
        if isinstance(value, dict | list):
            for v in value.values() if isinstance(value, dict) else value:
                walk(v)
        elif isinstance(value, float):
            floats.append(value)

    walk(data)
    assert floats
    assert [x for x in floats if float(f"{x:.6g}") != x] == []
    kept = backtest(f"{path}:2010", f"{path}:2015", given="none", runs=4, seed=16)
    assert data["pair"] == json.loads(json.dumps(kept["pair"]))  # counts and notes as they were
    assert (
        data["methods"]["votebank"]["winners_wrong"] == kept["methods"]["votebank"]["winners_wrong"]
    )


def test_one_seat_and_one_winner_are_not_written_as_many(tmp_path):
    # "(1 seats; ..." over the table and "votebank 1 winners wrong" in the headline.
    head = "election_date,election_type,constituency_id,region,electorate,party,candidate,votes"
    rows = [f"2010-05-06,general,S1,R,2000,{p},{p} S1,{v}" for p, v in (("A", 900), ("B", 100))]
    rows += [f"2015-05-07,general,S1,R,2000,{p},{p} S1,{v}" for p, v in (("A", 100), ("B", 900))]
    path = tmp_path / "one.csv"
    path.write_text("\n".join([head, *rows]) + "\n")
    r = backtest(f"{path}:2010", f"{path}:2015", given="none", runs=4)
    assert "votebank 1 winner wrong," in r["headline"]
    assert "(1 seat; votebank 4 runs, seed 16)" in rich_table(r).title


def test_a_bad_given_is_named_as_the_option_typed(monkeypatch, capsys):
    # It read "given: use one of ...", the Python argument's name, not the option's.
    from tests.hostile.helpers import assert_user_error, main

    code, out, err = main(
        ["backtest", "uk:2010", "uk:2015", "--given", "bogus"], monkeypatch, capsys
    )
    assert_user_error(code, out, err, "--given: use one of none, national", "'bogus'")


def test_the_files_written_are_named_by_whole_paths_as_given(tmp_path):
    # "wrote PATH.json, PATH.html" was wrapped at the terminal's width, and [brackets] in the
    # folder's name were read as markup: the paths printed were not the files written.
    path = small_file(tmp_path)
    out = tmp_path / ("nightly-" * 20) / "[b]backtest[/b]"
    got = run(f"{path}:2010", f"{path}:2015", "--given", "none", "--runs", "2", "--out", out)
    assert got.returncode == 0, got.stderr
    assert f"wrote {out / 'backtest.json'}, {out / 'backtest.html'}" in got.stdout.splitlines()


def test_the_help_names_the_two_elections_of_1974_by_their_day():
    # The help said only uk:YEAR, and uk:1974 is refused as naming two elections.
    for command in ("backtest", "validate-against", "calibrate"):
        out = io.StringIO()
        with (
            mock.patch.object(sys, "argv", ["votebank", command, "--help"]),
            mock.patch.dict("os.environ", {"COLUMNS": "400"}),
            contextlib.redirect_stdout(out),
            pytest.raises(SystemExit),
        ):
            cli.main()
        text = " ".join(out.getvalue().replace("│", " ").split())
        assert "uk:1974-02-28, uk:1974-10-10" in text, command

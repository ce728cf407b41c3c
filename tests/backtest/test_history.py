"""Which earlier pairs a forecast is fitted on: every shipped file's pairs, whichever file of a
country holds them; a user's file's own pairs first; else its own country's only."""

from __future__ import annotations

import pytest

from tests.elections.test_shipped import results
from votebank.backtest import fitted, history
from votebank.backtest.forecast import Params
from votebank.elections import shipped as shippedmod
from votebank.elections.read import read_election


@pytest.fixture
def land(tmp_path, monkeypatch):
    folder = tmp_path / "data" / "pairland"
    folder.mkdir(parents=True)
    (folder / "pl_results_a.csv").write_text(results(["2031-05-01", "2035-05-03"]))
    (folder / "pl_results_b.csv").write_text(results(["2040-05-05", "2045-05-04"]))
    monkeypatch.setattr(shippedmod, "data_dir", lambda: tmp_path / "data")
    shippedmod.shipped_files.cache_clear()
    history.shipped_pairs.cache_clear()
    history.shipped_seats.cache_clear()
    yield folder
    shippedmod.shipped_files.cache_clear()
    history.shipped_pairs.cache_clear()
    history.shipped_seats.cache_clear()


def test_every_shipped_file_gives_its_pairs(land):
    found = history.shipped_pairs()
    assert [(p[0], p[1]) for p in found] == [
        ("pairland:2031-05-01", "pairland:2035-05-03"),
        ("pairland:2040-05-05", "pairland:2045-05-04"),
    ]
    # A forecast from the second file's base is fitted on the first file's pair only.
    seats = frozenset(f"S-{s}" for s in range(4))
    earlier = history.earlier_pairs("2040-05-05", "2045-05-04", seats)
    assert [p[1] for p in earlier] == ["pairland:2035-05-03"]
    # A pair across the two files is not a pair: the files are not one history.
    assert not any(p[2] == "2035-05-03" for p in found)


def seats_of(spec: str) -> frozenset[str]:
    return frozenset(read_election(spec).seats["seat"].astype(str))


@pytest.mark.slow
def test_fitted_on_earlier_pairs_of_the_same_country_only():
    uk, pk = seats_of("uk:2015"), seats_of("pakistan:2008")
    assert history.country_of(uk) == "uk"
    assert history.country_of(pk) == "pakistan"
    assert history.country_of(frozenset(s.lower() + " " for s in pk)) == "pakistan"
    # As a pair matches seats: NA_01 is NA-1 (votebank.elections.seat_ids).
    assert history.country_of(frozenset(s.replace("-", "_0") for s in pk)) == "pakistan"
    # The UK pair is fitted on the earlier UK pairs (another shipped file of the country),
    # never on the Pakistani pairs, though they are earlier too.
    uk_found = history.earlier_pairs("2010-05-06", "2015-05-07", uk)
    assert uk_found
    assert all(p[0].startswith("uk:") and p[3] <= "2010-05-06" for p in uk_found)
    # The first UK pair has none before it: the prior.
    first = history.shipped_pairs()[[p[0][:3] for p in history.shipped_pairs()].index("uk:")]
    first_seats = seats_of(first[1])
    assert history.earlier_pairs(first[2], first[3], first_seats) == []
    assert fitted.fit("regional", first[2], first[3], first_seats) == Params()
    found = history.earlier_pairs("2002-10-10", "2008-02-18", pk)
    assert [p[1] for p in found] == ["pakistan:1997-02-03"]
    # Never the target, even for a later base.
    later = history.earlier_pairs("2099-01-01", "2008-02-18", pk)
    assert all(p[3] != "2008-02-18" for p in later)


def test_a_results_file_is_fitted_on_its_own_earlier_pairs(tmp_path):
    import pandas as pd

    from votebank.elections.shipped import shipped_file

    raw = pd.read_csv(shipped_file("pakistan"), dtype=str, low_memory=False)
    raw = raw[raw["election_date"].isin(["1993-10-06", "1997-02-03", "2002-10-10"])]
    path = tmp_path / "elsewhere.csv"
    raw.to_csv(path, index=False)
    found = history.earlier_pairs("2099-01-01", "2100-01-01", seats_of("pakistan:1997"), str(path))
    # Its own history: 1993 -> 1997 (1997 -> 2002 changed boundaries), not the shipped pairs.
    assert [(p[2], p[3]) for p in found] == [("1993-10-06", "1997-02-03")]
    assert all(p[0].startswith(str(path)) for p in found)
    # A file with no earlier pair of its own: the shipped pairs of its country, found by its seats.
    later = tmp_path / "later.csv"
    raw2 = pd.read_csv(shipped_file("pakistan"), dtype=str, low_memory=False)
    raw2 = raw2[raw2["election_date"].isin(["2002-10-10", "2008-02-18"])]
    raw2.to_csv(later, index=False)
    fallback = history.earlier_pairs(
        "2002-10-10", "2008-02-18", seats_of(f"{later}:2008"), str(later)
    )
    assert [p[0] for p in fallback] == ["pakistan:1993-10-06"]
    # The same file with its seats renamed is another country's: no earlier pair, the prior.
    elsewhere = tmp_path / "elsewhere_seats.csv"
    raw2.assign(constituency_number="X" + raw2["constituency_number"]).to_csv(
        elsewhere, index=False
    )
    other = seats_of(f"{elsewhere}:2008")
    assert history.country_of(other) == ""
    assert history.earlier_pairs("2002-10-10", "2008-02-18", other, str(elsewhere)) == []


def test_a_file_edited_between_two_backtests_is_fitted_again(tmp_path, monkeypatch):
    # The Python API keeps what it read of a file for the process: a corrected file was
    # fitted on its old rows (the earlier pairs, their parameters) until the process ended.
    from tests.backtest.test_fit import small_file
    from votebank.backtest.study import backtest

    f = small_file(tmp_path / "r.csv", seats=12, regions=2)
    first = backtest(f"{f}:2010", f"{f}:2015", given="national", runs=20)
    import pandas as pd

    rows = pd.read_csv(f)
    # The 2005 election's C candidates polled ten times as many votes.
    c2005 = rows["election_date"].eq("2005-05-05") & rows["party"].eq("C")
    rows.loc[c2005, "votes"] *= 10
    rows.to_csv(f, index=False)
    again = backtest(f"{f}:2010", f"{f}:2015", given="national", runs=20)
    monkeypatch.setenv("VOTEBANK_CACHE", "off")
    fitted._KEPT.clear()
    history.election.cache_clear()
    history.pair.cache_clear()
    history.file_pairs.cache_clear()
    fresh = backtest(f"{f}:2010", f"{f}:2015", given="national", runs=20)
    assert fresh["votebank_parameters"] != first["votebank_parameters"]
    assert again["votebank_parameters"] == fresh["votebank_parameters"]


def test_a_broken_row_of_an_earlier_election_is_an_error_not_a_pair_left_out(tmp_path):
    # A count that is no count in 2005 left the 2005 -> 2010 pair out without a word, and the
    # 2010 -> 2015 forecast was made on the prior ("no earlier pair of this country").
    import pandas as pd

    from tests.backtest.test_fit import small_file
    from votebank.backtest.study import backtest
    from votebank.errors import InputError

    f = small_file(tmp_path / "r.csv", seats=6)
    rows = pd.read_csv(f, dtype=str)
    rows.loc[1, "votes"] = "-"  # file row 3, of the 2005 election
    rows.to_csv(f, index=False)
    with pytest.raises(InputError, match=r"row 3, column votes.*\(got -\)"):
        backtest(f"{f}:2010", f"{f}:2015", given="national", runs=20)
    # An election the forecast is not fitted on is not read: 2005 -> 2010 has no earlier pair.
    later = tmp_path / "later.csv"
    rows.loc[1, "votes"] = "1"
    rows.loc[rows.index[-1], "votes"] = "-"  # of the 2015 election
    rows.to_csv(later, index=False)
    result = backtest(f"{later}:2005", f"{later}:2010", given="national", runs=20)
    assert result["votebank_parameters"]["source"].startswith("prior")


def test_a_file_of_one_assembly_not_named_national_is_fitted_on_its_own_pairs(tmp_path):
    # The reader takes every row of a file of one assembly ("Westminster"); the history kept
    # only rows named "national", so such a file fell back to the prior, unsaid.
    import pandas as pd

    from tests.backtest.test_fit import small_file

    f = small_file(tmp_path / "r.csv", seats=6)
    pd.read_csv(f).assign(assembly="Westminster").to_csv(f, index=False)
    assert [(p[2], p[3]) for p in history.file_pairs(str(f))] == [
        ("2005-05-05", "2010-05-06"),
        ("2010-05-06", "2015-05-07"),
    ]


def test_two_files_of_one_country_share_the_fit_of_its_shipped_history(tmp_path, monkeypatch):
    # The fit was kept under the forecast's own file's version, though it was fitted on the
    # shipped pairs: every file of the UK (an edited copy, say) fitted the same history again.
    uk = seats_of("uk:2015")
    calls = []
    monkeypatch.setattr(fitted, "fit_on", lambda *a: calls.append(a) or Params())
    monkeypatch.setattr(fitted, "_KEPT", {})
    monkeypatch.setenv("VOTEBANK_CACHE", "off")
    import pandas as pd

    from votebank.elections.shipped import shipped_file

    rows = pd.read_csv(shipped_file("uk"), dtype=str)
    rows = rows[rows["election_date"] == "2015-05-07"]  # one election: no pair of its own
    for name, seats in (("a.csv", 40), ("b.csv", 30)):
        rows[rows["constituency_id"].isin(rows["constituency_id"].unique()[:seats])].to_csv(
            tmp_path / name, index=False
        )
        fitted.fit("national", "2010-05-06", "2015-05-07", uk, str(tmp_path / name))
    assert len(calls) == 1


def test_a_base_file_s_own_pairs_left_unsearched_are_warned_of(tmp_path):
    # Each election in its own file: the fit searched TARGET's file only and fell to the prior,
    # said as "no earlier pair of this country", the base's file holding one unsaid.
    early, late = tmp_path / "early.csv", tmp_path / "late.csv"
    early.write_text(results(["2031-05-01", "2035-05-03"]))
    late.write_text(results(["2040-05-05"]))
    said = history.unsearched_warning(str(early), str(late), "2035-05-03", ())
    assert said == [
        f"votebank is fitted on earlier pairs of TARGET's file only ({late}); BASE's file holds "
        f"{early}:2031-05-01 -> {early}:2035-05-03, not searched: give the elections in one "
        "file to fit on them"
    ]
    # One file, or the pair already used: nothing to say.
    assert history.unsearched_warning(str(early), str(early), "2035-05-03", ()) == []
    used = (f"{early}:2031-05-01 -> {early}:2035-05-03",)
    assert history.unsearched_warning(str(early), str(late), "2035-05-03", used) == []
    # A base file with one election holds no pair.
    assert history.unsearched_warning(str(late), str(early), "2040-05-05", ()) == []


def test_seats_taken_are_found_where_target_spells_the_seat_ids_otherwise(tmp_path):
    # BASE's file writes S1, TARGET's S01 (read as the same seat): the seats taken at BASE
    # were all read as held, and the surge lifted no one.
    from tests.backtest.test_surge import won_by, write

    f = write(tmp_path / "base.csv", {"2001-06-07": won_by("AAAB"), "2005-05-05": won_by("ABAB")})
    later = {f"S0{s[1:]}": v for s, v in won_by("AAAA").items()}
    t = write(tmp_path / "target.csv", {"2010-05-06": later})
    b = read_election(f"{f}:2005-05-05")
    pr = history.with_gains(history.make_pair(b, read_election(f"{t}:2010-05-06")), b)
    assert dict(zip(pr.seats, pr.gained, strict=True)) == {
        "S00": False,
        "S01": True,
        "S02": False,
        "S03": False,
    }
    assert pr.notes["gained_at_base"] == {"compared_with": "2001-06-07", "seats": 1}


def test_a_tie_for_first_place_in_the_election_before_the_base_is_told(tmp_path):
    # S0 tied at 2001 with no one declared elected: the first label won it, and whether S0 was
    # taken at 2005 rested on that, unsaid (only the base's own ties were listed).
    from tests.backtest.test_surge import won_by, write
    from votebank.backtest.cli import notes_rows

    before = won_by("AAAB") | {"S0": {"A": 500, "B": 500}}
    f = write(tmp_path / "r.csv", {"2001-06-07": before, "2005-05-05": won_by("BAAB")})
    write(tmp_path / "t.csv", {"2010-05-06": won_by("AAAA")})
    b = read_election(f"{f}:2005-05-05")
    pr = history.with_gains(history.make_pair(b, read_election(f"{tmp_path}/t.csv:2010-05-06")), b)
    assert pr.notes["gained_at_base"]["tied_first_place"] == [
        {"seat": "S0", "winner": "A", "rule": "first label"}
    ]
    rows = dict(notes_rows({"pair": pr.notes}))
    assert rows["S0: first place tied at 2001-06-07"].startswith("A won (first label): whether")

"""A label naming other parties in the base and the target is said (backtest/party_names.py)."""

import pandas as pd
import pytest

from tests.backtest.test_cli_notes import result
from tests.backtest.test_held_out_layouts import candidate_file
from votebank.backtest.cli import notes_rows
from votebank.backtest.party_names import named_otherwise
from votebank.elections.read import read_election


def named(tmp_path, a_names, b_names=("Bee", "Bee")):
    f = candidate_file(tmp_path / "r.csv", others=True)
    d = pd.read_csv(f)
    later = d["election_date"] == "2005-05-05"
    d["party_name"] = ""
    for party, names in (("A", a_names), ("B", b_names)):
        d.loc[(d["party"] == party) & ~later, "party_name"] = names[0]
        d.loc[(d["party"] == party) & later, "party_name"] = names[1]
    d.loc[d["party"] == "OTH", "party_name"] = "Others"  # the others' row: no party
    d.to_csv(f, index=False)
    return named_otherwise(read_election(f"{f}:2001"), read_election(f"{f}:2005"))


def test_a_label_of_another_party_in_the_target_is_named_with_both_names(tmp_path):
    # UK 1987 -> 1992 scored the SDP-Liberal Alliance and the Liberal Democrats as one LD
    # without a word: the backtest's notes did not say the label changed parties.
    got = named(tmp_path, ("SDP-Liberal Alliance", "Liberal Democrat"))
    assert got == [
        "A: SDP-Liberal Alliance in 2001-06-07, Liberal Democrat in 2005-05-05 "
        "(one label: its vote carried)"
    ]


@pytest.mark.parametrize(
    "names",
    [
        ("Pirate Party UK", "Pirate Party"),
        ("United Kingdom Independence Party", "UK Independence Party"),
        ("Social Democratic & Labour Party", "Social Democratic and Labour Party"),
        ("Workers' Revolutionary Party", "Workers Revolutionary Party"),
        ("Alliance Party", "Alliance"),
    ],
)
def test_one_name_written_two_ways_is_not_named(tmp_path, names):
    # The shipped 2010 and 2015 files write a dozen parties' names otherwise.
    assert named(tmp_path, names) == []


@pytest.mark.parametrize("names", [("-", "-"), ("Party 1", "Party 1"), ("-", "Labour")])
def test_a_name_with_no_word_is_never_another_party(tmp_path, names):
    # A file writing "-" for a party's name in both elections was told the label joined two
    # parties: "A: - in 2001-06-07, - in 2005-05-05".
    assert named(tmp_path, names) == []


def test_a_file_without_party_names_says_nothing(tmp_path):
    f = candidate_file(tmp_path / "r.csv")
    assert named_otherwise(read_election(f"{f}:2001"), read_election(f"{f}:2005")) == []


def test_the_rules_applied_show_the_label_and_its_names():
    r = result()
    r["pair"]["named_otherwise"] = ["A: Old in 2001-06-07, New in 2005-05-05 (one label)"]
    assert dict(notes_rows(r))["one label, other names"].startswith("A: Old in 2001-06-07")

"""The party-by-party UK files are what their build script makes of the raw extracts kept
with it (scripts/raw/uk, with the source's errors mended by hoc_corrections.csv), and hold the
official seat counts of each election."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from votebank.elections.read import read_election
from votebank.elections.shipped import data_dir
from votebank.errors import InputError

ROOT = Path(__file__).resolve().parents[2]
RAW = ROOT / "scripts" / "raw" / "uk"
SCRIPT = ROOT / "scripts" / "build_uk_hoc_results.py"
BUILDS = {
    "uk_results_1974_1979.csv": ("1974f", "1974o", "1979"),
    "uk_results_1983_1992.csv": ("1983", "1987", "1992"),
}


def build(out: Path, elections, *extra: str) -> str:
    raws = [str(RAW / f"hoc_{e}.csv") for e in elections]
    done = subprocess.run(
        [sys.executable, str(SCRIPT), *raws, "--out", str(out), *extra],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


@pytest.mark.parametrize("shipped", sorted(BUILDS))
def test_each_file_is_rebuilt_from_its_raw_extracts_byte_for_byte(tmp_path, shipped):
    out = tmp_path / "rebuilt.csv"
    said = build(out, BUILDS[shipped], "--corrections", str(RAW / "hoc_corrections.csv"))
    assert "do not add up to total_votes: none" in said
    assert out.read_bytes() == (data_dir() / "uk" / shipped).read_bytes()


def test_without_the_corrections_the_octobers_moved_figures_put_the_snp_in_england(tmp_path):
    # The source prints Inverness's October 1974 figures (the SNP's votes among them) on the
    # row of Ipswich: the script refuses nationalist votes in England.
    with pytest.raises(subprocess.CalledProcessError) as refused:
        build(tmp_path / "out.csv", BUILDS["uk_results_1974_1979.csv"])
    assert "IPSWICH 1974O: nationalist votes in England" in refused.value.stderr


def test_respelt_seats_are_one_seat_but_a_split_seat_is_new(tmp_path):
    rows = pd.read_csv(data_dir() / "uk" / "uk_results_1974_1979.csv")
    per_day = rows.groupby("election_date")["constituency_id"].nunique()
    assert per_day.tolist() == [623, 623, 623]
    assert rows["constituency_id"].nunique() == 623  # EAST ABERDEENSHIRE is ABERDEENSHIRE EAST
    # Milton Keynes, split in 1992, keeps its id for one of its parts in the source: the two
    # parts are new seats, not Milton Keynes renamed.
    later = pd.read_csv(data_dir() / "uk" / "uk_results_1983_1992.csv")
    ids = set(later.loc[later["election_date"].eq("1992-04-09"), "constituency_id"])
    assert "HOC1983-MILTON-KEYNES" not in ids
    assert "HOC1983-MILTON-KEYNES-SOUTH-WEST" in ids


# Largest row per Great Britain seat, from the official results (House of Commons Library,
# CBP-8647; Northern Ireland left out, as the files leave it out). OTH: a seat won outside
# the party columns: in February 1974 Blyth (Eddie Milne), Lincoln (Dick Taverne) and Wirral
# (the Speaker, whose votes the source counts there; official tables give him as Conservative).
WON = {
    ("uk_results_1974_1979.csv", "1974-02-28"): {
        "Lab": 301,
        "Con": 296,
        "LD": 14,
        "SNP": 7,
        "OTH": 3,
        "PC": 2,
    },
    ("uk_results_1974_1979.csv", "1974-10-10"): {
        "Lab": 319,
        "Con": 277,
        "LD": 13,
        "SNP": 11,
        "PC": 3,
    },
    ("uk_results_1974_1979.csv", "1979-05-03"): {
        "Con": 339,
        "Lab": 269,
        "LD": 11,
        "SNP": 2,
        "PC": 2,
    },
    ("uk_results_1983_1992.csv", "1983-06-09"): {
        "Con": 397,
        "Lab": 209,
        "LD": 23,
        "SNP": 2,
        "PC": 2,
    },
    ("uk_results_1983_1992.csv", "1987-06-11"): {
        "Con": 376,
        "Lab": 229,
        "LD": 22,
        "SNP": 3,
        "PC": 3,
    },
    ("uk_results_1983_1992.csv", "1992-04-09"): {
        "Con": 336,
        "Lab": 271,
        "LD": 20,
        "SNP": 3,
        "PC": 4,
    },
}


@pytest.mark.parametrize(("shipped", "day"), sorted(WON))
def test_each_election_gives_the_official_seats_won(shipped, day):
    rows = pd.read_csv(data_dir() / "uk" / shipped, dtype={"votes": int})
    rows = rows[rows["election_date"].eq(day)]
    largest = rows.loc[rows.groupby("constituency_id")["votes"].idxmax()]
    assert largest["party"].value_counts().to_dict() == WON[(shipped, day)]
    winners = rows[rows["elected"].eq(1)]
    assert winners["constituency_id"].is_unique
    assert winners["constituency_id"].nunique() == rows["constituency_id"].nunique()


def test_a_year_of_two_elections_is_refused_naming_both_days():
    # 1974 held two general elections: uk:1974 names neither, and the error gives both days.
    with pytest.raises(InputError) as refused:
        read_election("uk:1974")
    said = str(refused.value)
    assert "several elections match" in said
    assert "1974-02-28" in said
    assert "1974-10-10" in said
    assert read_election("uk:1974-10-10").date == "1974-10-10"

"""The party-by-party UK files are what their build script makes of the raw extracts kept
with it (scripts/raw/uk), and hold the official seat counts of each election."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from votebank.elections.shipped import data_dir

ROOT = Path(__file__).resolve().parents[2]
RAW = ROOT / "scripts" / "raw" / "uk"


def test_the_1983_1992_file_is_rebuilt_from_its_raw_extract_byte_for_byte(tmp_path):
    out = tmp_path / "rebuilt.csv"
    raws = [str(RAW / f"hoc_{year}.csv") for year in (1983, 1987, 1992)]
    script = ROOT / "scripts" / "build_uk_hoc_results.py"
    done = subprocess.run(
        [sys.executable, str(script), *raws, "--out", str(out)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "do not add up to total_votes: none" in done.stdout
    shipped = data_dir() / "uk" / "uk_results_1983_1992.csv"
    assert out.read_bytes() == shipped.read_bytes()


# Seats won in Great Britain, from the official results (House of Commons Library, CBP-8647;
# Northern Ireland's 17 seats left out, as the file leaves them out).
WON = {
    "1983-06-09": {"Con": 397, "Lab": 209, "LD": 23, "SNP": 2, "PC": 2},
    "1987-06-11": {"Con": 376, "Lab": 229, "LD": 22, "SNP": 3, "PC": 3},
    "1992-04-09": {"Con": 336, "Lab": 271, "LD": 20, "SNP": 3, "PC": 4},
}


@pytest.mark.parametrize("day", sorted(WON))
def test_each_election_gives_the_official_seats_won(day):
    rows = pd.read_csv(data_dir() / "uk" / "uk_results_1983_1992.csv", dtype={"votes": int})
    rows = rows[rows["election_date"].eq(day)]
    winners = rows[rows["elected"].eq(1)]
    assert winners["constituency_id"].is_unique
    assert winners["constituency_id"].nunique() == rows["constituency_id"].nunique()
    assert winners["party"].value_counts().to_dict() == WON[day]

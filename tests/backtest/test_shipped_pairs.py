"""The pairs of every shipped results file are found, whichever file of a country holds them."""

from __future__ import annotations

import pytest

from votebank.backtest import fit as fitmod
from votebank.elections import rows as rowsmod

HEAD = (
    "election_date,election_type,constituency_id,constituency_name,region,electorate,party,"
    "candidate,votes"
)


def results(dates: list[str], seats: int = 12) -> str:
    lines = [HEAD]
    for k, d in enumerate(dates):
        for s in range(seats):
            a, b = 400 + 13 * s + 20 * k, 380 + 7 * ((s * 5) % seats) - 10 * k
            for party, votes in (("A", a), ("B", b), ("C", 60 + 5 * s)):
                lines.append(f"{d},general,S-{s},Seat {s} town,R{s % 3},1000,{party},,{votes}")
    return "\n".join(lines) + "\n"


@pytest.fixture
def land(tmp_path, monkeypatch):
    folder = tmp_path / "data" / "pairland"
    folder.mkdir(parents=True)
    (folder / "pl_results_a.csv").write_text(results(["2031-05-01", "2035-05-03"]))
    (folder / "pl_results_b.csv").write_text(results(["2040-05-05", "2045-05-04"]))
    monkeypatch.setattr(rowsmod, "data_dir", lambda: tmp_path / "data")
    rowsmod.shipped_files.cache_clear()
    fitmod.shipped_pairs.cache_clear()
    yield folder
    rowsmod.shipped_files.cache_clear()
    fitmod.shipped_pairs.cache_clear()


def test_every_shipped_file_gives_its_pairs(land):
    found = fitmod.shipped_pairs()
    assert [(p[0], p[1]) for p in found] == [
        ("pairland:2031-05-01", "pairland:2035-05-03"),
        ("pairland:2040-05-05", "pairland:2045-05-04"),
    ]
    # A forecast from the second file's base is fitted on the first file's pair only.
    earlier = fitmod.earlier_pairs("2040-05-05", "2045-05-04", "candidates")
    assert [p[1] for p in earlier] == ["pairland:2035-05-03"]
    # A pair across the two files is not a pair: the files are not one history.
    assert not any(p[2] == "2035-05-03" for p in found)

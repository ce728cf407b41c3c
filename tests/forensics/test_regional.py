"""Per-region results: regions too small to test get none, and a station-id column is named."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from votebank.forensics.analyze import analyze
from votebank.forensics.regional import MIN_REGION_STATIONS
from votebank.forensics.synthetic import klimek_synthetic


def stations(n: int, seed: int = 5):
    res, _ = klimek_synthetic(n, rng=np.random.default_rng(seed))
    return res


def test_a_region_column_of_station_numbers_gives_no_per_station_verdicts():
    # With --region naming the station's own number, every "region" was one station, the
    # integer test ran on each alone and flagged some by chance, ranked as suspicious regions.
    res = stations(300)
    report = analyze(replace(res, regions=np.arange(300).astype(str)), seed=1, bootstrap=0)
    assert report.regions == ()
    assert len(report.small_regions) == 300
    said = " ".join(report.headline.split())
    assert "300 of 300 regions hold a single station: --region looks like a station id" in said
    assert "All 300 regions hold fewer than 10 stations" in said
    assert len(report.to_dict()["regions_too_small_to_test"]) == 300


def test_small_regions_are_named_and_the_others_still_tested():
    res = stations(520)
    labels = np.array(["North"] * 250 + ["South"] * 250 + [f"tiny{i // 4}" for i in range(20)])
    report = analyze(replace(res, regions=labels), seed=1, bootstrap=0)
    assert sorted(r.region for r in report.regions) == ["North", "South"]
    assert report.small_regions == tuple(f"tiny{i}" for i in range(5))
    said = " ".join(report.headline.split())
    assert "single station" not in said  # a few small regions are no station-id column
    assert f"5 of 7 regions hold fewer than {MIN_REGION_STATIONS} stations (20 stations" in said
    # Their stations still count nationally.
    assert report.n_stations == 520


def test_regions_all_large_enough_add_no_note():
    res = stations(400)
    report = analyze(replace(res, regions=np.repeat(["A", "B"], 200)), seed=1, bootstrap=0)
    assert len(report.regions) == 2
    assert report.small_regions == ()
    assert "fewer than" not in report.headline
    assert "regions_too_small_to_test" not in report.to_dict()

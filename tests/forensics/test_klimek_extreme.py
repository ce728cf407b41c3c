"""Extreme fraud at any share, and clusters at near-unanimous turnout and share.

Two failures of the Klimek fit on clear stuffing: f_e was capped at 0.1 by its grid (a file
stuffed at 35-90% of its stations read f_e 0.1 with an interval of [0.1, 0.1]), and a
cluster of stations at 97-99.5% turnout and share was taken for the fair cluster and read as
"one clean cluster" (f_e 0). Every election here is drawn with a fixed seed.
"""

from __future__ import annotations

import numpy as np
import pytest

from votebank.forensics.fingerprint import extreme_stations, fit_klimek
from votebank.forensics.klimek_corner import NEAR_UNANIMOUS, f_e_grid_for
from votebank.forensics.klimek_grid import F_E_FINE_TOP, F_E_GRID
from votebank.forensics.regions import standardise
from votebank.forensics.stations import StationResults


def election(
    n: int,
    seed: int,
    *,
    stuffed: float = 0.0,
    unanimous: float = 0.0,
    regions: int = 1,
    turnout: float = 0.55,
    share: float = 0.45,
) -> tuple[StationResults, np.ndarray]:
    """A clean binomial election, with a share of stations stuffed.

    ``stuffed`` stations report 100% turnout, all for the leader; ``unanimous`` ones report
    turnout and leader share each uniform on 97-99.5% (of the last region only, when there
    are regions). Returns the results and the mask of tampered stations.
    """
    rng = np.random.default_rng(seed)
    reg = rng.integers(300, 3000, n)
    r = rng.integers(0, regions, n)
    t = np.clip(rng.normal(turnout + 0.03 * (r - 1.5), 0.07, n), 0.05, 0.98)
    ballots = rng.binomial(reg, t)
    valid = ballots - rng.binomial(ballots, 0.02)
    s = np.clip(rng.normal(share + 0.02 * (r - 1.5), 0.07, n), 0.01, 0.99)
    lead = rng.binomial(valid, s)
    k = rng.random(n) < stuffed
    ballots[k] = valid[k] = lead[k] = reg[k]
    u = (r == regions - 1) & (rng.random(n) < unanimous) & ~k
    ballots[u] = np.minimum(reg[u], np.round(reg[u] * rng.uniform(0.97, 0.995, u.sum())))
    valid[u] = ballots[u]
    lead[u] = np.round(ballots[u] * rng.uniform(0.97, 0.995, u.sum()))
    res = StationResults(
        registered=reg,
        ballots=ballots,
        valid=valid,
        leader_votes=lead,
        other_votes=(valid - lead)[:, None],
        source="synthetic",
        regions=np.array([f"R{x}" for x in r]) if regions > 1 else None,
    )
    return res, k | u


def test_f_e_grid_reaches_one_and_a_fit_uses_only_what_its_corner_needs():
    assert F_E_GRID[0] == 0
    assert F_E_GRID[-1] == pytest.approx(1.0)
    assert np.all(np.diff(F_E_GRID) > 0)
    # The old grid (every 0.005 up to 0.1) is kept whole: clean fits do not change.
    fine = F_E_GRID[F_E_GRID <= F_E_FINE_TOP + 1e-9]
    assert np.allclose(fine, np.arange(0, 0.1 + 1e-9, 0.005))
    assert np.array_equal(f_e_grid_for(F_E_GRID, 0.002, 2_000), fine)
    # A corner of 60% of 3,000 stations: a prefix reaching past the cap by a few SEs.
    g = f_e_grid_for(F_E_GRID, 0.6, 3_000)
    assert np.array_equal(g, F_E_GRID[: len(g)])
    assert 0.64 <= g[-1] <= 0.7
    assert f_e_grid_for(F_E_GRID, 1.0, 100)[-1] == pytest.approx(1.0)


@pytest.mark.parametrize("stuffed", [0.35, 0.6])
def test_f_e_interval_covers_large_extreme_shares(stuffed):
    # 1,500 stations, a share stuffed to 100% / 100%. The old grid read 0.1 [0.1, 0.1].
    covered = []
    for seed in range(3):
        res, k = election(1_500, 100 + seed, stuffed=stuffed)
        fit = fit_klimek(res, rng=np.random.default_rng(seed), bootstrap=20, level=0.9)
        truth = k.mean()
        assert abs(fit.f_e - truth) <= 0.02, (fit.f_e, truth)
        covered.append(fit.f_e_interval[0] - 0.005 <= truth <= fit.f_e_interval[1] + 0.005)
        assert fit.flagged
        assert fit.f_e_p_value < 0.05
    # The interval's bounds are grid values 0.01 apart here: truth within half a step of it
    # in every one of the 3 elections (the bootstrap SE of the share is about 0.012).
    assert sum(covered) == 3


def test_a_file_near_unanimous_everywhere_is_not_read_as_clean():
    # 95% of 600 stations at 97-99.5% turnout and share: the old fit solved its fair cluster
    # at 98%/98% and read f_e 0, "consistent with one clean cluster".
    res, k = election(600, 7, unanimous=0.95)
    fit = fit_klimek(res, rng=np.random.default_rng(0), bootstrap=20)
    assert fit.flagged
    assert fit.f_e_p_value < 0.05
    assert abs(fit.f_e - k.mean()) <= 0.03
    assert "clean cluster" not in fit.reading
    # Its stations are the ones listed as the extreme-fraud cluster.
    listed = extreme_stations(res, fit)
    assert listed[k].mean() >= 0.9
    assert listed[~k].mean() <= 0.1


def test_every_station_at_100_percent_is_extreme():
    n = 200
    reg = np.random.default_rng(1).integers(200, 2000, n)
    res = StationResults(reg, reg.copy(), reg.copy(), reg.copy(), source="synthetic")
    fit = fit_klimek(res, rng=np.random.default_rng(0), bootstrap=20)
    assert fit.f_e == pytest.approx(1.0)
    assert fit.f_e_interval[0] == pytest.approx(1.0)
    assert fit.flagged
    assert fit.f_e_p_value < 0.05


def test_a_region_stuffed_near_unanimously_keeps_its_stations_in_the_corner():
    # Region R3 (a quarter of 2,000 stations) at 97-99.5% / 97-99.5% in 95% of its stations.
    # Standardised like the others, its lower side (in the stuffed cluster) was shifted onto
    # the national centre and the national fit read f_e 0.005.
    res, k = election(2_000, 12, unanimous=0.95, regions=4)
    t = res.ballots / res.registered
    s = res.leader_votes / res.valid
    t2, s2 = standardise(t, s, res.regions)
    assert np.all(t2[k] >= NEAR_UNANIMOUS - 0.03)
    assert np.all(s2[k] >= NEAR_UNANIMOUS - 0.03)
    fit = fit_klimek(res, rng=np.random.default_rng(0), bootstrap=20)
    assert fit.flagged
    assert fit.f_e_p_value < 0.05
    assert abs(fit.f_e - k.mean()) <= 0.03


def test_a_clean_cluster_at_high_turnout_and_share_is_not_flagged():
    # Guard against over-reach of the near-unanimous rule: a clean cluster at 85% turnout and
    # 75% for the leader (inside the model's corner, far from 100%/100%) is no extreme fraud.
    flagged = 0
    for seed in range(3):
        res, _ = election(1_000, 200 + seed, turnout=0.85, share=0.75)
        fit = fit_klimek(res, rng=np.random.default_rng(seed), bootstrap=20)
        flagged += fit.f_e_p_value < 0.05
    assert flagged == 0


def test_f_e_read_off_the_corner_with_no_station_in_its_cluster_is_not_flagged():
    # A clean country read without its regions (honest clusters, misfit 28) flagged f_e 3.5%
    # [3.0, 4.0] while no station lay where the fitted extreme stations would be: the flag
    # and "a cluster near 100%/100%" named no station.
    import dataclasses

    from votebank.forensics.synthetic import regional_synthetic

    mixed, _ = regional_synthetic(
        3000,
        rng=np.random.default_rng(2),
        regions=8,
        turnout_range=(0.25, 0.7),
        share_range=(0.1, 0.85),
    )
    flat = dataclasses.replace(mixed, regions=None)
    fit = fit_klimek(flat, rng=np.random.default_rng(0), bootstrap=20)
    assert fit.f_e > 0
    assert not extreme_stations(flat, fit).any()
    assert fit.f_e_interval[0] == 0
    assert fit.f_e_p_value == 1
    assert not fit.flagged
    assert "No station lies where the fitted extreme stations would" in fit.reading

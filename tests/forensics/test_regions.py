"""Per-region results, the flagged-stations CSV and standardising within region."""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
import typer
from typer.testing import CliRunner

from votebank.forensics import analyze, write_outputs
from votebank.forensics.cli import forensics_command
from votebank.forensics.klimek_model import model_election
from votebank.forensics.regions import MIN_STATIONS, standardise
from votebank.forensics.synthetic import klimek_synthetic


def make_app() -> typer.Typer:
    app = typer.Typer()
    app.command("forensics")(forensics_command)
    app.command("version")(lambda: None)  # two commands keep typer from collapsing to one
    return app


def test_standardise_puts_every_region_on_one_centre():
    rng = np.random.default_rng(0)
    region = np.repeat(["a", "b"], 4000)
    turnout = np.r_[rng.normal(0.4, 0.05, 4000), rng.normal(0.7, 0.05, 4000)]
    share = np.r_[rng.normal(0.3, 0.05, 4000), rng.normal(0.6, 0.05, 4000)]
    t, s = standardise(turnout, share, region)
    # After the shift both regions peak within 1.5 points of each other (bandwidth 1.5 pt).
    assert abs(np.median(t[:4000]) - np.median(t[4000:])) < 0.015
    assert abs(np.median(s[:4000]) - np.median(s[4000:])) < 0.015
    # Spreads are kept (the shift tapers only above three spreads over the peak).
    assert np.std(t[:4000]) == pytest.approx(np.std(turnout[:4000]), rel=0.01)
    # A station at 100% stays at 100% whatever its region.
    t2, s2 = standardise(
        np.r_[turnout, 1.0, 1.0], np.r_[share, 1.0, 1.0], np.concatenate([region, ["a", "b"]])
    )
    assert t2[-2:].tolist() == [1.0, 1.0]
    assert s2[-2:].tolist() == [1.0, 1.0]


def test_standardise_scales_the_rest_share_so_stuffed_tails_line_up():
    # Two regions with the same turnouts and the same stuffing; in region b the rest's fair
    # share is 0.8 times region a's. Stuffing of intensity x adds x of the non-voters to the
    # leader and takes x of the rest's votes, so b's stuffed shares keep that factor 0.8 on
    # the rest: scaling the rest's share aligns the regions station by station, stuffed or
    # not. A shift of the share (the former standardisation) left the tails apart.
    rng = np.random.default_rng(3)
    n = 3000
    t = np.clip(rng.normal(0.55, 0.08, n), 0.05, 0.95)
    rest_a = np.clip(rng.normal(0.55, 0.06, n), 0.05, 0.95)
    x = np.where(rng.random(n) < 0.6, np.abs(rng.normal(0.0, 0.15, n)), 0.0)
    t_fraud = t + x * (1.0 - t)
    shares = [1.0 - t * f * rest_a * (1.0 - x) / t_fraud for f in (1.0, 0.8)]
    ts, ss = standardise(
        np.r_[t_fraud, t_fraud], np.r_[shares[0], shares[1]], np.repeat(["a", "b"], n)
    )
    assert np.max(np.abs(ss[:n] - ss[n:])) < 1e-9
    assert np.max(np.abs(ts[:n] - ts[n:])) < 1e-9
    # Both sit on the national centre; the raw shares differed by 0.1 at the centre.
    assert abs(np.median(shares[0]) - np.median(shares[1])) > 0.09


def _stuffed_region_election(seed: int = 5):
    # Four honest regions of 1,500 stations; region R4 has extreme stuffing on 10%.
    clean, _ = model_election(6000, rng=np.random.default_rng(seed), regions=4)
    res, kind = model_election(1500, rng=np.random.default_rng(seed + 1), f_e=0.1)
    regions = np.r_[clean.regions, np.full(1500, "R4-stuffed")]
    return clean, res, kind, regions


def test_region_column_ranks_the_stuffed_region_first(tmp_path):
    clean, bad, kind, regions = _stuffed_region_election()
    frame = pd.DataFrame(
        {
            "station": np.arange(1, len(regions) + 1),
            "region": regions,
            "registered": np.r_[clean.registered, bad.registered],
            "ballots": np.r_[clean.ballots, bad.ballots],
            "leader": np.r_[clean.leader_votes, bad.leader_votes],
            "rest": np.r_[clean.other_votes[:, 0], bad.other_votes[:, 0]],
        }
    )
    csv = tmp_path / "e.csv"
    frame.to_csv(csv, index=False)
    out = tmp_path / "out"
    flagged = tmp_path / "field" / "stations.csv"
    # 100 refits (the command's default): a Klimek p-value is at least 1/(B + 1), and to be
    # flagged first under Holm over four tests it must be below 0.05 / 4.
    result = CliRunner().invoke(
        make_app(),
        ["forensics", str(csv), "--registered", "registered", "--ballots", "ballots",
         "--leader", "leader", "--others", "rest", "--region", "region", "--bootstrap", "100",
         "--out", str(out), "--flagged-stations", str(flagged)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    report = json.loads((out / "forensics.json").read_text(encoding="utf-8"))
    ranked = [r["region"] for r in report["regions"]]
    assert ranked[0] == "R4-stuffed"
    assert len(ranked) == 5
    assert (out / "regions.png").is_file()
    table = pd.read_csv(flagged)
    cluster = table[
        (table["test"] == "extreme-fraud cluster") & (table["found_in"] != "(all stations)")
    ]
    # The cluster list holds the truly stuffed stations of R4 (150 expected, Binomial sd 12)
    # and hardly anything else.
    truly = set(np.flatnonzero(kind == 2) + 6002)  # spreadsheet rows: the header is row 1
    listed = set(cluster["station"])
    assert len(truly & listed) >= 0.9 * len(truly)
    assert len(listed - truly) <= 0.1 * len(listed)
    assert set(cluster["region"]) == {"R4-stuffed"}


def test_flagged_csv_lists_whole_percent_and_100_percent_stations(tmp_path):
    res, truth = klimek_synthetic(2000, rng=np.random.default_rng(3), fabricate=0.05)
    ballots = res.ballots.copy()
    ballots[:40] = res.registered[:40]  # 40 stations at exactly 100% turnout
    res = type(res)(**{**vars(res), "ballots": ballots, "valid": np.minimum(res.valid, ballots),
                       "leader_votes": np.minimum(res.leader_votes, np.minimum(res.valid, ballots)),
                       "other_votes": None})  # fmt: skip
    report = analyze(res, seed=0, bootstrap=5)
    paths = write_outputs(report, res, tmp_path)
    table = pd.read_csv(paths["flagged"])
    assert report.integers.flagged
    assert report.shape.flagged
    ints = set(table.loc[table["test"] == "integer percentages", "station"])
    fabricated = set(np.asarray(res.ids)[truth["fabricated"]])
    assert len(fabricated & ints) >= 0.9 * len(fabricated)
    pile = set(table.loc[table["test"] == "100% turnout pile-up", "station"])
    assert set(np.asarray(res.ids)[:40]) <= pile


def test_standardise_keeps_stations_stuffed_towards_the_corner_in_place():
    # A region where the leader is strong (share 0.79 +- 0.14, as in some pakistan-2008
    # seats) and turnout low (0.22 +- 0.03): its share knee is at 0.99, so a per-axis taper
    # moved a station stuffed to 97% turnout and 95% share down to the national share. A
    # taper on the other axis too (turnout far above its centre) keeps it in the corner.
    rng = np.random.default_rng(3)
    n = 3000
    region = np.repeat(["strong", "weak"], n)
    turnout = np.r_[rng.normal(0.22, 0.03, n), rng.normal(0.45, 0.06, n)]
    share = np.r_[np.clip(rng.normal(0.79, 0.14, n), 0, 1), np.clip(rng.normal(0.2, 0.1, n), 0, 1)]
    turnout[:20], share[:20] = 0.97, 0.95
    t, s = standardise(turnout, share, region)
    assert (t[:20] >= 0.95).all()
    assert (s[:20] >= 0.9).all()
    # The honest bulk of the strong region is moved to the common centre all the same.
    assert abs(np.median(s[20:n]) - np.median(s[n:])) < 0.05


def test_regions_too_small_to_read_a_centre_from_are_not_moved():
    # A region of one station had its own counts for a centre and was moved exactly onto the
    # national centre: the station's number given as --region collapsed a file whose stations
    # were 5% stuffed to the extreme to one point, and the fit read f_e 0.
    rng = np.random.default_rng(4)
    turnout, share = rng.normal(0.5, 0.08, 300), rng.normal(0.45, 0.08, 300)
    own = np.arange(300).astype(str)  # every station its own region
    t, s = standardise(turnout, share, own)
    np.testing.assert_array_equal(t, turnout)
    np.testing.assert_array_equal(s, share)
    sizes = np.repeat(np.arange(30), 10)  # regions of MIN_STATIONS are still moved
    assert MIN_STATIONS == 10
    assert not np.array_equal(standardise(turnout, share, sizes)[0], turnout)
    res, truth = klimek_synthetic(3000, rng=np.random.default_rng(6), f_e=0.05)
    regions = np.asarray(res.ids).astype(str)
    fitted = analyze(replace(res, regions=regions), seed=0, bootstrap=0).klimek
    plain = analyze(res, seed=0, bootstrap=0).klimek
    assert fitted.f_e == plain.f_e
    assert abs(fitted.f_e - np.mean(truth["fraud_kind"] == 2)) < 0.015

"""The flagged-stations CSV never hands a spreadsheet a formula from the results file.

Station and region labels come from a file the observer may not trust. Before, a region named
``=HYPERLINK("http://x")`` was written as is, and Excel opening flagged_stations.csv ran it.
"""

import numpy as np
import pandas as pd

from votebank.forensics import StationResults, analyze, write_outputs
from votebank.forensics.flagged import flagged_stations, inert
from votebank.forensics.integers import MIN_DENOMINATOR, is_round_percent


def test_formula_labels_are_written_as_text(tmp_path):
    rng = np.random.default_rng(0)
    n = 300
    registered = rng.integers(300, 1000, n)
    ballots = rng.binomial(registered, 0.6)
    ballots[:40] = registered[:40]  # a pile-up at exactly 100% turnout: flagged
    leader = rng.binomial(ballots, 0.5)
    ids = np.array([f"=cmd|' /C calc'!A{i}" if i % 2 else f"-{i}" for i in range(n)], dtype=object)
    regions = np.where(np.arange(n) % 3 == 0, '=HYPERLINK("http://x")', "@north")
    results = StationResults(
        registered=registered, ballots=ballots, valid=ballots, leader_votes=leader, ids=ids,
        regions=regions,
    )  # fmt: skip
    report = analyze(results, bootstrap=0)
    paths = write_outputs(report, results, tmp_path / "out")
    table = pd.read_csv(paths["flagged"], dtype=str, keep_default_na=False)
    assert len(table)
    for column in ("station", "region", "found_in"):
        assert not table[column].str.match(r"[=+@\t\r]").any()
        assert not table[column].str.match(r"-\D").any()
    assert "'=cmd|' /C calc'!A1" in set(table["station"])
    assert "-2" in set(table["station"])  # a signed number is no formula
    assert {"'@north", '\'=HYPERLINK("http://x")'} <= set(table["region"])


def test_only_labels_a_spreadsheet_would_run_change():
    assert inert("=1+1") == "'=1+1"
    assert inert("+cmd") == "'+cmd"
    assert inert("\t=x") == "'\t=x"
    assert inert("-12") == "-12"
    assert inert("+3.5") == "+3.5"
    assert inert("Station 1 = A") == "Station 1 = A"
    assert inert(17) == 17


def test_integer_rows_list_only_stations_the_integer_test_counted():
    # The test leaves out denominators below 100 (every count of a smaller one is the nearest
    # to some whole percent), but the CSV listed every such station as behind its flag.
    rng = np.random.default_rng(1)
    n = 1000
    registered = np.where(
        np.arange(n) % 5 == 0, rng.integers(20, 60, n), rng.integers(800, 2500, n)
    )
    ballots = (registered * rng.uniform(0.4, 0.7, n)).astype(np.int64)
    written = np.arange(n) % 10 == 1  # protocols written to round targets
    ballots[written] = np.round(registered[written] * 0.75)
    leader = (ballots * rng.uniform(0.35, 0.55, n)).astype(np.int64)
    leader[written] = np.round(ballots[written] * 0.65)
    results = StationResults(
        registered=registered, ballots=ballots, valid=ballots, leader_votes=leader
    )
    report = analyze(results, bootstrap=0)
    assert report.integers.flagged
    table = flagged_stations(results, report)
    rows = table[table["test"] == "integer percentages"]
    assert len(rows)
    assert (rows["registered"] >= MIN_DENOMINATOR).all()


def test_integer_rows_list_the_hits_at_the_grain_of_the_strongest_excess():
    # Protocols written to multiples of 5% were listed among every station whose turnout or
    # share happened to be a whole percent: 1,507 of 6,000 stations, four chance hits for each
    # written protocol. The rows are now the hits at the grain the reading names.
    rng = np.random.default_rng(7)
    n = 3000
    registered = rng.integers(400, 2500, n)
    ballots = rng.binomial(registered, np.clip(rng.normal(0.55, 0.08, n), 0.05, 0.95))
    leader = rng.binomial(ballots, np.clip(rng.normal(0.45, 0.08, n), 0.05, 0.95))
    written = rng.random(n) < 0.04
    t = rng.choice([0.7, 0.75, 0.8, 0.85], n)
    ballots[written] = np.round(registered[written] * t[written])
    leader[written] = np.round(ballots[written] * rng.choice([0.6, 0.65, 0.7], n)[written])
    results = StationResults(
        registered=registered, ballots=ballots, valid=ballots, leader_votes=leader
    )
    report = analyze(results, bootstrap=0)
    assert report.integers.flagged
    assert min(report.integers.grains, key=lambda g: g.p_value).grain in (5, 10)
    rows = flagged_stations(results, report)
    rows = rows[rows["test"] == "integer percentages"]
    listed = np.isin(results.ids, rows["station"].to_numpy())
    assert listed[written].all()  # every written protocol is still listed
    # At every whole percent, a count of n hits by chance about once in n / 100: with ~1,450
    # voters and ~800 votes, some 550 chance hits beside 113 written; at 5% or 10%, a fifth.
    whole = is_round_percent(ballots, registered) | is_round_percent(leader, ballots)
    assert listed[~written].sum() < 0.35 * whole[~written].sum()
    assert rows["detail"].str.endswith(("at a multiple of 5%", "at a multiple of 10%")).all()

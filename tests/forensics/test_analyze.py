"""The flag lines that `analyze` builds from the tests' results."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest

from votebank.forensics.analyze import _flags, _headline, analyze
from votebank.forensics.reader import read_station_results
from votebank.forensics.report import Flag
from votebank.forensics.stations import StationResults
from votebank.forensics.synthetic import klimek_synthetic


def test_f_i_line_says_it_is_not_identified_when_the_misfit_guard_opened_its_interval():
    # forensics-run on a stored na184-2008 run: f_i 0.9 [0, 0.9], misfit 1.64, and the table
    # read "No smear towards high turnout and leader share beyond chance: best fit 90.0%",
    # as if the data had ruled fraud out, while the guard had only given up on it.
    res, _ = klimek_synthetic(300, rng=np.random.default_rng(1))
    report = analyze(res, seed=0, bootstrap=20)  # fewer refits could not flag: not tested
    guarded = dataclasses.replace(
        report.klimek, f_i=0.9, f_i_interval=(0.0, 0.9), f_i_p_value=1.0, misfit=1.64
    )
    flags = _flags(
        guarded, report.integers, report.shape, report.last_digit, report.second_digit, 0.05
    )
    reading = flags[1].reading
    assert "beyond chance" not in reading
    assert "not identified" in reading
    assert "misfit 1.64" in reading
    assert "best fit 90.0% of stations" in reading
    # A fit the model describes keeps its reading.
    fine = dataclasses.replace(guarded, misfit=1.1)
    flags = _flags(
        fine, report.integers, report.shape, report.last_digit, report.second_digit, 0.05
    )
    assert flags[1].reading.startswith("No smear towards high turnout")


def test_an_integer_test_with_no_station_to_test_shows_no_p_value_and_the_headline_says_so():
    # 200 stations of 1-3 voters: the integer test looks at none of them, yet its line read
    # "p = 1.0000" and "(nan times)", and the headline counted it among the tests run.
    rng = np.random.default_rng(0)
    registered = rng.integers(1, 4, 200)
    ballots = rng.binomial(registered, 0.6)
    leader = rng.binomial(ballots, 0.5)
    res = StationResults(registered, ballots, ballots.copy(), leader)
    report = analyze(res, seed=0, bootstrap=5)
    line = report.flags[2]
    assert line.test.startswith("Integer percentages")
    assert line.p_value is None
    assert line.p_adjusted is None
    assert not line.flagged
    assert "nan" not in line.reading
    assert "could not be run" in report.headline
    assert report.to_dict()["flags"][2]["p_value"] is None


def test_the_pile_up_line_gives_its_p_value_when_stations_at_100_are_not_flagged():
    # At --alpha 0.01 one station at 100% against 0.02 expected (p = 0.02) read "No pile-up:
    # 1 station at exactly 100% turnout (0.0 expected)", with no word of its p-value.
    rng = np.random.default_rng(3)
    registered = np.full(400, 1000)
    ballots = rng.binomial(registered, 0.6)
    ballots[0] = 1000
    ballots[1:3] = (970, 980)  # in the band: with 1 station there p could not reach 0.01
    res = StationResults(registered, ballots, ballots.copy(), ballots // 2)
    line = analyze(res, seed=0, bootstrap=0, alpha=0.01).flags[3]
    assert line.test.startswith("Pile-up")
    assert not line.flagged
    assert not line.reading.startswith("No pile-up:")
    assert "p = 0.058" in line.reading  # 1 - (50/51)^3


def test_a_pile_up_test_that_could_not_reach_alpha_is_not_run():
    # No station near 100 % turnout, or one alone: "0 stations at exactly 100%, p = 1" was
    # counted as a test run, and joined Holm's family (doubling the integer test's p).
    rng = np.random.default_rng(3)
    registered = np.full(400, 1000)
    ballots = rng.binomial(registered, 0.6)
    res = StationResults(registered, ballots, ballots.copy(), ballots // 2)
    line = analyze(res, seed=0, bootstrap=0).flags[3]
    assert (line.p_value, line.p_adjusted, line.flagged) == (None, None, False)
    assert line.reading == "Not tested: no station has turnout between 95% and 100%."
    ballots[0] = 1000
    line = analyze(res, seed=0, bootstrap=0, alpha=0.01).flags[3]
    assert line.p_value is None
    assert "(1 station between 95% and 100%)" in line.reading
    assert "p would be 0.02, not below 0.01" in line.reading
    assert analyze(res, seed=0, bootstrap=0, alpha=0.05).flags[3].p_value is not None


def test_a_file_where_most_stations_have_more_ballots_than_voters_is_not_passed_in_silence():
    # --registered and --ballots swapped: every station above 100% turnout. No counted test
    # looks at that (turnouts over 100% are capped or left out), and the headline read "None of
    # the 4 main tests flags this election" with no word of it.
    rng = np.random.default_rng(5)
    registered = rng.integers(300, 2000, 300)
    ballots = rng.binomial(registered, 0.6)
    leader = rng.binomial(ballots, 0.45)
    swapped = StationResults(ballots, registered, ballots.copy(), leader)
    headline = analyze(swapped, seed=0, bootstrap=0).headline
    assert "100% of stations report more ballots than registered voters" in headline
    assert "swapped" in headline
    # A few stations over their roll (mobile boxes) are no reason to say so.
    ballots[:5] = registered[:5] + 10
    plain = StationResults(registered, ballots, ballots.copy(), leader)
    assert "swapped" not in analyze(plain, seed=0, bootstrap=0).headline


def test_a_leader_with_no_vote_at_any_station_is_named_as_the_likely_wrong_column():
    # --leader naming a party that won nothing (the tester's "C" of a two-party file): every
    # leader share was 0 and the headline read "None of the 4 main tests flags this election".
    rng = np.random.default_rng(5)
    registered = rng.integers(300, 2000, 300)
    ballots = rng.binomial(registered, 0.6)
    zero = StationResults(registered, ballots, ballots.copy(), np.zeros(300), leader_name="C")
    headline = analyze(zero, seed=0, bootstrap=0).headline
    assert "The leader's column (C) has 0 votes at every station" in headline
    assert "check that it names the winner's column" in headline
    # A leader with votes somewhere is no reason to say so.
    some = np.zeros(300)
    some[0] = 5
    plain = StationResults(registered, ballots, ballots.copy(), some, leader_name="C")
    assert "0 votes at every station" not in analyze(plain, seed=0, bootstrap=0).headline


def _flag(p: float | None, flagged: bool = False) -> Flag:
    return Flag("t", 0.0, p, None, flagged, True, "", p)


def test_the_headline_counts_its_tests_in_the_singular_and_plural():
    # Three of four main tests not run read "None of the 1 main tests flags this election"
    # and "3 main test(s) could not be run here".
    one = _headline((_flag(0.5), _flag(None), _flag(None), _flag(None)), 0.05)
    assert one.startswith(
        "The 1 main test that could be run does not flag this election at the 5% "
    )
    assert "3 main tests could not be run here: their readings say why." in one
    hit = _headline((_flag(0.001, True), _flag(None)), 0.05)
    assert hit.startswith("The 1 main test that could be run flags this election at the 5% ")
    assert "1 main test could not be run here: its reading says why." in hit
    many = _headline((_flag(0.5), _flag(0.5)), 0.05)
    assert many.startswith("None of the 2 main tests flags this election")


def test_the_headline_with_no_main_test_run_says_none_could_be_run():
    # It read "None of the 0 main tests flags this election ...; a clean election raises any
    # of these flags at most 5% of the time", a bound over no test at all.
    none = _headline((_flag(None), _flag(None), _flag(None), _flag(None)), 0.05)
    assert none.startswith("No main test could be run on this election, so none flags it.")
    assert "0 main tests" not in none
    assert "at most" not in none
    assert "4 main tests could not be run here: their readings say why." in none


def _uncontested_file(path, contested: int = 0):
    """A station file where one candidate stands (40-80% turnout), but at ``contested`` rows."""
    rng = np.random.default_rng(7)
    registered = rng.integers(500, 2000, 300)
    ballots = (registered * rng.uniform(0.4, 0.8, 300)).astype(int)
    valid = ballots - rng.integers(0, 10, 300)
    rival = np.zeros(300, dtype=int)
    rival[:contested] = valid[:contested] // 3
    rows = zip(registered, ballots, valid, valid - rival, rival, strict=True)
    path.write_text("reg,bal,valid,A,B\n" + "".join(f"{','.join(map(str, r))}\n" for r in rows))
    return read_station_results(path, registered="reg", ballots="bal", valid="valid", others="A,B")


@pytest.mark.parametrize("contested", [0, 5])
def test_a_file_where_one_candidate_stands_gets_no_klimek_fit_and_no_fraud_headline(
    tmp_path, contested
):
    # The leader had 100% of the valid votes everywhere, at 40-80% turnout: the fit found
    # extreme fraud (f_e about 0.06) and read "A cluster near 100% turnout and 100% for the
    # leader", stations that were not in the file. The share axis says nothing here.
    results = _uncontested_file(tmp_path / "stations.csv", contested)
    report = analyze(results, seed=0, bootstrap=100)
    klimek = [f for f in report.flags if f.test.startswith("Klimek")]
    for line in klimek:
        assert (line.p_value, line.p_adjusted, line.interval, line.flagged) == (
            None,
            None,
            None,
            False,
        )
        assert line.reading.startswith("Not tested: the leader has all the valid votes at ")
        assert f"at {300 - contested} of 300 stations" in line.reading
    assert "Klimek" not in report.headline
    # Nor the pile-up: no station is near 100% turnout (40-80%), so it could not flag.
    assert report.headline.startswith("The 1 main test that could be run does not flag")
    assert "3 main tests could not be run here" in report.headline


def test_a_file_with_a_rival_at_many_stations_still_gets_its_klimek_fit(tmp_path):
    # 30 of 300 stations (10%) with a second candidate: the share varies enough to be read.
    results = _uncontested_file(tmp_path / "stations.csv", 30)
    report = analyze(results, seed=0, bootstrap=0)
    assert "Not tested" not in report.klimek.reading
    assert not math.isnan(report.klimek.f_e)


def test_one_candidate_with_a_few_votes_against_gets_no_klimek_fit():
    # A "No" line beside one candidate (0-7 votes a station, share about 99%): before, the fit
    # read stations near 100% turnout that the file (40-80% turnout) does not hold, and the
    # headline flagged extreme fraud.
    rng = np.random.default_rng(7)
    registered = rng.integers(500, 2000, 300)
    valid = (registered * rng.uniform(0.4, 0.8, 300)).astype(int)
    against = rng.integers(0, 8, 300)
    results = StationResults(
        registered=registered,
        ballots=valid,
        valid=valid,
        leader_votes=valid - against,
        other_votes=against[:, None],
    )
    report = analyze(results, seed=0, bootstrap=0)
    assert report.klimek.reading.startswith("Not tested: the leader has all the valid votes at ")
    assert math.isnan(report.klimek.f_e)


def test_a_report_shows_its_stations_and_flags_not_its_arrays():
    # The repr printed every array and nested report: 48,000 characters for 280 stations.
    results, _ = klimek_synthetic(400, rng=np.random.default_rng(3))
    report = analyze(results, seed=0, bootstrap=5)
    assert repr(report) == (  # the others could not be run (tests/forensics/test_report.py)
        f"ForensicsReport({report.source!r}: 400 stations; 0 of 1 main test flag it at alpha "
        "0.05 (3 could not be run); seed 0, bootstrap 5)"
    )


def test_a_smear_flagged_as_incremental_fraud_says_blocs_make_one_too():
    # Clean synthetic countries with clan blocs flagged f_i in 47% of their constituencies
    # (benchmarks/forensics_blocs.py), and the reading named only fraud.
    res, _ = klimek_synthetic(2_000, rng=np.random.default_rng(1), f_i=0.6)
    report = analyze(res, seed=0, bootstrap=40)
    [fi] = [f for f in report.flags if "f_i" in f.test]
    assert fi.p_value < 0.05  # the reading follows the test's own p-value
    assert "Votes delivered in blocs make such a smear without fraud." in fi.reading
    clean, _ = klimek_synthetic(2_000, rng=np.random.default_rng(1))
    [fi] = [f for f in analyze(clean, seed=0, bootstrap=40).flags if "f_i" in f.test]
    assert fi.p_value >= 0.05
    assert "blocs" not in fi.reading


def test_the_regional_headline_gives_the_chance_flag_rate_of_the_alpha_used():
    # At --alpha 0.01 it said "about 1 in 20 clean regions flags by chance", the rate at 0.05.
    rng = np.random.default_rng(4)
    registered = np.full(600, 1000)
    ballots = rng.binomial(registered, 0.6)
    ballots[:40:2] = 1000  # 20 stations of region A at exactly 100% turnout
    regions = np.where(np.arange(600) < 300, "A", "B")
    leader = rng.binomial(ballots, 0.4)
    results = StationResults(registered, ballots, ballots, leader, regions=regions)
    report = analyze(results, seed=0, bootstrap=0, alpha=0.01)
    assert "By region, 1 of 2 regions has at least one flag; most suspicious first: A" in (
        report.headline
    )
    assert "about 1 in 100 clean regions flags by chance" in report.headline
    report = analyze(results, seed=0, bootstrap=0, alpha=0.05)
    assert "about 1 in 20 clean regions flags by chance" in report.headline

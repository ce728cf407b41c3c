"""The sections of files given with an ensemble (counterfactuals.json, backtest.json, ...)."""

from __future__ import annotations

import re

from votebank.report.extrasections import extra_section


def test_large_numbers_are_written_out_not_in_scientific_notation():
    # Votes of counterfactuals.json showed as "1.3e+04" and "1.302e+04": 13,001 and 13,025 read
    # the same, and the difference beside them could not be checked.
    rows = [
        {"party": "Con", "votes": 13001.45, "variant votes": 13024.6, "difference": 23.15},
        {"party": "LD", "votes": 2455.1, "variant votes": 2457.55, "difference": 2.45},
    ]
    html = extra_section("counterfactuals", {"rows": rows, "total": 9999.7, "p": 1.8e-16})
    assert "e+" not in html
    for text in ("13,001", "13,025", "23.15", "2,455", "2,458", "10,000", "1.8e-16"):
        assert text in html, text


def test_a_file_naming_no_ensemble_is_not_said_to_be_this_ensembles():
    # A backtest of UK 2001 -> 2005 in a tiny report read "The backtest results given with
    # this ensemble"; counterfactuals read "The counterfactuals results".
    backtest = extra_section("backtest", {"headline": "uk:2001 -> uk:2005: ..."})
    assert "it names no ensemble, so it may be about another scenario or election" in backtest
    assert "given with this ensemble" not in backtest
    ours = extra_section("counterfactuals", {"ensemble_id": "abc", "rows": []})
    assert "The counterfactual comparisons of this ensemble." in ours
    run = extra_section("forensics", {"source": "votebank.duckdb, ensemble abc run 0"})
    assert "of this ensemble" in run


def test_forensics_of_one_stored_run_says_which_run_and_that_its_stations_are_simulated():
    # `votebank forensics-run` tests one run's simulated stations. Its section read "The
    # forensics of this ensemble." above "3 of 4 main tests flag this election", in a report
    # titled with a real election: quotable as a finding about the real returns.
    source = "out/votebank.duckdb ensemble b6f509a05ff2123d run 7"
    html = extra_section("forensics", {"source": source, "headline": "3 of 4 main tests flag"})
    assert "run 7 of this ensemble" in html
    assert "simulated polling stations, not a real election's returns" in html


def test_fields_are_headed_in_words_and_coverages_are_percentages():
    # The backtest's table was headed winners_wrong, brier_expected, and its coverages read
    # 0.437236 beside "share_cover50".
    rows = [{"method": "votebank", "winners_wrong": 43, "brier_expected": 0.13}]
    methods = {"votebank": {"share_cover50": 0.437236, "seat_cover90": 1.0, "p_adjusted": 0.04}}
    html = extra_section("backtest", {"rows": rows, "methods": methods})
    for text in ("winners wrong", "expected Brier", "shares in 50%", "seats in 90%", "44%"):
        assert text in html, text
    for raw in ("winners_wrong", "brier_expected", "share_cover50", "0.4372"):
        assert raw not in html, raw
    assert "p after Holm" in html


def test_a_forensics_run_s_simulated_truth_is_shown_beside_its_verdicts():
    truth = {"reading": "Simulated truth: 2.7% of the 412 analysed stations were stuffed."}
    html = extra_section(
        "forensics", {"headline": "1 of 4 main tests flag", "simulated_truth": truth}
    )
    assert "<p>Simulated truth: 2.7% of the 412 analysed stations were stuffed.</p>" in html


def test_the_brier_score_is_headed_as_a_name_beside_its_expected_value():
    # The backtest section headed its columns "brier" and "expected Brier" side by side.
    rows = [{"method": "votebank", "brier": 0.103, "brier_expected": 0.117}]
    html = extra_section("backtest", {"rows": rows})
    assert '<th scope="col">Brier</th>' in html
    assert ">brier<" not in html


def test_notes_that_hold_commas_are_told_apart():
    # A backtest's reading notes were joined with commas: "... unknown: A, B, 2014-05-08: ...".
    notes = ["2010-05-06: rolls read as unknown: A, B", "2014-05-08: rolls read as unknown: C"]
    html = extra_section("backtest", {"pair": {"reading": notes, "seats": ["A", "B"]}})
    assert "unknown: A, B; 2014-05-08: rolls" in html
    assert "A, B</dd>" in html  # a list of names keeps its commas


def test_a_number_in_a_table_is_kept_on_one_line():
    # The forensics table broke the p-value 9.81e-09 after "e-" in Chromium, at 1366 px too:
    # "9.81e-" on one line and "09" under it, read as two numbers.
    from pathlib import Path

    import votebank.report as report

    flags = [{"test": "Integer percentages", "p_value": 9.81e-09, "flagged": True, "n": 12}]
    html = extra_section("forensics", {"flags": flags})
    assert '<span class="nb">9.8e-09</span>' in html
    assert '<span class="nb">12</span>' in html
    assert '<span class="nb">yes</span>' not in html  # a flag is a word, free to wrap
    css = (Path(report.__file__).parent / "assets" / "report.css").read_text(encoding="utf-8")
    assert ".nb { white-space: nowrap; }" in css


def test_a_legend_is_shown_under_the_table_not_among_all_fields():
    # The backtest section showed "Brier 0.08532", "seats in 90% 100%" and rows of dashes,
    # with nothing to say what they measure or which way is better.
    legend = "How to read the table. Brier: the error of the win probabilities"
    html = extra_section("backtest", {"rows": [{"method": "votebank", "brier": 0.085}],
                                      "legend": legend})  # fmt: skip
    assert f'<p class="note legend">{legend}</p>' in html
    assert "All fields" not in html


def test_a_flag_outside_the_verdict_reads_weak_as_in_the_terminal():
    # The second-digit test of forensics-run read "flagged: yes" in the report, "weak" in the
    # terminal's table, beside a headline calling it weak evidence on its own.
    flags = [
        {"test": "Pile-up at exactly 100% turnout", "flagged": True, "counted": True},
        {"test": "Second digits vs Benford (2BL)", "flagged": True, "counted": False},
        {"test": "Last digits", "flagged": False, "counted": False},
    ]
    html = extra_section("forensics", {"flags": flags})
    cells = re.findall(r"<tr><td>([^<]*)</td><td>([^<]*)</td>", html)
    assert cells == [
        ("Pile-up at exactly 100% turnout", "yes"),
        ("Second digits vs Benford (2BL)", "weak"),
        ("Last digits", "no"),
    ]
    assert "counted in the verdict" in html


def test_a_long_reading_keeps_a_readable_width():
    # At 400 px each forensics reading was squeezed into a column 80 px wide: 30 lines a row.
    reading = "Round percentages are over-represented: 58 whole-percent values in turnout and "
    reading += "leader share, against 52 expected by chance (1.11 times)"
    html = extra_section(
        "forensics", {"flags": [{"test": "Integer percentages", "reading": reading}]}
    )
    assert f'<div class="long">{reading}</div>' in html
    assert "<td>Integer percentages</td>" in html  # a short name stays as it was


def test_backtest_measures_read_as_in_the_terminal():
    # The report's backtest table read Brier 0.3415 and 0.12, seats wrong 23.54 and 77, where
    # `votebank backtest` printed 0.342, 0.120, 23.5 and 77.0 for the same file.
    rows = [
        {"method": "no change", "winners_wrong": 111, "seats_wrong": 77.0, "brier": 0.341538},
        {"method": "uniform swing", "winners_wrong": 39, "seats_wrong": 18.0, "brier": 0.12},
        {"method": "votebank", "winners_wrong": 39, "seats_wrong": 23.54, "brier": 0.085318,
         "brier_expected": 0.129317, "log_score": -0.183468},
    ]  # fmt: skip
    cells = re.findall(
        r'<span class="nb">([^<]*)</span>', extra_section("backtest", {"rows": rows})
    )
    assert cells == ["111", "77.0", "0.342", "39", "18.0", "0.120", "39", "23.5", "0.085",
                     "0.129", "-0.183"]  # fmt: skip


def test_forensics_p_values_and_statistics_read_as_in_the_terminal():
    # forensics-run's table read p 0.04762, Holm p 0.09524 and statistic 1.015 in the report,
    # beside the terminal's 0.0476, 0.0952 and 1.02 and the row's reading "p = 0.0476".
    flags = [
        {"test": "Klimek f_e", "statistic": 0.005, "p_value": 0.047619, "p_adjusted": 0.095238},
        {"test": "Integer percentages", "statistic": 1.015337, "p_value": 9.810294e-09,
         "p_adjusted": 2.943088e-08},
        {"test": "Pile-up", "statistic": 34, "p_value": 8.482381e-17, "p_adjusted": None},
    ]  # fmt: skip
    cells = re.findall(
        r'<span class="nb">([^<]*)</span>', extra_section("forensics", {"flags": flags})
    )
    assert cells == ["0.005", "0.0476", "0.0952", "1.02", "9.8e-09", "2.9e-08", "34", "8.5e-17"]

"""The report's "The house" section."""

from __future__ import annotations

import re

import pandas as pd

from tests.report import run_tiny
from votebank.report import build_report, render_html


def _house(data: dict) -> str:
    return re.search(r'<section id="house".*?</section>', render_html(data), re.S).group(0)


def test_reserved_seat_columns_only_where_the_house_has_reserved_seats(tmp_path):
    # A UK report's table had "Women" and "Non-Muslim" columns, all 0.0: Pakistan's reserved
    # seats, which a Westminster house does not have.
    data = build_report(run_tiny(tmp_path, runs=2))
    assert "Non-Muslim" in _house(data)  # tiny reserves seats for women and non-Muslims
    for row in data["house"]["parties"]:
        row["women_mean"] = row["non_muslim_mean"] = 0.0
    house = _house(data)
    assert "Women" not in house
    assert "Non-Muslim" not in house
    assert "Total seats (5–95%)" in house


def test_tied_parties_are_all_named_in_the_key_figures(tmp_path):
    # With RED and BLUE each largest (and each with a majority) in half the runs, the key
    # figures named RED alone as "most often largest" and "likeliest majority".
    data = build_report(run_tiny(tmp_path, runs=2))
    for row in data["house"]["parties"]:
        half = 0.5 if row["party"] in ("RED", "BLUE") else 0.0
        row["p_largest"] = row["p_majority"] = half
    stats = re.search(r'<dl class="stats">.*?</dl>', _house(data), re.S).group(0)
    text = " ".join(re.sub(r"<[^>]+>", " ", stats).split()).replace(" ,", ",")
    # Named in the house's order (by mean seats), whichever of the two comes first.
    assert re.search(r"Most often largest (RED, BLUE|BLUE, RED) 50% each", text), text
    assert re.search(r"Likeliest majority (RED, BLUE|BLUE, RED) 50% each", text), text


def test_seat_intervals_are_those_of_the_summary_not_rounded_twice(tmp_path):
    # A 5 % quantile between two seat counts is a float such as 1.9500000000000002, which the
    # summary writes 2.0; the report kept six digits (1.95) and wrote 1.9 (PC in uk-2015).
    from votebank.results.store import ResultsStore
    from votebank.results.summary import seat_summary

    store = run_tiny(tmp_path, runs=20)
    data = build_report(store)
    with ResultsStore(store, read_only=True) as s:
        seats = seat_summary(s, s.chosen_ensemble(None), None).set_index("party")
    for row in data["house"]["parties"]:
        for key in ("total_q05", "total_q95", "general_q05", "general_q95", "at_poll_q05"):
            assert row[key] == float(seats.loc[row["party"], key]), (row["party"], key)


def test_seat_means_read_as_in_the_summary(tmp_path):
    # pakistan-2008, 20 runs: PPPP's 88.5 general seats at the poll read "88" here (rounded
    # half to even, no decimal) and 88.5 in the summary; 126.3 seats in all read "126".
    data = build_report(run_tiny(tmp_path, runs=2))
    row = data["house"]["parties"][0]
    row.update(
        at_poll_mean=88.5, at_poll_q05=86.0, at_poll_q95=91.05,
        general_mean=99.1, general_q05=95.0, general_q95=105.0,
        total_mean=126.3, total_q05=121.0, total_q95=134.0, women_mean=23.25,
    )  # fmt: skip
    house = _house(data)
    text = " ".join(re.sub(r"<[^>]+>", " ", house).split())
    for shown in ("88.5 (86–91)", "99.1 (95–105)", "126.3 (121–134)", "23.2", "88.5 simulated"):
        assert shown in text, shown
    tips = re.findall(r"<title>([^<]*)</title>", house)
    assert any("mean 126.3 seats, 5–95% 121–134" in t for t in tips), tips
    assert any("simulated 88.5 general seats at the poll (5–95% 86–91)" in t for t in tips), tips


def test_an_actual_result_of_one_seat_is_one_seat(tmp_path):
    # copeland-2017 and na184-2008 (one seat each): "1 general seats in the actual result".
    data = build_report(run_tiny(tmp_path, runs=2))
    data["house"]["actual_total"] = 1
    assert "1 general seat in the actual result" in _house(data)
    data["house"]["actual_total"] = 268
    assert "268 general seats in the actual result" in _house(data)


def test_general_seats_after_joins_are_headed_as_the_terminal_heads_them(tmp_path):
    # The terminal said "General after joins" of seats that by-elections move too; the report
    # said "after joins and by-elections" in its text: both headings now name both.
    from votebank.results.render import render_seats

    data = build_report(run_tiny(tmp_path, runs=2))
    heads = re.findall(r'<th scope="col">([^<]*)</th>', _house(data))
    seats = pd.DataFrame(data["house"]["parties"]).assign(runs=1)  # the headings alone
    terminal = [str(c.header) for c in render_seats(seats, width=200).columns]
    after = terminal[terminal.index("General at poll") + 1]
    assert "by-elections" in after
    assert f"{after} (5–95%)" in heads, heads


def test_a_house_without_reserved_seats_gives_its_seats_once_as_a_count(tmp_path):
    # A UK report's key figures read "House (mean seats, incl. reserved) 650.0" beside
    # "General seats 650.0": reserved seats it does not have, and a count written as a mean.
    data = build_report(run_tiny(tmp_path, runs=2))
    assert "incl. reserved" in _house(data)  # tiny reserves seats
    data["house"]["size"] = data["house"]["general_size"] = 650.0
    house = _house(data)
    assert "incl. reserved" not in house
    assert "<dt>General seats</dt>" not in house
    assert "<dt>Seats</dt><dd>650</dd>" in house


def test_a_house_without_reserved_seats_has_no_words_on_reserved_seats(tmp_path):
    # The uk-2015-from-2010 report's hemicycle said "Squares are reserved seats, allotted in
    # proportion to seats won" (there are none) and its strip "reserved seats included".
    data = build_report(run_tiny(tmp_path, runs=2))
    assert "Squares are reserved seats" in _house(data)  # tiny reserves seats
    data["house"]["size"] = data["house"]["general_size"] = 650.0
    captions = " ".join(re.findall(r"<figcaption>.*?</figcaption>", _house(data), re.S))
    assert "Squares" in captions or "The house: mean seats" in captions
    assert "reserved" not in captions.lower()


def test_a_house_of_the_same_size_in_every_run_is_counted_not_averaged(tmp_path):
    # pakistan-2008's key figures read "General seats 268.0" and "House ... 338.0".
    data = build_report(run_tiny(tmp_path, runs=2))
    data["house"]["size"], data["house"]["general_size"] = 338.0, 268.0
    house = _house(data)
    assert "<dt>General seats</dt><dd>268</dd>" in house
    assert "<dt>House (mean seats, incl. reserved)</dt><dd>338</dd>" in house
    data["house"]["size"] = 338.45
    assert "<dd>338.4</dd>" in _house(data) or "<dd>338.5</dd>" in _house(data)


def test_the_house_s_seat_charts_name_their_axis(tmp_path):
    # The ticks 0, 50, 100 ... under "Total seats by party" were not said to count seats.
    data = build_report(run_tiny(tmp_path, runs=2))
    chart = re.search(r'<svg class="chart" id="chart-seats".*?</svg>', _house(data), re.S)
    assert re.search(r'class="axis"[^>]*>seats<', chart.group(0))

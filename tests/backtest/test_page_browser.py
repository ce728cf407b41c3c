"""backtest.html in Debian's headless Chromium: it opens on its own, offline, names intact."""

from __future__ import annotations

import pytest

from tests.report.test_browser import ARGS, CHROMIUM, _require_chromium
from votebank.backtest.cli import html_page
from votebank.backtest.study import NEW_START

pytestmark = pytest.mark.browser

URDU = "پاکستان پیپلز پارٹی"


def test_the_page_shows_every_method_and_runs_nothing(tmp_path):
    _require_chromium()
    sync_api = pytest.importorskip("playwright.sync_api")
    votebank = {"winners_wrong": 3, "seats_wrong": 1.5, "brier": 0.1, "brier_expected": 0.09}
    result = {
        "base": f"{URDU}:2002",
        "target": "<script>alert(1)</script>:2008",
        "given": "regional",
        "runs": 1000,
        "seed": 16,
        "headline": "votebank 3 winners wrong",
        "methods": {
            "uniform swing": {"winners_wrong": 4, "seats_wrong": 2.0},
            "votebank": votebank,
        },
        "pair": {
            "seats_compared": 4,
            "only_in_base": ["NA-1"],
            "only_in_target": [],
            "renamed": [],
            "new_parties": [{"party": URDU, "rule": NEW_START["regional"]}],
            "gone_parties": ["<b>gone</b>"],
            "independents": ["IND"],
            "folded_into_OTH": [],
            "people_matched": 5,
            "people_switched_party": 1,
            "reading": [],
        },
    }
    page_file = tmp_path / "backtest.html"
    page_file.write_text(html_page(result), encoding="utf-8")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_page()
        seen: list[str] = []
        page.on("request", lambda r: seen.append(r.url))
        page.on("dialog", lambda d: (seen.append("dialog"), d.dismiss()))
        page.goto(page_file.as_uri(), wait_until="load")
        heading = page.locator("h2").first.inner_text()
        rows = page.locator("section.backtest tbody tr").all_inner_texts()
        rules = dict(r.split("\t") for r in page.locator("section.rules tr").all_inner_texts())
        browser.close()
    assert seen == [page_file.as_uri()]  # no script ran, nothing fetched but the file
    assert URDU in heading  # read as UTF-8, not mojibake
    assert "<script>" in heading  # shown as text
    assert [r.split("\t")[0] for r in rows] == ["uniform swing", "votebank"]
    assert rows[1].split("\t")[1:5] == ["3", "1.5", "0.100", "0.090"]
    assert rules["seats only in base"] == "NA-1"
    assert rules["new parties"].startswith(URDU)
    assert rules["gone parties (no target candidate)"] == "<b>gone</b>"


def test_the_page_fits_a_phone_and_says_what_each_measure_means(tmp_path):
    # At 400 px the whole page scrolled sideways (no viewport, the table wider than the
    # screen), and nothing said what "Brier", "seats in 90%" or a row of "-" meant.
    _require_chromium()
    sync_api = pytest.importorskip("playwright.sync_api")
    point = {"winners_wrong": 40, "seats_wrong": 18.0, "brier": 0.12}
    votebank = {**point, "brier_expected": 0.129, "log_score": -0.18, "seat_cover50": 0.57,
                "seat_cover90": 1.0, "top3_inside90": True, "share_cover50": 0.52,
                "share_cover90": 0.88}  # fmt: skip
    pair = {"seats_compared": 650, "only_in_base": [], "only_in_target": [], "renamed": [],
            "new_parties": [], "gone_parties": [], "independents": ["Ind"],
            "folded_into_OTH": [], "people_matched": 837, "people_switched_party": 13,
            "reading": []}  # fmt: skip
    methods = {"uniform swing": point, "transition": point, "votebank": votebank}
    result = {"base": "uk:2010", "target": "uk:2015", "given": "regional", "runs": 100,
              "seed": 16, "headline": "votebank 39 winners wrong", "pair": pair,
              "methods": methods}  # fmt: skip
    page_file = tmp_path / "backtest.html"
    page_file.write_text(html_page(result), encoding="utf-8")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_page(viewport={"width": 400, "height": 800}, is_mobile=True)
        page.goto(page_file.as_uri(), wait_until="load")
        width = page.evaluate("document.documentElement.scrollWidth")
        legend = page.locator("section.backtest .legend").inner_text()
        browser.close()
    assert width <= 400
    for term in ("Brier", "seats in 50% / 90%", "not margins of error", "A dash"):
        assert term in legend, term

"""The report in a real headless Chromium: it renders, sorts, filters, and runs no injected code.

Uses Debian's ``/usr/bin/chromium`` through Playwright (no Playwright browser download). Skips
when Chromium is missing, except under ``CI``, where a missing Chromium fails the test.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.report import IMG, SCRIPT, hostile_tiny, run_tiny
from votebank.report import build_report, write_report

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SECTIONS = (
    "house",
    "constituencies",
    "provenance",
    "turnout",
    "fingerprint",
    "byelections",
    "scenario",
)
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def _require_chromium() -> None:
    if CHROMIUM.exists():
        return
    if os.environ.get("CI"):
        pytest.fail(f"{CHROMIUM} is missing under CI: install Debian's chromium package")
    pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium); CI is not set")


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    _require_chromium()
    folder = tmp_path_factory.mktemp("browser")
    store = run_tiny(folder, hostile_tiny(folder), runs=20)
    return write_report(build_report(store), folder / "report.html")


@pytest.fixture(scope="module")
def session(report: Path) -> Iterator[dict]:
    """One page on the report, with everything the page said or asked for recorded."""
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        seen: dict = {"errors": [], "dialogs": [], "requests": []}
        page.on(
            "console",
            lambda m: seen["errors"].append(m.text) if m.type == "error" else None,
        )
        page.on("pageerror", lambda e: seen["errors"].append(str(e)))
        page.on("dialog", lambda d: (seen["dialogs"].append(d.message), d.dismiss()))
        page.on("request", lambda r: seen["requests"].append(r.url))
        start = time.perf_counter()
        page.goto(report.as_uri(), wait_until="load")
        seen["load_seconds"] = time.perf_counter() - start
        seen["page"] = page
        yield seen
        browser.close()


def test_loads_fast_and_quietly(session: dict, report: Path) -> None:
    assert session["load_seconds"] < 3.0
    assert session["errors"] == []
    assert session["requests"] == [report.as_uri()]  # nothing fetched but the file itself


def test_every_section_renders_with_charts(session: dict) -> None:
    page = session["page"]
    for section in SECTIONS:
        box = page.locator(f"section#{section}").bounding_box()
        assert box, section
        assert box["height"] > 40, section
    charts = page.locator("svg.chart")
    assert charts.count() >= 8
    for i in range(charts.count()):
        chart = charts.nth(i)
        cid = chart.get_attribute("id")
        marks = chart.evaluate("s => s.querySelectorAll('rect, path').length")
        assert marks > 0, cid
        box = chart.bounding_box()
        assert box, cid
        assert box["width"] > 200, cid
        assert box["height"] > 40, cid


def _column(page, index: int) -> list[str]:
    return page.eval_on_selector_all(
        "#seat-table tbody tr:not([hidden])",
        f"rows => rows.map(r => r.cells[{index}].getAttribute('data-sort'))",
    )


def test_sorting_by_clicking_and_keyboard(session: dict) -> None:
    page = session["page"]
    header = page.locator("#seat-table th", has_text="Turnout")
    header.locator("button").click()
    assert header.get_attribute("aria-sort") == "descending"
    values = [float(v) for v in _column(page, 9)]
    assert len(values) == 3
    assert values == sorted(values, reverse=True)
    header.locator("button").click()
    assert header.get_attribute("aria-sort") == "ascending"
    assert [float(v) for v in _column(page, 9)] == sorted(values)
    # Keyboard: focus the Seat heading's button and press Enter.
    seat = page.locator("#seat-table th", has_text="Seat")
    seat.locator("button").focus()
    page.keyboard.press("Enter")
    assert seat.get_attribute("aria-sort") == "ascending"
    assert header.get_attribute("aria-sort") is None
    assert _column(page, 0) == ["T-1", "T-2", "T-3"]
    page.keyboard.press("Enter")
    assert _column(page, 0) == ["T-3", "T-2", "T-1"]


def test_a_click_anywhere_in_a_heading_sorts(session: dict) -> None:
    # The button was as wide as its words: a click on the rest of a wide heading did nothing.
    page = session["page"]
    widths = page.eval_on_selector_all(
        "#seat-table th", "ths => ths.map(th => th.getBoundingClientRect().width)"
    )
    widest = page.locator("#seat-table th").nth(widths.index(max(widths)))
    box = widest.bounding_box()
    widest.click(position={"x": box["width"] - 10, "y": box["height"] / 2})  # past its words
    assert widest.get_attribute("aria-sort") is not None


def test_filtering(session: dict) -> None:
    page = session["page"]
    box = page.locator("#seat-filter")
    box.fill("north")
    assert sorted(_column(page, 0)) == ["T-1", "T-2"]
    assert page.locator("#seat-status").inner_text() == "2 of 3 constituencies"
    box.fill("canal colony")
    assert _column(page, 0) == ["T-3"]
    box.fill("no such seat")
    assert _column(page, 0) == []
    box.press("Escape")
    assert len(_column(page, 0)) == 3


def test_hostile_names_show_as_text(session: dict) -> None:
    page = session["page"]
    table = page.locator("#seat-table").inner_text()
    assert SCRIPT in table
    assert IMG in table
    assert page.locator("img").count() == 0
    assert page.locator("script").count() == 2
    page.locator("#chart-seats .mark").first.hover()  # tooltips hold names too
    assert session["dialogs"] == []
    assert session["errors"] == []


def test_a_long_word_breaks_inside_the_table(session: dict, tmp_path: Path) -> None:
    data = build_report(run_tiny(tmp_path, runs=2))
    seat = data["constituencies"][0]
    seat["name"] = "W" * 150  # one word, as a seat and a candidate name
    seat["candidates"][0]["name"] = "V" * 150
    path = write_report(data, tmp_path / "report.html")
    page = session["page"].context.browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(path.as_uri(), wait_until="load")
    # Every column stays inside the table's box: nothing to scroll sideways to.
    width, box = page.locator("#seat-table").evaluate(
        "t => [t.parentElement.scrollWidth, t.parentElement.clientWidth]"
    )
    assert width <= box
    page.close()


def test_chart_labels_stay_inside_their_charts(session: dict, tmp_path: Path) -> None:
    # pakistan-2008's "Khyber Paktunkhwa (NWFP)" was sized at 6.6 units a character and drawn
    # 167 units wide: its "K" was cut off at the left edge of "Turnout by region".
    data = build_report(run_tiny(tmp_path, runs=2))
    data["turnout"]["by_region"][0]["region"] = "Khyber Paktunkhwa (NWFP)"
    path = write_report(data, tmp_path / "report.html")
    page = session["page"].context.browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(path.as_uri(), wait_until="load")
    outside = page.evaluate(
        """() => [...document.querySelectorAll('svg.chart text:not([transform])')]
            .filter(t => {
              const b = t.getBBox(), v = t.ownerSVGElement.viewBox.baseVal;
              return b.width && (b.x < v.x - 0.5 || b.x + b.width > v.x + v.width + 0.5);
            })
            .map(t => t.ownerSVGElement.id + ': ' + t.textContent)"""
    )
    assert outside == []
    page.close()


def test_the_seat_tables_caption_reads_without_scrolling_sideways_at_390_px(
    session: dict, report: Path
) -> None:
    # The caption was as wide as the table (1,056 px for uk-2015-from-2010 on a 390 px phone):
    # what the columns mean could only be read by scrolling each of its lines into view.
    page = session["page"].context.browser.new_page(viewport={"width": 390, "height": 800})
    page.goto(report.as_uri(), wait_until="load")
    table, caption = page.locator("#seat-table"), page.locator("#seat-table caption")
    assert table.evaluate("t => t.offsetWidth > t.parentElement.clientWidth")  # it scrolls
    assert caption.evaluate("c => c.getBoundingClientRect().right") <= 390
    table.evaluate("t => { t.parentElement.scrollLeft = 200; }")
    assert caption.evaluate("c => c.getBoundingClientRect().left") >= 0  # it stays in view
    page.close()


def test_a_wide_table_under_all_fields_scrolls_in_its_box_at_375_px(
    session: dict, tmp_path: Path
) -> None:
    # A list of records nested in a file's fields (forensics.json's integers.grains) sat in a
    # scroll box that `dl.kv div { display: contents }` undid: the whole page scrolled sideways.
    grains = [{f"column_{i}_observed": 12345.5 for i in range(8)}] * 3
    extras = {"forensics": {"headline": "h", "integers": {"grains": grains}}}
    path = write_report(
        build_report(run_tiny(tmp_path, runs=2), extras=extras), tmp_path / "r.html"
    )
    page = session["page"].context.browser.new_page(viewport={"width": 375, "height": 800})
    page.goto(path.as_uri(), wait_until="load")
    page.locator("#forensics details").evaluate("d => { d.open = true; }")
    width, viewport = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert width <= viewport
    page.close()


def test_a_chart_wider_than_a_phone_shows_a_shadow_where_it_goes_on(session: dict) -> None:
    # A chart wider than the screen scrolled inside its figure with no sign there was more.
    page = session["page"].context.browser.new_page(viewport={"width": 390, "height": 800})
    page.goto(session["page"].url, wait_until="load")
    figures = page.evaluate(
        "[...document.querySelectorAll('figure')].map(f => "
        "[f.scrollWidth > f.clientWidth, getComputedStyle(f).backgroundImage])"
    )
    wide = [image for overflows, image in figures if overflows]
    assert wide, "no chart is wider than 390 px: the test shows nothing"
    # Two white covers that scroll with the chart, two shadows that stay at the edges.
    assert all(image.count("rgba(0, 0, 0, 0.2)") == 2 for image in wide), wide
    page.close()


def test_screenshot(session: dict) -> None:
    page = session["page"]
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator("#seat-filter").fill("")
    page.evaluate("window.scrollTo(0, 0)")
    out = ARTIFACTS / "report.png"
    page.screenshot(path=str(out), full_page=True)
    assert out.stat().st_size > 10_000

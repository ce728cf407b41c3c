"""The hemicycle, the seat map and the seat page in a real headless Chromium, on national
scenarios: one mark per seat, a click opens the seat's page, readable at 400 px, offline.

Small ensembles (2 runs, no station detail) keep this to seconds; Debian's ``/usr/bin/chromium``
through Playwright, as in ``test_browser.py``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.report.test_browser import ARGS, CHROMIUM, _require_chromium
from votebank.cli import app
from votebank.ensemble.runner import EnsembleRequest, run_ensemble
from votebank.report import build_report, write_report
from votebank.scenario.load import load_scenario

pytestmark = [pytest.mark.browser, pytest.mark.slow]

RUNS = 2
# Every visible text's size in CSS pixels, SVG text scaled by its drawing's scale.
SMALL_TEXT = """() => {
  const bad = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const t = walker.currentNode;
    if (!t.textContent.trim()) continue;
    const e = t.parentElement;
    if (!e || e.closest('title, desc, script, style')) continue;
    const r = e.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    let size = parseFloat(getComputedStyle(e).fontSize);
    const svg = e.closest('svg');
    if (svg && svg.viewBox.baseVal && svg.viewBox.baseVal.width) {
      size *= svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    }
    if (size < 10) bad.push([e.tagName, t.textContent.slice(0, 40), size]);
  }
  return bad;
}"""
PAGE_SCROLL = "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"


def _report(folder: Path, scenario: str, deciding: bool) -> tuple[Path, dict]:
    store = folder / "votebank.duckdb"
    run_ensemble(
        EnsembleRequest(load_scenario(scenario), RUNS, seed=3, store_path=store, station_runs=0)
    )
    if deciding:
        result = CliRunner().invoke(app, ["explain", "--all", "--out", str(folder)])
        assert result.exit_code == 0, result.output
    data = build_report(store)
    return write_report(data, folder / "report.html"), data


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, dict]]:
    _require_chromium()
    return {
        "pakistan-2008": _report(tmp_path_factory.mktemp("pk"), "pakistan-2008", False),
        # The UK scenario switches on one mechanism (swing): its deciding routes are cheap.
        "uk-2015-from-2010": _report(tmp_path_factory.mktemp("uk"), "uk-2015-from-2010", True),
    }


@pytest.fixture(scope="module")
def browser() -> Iterator:
    _require_chromium()
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


def _open(browser, path: Path, width: int = 1280) -> tuple:
    page = browser.new_page(viewport={"width": width, "height": 900})
    seen: dict = {"errors": [], "requests": []}
    page.on("console", lambda m: seen["errors"].append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    page.on("request", lambda r: seen["requests"].append(r.url))
    page.goto(path.as_uri(), wait_until="load")
    return page, seen


@pytest.mark.parametrize("scenario", ["pakistan-2008", "uk-2015-from-2010"])
def test_one_mark_per_seat_and_a_click_opens_its_page(reports, browser, scenario) -> None:
    path, data = reports[scenario]
    page, seen = _open(browser, path)
    ids = [s["id"] for s in data["constituencies"]]
    reserved = sum(
        round(sum(r.get(f"{k}_mean") or 0 for r in data["house"]["parties"]))
        for k in ("women", "non_muslim")
    )
    if scenario == "pakistan-2008":
        assert len(ids) == 268
        assert reserved == 70  # 60 women's and 10 non-Muslims' seats
    else:
        assert len(ids) == 650
        assert reserved == 0
    assert page.locator("#hemicycle [data-seat]").count() == len(ids) + reserved
    assert page.locator("#hemicycle [data-reserved]").count() == reserved
    on_map = page.eval_on_selector_all("#seat-map [data-seat]", "e => e.map(x => x.dataset.seat)")
    assert sorted(on_map) == sorted(ids)
    # Every mark is drawn: it has a box on the page.
    boxes = page.eval_on_selector_all(
        "#seat-map [data-seat]", "e => e.filter(x => x.getBoundingClientRect().width > 2).length"
    )
    assert boxes == len(ids)

    seat = data["constituencies"][len(ids) // 2]
    page.locator(f'#seat-map [data-seat="{seat["id"]}"]').click()
    dialog = page.locator("#seat-page")
    assert dialog.is_visible()
    assert page.locator("#seat-page-h").inner_text().startswith(seat["id"])
    assert dialog.locator("table").first.locator("tbody tr").count() == len(seat["candidates"])
    assert "Turnout" in dialog.inner_text()
    page.keyboard.press("Escape")
    assert not dialog.is_visible()
    # The same page from the hemicycle and from the table's seat button.
    other = data["constituencies"][0]
    page.locator(f'#hemicycle [data-seat="{other["id"]}"]').click()
    assert page.locator("#seat-page-h").inner_text().startswith(other["id"])
    page.locator("#seat-page-close").click()
    page.locator(f'#seat-table button[data-open="{seat["id"]}"]').click()
    assert page.locator("#seat-page-h").inner_text().startswith(seat["id"])
    page.keyboard.press("Escape")
    assert seen["errors"] == []
    assert seen["requests"] == [path.as_uri()]  # no network request, only the file itself
    page.close()


def test_the_map_colours_by_probability_and_by_deciding_route(reports, browser) -> None:
    path, data = reports["uk-2015-from-2010"]
    page, seen = _open(browser, path)
    assert data["deciding"]["mechanisms"] == ["swing"]
    for mode in ("fp", "fr", "fw"):
        page.locator(f'button.mode[data-mode="{mode}"]').click()
        same = page.eval_on_selector_all(
            "#seat-map [data-seat]",
            f"e => e.every(x => x.getAttribute('fill') === x.getAttribute('data-{mode}'))",
        )
        assert same, mode
        assert page.locator(f'button.mode[data-mode="{mode}"]').get_attribute("aria-pressed") == (
            "true"
        )
    seat = data["constituencies"][0]["id"]
    page.locator(f'#seat-map [data-seat="{seat}"]').click()
    text = page.locator("#seat-page").inner_text()
    assert "Deciding routes" in text
    assert "swing" in text
    assert seen["errors"] == []
    page.close()


@pytest.mark.parametrize("scenario", ["pakistan-2008", "uk-2015-from-2010"])
def test_readable_at_400_px(reports, browser, scenario) -> None:
    path, data = reports[scenario]
    page, seen = _open(browser, path, width=400)
    assert page.evaluate(SMALL_TEXT) == []
    width, viewport = page.evaluate(PAGE_SCROLL)
    assert width <= viewport <= 400  # no sideways scroll of the page
    page.locator(f'#seat-table button[data-open="{data["constituencies"][0]["id"]}"]').click()
    assert page.locator("#seat-page").is_visible()
    assert page.evaluate(SMALL_TEXT) == []
    assert page.locator("#seat-page").bounding_box()["width"] <= 400
    assert page.evaluate(PAGE_SCROLL)[0] <= 400
    assert seen["errors"] == []
    page.close()


def test_the_seat_page_never_rounds_a_probability_to_certain(browser, tmp_path) -> None:
    # A seat won in 998 of 1,000 runs: its page read "Won by RED in 100% of runs (BLUE 0%)"
    # and gave its candidates 100% and 0% (the summary: 99.8% and 0.2%).
    from tests.report import run_tiny
    from tests.report.test_seattable import nearly_certain

    data = build_report(run_tiny(tmp_path, runs=2))
    seat = nearly_certain(data)
    seat["ties"] = 1  # and decided by lot once: it read "1 runs"
    path = write_report(data, tmp_path / "report.html")
    page, seen = _open(browser, path)
    page.locator(f'#seat-table button[data-open="{seat["id"]}"]').click()
    lead = page.locator("#seat-page-body p.lead").inner_text()
    assert "in 99.8% of runs" in lead, lead
    assert "0.2%" in lead, lead
    rows = page.locator("#seat-page-body table").first.locator("tbody tr")
    p_win = [rows.nth(i).locator("td").nth(2).inner_text() for i in range(rows.count())]
    assert p_win[:2] == ["99.8%", "0.2%"], p_win
    body = page.locator("#seat-page-body").inner_text()
    assert "one run" in body, body
    assert "1 runs" not in body, body
    assert seen["errors"] == []
    page.close()


def test_the_seat_calculator_page_fits_a_phone(browser, tmp_path) -> None:
    # Its heading holds the shares as typed, "Con=38,Lab=33,LD=9,UKIP=13,Green=4," with no
    # space to break at: at 390 px the whole page scrolled sideways (499 px wide).
    page_file = tmp_path / "map.html"
    argv = ["seats", "uk-2015-from-2010", "--shares", "Con=38,Lab=33,LD=9,UKIP=13,Green=4"]
    result = CliRunner().invoke(app, [*argv, "--runs", "2", "--map", str(page_file)])
    assert result.exit_code == 0, result.output
    page, seen = _open(browser, page_file, width=390)
    width, viewport = page.evaluate(PAGE_SCROLL)
    assert width <= viewport <= 390, width
    assert seen["requests"] == [page_file.as_uri()]
    assert seen["errors"] == []
    page.close()

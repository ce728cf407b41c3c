"""The HTML report's content: sections, no network, escaping, extras, atomic writing, the CLI."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from tests.report import IMG, PAYLOADS, SCRIPT, hostile_tiny, run_tiny, synthetic_store
from votebank import outputs
from votebank.errors import VotebankError
from votebank.report import blocks, build_report, render_html, write_report
from votebank.report.cli import report_command
from votebank.report.formats import seats_fmt
from votebank.report.inline import json_for_script
from votebank.results.store import ResultsStore

DOCS = Path(__file__).resolve().parents[2] / "docs" / "report.md"
SECTIONS = (
    "overview",
    "house",
    "constituencies",
    "provenance",
    "backgrounds",
    "turnout",
    "fingerprint",
    "byelections",
    "scenario",
)
ALLOWED_TAGS = """
    html head meta title style body header p h1 h2 h3 dl div dt dd code nav ol li a main section
    figure figcaption svg defs pattern rect path circle line text g desc strong span table thead
    tbody tr th td caption button label input output details summary pre footer script ul dialog
"""
CHARTS = (
    "chart-house",
    "chart-seats",
    "chart-actual",
    "chart-provenance",
    "chart-provenance-party",
    "chart-turnout",
    "chart-turnout-region",
    "chart-fingerprint",
    "chart-fingerprint-stuffed",
)


class Tags(HTMLParser):
    """Every start tag with its attributes, and the text of script elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"
        if self._in_script:
            self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts[-1] += data


def parse(html: str) -> Tags:
    p = Tags()
    p.feed(html)
    p.close()
    return p


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict, str]:
    folder = tmp_path_factory.mktemp("tiny")
    store = run_tiny(folder)
    data = build_report(store)
    path = write_report(data, folder / "report.html")
    return store, data, path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("hostile")
    store = run_tiny(folder, hostile_tiny(folder), runs=10)
    return write_report(build_report(store), folder / "report.html").read_text(encoding="utf-8")


def test_every_section_and_chart_is_present(tiny: tuple[Path, dict, str]) -> None:
    _, data, html = tiny
    for section in SECTIONS:
        assert f'id="{section}"' in html, section
    for chart in CHARTS:
        svg = re.search(rf'<svg class="chart" id="{chart}".*?</svg>', html, re.S)
        assert svg, chart
        assert re.search(r"<(rect|path|line|circle)\b", svg.group(0)), chart
    assert html.count('<tr data-search="') == len(data["constituencies"]) == 3
    # Sections appear only with content: the tiny scenario has no canvass campaign, and its
    # three seats need no map.
    assert 'id="canvass"' not in html
    assert 'id="map"' not in html
    assert 'id="deciding"' not in html  # not computed (votebank explain --all)
    assert 'id="forensics"' not in html
    assert 'id="validation"' not in html


def test_backgrounds_keep_sourced_apart(tmp_path: Path) -> None:
    # The synthetic runs mark every fourth candidate's background sourced.
    store = synthetic_store(tmp_path, runs=4)
    data = build_report(store)
    bg = data["backgrounds"]
    kinds = {r["source"] for r in bg["rows"]}
    assert kinds == {"sourced", "unsourced"}
    assert bg["seats_sourced"] == pytest.approx(
        sum(r["seats_mean"] for r in bg["rows"] if r["source"] == "sourced")
    )
    assert 0 < bg["seats_sourced"] < bg["seats"]
    html = render_html(data)
    section = re.search(r'<section id="backgrounds".*?</section>', html, re.S).group(0)
    assert section.count("<tr>") == len(bg["rows"]) + 1
    assert "never added up" in section


def test_tiny_backgrounds_are_unsourced(tiny: tuple[Path, dict, str]) -> None:
    _, data, _ = tiny
    rows = data["backgrounds"]["rows"]
    assert rows
    assert {r["source"] for r in rows} == {"unsourced"}
    assert data["backgrounds"]["seats_sourced"] == 0


def test_header_names_the_ensemble(tiny: tuple[Path, dict, str]) -> None:
    _, data, html = tiny
    ens = data["ensemble"]
    assert ens["runs"] == 20
    assert ens["runs_with_stations"] == 20
    assert ens["seed_entropy"] == "1"
    for text in (ens["id"], ens["version"], data["scenario"]["title"], "A made-up election"):
        assert text in html
    assert "<title>Three constituencies, every delivery mechanism on · votebank report" in html


def test_header_says_the_figures_are_simulated(tiny: tuple[Path, dict, str]) -> None:
    # pakistan-2008's page opened on "Pakistan National Assembly, 18 February 2008" and
    # "PPPP 123.8 (116–131)" with no word that these are a model's runs, nor what the range is:
    # quotable as a count, or as a forecast with its margin of error.
    _, _, html = tiny
    header = re.sub(r"<[^>]+>", "", re.search(r"<header.*?</header>", html, re.S).group(0))
    assert "Simulated: every figure below comes from 20 runs of this scenario's model" in header
    assert "a 5–95% range is the middle 90% of those runs, not a margin of error" in header


def test_figures_match_the_store(tiny: tuple[Path, dict, str]) -> None:
    _, data, _ = tiny
    house = data["house"]
    assert house["general_size"] == 3
    assert house["size"] >= 3  # reserved seats on top
    assert {r["party"]: r["actual"] for r in house["parties"] if r["actual"]} == {
        "RED": 2,
        "BLUE": 1,
    }
    assert sum(r["total_mean"] for r in house["parties"]) == pytest.approx(house["size"])
    for seat in data["constituencies"]:
        assert sum(c["p_win"] for c in seat["candidates"]) == pytest.approx(1.0)
        assert 0 < seat["turnout"] < 1.2
    shares = data["provenance"]["overall"]
    assert sum(shares.values()) == pytest.approx(1.0, abs=1e-4)
    fp = data["fingerprint"]
    assert fp["stations"] == sum(c[2] for c in fp["cells"]) + fp["not_binned"]
    assert sum(c[3] for c in fp["cells"]) <= fp["stuffed"] == fp["incremental"] + fp["extreme"]
    assert sum(data["turnout"]["national"]["hist"]["counts"]) == 20


def test_actual_seats_are_compared_with_seats_at_the_poll(tiny: tuple[Path, dict, str]) -> None:
    store, data, html = tiny
    with ResultsStore(store, read_only=True) as db:
        won = db.query(
            "SELECT winner_party AS party, count(*) / $runs AS seats FROM constituencies"
            " WHERE ensemble_id = $e GROUP BY winner_party",
            {"e": data["ensemble"]["id"], "runs": data["ensemble"]["runs"]},
        ).set_index("party")["seats"]
    rows = {r["party"]: r for r in data["house"]["parties"]}
    # The tiny runs move seats after polling day (by-elections), so the two counts differ.
    assert any(r["at_poll_mean"] != r["general_mean"] for r in rows.values())
    for party, r in rows.items():
        assert r["at_poll_mean"] == pytest.approx(won.get(party, 0.0))
        assert r["at_poll_q05"] <= r["at_poll_mean"] <= r["at_poll_q95"]
        # Seat totals some run had, not 0.05 seats between a run of 0 and one of 1.
        assert r["at_poll_q05"] == int(r["at_poll_q05"])
        assert r["at_poll_q95"] == int(r["at_poll_q95"])
    chart = re.search(r'<svg class="chart" id="chart-actual".*?</svg>', html, re.S).group(0)
    assert "General seats at the poll" in chart
    for party in ("RED", "BLUE"):
        simulated = f">{seats_fmt(rows[party]['at_poll_mean'])} simulated<"
        assert simulated in chart, party
        assert f">{rows[party]['actual']} actual<" in chart, party
    house = re.search(r'<section id="house".*?</section>', html, re.S).group(0)
    head = re.findall(r'<th scope="col">([^<]*)</th>', house)
    assert head[2:5] == [
        "General at poll (5–95%)",
        "Actual at poll",
        "General after joins and by-elections (5–95%)",
    ]


def test_no_external_resources(tiny: tuple[Path, dict, str]) -> None:
    _, _, html = tiny
    assert "http://" not in html
    assert "https://" not in html
    assert "@import" not in html
    for tag, attrs in parse(html).tags:
        assert "src" not in attrs, tag
        href = attrs.get("href")
        assert href is None or href.startswith("#"), (tag, href)
    assert re.findall(r"url\((?!#)", html) == []
    csp = [a["content"] for t, a in parse(html).tags if a.get("http-equiv")]
    assert csp[0].startswith("default-src 'none'")  # the CSP forbids any request anyway


def test_embedded_data_round_trips(tiny: tuple[Path, dict, str]) -> None:
    _, data, html = tiny
    scripts = parse(html).scripts
    assert len(scripts) == 2  # the data and the table's script: nothing else
    embedded = json.loads(scripts[0])
    assert set(embedded.pop("labels")) == {"route_labels", "route_colours"}
    assert embedded == json.loads(json.dumps(data))


def test_json_for_script_escapes_what_could_break_out() -> None:
    text = json_for_script({"a": "</script><!-- & \u2028\u2029 >"})
    for raw in ("<", ">", "&", "\u2028", "\u2029"):
        assert raw not in text
    assert json.loads(text) == {"a": "</script><!-- & \u2028\u2029 >"}


def test_hostile_names_are_escaped_everywhere(hostile: str) -> None:
    html = hostile
    for payload in PAYLOADS:
        assert payload not in html
    assert "<img" not in html.lower()
    # Shown as text: escaped in text nodes, attributes, SVG and the JSON alike.
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&quot;&gt;&lt;img src=x onerror=alert(2)&gt;" in html
    assert "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e" in html
    tags = parse(html)
    assert [t for t, _ in tags.tags if t == "script"] == ["script", "script"]
    allowed = set(ALLOWED_TAGS.split())
    assert {t for t, _ in tags.tags} <= allowed
    for tag, attrs in tags.tags:
        assert not [a for a in attrs if a.startswith("on")], (tag, attrs)
    data = json.loads(tags.scripts[0])
    names = {c["name"] for s in data["constituencies"] for c in s["candidates"]}
    assert {SCRIPT, IMG} <= names  # the data keeps the names exactly
    assert IMG in data["parties"]


def test_extras_found_next_to_the_store(tmp_path: Path) -> None:
    store = synthetic_store(tmp_path, 4)
    (tmp_path / "forensics.json").write_text(
        json.dumps(
            {
                "headline": "No test flags <b>fraud</b>.",
                "flags": [{"test": "klimek", "p_value": 0.5, "flagged": False}],
                "fingerprint": {"counts": [[0] * 100] * 100},
            }
        ),
        encoding="utf-8",
    )
    data = build_report(store)
    assert set(data["extras"]) == {"forensics"}
    html = render_html(data)
    assert 'id="forensics"' in html
    assert "No test flags &lt;b&gt;fraud&lt;/b&gt;." in html
    assert "klimek" in html
    assert "100 values (not shown)" in html
    assert 'id="validation"' not in html
    # An explicit dict replaces the discovery, and names its own sections.
    html = render_html(build_report(store, extras={"validation": {"coverage": 0.93}}))
    assert 'id="validation"' in html
    assert 'id="forensics"' not in html
    assert "0.93" in html


def test_extras_of_another_ensemble_are_left_out(tmp_path: Path) -> None:
    store = synthetic_store(tmp_path, 2)
    with ResultsStore(store, read_only=True) as db:
        mine = db.latest_ensemble()
    other = "0123456789abcdef"

    def put(rel: str, value: dict) -> None:
        (tmp_path / rel).parent.mkdir(exist_ok=True)
        (tmp_path / rel).write_text(json.dumps(value), encoding="utf-8")

    # `votebank run` of another scenario in the same folder: its counterfactuals name it.
    put("counterfactuals.json", {"headline": "Copeland's", "rows": [], "ensemble_id": other})
    # `votebank forensics-run` names the run it analysed in its source line only.
    put("forensics.json", {"headline": "theirs", "source": f"v.duckdb ensemble {other} run 0"})
    put("forensics/forensics.json", {"headline": "ours", "source": f"x ensemble {mine} run 1"})
    put("backtest.json", {"headline": "a backtest of ours", "ensemble_id": mine})
    put("validation.json", {"headline": "the user's own, naming no ensemble"})
    data = build_report(store)
    assert {k: v["headline"] for k, v in data["extras"].items()} == {
        "forensics": "ours",
        "validation": "the user's own, naming no ensemble",
        "backtest": "a backtest of ours",
    }
    html = render_html(data)
    assert 'id="counterfactuals"' not in html
    assert "Copeland" not in html
    (tmp_path / "forensics" / "forensics.json").unlink()
    assert "forensics" not in build_report(store)["extras"]
    # An explicit dict is the caller's choice: shown as given.
    extras = {"counterfactuals": {"headline": "h", "ensemble_id": other}}
    assert build_report(store, extras=extras)["extras"] == extras


def test_extra_fields_of_any_shape_are_shown(tmp_path: Path) -> None:
    store = synthetic_store(tmp_path, 2)
    shapes = (
        ["flag one", "flag two"],
        {"klimek": "flag one", "n": 2},
        [{"test": "klimek"}, "flag one"],
    )
    for value in shapes:
        # Only a list of objects is drawn as a table; any other value is listed by name.
        extra = {"headline": "h", "flags": value, "rows": value, "k": 1}
        html = render_html(build_report(store, extras={"forensics": extra}))
        section = re.search(r'<section id="forensics".*?</section>', html, re.S).group(0)
        for field in ("flags", "rows", "k"):
            assert f"<dt>{field}</dt>" in section, (value, field)
        assert section.count("flag one") == 2, value
    html = render_html(build_report(store, extras={"validation": {"headline": 3, "flags": []}}))
    section = re.search(r'<section id="validation".*?</section>', html, re.S).group(0)
    assert "<dt>headline</dt><dd>3</dd>" in section  # not a string: not the lead, still shown
    assert "<dt>flags</dt><dd>none</dd>" in section


def test_sections_come_in_the_order_of_the_docs(tmp_path: Path) -> None:
    table = DOCS.read_text(encoding="utf-8").split("| section | content |\n", 1)[1]
    titles = {title: key for key, title in blocks.SECTIONS}
    documented = [
        titles[name.strip()]
        for line in table.split("\n\n", 1)[0].splitlines()[1:]  # after the |---| line
        for name in line.split("|")[1].split(",")
        if name.strip() in titles  # the header and the seat page are no sections
    ]
    assert documented[-2:] == ["backtest", "scenario"]
    extras = {name: {"headline": name} for name in ("backtest", "validation", "forensics")}
    html = render_html(build_report(synthetic_store(tmp_path, 2), extras=extras))
    shown = re.findall(r'<section id="([^"]+)"', html)
    assert len(shown) > 10
    assert shown == [key for key in documented if key in shown]


def test_unreadable_extra_is_a_clear_error(tmp_path: Path) -> None:
    store = synthetic_store(tmp_path, 2)
    (tmp_path / "validation.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(VotebankError, match=r"validation\.json"):
        build_report(store)


def test_canvass_and_byelections_when_present(tmp_path: Path) -> None:
    data = build_report(synthetic_store(tmp_path, 6))
    assert data["byelections"]["seats"][0]["p_held"] == pytest.approx(0.5)
    assert {p["party"] for p in data["canvass"]["parties"]} == {"PPP", "PML-N"}
    assert data["fingerprint"]["runs"] == 3
    assert not data["house"]["majority_given"]
    html = render_html(data)
    assert "Seats canvassed" in html
    assert "Won by (share of by-elections)" in html
    assert "None in this ensemble" not in html
    assert 'id="chart-actual"' not in html  # no actual result to compare with


def test_size_does_not_grow_with_runs(tmp_path: Path) -> None:
    small = len(render_html(build_report(synthetic_store(tmp_path, 4, "a.duckdb"))))
    large = len(render_html(build_report(synthetic_store(tmp_path, 16, "b.duckdb"))))
    assert large < 1.15 * small


def test_errors_name_the_problem(tmp_path: Path) -> None:
    with pytest.raises(VotebankError, match="no results store"):
        build_report(tmp_path / "missing.duckdb")
    store = synthetic_store(tmp_path, 2)
    with pytest.raises(
        VotebankError, match=r"ensemble: no such ensemble in the store; it holds .* \(got nope\)"
    ):
        build_report(store, "nope")


def test_write_is_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = build_report(synthetic_store(tmp_path, 2))
    out = tmp_path / "site" / "report.html"
    write_report(data, out)
    before = out.read_text(encoding="utf-8")

    def boom(*_args: object) -> None:
        raise OSError("disk full")

    # A failure at the rename leaves the old report whole and no temporary file behind.
    monkeypatch.setattr(outputs.os, "replace", boom)
    with pytest.raises(OSError, match="disk full"):
        write_report(data, out)
    monkeypatch.undo()
    assert out.read_text(encoding="utf-8") == before
    assert [p.name for p in out.parent.iterdir()] == ["report.html"]


def test_cli_writes_the_report_and_prints_its_path(tmp_path: Path) -> None:
    synthetic_store(tmp_path, 3)
    app = typer.Typer()
    app.command()(report_command)
    runner = CliRunner()
    result = runner.invoke(app, ["--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "report.html").is_file()
    assert str(tmp_path / "report.html") in result.output.replace("\n", "")
    to = tmp_path / "elsewhere" / "r.html"
    result = runner.invoke(app, ["--out", str(tmp_path), "--to", str(to)])
    assert result.exit_code == 0, result.output
    assert to.is_file()
    result = runner.invoke(app, ["--out", str(tmp_path / "nothing")])
    assert isinstance(result.exception, VotebankError)
    assert "no results store" in str(result.exception)
    result = runner.invoke(app, ["--out", str(tmp_path), "--ensemble", "nope"])
    assert isinstance(result.exception, VotebankError)


def test_large_counts_keep_their_units_small_numbers_six_digits():
    # The report's data kept six significant digits: a party's 11,116,632 votes read
    # 11,116,600, written out in full as if exact.
    from votebank.report.build import _clean

    assert _clean({"votes": 11_116_632.4, "share": 0.123456789, "seats": 1.9500000000000002}) == {
        "votes": 11_116_632.0,
        "share": 0.123457,
        "seats": 1.95,
    }
    assert _clean(-2_345_678.6) == -2_345_679.0


def test_header_says_the_seed_repeats_the_figures(tiny: tuple[Path, dict, str]) -> None:
    # The header gave "Seed entropy 1234" with no word of what it is for: a reader could not
    # tell that it is the --seed that gives the same figures again.
    _, data, html = tiny
    header = re.sub(r"<[^>]+>", "", re.search(r"<header.*?</header>", html, re.S).group(0))
    seed = data["ensemble"]["seed_entropy"]
    assert f"Seed{seed}" in header
    assert "Seed entropy" not in header
    assert f"The same scenario, seed ({seed}) and number of runs give the same figures" in header

r"""Render the report dict of :func:`votebank.report.build.build_report` as one HTML file.

The page is self-contained: CSS, JS, SVG charts and the report data (as JSON) are inline, and
a Content-Security-Policy allows no network request and only the page's own script and style
(by hash), so the file opens offline and an injected tag could not run. Every text from user
files is escaped with :func:`~votebank.report.charts.esc`; the embedded JSON escapes ``<``,
``>``, ``&`` and U+2028/2029 as ``\uXXXX``.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
from importlib.resources import files
from pathlib import Path
from typing import Any

from votebank.core.labels import ROUTE_INFO
from votebank.display import clean_strings
from votebank.errors import InputError, Problem
from votebank.outputs import output_problems, write_text
from votebank.report import charts, seatsections
from votebank.report.backgrounds import backgrounds_section
from votebank.report.charts import Bar, Segment, esc, num, pct, seats_fmt, seats_range

ROUTE_LABELS = {r.name: r.label for r in ROUTE_INFO}
ROUTE_FILLS = {r.name: (r.colour, r.pattern) for r in ROUTE_INFO}
SECTIONS = (  # in the order of docs/report.md's table
    ("house", "The house"),
    ("map", "Seat map"),
    ("deciding", "What decides the seats"),
    ("constituencies", "Constituencies"),
    ("provenance", "How seats were won"),
    ("backgrounds", "Winners by background"),
    ("turnout", "Turnout"),
    ("fingerprint", "Station fingerprint"),
    ("canvass", "Canvass returns"),
    ("byelections", "By-elections"),
    ("counterfactuals", "Counterfactual comparisons"),
    ("forensics", "Forensics"),
    ("validation", "Validation"),
    ("backtest", "Backtest"),
    ("scenario", "Scenario and provenance"),
)
_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")


def _asset(name: str) -> str:
    return (files("votebank.report") / "assets" / name).read_text(encoding="utf-8")


def json_for_script(value: Any) -> str:
    r"""Serialise ``value`` as JSON that is safe inside a ``<script>`` element.

    ``<``, ``>`` and ``&`` become ``\u003c``, ``\u003e``, ``\u0026`` (no ``</script>`` or
    ``<!--`` can close or confuse the element) and U+2028/U+2029 are escaped too.
    """
    text = json.dumps(
        clean_strings(value), ensure_ascii=False, allow_nan=False, separators=(",", ":")
    )
    for ch, rep in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(ch, rep)
    return text


def _csp_hash(text: str) -> str:
    digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()
    return f"'sha256-{digest}'"


class _Parties:
    """Party id -> display name, colour and CSS class (colours checked before use in CSS)."""

    def __init__(self, parties: dict[str, dict[str, str]]):
        self.info = parties
        self.index = {pid: i for i, pid in enumerate(parties)}

    def colour(self, pid: str) -> str:
        c = self.info.get(pid, {}).get("colour") or ""
        if _HEX.match(c):
            return c
        return charts.OKABE_ITO[self.index.get(pid, len(self.index)) % len(charts.OKABE_ITO)]

    def name(self, pid: str) -> str:
        return self.info.get(pid, {}).get("name") or pid

    def css(self) -> str:
        return "".join(f".pc-{i}{{background:{self.colour(p)}}}" for p, i in self.index.items())

    def tag(self, pid: str) -> str:
        """A party id with its colour swatch and its full name as a tooltip."""
        i = self.index.get(pid)
        sw = f'<span class="sw pc-{i}" aria-hidden="true"></span>' if i is not None else ""
        return f'<span class="party" title="{esc(self.name(pid))}">{sw}{esc(pid)}</span>'


# -- page ----------------------------------------------------------------------------------


def render_html(data: dict[str, Any]) -> str:
    """Return the whole report page for a :func:`~votebank.report.build.build_report` dict."""
    parties = _Parties(data.get("parties", {}))
    sections = {
        "house": _house(data, parties),
        "map": seatsections.map_section(data, parties.colour, parties.tag),
        "constituencies": _constituencies(data, parties),
        "deciding": seatsections.deciding_section(data, parties.tag),
        "provenance": _provenance(data, parties),
        "backgrounds": backgrounds_section(data),
        "turnout": _turnout(data),
        "fingerprint": _fingerprint(data),
        "canvass": _canvass(data, parties),
        "byelections": _byelections(data, parties),
        "scenario": _scenario(data),
    }
    extras = data.get("extras") or {}
    for name, value in extras.items():
        sections[name] = _extra(name, value)
    sections = {k: v for k, v in sections.items() if v}  # only sections with content
    order = [k for k, _ in SECTIONS if k in sections] + [
        k for k in sections if k not in dict(SECTIONS)
    ]
    titles = dict(SECTIONS)
    nav = "".join(
        f'<li><a href="#{esc(k)}">{esc(titles.get(k, k.replace("_", " ").capitalize()))}</a></li>'
        for k in order
    )
    body = "".join(sections[k] for k in order)
    css = _asset("report.css") + parties.css() + seatsections.css(data)
    js = _asset("report.js")
    csp = (
        "default-src 'none'; img-src data:; "
        f"style-src {_csp_hash(css)}; script-src {_csp_hash(js)}; "
        "base-uri 'none'; form-action 'none'"
    )
    sc = data["scenario"]
    title = sc.get("title") or sc.get("name") or "votebank"
    payload = {**data, "labels": seatsections.extra_data(data, ROUTE_LABELS)}
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{esc(csp)}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta name="generator" content="{esc(data.get("generator", "votebank"))}">'
        f"<title>{esc(title)} · votebank report</title>"
        f"<style>{css}</style></head><body>"
        f"{_header(data)}"
        f'<nav class="toc" aria-label="Sections"><ol>{nav}</ol></nav>'
        f"<main>{body}</main>{seatsections.seat_dialog()}"
        f"<footer><p>Made by {esc(data.get('generator', 'votebank'))} on "
        f"{esc(data.get('generated', ''))}. The report's data is embedded as JSON in the "
        "<code>votebank-data</code> script element.</p></footer>"
        f'<script type="application/json" id="votebank-data">{json_for_script(payload)}</script>'
        f"<script>{js}</script></body></html>\n"
    )


def write_report(data: dict[str, Any], path: str | Path) -> Path:
    """Render the report and write it atomically (temporary file in the folder, then rename).

    Args:
        data: A :func:`~votebank.report.build.build_report` dict.
        path: The HTML file to write; its folder is created if missing.

    Returns:
        The path written.

    Raises:
        InputError: ``data`` is no dict, or ``path`` is no file's path (a folder, say).
    """
    problems = [] if isinstance(data, dict) else [Problem("data", "", repr(data)[:80], WHY_DATA)]
    if isinstance(path, str | os.PathLike):
        problems += output_problems(files={"path": Path(path)})
    else:
        problems.append(Problem("path", "", repr(path)[:80], "give the HTML file's path"))
    if problems:
        raise InputError(problems)
    return write_text(render_html(data), Path(path))


WHY_DATA = "give the dict build_report returns"


# -- small helpers -------------------------------------------------------------------------


def _section(key: str, title: str, body: str, lead: str = "") -> str:
    lead_html = f'<p class="lead">{lead}</p>' if lead else ""
    return (
        f'<section id="{esc(key)}" aria-labelledby="{esc(key)}-h">'
        f'<h2 id="{esc(key)}-h">{esc(title)}</h2>{lead_html}{body}</section>'
    )


def _figure(svg: str, caption: str) -> str:
    return f"<figure>{svg}<figcaption>{caption}</figcaption></figure>"


def _table(head: list[str], rows: list[list[str]], cls: str = "") -> str:
    """A plain table; ``head`` and ``rows`` hold ready (escaped) HTML."""
    c = f' class="{cls}"' if cls else ""
    th = "".join(f'<th scope="col">{h}</th>' for h in head)
    tr = "".join("<tr>" + "".join(f"<td>{v}</td>" for v in r) + "</tr>" for r in rows)
    table = f"<table{c}><thead><tr>{th}</tr></thead><tbody>{tr}</tbody></table>"
    return f'<div class="scroll">{table}</div>'


def _stats(items: list[tuple[str, str]]) -> str:
    """Key figures as a row of cards: (label, escaped value html)."""
    cards = "".join(f'<div class="stat"><dt>{esc(k)}</dt><dd>{v}</dd></div>' for k, v in items)
    return f'<dl class="stats">{cards}</dl>'


def _interval(mean: float, lo: float, hi: float) -> str:
    head, tail = seats_range(mean, lo, hi).split(" ", 1)
    return f'{esc(head)} <span class="muted">{esc(tail)}</span>'


# -- header --------------------------------------------------------------------------------


def _header(data: dict) -> str:
    sc, ens = data["scenario"], data["ensemble"]
    title = sc.get("title") or sc.get("name")
    runs = f"{ens['runs']:,}"
    if ens["runs_requested"] != ens["runs"]:
        runs += f" of {ens['runs_requested']:,} requested"
    meta = [
        ("Scenario", f"<code>{esc(sc['name'])}</code>"),
        ("Ensemble", f"<code>{esc(ens['id'])}</code>"),
        ("Runs", esc(runs)),
        ("Seed entropy", f'<code class="wrap">{esc(ens["seed_entropy"])}</code>'),
        ("votebank version", esc(ens["version"])),
        ("Created", esc(ens["created"])),
        ("Report made", f"{esc(data.get('generated', ''))} by {esc(data.get('generator', ''))}"),
    ]
    dl = "".join(f"<div><dt>{esc(k)}</dt><dd>{v}</dd></div>" for k, v in meta)
    sources = []
    if sc.get("description"):
        sources.append(f"<p>{esc(sc['description'])}</p>")
    if sc.get("actual_source"):
        sources.append(f"<p><strong>Actual results:</strong> {esc(sc['actual_source'])}</p>")
    src = f'<div class="sources"><h2 class="sr">Data sources</h2>{"".join(sources)}</div>'
    return (
        f'<header id="overview" class="masthead"><p class="kicker">votebank ensemble report</p>'
        f'<h1>{esc(title)}</h1><dl class="meta">{dl}</dl>{src if sources else ""}</header>'
    )


# -- the house -----------------------------------------------------------------------------


def _house(data: dict, parties: _Parties) -> str:
    h = data["house"]
    rows = h["parties"]
    runs = data["ensemble"]["runs"]
    shown = [
        r
        for r in rows
        if r["total_mean"] > 0 or r.get("at_poll_mean") or r.get("actual") or r.get("p_largest")
    ]
    maj = h["majority"]
    maj_text = f"majority {maj}" + ("" if h["majority_given"] else " (half + 1)")
    top = max(rows, key=lambda r: r.get("p_largest", 0.0), default=None)
    best = max(rows, key=lambda r: r.get("p_majority", 0.0), default=None)
    if best is not None and not best.get("p_majority"):
        best = None  # no party ever has a majority: say nothing rather than 0 %
    stats = [
        ("House (mean seats, incl. reserved)", esc(seats_fmt(h["size"]))),
        ("General seats", esc(seats_fmt(h["general_size"]))),
        ("Majority", esc(maj_text.removeprefix("majority "))),
    ]
    if top is not None:
        stats.append(
            ("Most often largest", f"{parties.tag(top['party'])} {esc(pct(top['p_largest']))}")
        )
    if best is not None:
        stats.append(
            ("Likeliest majority", f"{parties.tag(best['party'])} {esc(pct(best['p_majority']))}")
        )
    else:
        stats.append(("Likeliest majority", "none in any run"))
    strip = charts.strip(
        "chart-house",
        [
            Segment(r["party"], r["party"], r["total_mean"])
            for r in sorted(shown, key=lambda r: -r["total_mean"])
            if r["total_mean"] > 0
        ],
        {r["party"]: parties.colour(r["party"]) for r in rows},
        title="Mean seats by party in the whole house",
        desc=f"Mean total seats of each party over {runs} runs; the line marks the {maj_text}.",
        total=max(h["size"], maj),
        line=maj,
        line_label=maj_text,
    )
    bars = [
        Bar(
            r["party"],
            r["total_mean"],
            r["total_q05"],
            r["total_q95"],
            parties.colour(r["party"]),
            text=seats_range(r["total_mean"], r["total_q05"], r["total_q95"]),
            tip=f"{parties.name(r['party'])}: mean {seats_fmt(r['total_mean'])} seats, "
            f"5–95% {seats_fmt(r['total_q05'])}–{seats_fmt(r['total_q95'])}",
        )
        for r in shown
    ]
    figs = [
        seatsections.house_figure(data, parties.colour, parties.name, parties.tag),
        _figure(strip, f"The house: mean seats over {runs:,} runs, reserved seats included."),
        _figure(
            charts.interval_bars(
                "chart-seats",
                bars,
                title="Total seats by party, mean and 5–95% interval",
                desc="Bars show the mean total seats, whiskers the 5th to 95th percentile.",
                line=maj,
                line_label=maj_text,
            ),
            "Total seats by party: bar = mean, whisker = 5–95% of runs, dashed line = majority.",
        ),
    ]
    if h.get("actual_total"):
        figs.append(_actual_figure(shown, h["actual_total"], parties))
    table = _table(
        [
            "Party",
            "Name",
            "General at poll (5–95%)",
            "Actual at poll",
            "General after joins (5–95%)",
            "Women",
            "Non-Muslim",
            "Total seats (5–95%)",
            "P(majority)",
            "P(largest)",
        ],
        [
            [
                parties.tag(r["party"]),
                esc(parties.name(r["party"])),
                _interval(
                    r.get("at_poll_mean", 0), r.get("at_poll_q05", 0), r.get("at_poll_q95", 0)
                ),
                # A party missing from a given actual result won none; no result: a dash.
                esc(r.get("actual") or 0) if h.get("actual_total") else "–",
                _interval(r["general_mean"], r.get("general_q05", 0), r.get("general_q95", 0)),
                esc(seats_fmt(r.get("women_mean", 0.0))),
                esc(seats_fmt(r.get("non_muslim_mean", 0.0))),
                _interval(r["total_mean"], r.get("total_q05", 0), r.get("total_q95", 0)),
                esc(pct(r.get("p_majority", 0.0), 1)),
                esc(pct(r.get("p_largest", 0.0), 1)),
            ]
            for r in shown
        ],
        "num-table",
    )
    idle = [r["party"] for r in rows if r not in shown]
    if idle:
        names = ", ".join(f"{esc(p)} ({esc(parties.name(p))})" for p in idle)
        table += f'<p class="note">No seat in any run: {names}.</p>'
    return _section(
        "house",
        "The house",
        _stats(stats) + '<div class="figs">' + "".join(figs) + "</div>" + table,
        "Seats by party across the runs. General seats at the poll are the constituencies won "
        "on polling day, as the actual result counts them; after joins, once independents have "
        "joined parties and by-elections are held. P(largest) shares ties between the tied "
        "parties.",
    )


def _actual_figure(shown: list[dict], actual_total: int, parties: _Parties) -> str:
    """Polling day's general seats, simulated against the actual result (the same count)."""
    paired = [
        Bar(
            r["party"],
            r.get("at_poll_mean", 0.0),
            r.get("at_poll_q05", 0.0),
            r.get("at_poll_q95", 0.0),
            parties.colour(r["party"]),
            text=f"{seats_fmt(r.get('at_poll_mean', 0.0))} simulated",
            tip=f"{parties.name(r['party'])}: simulated {seats_fmt(r.get('at_poll_mean', 0.0))} "
            f"general seats at the poll (5–95% {seats_fmt(r.get('at_poll_q05', 0.0))}–"
            f"{seats_fmt(r.get('at_poll_q95', 0.0))}), actual {r.get('actual') or 0}; "
            f"{seats_fmt(r['general_mean'])} after joins and by-elections",
            second=float(r.get("actual") or 0),
        )
        for r in shown
        if r.get("at_poll_mean") or r.get("actual")
    ]
    return _figure(
        charts.interval_bars(
            "chart-actual",
            paired,
            title="General seats at the poll: simulated against the actual result",
            desc="For each party, the simulated mean general seats won on polling day with the "
            "5–95% interval, and beside it the seats it actually won that day.",
            first_label="simulated at the poll, mean (5–95%)",
            second_label="actual result",
        ),
        f"General seats won on polling day: simulated (solid) against actual (hatched), "
        f"{actual_total} general seats in the actual result. Seats after independents join "
        "parties and after by-elections are in the table below.",
    )


# -- constituencies ------------------------------------------------------------------------


def _constituencies(data: dict, parties: _Parties) -> str:
    seats = data["constituencies"]
    head = [
        ("Seat", "text"),
        ("Name", "text"),
        ("Region", "text"),
        ("Leader", "text"),
        ("P(win)", "num"),
        ("Challenger", "text"),
        ("Challenger P(win)", "num"),
        ("Mean margin", "num"),
        ("Margin %", "num"),
        ("Turnout", "num"),
        *([("Deciding route", "text")] if data.get("deciding") else []),
        ("All candidates: P(win)", None),
    ]
    th = "".join(
        f'<th scope="col" data-type="{t}"><button type="button" class="sort">{esc(h)}'
        '<span class="arrow" aria-hidden="true"></span></button></th>'
        if t
        else f'<th scope="col">{esc(h)}</th>'
        for h, t in head
    )
    body = []
    for s in seats:
        cands = s["candidates"]
        lead = cands[0] if cands else None
        chal = cands[1] if len(cands) > 1 else None
        search = " ".join(
            [s["id"], s["name"], s["region"]]
            + [c["name"] for c in cands]
            + [c["party"] for c in cands]
            + [parties.name(c["party"]) for c in cands]
        ).lower()

        def who(c: dict | None) -> str:
            if c is None:
                return "–"
            return f"{esc(c['name'])} {parties.tag(c['party'])}"

        every = "; ".join(
            f"{esc(c['name'])} ({esc(c['party'])}) {esc(pct(c['p_win']))}" for c in cands
        )
        txt = ' class="txt"'  # names from user files: a very long word may break there
        cells = [
            (s["id"], seatsections.seat_button(s["id"]), ""),
            (s["name"], esc(s["name"]), txt),
            (s["region"], esc(s["region"]), txt),
            (lead["name"] if lead else "", who(lead), txt),
            (lead["p_win"] if lead else 0, esc(pct(lead["p_win"] if lead else None)), ""),
            (chal["name"] if chal else "", who(chal), txt),
            (chal["p_win"] if chal else 0, esc(pct(chal["p_win"] if chal else None)), ""),
            (s["margin_mean"], esc(num(s["margin_mean"])), ""),
            (s["margin_share"], esc(pct(s["margin_share"], 1)), ""),
            (s["turnout"], esc(pct(s["turnout"], 1)), ""),
        ]
        if data.get("deciding"):
            cells.append((s.get("decided_by", ""), esc(s.get("decided_by") or "–"), ""))
        tds = "".join(f'<td data-sort="{esc(k)}"{c}>{v}</td>' for k, v, c in cells)
        body.append(f'<tr data-search="{esc(search)}">{tds}<td class="cands">{every}</td></tr>')
    n = len(seats)
    controls = (
        '<div class="controls"><label for="seat-filter">Filter constituencies</label>'
        '<input type="search" id="seat-filter" autocomplete="off" spellcheck="false"'
        ' placeholder="region, name, party or candidate" aria-controls="seat-table">'
        f'<output id="seat-status" aria-live="polite">{n:,} of {n:,} constituencies</output></div>'
    )
    table = (
        f'<div class="scroll tall"><table id="seat-table" class="num-table seats">'
        f"<caption>Constituencies: the leader (the most often elected candidate of the party "
        f"that wins the seat most often; between parties that win it equally often, the first "
        f"party id in alphabetical order), the challenger, the mean winning margin and turnout "
        f"over {data['ensemble']['runs']:,} runs. Click a column heading to sort.</caption>"
        f"<thead><tr>{th}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
    )
    return _section(
        "constituencies",
        "Constituencies",
        controls + table,
        "Each candidate's probability of winning the seat, estimated as the share of runs won.",
    )


# -- provenance ----------------------------------------------------------------------------


def _provenance(data: dict, parties: _Parties) -> str:
    p = data["provenance"]
    routes = p["routes"]
    fills = {r: ROUTE_FILLS.get(r, ("#888888", "solid")) for r in routes}
    overall = charts.stacked_shares(
        "chart-provenance",
        [
            ("All votes", p["overall"], ""),
            ("Winners' votes", p["winners"], ""),
        ],
        routes,
        fills,
        title="How votes were delivered: share of votes by route",
        desc="Share of all votes, and of the elected candidates' votes, by route.",
        key_labels=ROUTE_LABELS,
    )
    rows = [
        (f"{b['party']}", b["shares"], f"{num(b['votes_mean'])} votes")
        for b in p["by_party"]
        if b["votes_mean"] > 0
    ]
    per_party = charts.stacked_shares(
        "chart-provenance-party",
        rows,
        routes,
        fills,
        title="Share of each party's votes by route",
        desc="For each party, the mean share of its votes that came by each route.",
        key_labels=ROUTE_LABELS,
    )
    table = _table(
        ["Route", "All votes", "Winners' votes"],
        [
            [
                esc(ROUTE_LABELS.get(r, r)),
                esc(pct(p["overall"][r], 1)),
                esc(pct(p["winners"][r], 1)),
            ]
            for r in routes
        ],
        "num-table narrow",
    )
    return _section(
        "provenance",
        "How seats were won",
        '<div class="figs">'
        + _figure(overall, "Votes by route, over all candidates and over the winners alone.")
        + table
        + _figure(per_party, "Votes by route, per party (mean votes per run at the right).")
        + "</div>",
        "Every simulated vote keeps the route by which it was decided: the voter's own choice, "
        "the clan's or village bloc's, a landlord's or pir's instruction, coercion at the "
        "station, ballots stuffed in, or a voter a canvasser brought out.",
    )


# -- turnout -------------------------------------------------------------------------------


def _turnout(data: dict) -> str:
    t = data["turnout"]
    nat = t["national"]
    hist = nat["hist"]
    stats = [
        ("Mean national turnout", esc(pct(nat["mean"], 1))),
        ("5–95% of runs", esc(f"{pct(nat['q05'], 1)} – {pct(nat['q95'], 1)}")),
        ("Median", esc(pct(nat["q50"], 1))),
    ]
    figs = []
    if hist["counts"]:
        figs.append(
            _figure(
                charts.histogram(
                    "chart-turnout",
                    hist["edges"],
                    hist["counts"],
                    title="National turnout across runs",
                    desc="How many runs had each national turnout (ballots over registered).",
                    markers=[(nat["mean"], f"mean {pct(nat['mean'], 1)}")],
                ),
                "National turnout (ballots cast over registered voters) in each run.",
            )
        )
    rows = [("National", nat["q05"], nat["mean"], nat["q95"])] + [
        (r["region"], r["q05"], r["mean"], r["q95"]) for r in t["by_region"]
    ]
    figs.append(
        _figure(
            charts.ranges(
                "chart-turnout-region",
                rows,
                title="Turnout by region",
                desc="Mean turnout of each region with the 5–95% interval across runs.",
                fmt=lambda v: pct(v, 1),
            ),
            "Turnout by region: dot = mean, line = 5–95% of runs.",
        )
    )
    return _section(
        "turnout",
        "Turnout",
        _stats(stats) + '<div class="figs">' + "".join(figs) + "</div>",
        "Turnout is ballots cast (stuffed ballots included) over registered voters, "
        "ghost entries on the roll included.",
    )


def _fingerprint(data: dict) -> str:
    fp = data.get("fingerprint")
    if not fp:
        return ""  # no run kept polling-station detail (--station-runs 0)
    cells = fp["cells"]
    b = fp["bins"]
    common = {"xlabel": "turnout", "ylabel": "leader's share"}
    all_map = charts.heatmap(
        "chart-fingerprint",
        [(c[0], c[1], c[2]) for c in cells],
        b,
        title="Turnout against the leading candidate's share, all stations",
        desc=f"Two-dimensional histogram of {fp['stations']:,} polling-station results.",
        **common,
    )
    stuffed_map = charts.heatmap(
        "chart-fingerprint-stuffed",
        [(c[0], c[1], c[3]) for c in cells if c[3]],
        b,
        title="The same, stations stuffed (ground truth)",
        desc=f"Two-dimensional histogram of the {fp['stuffed']:,} stations that were stuffed.",
        **common,
    )
    share = fp["stuffed"] / fp["stations"] if fp["stations"] else 0.0
    stats = [
        ("Station results", esc(f"{fp['stations']:,}")),
        ("Runs with station detail", esc(f"{fp['runs']:,}")),
        ("Stuffed (ground truth)", esc(f"{fp['stuffed']:,} ({pct(share, 1)})")),
        ("incremental / extreme", esc(f"{fp['incremental']:,} / {fp['extreme']:,}")),
        ("Results fabricated", esc(f"{fp['fabricated']:,}")),
        ("Stuffed ballots, share of all", esc(pct(fp["stuffed_ballots_share"], 1))),
    ]
    notes = []
    if fp["over_100"]:
        notes.append(f"{fp['over_100']:,} stations reported more ballots than registered voters "
                     "(drawn in the 98–100% turnout column)")  # fmt: skip
    if fp["not_binned"]:
        notes.append(f"{fp['not_binned']:,} stations with no registered voters or no valid "
                     "ballot are not drawn")  # fmt: skip
    note = f'<p class="note">{esc("; ".join(notes))}.</p>' if notes else ""
    return _section(
        "fingerprint",
        "Station fingerprint",
        _stats(stats)
        + '<div class="pair">'
        + _figure(all_map, "All stations: each cell counts stations (log colour scale).")
        + _figure(stuffed_map, "Stuffed stations only, as the simulation knows them.")
        + "</div>"
        + note,
        f"Turnout against the share of the station's leading candidate, {b}×{b} bins, over "
        f"the stations of the {fp['runs']:,} runs that kept station detail. Stuffing pulls "
        "stations towards the top right corner.",
    )


# -- canvass and by-elections --------------------------------------------------------------


def _canvass(data: dict, parties: _Parties) -> str:
    c = data.get("canvass")
    if not c:
        return ""
    rows = []
    for r in c["parties"]:
        said = r["support_mean"] / r["contacts_mean"] if r["contacts_mean"] else None
        rows.append(
            [
                parties.tag(r["party"]),
                esc(f"{r['seats']:,}"),
                esc(num(r["contacts_mean"])),
                esc(num(r["support_mean"])),
                esc(num(r["other_mean"])),
                esc(pct(said, 1)),
            ]
        )
    table = _table(
        [
            "Party",
            "Seats canvassed",
            "Conversations",
            "Said they support",
            "Said another party",
            "Support rate",
        ],
        rows,
        "num-table",
    )
    return _section(
        "canvass",
        "Canvass returns",
        table,
        "What canvassers heard at the door: mean conversations per run, by party.",
    )


def _byelections(data: dict, parties: _Parties) -> str:
    b = data.get("byelections")
    if not b:
        return ""
    rows = [
        [
            esc(s["id"]),
            esc(s["name"]),
            esc(pct(s["p_held"], 1)),
            "; ".join(f"{parties.tag(w['party'])} {esc(pct(w['p']))}" for w in s["winners"]),
            esc(pct(s["turnout_mean"], 1)),
        ]
        for s in b["seats"]
    ]
    table = _table(
        ["Seat", "Name", "Held in runs", "Won by (share of by-elections)", "Mean turnout"],
        rows,
        "num-table",
    )
    return _section(
        "byelections",
        "By-elections",
        table,
        f"Seats vacated and re-contested after the general election, over {b['runs']:,} runs.",
    )


# -- forensics, validation and other extras ------------------------------------------------


def _extra(name: str, value: Any) -> str:
    title = dict(SECTIONS).get(name, name.replace("_", " ").capitalize())
    if not isinstance(value, dict):
        value = {"value": value}
    parts = []
    shown = set()  # fields drawn above; every other field goes in "All fields"
    if isinstance(value.get("headline"), str):
        parts.append(f'<p class="headline">{esc(value["headline"])}</p>')
        shown.add("headline")
    for key in ("flags", "rows"):  # forensics flags; rows of any other table
        rows = value.get(key)
        if isinstance(rows, list) and rows and all(isinstance(f, dict) for f in rows):
            parts.append(_dict_table(rows))
            shown.add(key)
    rest = {k: v for k, v in value.items() if k not in shown}
    if rest:
        parts.append(f"<details><summary>All fields</summary>{_value(rest, 0)}</details>")
    return _section(
        name, title, "".join(parts), f"The {esc(name)} results given with this ensemble."
    )


def _value(v: Any, depth: int) -> str:
    """Any JSON value as escaped HTML; large arrays are summarised, not shown."""
    if isinstance(v, dict):
        if depth >= 3:
            return f"<code>{esc(_clip_json(v))}</code>"
        items = "".join(f"<div><dt>{esc(k)}</dt><dd>{_value(x, depth + 1)}</dd></div>"
                        for k, x in v.items())  # fmt: skip
        return f'<dl class="kv">{items}</dl>'
    if isinstance(v, list):
        if v and all(isinstance(x, dict) for x in v):
            return _dict_table(v)
        if len(v) <= 12:  # a short list in full, nested values as clipped JSON
            items = [_clip_json(x) if isinstance(x, dict | list) else _scalar(x) for x in v]
            return esc(", ".join(items) if items else "none")
        return esc(f"{len(v):,} values (not shown)")
    return esc(_scalar(v))


def _dict_table(rows: list[dict], limit: int = 50) -> str:
    cols = list(dict.fromkeys(k for r in rows[:limit] for k in r))
    body = [
        [
            esc(_scalar(r.get(c)))
            if not isinstance(r.get(c), dict | list)
            else esc(_clip_json(r.get(c)))
            for c in cols
        ]
        for r in rows[:limit]
    ]
    more = (
        f'<p class="note">{len(rows) - limit:,} more rows not shown.</p>'
        if len(rows) > limit
        else ""
    )
    return _table([esc(c) for c in cols], body) + more


def _scalar(x: Any) -> str:
    if x is None:
        return "–"
    if isinstance(x, bool):
        return "yes" if x else "no"
    if isinstance(x, float):
        return f"{x:.4g}"
    return str(x)


def _clip_json(v: Any, limit: int = 120) -> str:
    text = json.dumps(v, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 1] + "…"


# -- scenario ------------------------------------------------------------------------------


def _scenario(data: dict) -> str:
    sc, ens = data["scenario"], data["ensemble"]
    spec = json.dumps(data.get("scenario_spec", {}), indent=2, ensure_ascii=False)
    facts = [
        ("Scenario name", esc(sc["name"])),
        ("Scenario hash", f'<code class="wrap">{esc(ens["scenario_hash"])}</code>'),
        (
            "Scenario seed",
            esc(sc["seed"]) if sc.get("seed") is not None else "none (fresh entropy)",
        ),
        ("Ensemble seed entropy", f'<code class="wrap">{esc(ens["seed_entropy"])}</code>'),
        ("Runs stored", esc(f"{ens['runs']:,}")),
        ("Runs with station detail", esc(f"{ens['runs_with_stations']:,}")),
        ("Written by votebank", esc(ens["version"])),
        ("Last run finished", esc(ens.get("finished") or "–")),
    ]
    dl = "".join(f"<div><dt>{esc(k)}</dt><dd>{v}</dd></div>" for k, v in facts)
    sources = ""
    if sc.get("description") or sc.get("actual_source"):
        sources = (
            "<h3>Sources</h3>"
            + (f"<p>{esc(sc['description'])}</p>" if sc.get("description") else "")
            + (
                f"<p>Actual results: {esc(sc['actual_source'])}</p>"
                if sc.get("actual_source")
                else ""
            )
        )
    return _section(
        "scenario",
        "Scenario and provenance",
        f'<dl class="kv">{dl}</dl>{sources}'
        f"<details><summary>The scenario as run (JSON)</summary><pre>{esc(spec)}</pre></details>",
        "Everything needed to repeat this ensemble: the scenario, its seed and the version.",
    )

r"""Render the report dict of :func:`votebank.report.build.build_report` as one HTML file.

The page is self-contained: CSS, JS, SVG charts and the report data (as JSON) are inline, and
a Content-Security-Policy allows no network request and only the page's own script and style
(by hash), so the file opens offline and an injected tag could not run. Every text from user
files is escaped with :func:`~votebank.report.formats.esc`; the embedded JSON escapes ``<``,
``>``, ``&`` and U+2028/2029 as ``\uXXXX``.

This module assembles the page (head, navigation, the sections in the order of
:data:`~votebank.report.blocks.SECTIONS`, footer, embedded data) and writes it; each section
is drawn by its own module.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from votebank.display import joined
from votebank.errors import InputError, Problem
from votebank.outputs import output_problems, write_text
from votebank.report import seatsections
from votebank.report.backgrounds import backgrounds_section
from votebank.report.blocks import SECTIONS
from votebank.report.campaignsections import byelections_section, canvass_section
from votebank.report.extrasections import extra_section
from votebank.report.formats import esc
from votebank.report.housesection import house_section
from votebank.report.inline import asset, csp_hash, json_for_script
from votebank.report.parties import Parties
from votebank.report.plansection import plans_section
from votebank.report.scenariosections import page_header, scenario_section
from votebank.report.seattable import constituencies_section
from votebank.report.votesections import (
    ROUTE_LABELS,
    fingerprint_section,
    provenance_section,
    turnout_section,
)


def render_html(data: dict[str, Any]) -> str:
    """Return the whole report page for a :func:`~votebank.report.build.build_report` dict.

    Raises:
        InputError: ``data`` is no such dict (it lacks a section the page draws).
    """
    if problems := data_problems(data):
        raise InputError(problems)
    parties = Parties(data.get("parties", {}))
    sections = {
        "house": house_section(data, parties),
        "map": seatsections.map_section(data, parties.colour, parties.tag),
        "constituencies": constituencies_section(data, parties),
        "deciding": seatsections.deciding_section(data, parties.tag),
        "provenance": provenance_section(data, parties),
        "backgrounds": backgrounds_section(data),
        "turnout": turnout_section(data),
        "fingerprint": fingerprint_section(data),
        "canvass": canvass_section(data, parties),
        "byelections": byelections_section(data, parties),
        "plans": plans_section(data, parties),
        "scenario": scenario_section(data),
    }
    extras = data.get("extras") or {}
    for name, value in extras.items():
        sections[name] = extra_section(name, value)
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
    css = asset("report.css") + parties.css() + seatsections.css(data)
    js = asset("report.js")
    csp = (
        "default-src 'none'; img-src data:; "
        f"style-src {csp_hash(css)}; script-src {csp_hash(js)}; "
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
        f"{page_header(data)}"
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
    problems = data_problems(data)
    if isinstance(path, str | os.PathLike):
        problems += output_problems(files={"path": Path(path)})
    else:
        problems.append(Problem("path", "", repr(path)[:80], "give the HTML file's path"))
    if problems:
        raise InputError(problems)
    return write_text(render_html(data), Path(path))


WHY_DATA = "give the dict build_report returns"
NEEDED = ("ensemble", "scenario", "house", "constituencies", "provenance", "turnout")
"""The sections of that dict the page cannot be drawn without."""


def data_problems(data: object) -> list[Problem]:
    """Why ``data`` is no report dict: not a dict, or one without a section the page needs.

    Another dict (a backtest's, say) failed deep in the drawing with ``KeyError: 'house'``.
    """
    if not isinstance(data, dict):
        return [Problem("data", "", repr(data)[:80], WHY_DATA)]
    if missing := [k for k in NEEDED if k not in data]:
        return [Problem("data", "", f"a dict without {joined(missing)}", WHY_DATA)]
    return []

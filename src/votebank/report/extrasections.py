"""The report's sections for files given with the ensemble: forensics, validation, backtest, ...

Any JSON value is shown as escaped HTML: a headline, tables of its lists of records, and every
other field under "All fields" (large arrays summarised, deep values as clipped JSON).
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from votebank.display import plural
from votebank.forensics.integers import p_text
from votebank.report import blocks
from votebank.report.blocks import SECTIONS
from votebank.report.formats import esc

# The lead of a file that names no ensemble (a backtest, your own stations): any election.
NAMES_NONE = (
    "Read from beside the store; it names no ensemble, so it may be about another scenario or "
    "election: its own fields say which."
)
# `votebank forensics-run` names the run it tested at the end of its source line.
_ONE_RUN = re.compile(r"ensemble \S+ run (\d+)$")
# Field names read as words; those a plain reading would get wrong are named here.
HEADINGS = {
    "brier": "Brier",  # a name, as the backtest's table writes it beside "expected Brier"
    "brier_expected": "expected Brier",
    "p_value": "p-value",
    "p_adjusted": "p after Holm",
    "log_score": "log score",
    "top3_inside90": "top 3 in 90%",
    "counted": "counted in the verdict",  # forensics: among the tests Holm's adjustment takes
}
# Measures written as the terminal's table writes them (backtest, validate-against): the
# report showed Brier 0.3415 and seats wrong 23.54 beside the terminal's 0.342 and 23.5.
DECIMALS = {"brier": 3, "brier_expected": 3, "log_score": 3, "seats_wrong": 1}
# A forensics table's p-values and statistics, as `votebank forensics` prints them: the report
# read 0.04762 and 1.015 beside the terminal's (and the row's own reading's) 0.0476 and 1.02.
P_VALUES = ("p_value", "p_adjusted")
LONG = 100  # characters from which a table's text cell keeps a readable width (.long)
# A coverage (share of intervals holding the real value) is a percentage, not 0.3506.
_COVERAGE = re.compile(r"_cover\d+$")


def extra_section(name: str, value: Any) -> str:
    """The section of one file given with the ensemble (``forensics.json``, say)."""
    title = dict(SECTIONS).get(name, name.replace("_", " ").capitalize())
    if not isinstance(value, dict):
        value = {"value": value}
    parts = []
    shown = set()  # fields drawn above; every other field goes in "All fields"
    if isinstance(value.get("headline"), str):
        parts.append(f'<p class="headline">{esc(value["headline"])}</p>')
        shown.add("headline")
    truth = value.get("simulated_truth")
    if isinstance(truth, dict) and isinstance(truth.get("reading"), str):
        # forensics-run's: what the simulated run really did, beside the tests' verdicts.
        parts.append(f"<p>{esc(truth['reading'])}</p>")
    for key in ("flags", "rows"):  # forensics flags; rows of any other table
        rows = value.get(key)
        if isinstance(rows, list) and rows and all(isinstance(f, dict) for f in rows):
            parts.append(_dict_table([_weak(r) for r in rows] if key == "flags" else rows))
            shown.add(key)
    if isinstance(value.get("legend"), str):  # what the table's columns mean (a backtest's)
        parts.append(f'<p class="note legend">{esc(value["legend"])}</p>')
        shown.add("legend")
    rest = {k: v for k, v in value.items() if k not in shown}
    if rest:
        parts.append(f"<details><summary>All fields</summary>{_value(rest, 0)}</details>")
    ours = "ensemble_id" in value or "ensemble " in str(value.get("source", ""))
    lead = f"The {esc(title.lower())} of this ensemble." if ours else NAMES_NONE
    one_run = _ONE_RUN.search(str(value.get("source", "")))
    if one_run:  # its headline says "this election": one simulated run, not the real one
        lead = (
            f"The {esc(title.lower())} of run {int(one_run[1]):,} of this ensemble: the tests "
            "read that run's simulated polling stations, not a real election's returns."
        )
    return blocks.section(name, title, "".join(parts), lead)


def _weak(flag: dict) -> dict:
    """A flag outside the verdict (a digit test) as the terminal marks it: "weak", not "yes"."""
    if flag.get("flagged") is True and flag.get("counted") is False:
        return {**flag, "flagged": "weak"}
    return flag


def heading(key: str) -> str:
    """A field's name as a reader reads it: ``winners_wrong`` is "winners wrong"."""
    if key in HEADINGS:
        return HEADINGS[key]
    if _COVERAGE.search(key):  # seat_cover90: "seats in 90%", as the backtest's table says
        what, level = key.rsplit("_cover", 1)
        return f"{what}s in {level}%"
    return key.replace("_", " ")


def _value(v: Any, depth: int, key: str = "") -> str:
    """Any JSON value as escaped HTML; large arrays are summarised, not shown."""
    if isinstance(v, dict):
        if depth >= 3:
            return f"<code>{esc(_clip_json(v))}</code>"
        items = "".join(f"<div><dt>{esc(heading(k))}</dt><dd>{_value(x, depth + 1, k)}</dd></div>"
                        for k, x in v.items())  # fmt: skip
        return f'<dl class="kv">{items}</dl>'
    if isinstance(v, list):
        if v and all(isinstance(x, dict) for x in v):
            return _dict_table(v)
        if len(v) <= 12:  # a short list in full, nested values as clipped JSON
            items = [_clip_json(x) if isinstance(x, dict | list) else _scalar(x) for x in v]
            # Notes that hold commas themselves ran into one another: "... A, B, 2014-05-08: ..."
            sep = "; " if any(", " in x for x in items) else ", "
            return esc(sep.join(items) if items else "none")
        return esc(f"{len(v):,} values (not shown)")
    return esc(_scalar(v, key))


def _dict_table(rows: list[dict], limit: int = 50) -> str:
    cols = list(dict.fromkeys(k for r in rows[:limit] for k in r))
    body = [[_cell(r.get(c), c) for c in cols] for r in rows[:limit]]
    more = (
        f'<p class="note">{plural(len(rows) - limit, "more row")} not shown.</p>'
        if len(rows) > limit
        else ""
    )
    return blocks.table([esc(heading(c)) for c in cols], body) + more


def _cell(x: Any, key: str) -> str:
    """A table cell; a number is kept on one line (the browser broke 9.81e-09 after "e-")."""
    if isinstance(x, dict | list):
        return esc(_clip_json(x))
    text = esc(_scalar(x, key))
    number = isinstance(x, int | float) and not isinstance(x, bool)
    if number:
        return f'<span class="nb">{text}</span>'
    # A reading of several sentences, squeezed to 80 px at 400 px, ran to 30 lines a row.
    return f'<div class="long">{text}</div>' if isinstance(x, str) and len(x) > LONG else text


def _scalar(x: Any, key: str = "") -> str:
    if x is None:
        return "–"
    if isinstance(x, bool):
        return "yes" if x else "no"
    if _COVERAGE.search(key) and isinstance(x, int | float) and math.isfinite(x):
        return f"{100 * x:.0f}%"
    if key in DECIMALS and isinstance(x, int | float) and math.isfinite(x):
        return f"{x:.{DECIMALS[key]}f}"
    if key in P_VALUES and isinstance(x, float) and math.isfinite(x):
        return p_text(x)
    if key == "statistic" and isinstance(x, float) and math.isfinite(x):
        return f"{x:.3g}"
    if isinstance(x, float):
        # Four significant digits, but votes and counts in full: 4g wrote 13,001 as 1.3e+04.
        return f"{x:,.0f}" if abs(x) >= 999.5 and math.isfinite(x) else f"{x:.4g}"
    return str(x)


def _clip_json(v: Any, limit: int = 120) -> str:
    text = json.dumps(v, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 1] + "…"

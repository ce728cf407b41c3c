"""The report's "Canvass returns" and "By-elections" sections (each only when stored)."""

from __future__ import annotations

from votebank.display import runs_text
from votebank.report import blocks
from votebank.report.formats import esc, num, pct
from votebank.report.parties import Parties


def canvass_section(data: dict, parties: Parties) -> str:
    """The "Canvass returns" section ('' when the ensemble stored none)."""
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
    table = blocks.table(
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
    return blocks.section(
        "canvass",
        "Canvass returns",
        table,
        "What canvassers heard at the door: mean conversations per run, by party.",
    )


def byelections_section(data: dict, parties: Parties) -> str:
    """The "By-elections" section ('' when the ensemble held none)."""
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
    table = blocks.table(
        ["Seat", "Name", "Held in runs", "Won by (share of by-elections)", "Mean turnout"],
        rows,
        "num-table",
    )
    return blocks.section(
        "byelections",
        "By-elections",
        table,
        f"Seats vacated and re-contested after the general election, over {runs_text(b['runs'])}.",
    )

"""The report's sections in page order with their titles, and the HTML pieces they are built of.

Each piece takes ready (escaped) HTML or escapes what it is given with
:func:`~votebank.report.formats.esc`.
"""

from __future__ import annotations

from votebank.report.formats import esc, seats_range

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
    ("plans", "Canvass plans"),
    ("byelections", "By-elections"),
    ("counterfactuals", "Counterfactual comparisons"),
    ("forensics", "Forensics"),
    ("validation", "Validation"),
    ("backtest", "Backtest"),
    ("scenario", "Scenario and provenance"),
)


def section(key: str, title: str, body: str, lead: str = "") -> str:
    """A ``<section>`` with its id, its heading and an optional lead paragraph."""
    lead_html = f'<p class="lead">{lead}</p>' if lead else ""
    return (
        f'<section id="{esc(key)}" aria-labelledby="{esc(key)}-h">'
        f'<h2 id="{esc(key)}-h">{esc(title)}</h2>{lead_html}{body}</section>'
    )


def figure(svg: str, caption: str) -> str:
    """A chart in a ``<figure>`` with its caption (ready HTML)."""
    return f"<figure>{svg}<figcaption>{caption}</figcaption></figure>"


def table(head: list[str], rows: list[list[str]], cls: str = "") -> str:
    """A plain table; ``head`` and ``rows`` hold ready (escaped) HTML."""
    c = f' class="{cls}"' if cls else ""
    th = "".join(f'<th scope="col">{h}</th>' for h in head)
    tr = "".join("<tr>" + "".join(f"<td>{v}</td>" for v in r) + "</tr>" for r in rows)
    table = f"<table{c}><thead><tr>{th}</tr></thead><tbody>{tr}</tbody></table>"
    return f'<div class="scroll">{table}</div>'


def stats(items: list[tuple[str, str]]) -> str:
    """Key figures as a row of cards: (label, escaped value html)."""
    cards = "".join(f'<div class="stat"><dt>{esc(k)}</dt><dd>{v}</dd></div>' for k, v in items)
    return f'<dl class="stats">{cards}</dl>'


def interval(mean: float, lo: float, hi: float) -> str:
    """A mean and its interval (as :func:`~votebank.report.formats.seats_range`), interval muted."""
    head, tail = seats_range(mean, lo, hi).split(" ", 1)
    return f'{esc(head)} <span class="muted">{esc(tail)}</span>'

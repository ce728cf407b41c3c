"""The report's "Constituencies" section: the filterable, sortable table of every seat."""

from __future__ import annotations

from votebank.display import plural, runs_text
from votebank.report import blocks, seatsections
from votebank.report.formats import esc, num, pct, prob
from votebank.report.parties import Parties


def constituencies_section(data: dict, parties: Parties) -> str:
    """The "Constituencies" section: one row per seat, with a filter and sortable columns."""
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
            f"{esc(c['name'])} ({esc(c['party'])}) {esc(prob(c['p_win']))}" for c in cands
        )
        txt = ' class="txt"'  # names from user files: a very long word may break there
        cells = [
            (s["id"], seatsections.seat_button(s["id"]), ""),
            (s["name"], esc(s["name"]), txt),
            (s["region"], esc(s["region"]), txt),
            (lead["name"] if lead else "", who(lead), txt),
            (lead["p_win"] if lead else 0, esc(prob(lead["p_win"] if lead else None)), ""),
            (chal["name"] if chal else "", who(chal), txt),
            (chal["p_win"] if chal else 0, esc(prob(chal["p_win"] if chal else None)), ""),
            (s["margin_mean"], esc(num(s["margin_mean"])), ""),
            (s["margin_share"], esc(pct(s["margin_share"], 1)), ""),
            (s["turnout"], esc(pct(s["turnout"], 1)), ""),
        ]
        if data.get("deciding"):
            cells.append((s.get("decided_by", ""), esc(s.get("decided_by") or "–"), ""))
        tds = "".join(f'<td data-sort="{esc(k)}"{c}>{v}</td>' for k, v, c in cells)
        body.append(f'<tr data-search="{esc(search)}">{tds}<td class="cands">{every}</td></tr>')
    n = len(seats)
    seats_text = plural(n, "constituency", "constituencies")
    controls = (
        '<div class="controls"><label for="seat-filter">Filter constituencies</label>'
        '<input type="search" id="seat-filter" autocomplete="off" spellcheck="false"'
        ' placeholder="region, name, party or candidate" aria-controls="seat-table">'
        f'<output id="seat-status" aria-live="polite">{n:,} of {seats_text}</output></div>'
    )
    table = (
        f'<div class="scroll tall"><table id="seat-table" class="num-table seats">'
        f"<caption>Constituencies: the leader (the most often elected candidate of the party "
        f"that wins the seat most often; between parties that win it equally often, the first "
        f"party id in alphabetical order), the challenger, the mean winning margin and turnout "
        f"over {runs_text(data['ensemble']['runs'])}. Click a column heading to sort.</caption>"
        f"<thead><tr>{th}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
    )
    return blocks.section(
        "constituencies",
        "Constituencies",
        controls + table,
        "Each candidate's probability of winning the seat, estimated as the share of runs won.",
    )

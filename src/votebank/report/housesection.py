"""The report's "The house" section: seats by party, the hemicycle and the actual result."""

from __future__ import annotations

from votebank.display import AFTER_JOINS, plural, runs_text, seats_interval
from votebank.report import barcharts, blocks, seatsections
from votebank.report.barcharts import Bar, Segment
from votebank.report.formats import esc, pct, seats_fmt, seats_range
from votebank.report.parties import Parties


def house_section(data: dict, parties: Parties) -> str:
    """The "The house" section: key figures, the charts of seats by party and their table."""
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
    stats = [
        ("House (mean seats, incl. reserved)", esc(_count(h["size"]))),
        ("General seats", esc(_count(h["general_size"]))),
        ("Majority", esc(maj_text.removeprefix("majority "))),
    ]
    if h["size"] == h["general_size"] == round(h["size"]):  # no reserved seats (the UK)
        stats[:2] = [("Seats", esc(_count(h["size"])))]
    if rows:
        stats.append(("Most often largest", _most(rows, "p_largest", parties) or "none"))
    # No party ever has a majority: say so rather than 0 %.
    stats.append(("Likeliest majority", _most(rows, "p_majority", parties) or "none in any run"))
    strip = barcharts.strip(
        "chart-house",
        [
            Segment(r["party"], r["party"], r["total_mean"])
            for r in sorted(shown, key=lambda r: -r["total_mean"])
            if r["total_mean"] > 0
        ],
        {r["party"]: parties.colour(r["party"]) for r in rows},
        title="Mean seats by party in the whole house",
        desc=f"Mean total seats of each party over {runs_text(runs)}; "
        f"the line marks the {maj_text}.",
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
            f"5–95% {seats_interval(r['total_q05'], r['total_q95'])}",
        )
        for r in shown
    ]
    figs = [
        seatsections.house_figure(data, parties.colour, parties.name, parties.tag),
        blocks.figure(
            strip,
            f"The house: mean seats over {runs_text(runs)}"
            + (", reserved seats included." if h["size"] != h["general_size"] else "."),
        ),
        blocks.figure(
            barcharts.interval_bars(
                "chart-seats",
                bars,
                title="Total seats by party, mean and 5–95% interval",
                desc="Bars show the mean total seats, whiskers the 5th to 95th percentile.",
                line=maj,
                line_label=maj_text,
                axis="seats",
            ),
            "Total seats by party: bar = mean, whisker = 5–95% of runs, dashed line = majority.",
        ),
    ]
    if h.get("actual_total"):
        figs.append(_actual_figure(shown, h["actual_total"], parties))
    # Reserved seats are Pakistan's: a house without them (Westminster) has no such columns.
    reserved = any(r.get("women_mean") or r.get("non_muslim_mean") for r in rows)
    table = blocks.table(
        [
            "Party",
            "Name",
            "General at poll (5–95%)",
            "Actual at poll",
            f"{AFTER_JOINS} (5–95%)",
            *(["Women", "Non-Muslim"] if reserved else []),
            "Total seats (5–95%)",
            "P(majority)",
            "P(largest)",
        ],
        [
            [
                parties.tag(r["party"]),
                esc(parties.name(r["party"])),
                blocks.interval(
                    r.get("at_poll_mean", 0), r.get("at_poll_q05", 0), r.get("at_poll_q95", 0)
                ),
                # A party missing from a given actual result won none; no result: a dash.
                esc(r.get("actual") or 0) if h.get("actual_total") else "–",
                blocks.interval(
                    r["general_mean"], r.get("general_q05", 0), r.get("general_q95", 0)
                ),
                *(
                    [esc(seats_fmt(r.get(f"{kind}_mean", 0.0))) for kind in ("women", "non_muslim")]
                    if reserved
                    else []
                ),
                blocks.interval(r["total_mean"], r.get("total_q05", 0), r.get("total_q95", 0)),
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
    return blocks.section(
        "house",
        "The house",
        blocks.stats(stats) + '<div class="figs">' + "".join(figs) + "</div>" + table,
        "Seats by party across the runs. General seats at the poll are the constituencies won "
        "on polling day, as the actual result counts them; after joins, once independents have "
        "joined parties and by-elections are held. P(largest) shares ties between the tied "
        "parties.",
    )


def _most(rows: list[dict], key: str, parties: Parties) -> str:
    """The party with the highest ``key``, or every party tied there ('' if it is 0)."""
    most = max((r.get(key, 0.0) for r in rows), default=0.0)
    if not most:
        return ""
    tied = [parties.tag(r["party"]) for r in rows if r.get(key, 0.0) == most]
    return f"{', '.join(tied)} {esc(pct(most))}" + (" each" if len(tied) > 1 else "")


def _actual_figure(shown: list[dict], actual_total: int, parties: Parties) -> str:
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
            f"general seats at the poll (5–95% {_at_poll_interval(r)}), "
            f"actual {r.get('actual') or 0}; "
            f"{seats_fmt(r['general_mean'])} after joins and by-elections",
            second=float(r.get("actual") or 0),
        )
        for r in shown
        if r.get("at_poll_mean") or r.get("actual")
    ]
    return blocks.figure(
        barcharts.interval_bars(
            "chart-actual",
            paired,
            title="General seats at the poll: simulated against the actual result",
            desc="For each party, the simulated mean general seats won on polling day with the "
            "5–95% interval, and beside it the seats it actually won that day.",
            first_label="simulated at the poll, mean (5–95%)",
            second_label="actual result",
            axis="general seats won on polling day",
        ),
        f"General seats won on polling day: simulated (solid) against actual (hatched), "
        f"{plural(actual_total, 'general seat')} in the actual result. Seats after "
        "independents join parties and after by-elections are in the table below.",
    )


def _at_poll_interval(r: dict) -> str:
    """The 5–95 % interval of general seats at the poll, as the table writes it."""
    return seats_interval(r.get("at_poll_q05", 0.0), r.get("at_poll_q95", 0.0))


def _count(seats: float) -> str:
    """Seats the same in every run as a count (268), others as a mean (338.4)."""
    return f"{round(seats):,}" if seats == round(seats) else seats_fmt(seats)

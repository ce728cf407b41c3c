"""The report's sections on how the votes came: by route, turnout, the station fingerprint."""

from __future__ import annotations

from votebank.core.labels import ROUTE_INFO
from votebank.display import plural, runs_text
from votebank.report import barcharts, blocks, spreadcharts
from votebank.report.formats import esc, num, pct
from votebank.report.parties import Parties

ROUTE_LABELS = {r.name: r.label for r in ROUTE_INFO}
ROUTE_FILLS = {r.name: (r.colour, r.pattern) for r in ROUTE_INFO}


# -- provenance ----------------------------------------------------------------------------


def provenance_section(data: dict, parties: Parties) -> str:
    """The "How seats were won" section: shares of votes by route, overall and per party."""
    p = data["provenance"]
    routes = p["routes"]
    if _own_choice_only(p):  # a UK election: charts of 0% clan, landlord, ... say nothing
        return blocks.section(
            "provenance",
            "How seats were won",
            "",
            "In every run every vote was the voter's own choice: none came by a clan or village "
            "bloc, a landlord or pir, coercion at the station, stuffed ballots or a canvasser "
            "(the scenario's mechanisms for them are off, or delivered no vote).",
        )
    fills = {r: ROUTE_FILLS.get(r, ("#888888", "solid")) for r in routes}
    # Shares of no votes at all (everybody abstained in every run) are missing: no bar.
    bars = [("All votes", p["overall"], ""), ("Winners' votes", p["winners"], "")]
    overall = barcharts.stacked_shares(
        "chart-provenance",
        [bar for bar in bars if None not in bar[1].values()],
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
    per_party = barcharts.stacked_shares(
        "chart-provenance-party",
        rows,
        routes,
        fills,
        title="Share of each party's votes by route",
        desc="For each party, the mean share of its votes that came by each route.",
        key_labels=ROUTE_LABELS,
    )
    table = blocks.table(
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
    return blocks.section(
        "provenance",
        "How seats were won",
        '<div class="figs">'
        + blocks.figure(overall, "Votes by route, over all candidates and over the winners alone.")
        + table
        + blocks.figure(per_party, "Votes by route, per party (mean votes per run at the right).")
        + "</div>",
        "Every simulated vote keeps the route by which it was decided: the voter's own choice, "
        "the clan's or village bloc's, a landlord's or pir's instruction, coercion at the "
        "station, ballots stuffed in, or a voter a canvasser brought out.",
    )


def _own_choice_only(p: dict) -> bool:
    """Whether no vote of any run came by another route than the voter's own choice."""
    others = [r for r in p["routes"] if r != "own"]
    shares = [p["overall"].get(r) for r in others] + [p["winners"].get(r) for r in others]
    shares += [b["shares"].get(r) for b in p["by_party"] for r in others]
    return "own" in p["routes"] and p["overall"].get("own") is not None and not any(shares)


# -- turnout -------------------------------------------------------------------------------


def turnout_section(data: dict) -> str:
    """The "Turnout" section: national turnout across runs and by region."""
    t = data["turnout"]
    nat = t["national"]
    hist = nat["hist"]
    low, high = pct(nat["q05"], 1), pct(nat["q95"], 1)
    # Turnout fixed by the scenario (the UK's) gave "65.3% – 65.3%", which says nothing.
    spread = f"{low} – {high}" if low != high else f"{low} in all (to 0.1 point)"
    stats = [
        ("Mean national turnout", esc(pct(nat["mean"], 1))),
        ("5–95% of runs", esc(spread)),
        ("Median", esc(pct(nat["q50"], 1))),
    ]
    figs = []
    if hist["counts"]:
        figs.append(
            blocks.figure(
                spreadcharts.histogram(
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
        blocks.figure(
            spreadcharts.ranges(
                "chart-turnout-region",
                rows,
                title="Turnout by region",
                desc="Mean turnout of each region with the 5–95% interval across runs.",
                digits=1,
                axis="turnout",
            ),
            "Turnout by region: dot = mean, line = 5–95% of runs.",
        )
    )
    return blocks.section(
        "turnout",
        "Turnout",
        blocks.stats(stats) + '<div class="figs">' + "".join(figs) + "</div>",
        "Turnout is ballots cast (stuffed ballots included) over registered voters, "
        "ghost entries on the roll included.",
    )


def fingerprint_section(data: dict) -> str:
    """The "Station fingerprint" section ('' when no run kept station detail)."""
    fp = data.get("fingerprint")
    if not fp:
        return ""  # no run kept polling-station detail (--station-runs 0)
    cells = fp["cells"]
    b = fp["bins"]
    common = {"xlabel": "turnout", "ylabel": "leader's share"}
    all_map = spreadcharts.heatmap(
        "chart-fingerprint",
        [(c[0], c[1], c[2]) for c in cells],
        b,
        title="Turnout against the leading candidate's share, all stations",
        desc=f"Two-dimensional histogram of {plural(fp['stations'], 'polling-station result')}.",
        **common,
    )
    stuffed_map = spreadcharts.heatmap(
        "chart-fingerprint-stuffed",
        [(c[0], c[1], c[3]) for c in cells if c[3]],
        b,
        title="The same, stations stuffed (ground truth)",
        desc=f"Two-dimensional histogram of the {plural(fp['stuffed'], 'station')} that "
        + ("was stuffed." if fp["stuffed"] == 1 else "were stuffed."),
        **common,
    )
    stuffed_figure = (
        blocks.figure(stuffed_map, "Stuffed stations only, as the simulation knows them.")
        if fp["stuffed"]  # a clean election's panel would be an empty frame: say so instead
        else '<p class="note">No station was stuffed in these runs: no second histogram.</p>'
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
        notes.append(f"{plural(fp['over_100'], 'station')} reported more ballots than registered "
                     "voters (drawn in the 98–100% turnout column)")  # fmt: skip
    if fp["not_binned"]:
        are = "is" if fp["not_binned"] == 1 else "are"
        notes.append(f"{plural(fp['not_binned'], 'station')} with no registered voters or no "
                     f"valid ballot {are} not drawn")  # fmt: skip
    note = f'<p class="note">{esc("; ".join(notes))}.</p>' if notes else ""
    return blocks.section(
        "fingerprint",
        "Station fingerprint",
        blocks.stats(stats)
        + '<div class="pair">'
        + blocks.figure(all_map, "All stations: each cell counts stations (log colour scale).")
        + stuffed_figure
        + "</div>"
        + note,
        f"Turnout against the share of the station's leading candidate, {b}×{b} bins, over "
        f"the stations of the {runs_text(fp['runs'])} that kept station detail. Stuffing pulls "
        "stations towards the top right corner.",
    )

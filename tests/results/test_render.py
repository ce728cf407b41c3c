"""Terminal tables of an ensemble's summaries: what they show, in which order, what they omit."""

from __future__ import annotations

import dataclasses
import io

import pandas as pd
from rich.console import Console

from votebank.results.frames import ROUTES
from votebank.results.render import render_provenance, render_seats
from votebank.results.summary import ALL_PARTIES, EnsembleSummary

RUNS = 50


def render_text(table, width: int = 200) -> str:
    console = Console(width=width, record=True, file=io.StringIO(), color_system=None)
    console.print(table)
    return console.export_text()


def provenance(votes: dict[str, float]) -> pd.DataFrame:
    """A provenance_summary frame: each party's votes, all by its own choice (none: no share)."""
    rows = [
        {
            "party": party,
            "route": route,
            "runs": RUNS,
            "share_mean": (1.0 if route == "own" else 0.0) if v else float("nan"),
            "share_se": 0.0,
            "share_sd": 0.0,
            "votes_mean": v,
        }
        for party, v in [(ALL_PARTIES, sum(votes.values())), *votes.items()]
        for route in ROUTES
    ]
    return pd.DataFrame(rows)


def summary_of(seat_order: list[str], votes: dict[str, float]) -> EnsembleSummary:
    frame = provenance(votes)
    empty = pd.DataFrame()
    return EnsembleSummary(
        ensemble_id="e",
        runs=RUNS,
        majority=None,
        seats=pd.DataFrame({"party": seat_order}),
        constituencies=empty,
        turnout=empty,
        turnout_by_region=empty,
        provenance=frame[frame.party == ALL_PARTIES],
        provenance_by_party=frame[frame.party != ALL_PARTIES],
        closest=empty,
        backgrounds=empty,
    )


def test_parties_are_those_with_most_votes_and_those_left_out_are_named():
    # Copeland: UKIP, third on votes but seatless, was missing while Ind and OTH (no votes,
    # columns of dashes) were shown, the parties taken by seats then name.
    votes = {"Lab": 11_800, "Con": 10_300, "UKIP": 4_500, "LD": 1_700, "Green": 860}
    votes |= {"Ind": 0.0, "OTH": 0.0}
    by_seats = ["Lab", "Con", "Green", "Ind", "LD", "OTH", "UKIP"]
    shown = 3
    table = render_provenance(summary_of(by_seats, votes), max_parties=shown, width=200)
    heads = [str(c.header) for c in table.columns]
    with_votes = sorted((p for p in votes if votes[p]), key=lambda p: -votes[p])
    assert heads[heads.index("± s.e.") + 1 :] == with_votes[:shown]
    caption = " ".join(render_text(table).split())
    for party in with_votes[shown:]:
        assert party in caption, caption
    assert "(fewer votes)" in caption
    assert "Ind, OTH (no votes)" in caption


def test_nothing_is_said_left_out_when_every_party_is_shown():
    votes = {"RED": 900.0, "BLUE": 1_200.0}
    table = render_provenance(summary_of(["RED", "BLUE"], votes), width=200)
    assert [str(c.header) for c in table.columns][-2:] == ["BLUE", "RED"]
    assert "not shown" not in str(table.caption)


def test_general_seats_after_the_poll_are_headed_with_what_they_count():
    # tiny: RED 1.8 "General at poll" fell to 1.6 "General after joins" by a by-election (the
    # multiple_seats step), which the heading did not name and the report does.
    seats = pd.DataFrame(
        {
            "party": ["RED", "BLUE"],
            "runs": [1, 1],  # one run: the headings alone, no intervals
            "total_mean": [1.6, 1.4],
            "general_mean": [1.6, 1.4],
            "at_poll_mean": [1.8, 1.2],
        }
    )
    heads = [str(c.header) for c in render_seats(seats, width=200).columns]
    after = heads[heads.index("General at poll") + 1]
    assert "joins" in after, heads
    assert "by-elections" in after, heads


def test_a_p_of_none_or_all_runs_is_not_read_as_certain():
    # pakistan-2008's "P(majority) 0.0%" over 20 runs read as no chance at all: with 20 runs
    # P may still be 13.9%.
    seats = pd.DataFrame(
        {
            "party": ["PPPP", "PML-N"],
            "runs": [20, 20],
            "total_mean": [124.6, 91.0],
            "total_mean_se": [0.93, 0.84],
            "total_q05": [116, 83],
            "total_q95": [132, 97],
            "general_mean": [97.3, 71.3],
            "p_majority": [0.0, 0.0],
            "p_largest": [1.0, 0.0],
        }
    )
    summary = summary_of(["PPPP", "PML-N"], {"PPPP": 1.0, "PML-N": 1.0})
    summary = dataclasses.replace(summary, runs=20, seats=seats)
    text = " ".join(render_text(render_seats(summary)).split())
    assert "a P of 0% or 100% of 20 runs is no certainty: it may be up to 13.9%" in text
    assert "or as low as 86.1% (95%)" in text


def test_routes_are_named_in_the_report_s_words():
    # The terminal said "clan" and "landlord" where the report says "clan (biradari)" and
    # "landlord / pir": a pir's followers' votes had no name on the screen.
    votes = {"RED": 900.0, "BLUE": 1_200.0}
    text = render_text(render_provenance(summary_of(["RED", "BLUE"], votes), width=200))
    for label in ("own choice", "clan (biradari)", "landlord / pir", "stuffed"):
        assert label in text, text

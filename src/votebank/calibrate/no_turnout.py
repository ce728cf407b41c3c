"""Real results that give no turnout for any seat compared: what they lack, roll or ballots."""

from __future__ import annotations

import pandas as pd

from votebank.calibrate.target import Target
from votebank.elections.seat_ids import match_seats
from votebank.errors import Problem


def no_turnout_problem(target: Target, aligned, contests, scenario: str, hint: str = "") -> Problem:
    """The problem of matching or scoring turnout against ``target``; ``hint`` ends its text."""
    ids = target.seats["constituency_id"].astype(str)
    ids = match_seats(pd.unique(ids), contests.seat_ids).renamed(ids)  # as align reads them
    seats = target.seats.assign(constituency_id=ids).set_index("constituency_id")
    seats = seats.reindex(contests.seat_ids.astype(str))
    seats = seats[aligned.seats]
    roll, ballots = seats["registered"].notna().any(), seats["ballots"].notna().any()
    gives = {
        (True, False): "gives the roll (registered voters) but no ballots cast",
        (False, True): "gives ballots cast but no roll (registered voters)",
        (False, False): "gives no roll (registered voters) and no ballots cast",
    }.get((roll, ballots), "gives no turnout between 0 and 1 (ballots over the roll)")
    why = (
        f"no turnout for any seat of {scenario}: the file {gives}; turnout needs both (a "
        "uk_results_contests.csv beside a candidate file gives them, as do the "
        "constituency-rows layout and a scenario folder)"
    )
    if target.notes:  # a roll below the votes is read as unknown: the file did give one
        why += f"; reading it: {'; '.join(target.notes)}"
    return Problem(target.name, "turnout", "", why + hint)

"""A by-election's prior from what was known before the vote, and the simplest baseline beside it.

Any by-election in the shipped UK data: its seat's result at the general election before it,
the GB voting-intention polls whose fieldwork ended in the ``window_days`` before polling day
(never a poll finished on or after it), and the by-election regularities at their defaults
(``[mechanisms.byelection]``: turnout 0.75 of the general election's, 3 points against the
government with sd 5 [E]). With ``levers`` (the default) the UK levers of issue 18 are on at
their sourced defaults: the departed MP's personal vote is lost (``incumbency``, mp ``gone``),
voters flow between parties by the polls with UKIP's leavers mostly to the Conservatives
(``flows``, BES second preferences, Dec 2016 [S direction]), and postal votes are recorded at
the by-election return rate (``postal``: 0.164 issued [S], 0.70 returned [S-weak]). Nothing is
fitted to the by-election's result.

The baseline is uniform national swing of the seat's general-election result by the same polls
(``[mechanisms.swing]`` alone, turnout as at the general election): what a reader with the
same information and no model of by-elections would predict.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date as Date
from datetime import timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from votebank.errors import InputError, Problem
from votebank.scenario.load import Scenario
from votebank.scenario.overrides import with_overrides
from votebank.uk import results_files
from votebank.uk.elections import previous_general
from votebank.uk.results_files import OTHERS
from votebank.uk.scenario_folder import build_uk_scenario
from votebank.uk.shares import poll_mean
from votebank.uk.tables import contests_table, polls_table
from votebank.uk.totals import gb_shares_from_totals

# The levers at their defaults for a by-election (sources in docs/scenario-format.md).
LEVERS: dict[str, dict[str, Any]] = {
    "incumbency": {"enabled": True, "mp": "gone", "bonus": {"Lab": 2.0, "Con": 1.5, "LD": 6.0}},
    "flows": {"enabled": True, "churn": 0.2, "second": {"UKIP": {"Con": 0.6}}},
    "postal": {"enabled": True, "issued_share": 0.164, "turnout": 0.70},
}


def polls_before(day: str, window_days: int = 28) -> tuple[dict[str, float], int]:
    """Mean GB voting intention of the polls finished in the ``window_days`` before ``day``.

    Returns:
        Shares (each party the polls name, OTH for the rest: :func:`poll_mean`) and the
        number of polls.
    """
    p = polls_table()
    end = p["fieldwork_end"].astype(str)
    start = (Date.fromisoformat(day) - timedelta(days=window_days)).isoformat()
    p = p[(end < day) & (end >= start)]
    if p.empty:
        where = results_files.source_name("polls")
        why = f"no polls finished in the {window_days} days before the by-election"
        raise InputError([Problem(where, "column fieldwork_end", day, why)])
    return poll_mean(p), len(p)


def byelections() -> pd.DataFrame:
    """The by-elections in the shipped data (date, seat id, name)."""
    c = contests_table()
    c = c[c["election_type"] == "by-election"]
    return c[["election_date", "constituency_id", "constituency_name"]].reset_index(drop=True)


def build_prior(
    day: str,
    seat: str,
    out_dir: str | Path,
    *,
    window_days: int = 28,
    levers: bool = True,
    extra: Mapping[str, Mapping[str, Any]] | None = None,
    name: str | None = None,
    seed: int = 1,
    runs: int = 400,
) -> Path:
    """Write the prior scenario of the by-election in ``seat`` on ``day``; its TOML path."""
    base = previous_general(day)
    target, n = polls_before(day, window_days)
    parties = tuple(p for p in target if p != OTHERS)
    mech: dict[str, Any] = {"byelection": {"enabled": True}}
    if levers:
        mech.update({k: dict(v) for k, v in LEVERS.items()})
    for key, table in (extra or {}).items():
        mech[key] = {**mech.get(key, {}), **dict(table)}
    row = byelections()
    row = row[(row["election_date"] == day) & (row["constituency_id"] == seat)]
    label = str(row["constituency_name"].iloc[0]) if len(row) else seat
    return build_uk_scenario(
        day,
        out_dir,
        seats=[seat],
        baseline=gb_shares_from_totals(base, parties=parties, others="rest"),
        target=target,
        swing_model="uniform",
        name=name or Path(out_dir).name,
        title=f"{label} by-election, {day}: the prior from what was known before the vote",
        description=f"{label} at the general election of {base}, swung by the mean of the {n} "
        f"GB polls finished in the {window_days} days before {day}; by-election regularities "
        "at their defaults"
        + ("; the departed MP's personal vote, flows by the polls, postal votes" if levers else "")
        + ". Nothing fitted to the result.",
        header=(
            "Written by votebank.uk.byelection_prior.build_prior (scripts/build_uk_scenarios.py).\n"
            f"Baseline: {label} at GE {base} [S]; target: mean of the {n} GB polls finished in\n"
            f"the {window_days} days before {day} [S, PollBase]; by-election regularities and the\n"
            "UK levers at their documented defaults [S]/[E]. Nothing is fitted to the result."
        ),
        seed=seed,
        runs=runs,
        mechanisms=mech,
    )


def uns_baseline(scenario: Scenario) -> Scenario:
    """The same information, uniform national swing alone: every other mechanism off, GE turnout."""
    off = {
        f"mechanisms.{name}.enabled": False
        for name in type(scenario.spec.mechanisms).model_fields
        if name != "swing"
    }
    return scenario.with_spec(with_overrides(scenario.spec, off))


def summarise(scenario: Scenario, runs: int, seed: int) -> dict[str, Any]:
    """P(win) by party, 5-95% intervals of votes and turnout over ``runs``, beside the result."""
    from votebank.run.model import Model  # a study reads runs through the model

    model = Model.of(scenario, seed)
    c = model.contests
    votes, turnout, winners = [], [], []
    for run in range(runs):
        outcome = model.outcome(run)
        votes.append(outcome.votes[0])
        turnout.append(outcome.votes[0].sum() / c.registered[0])
        winners.append(int(outcome.seat_winner[0]))
    votes = np.array(votes)
    slots = np.flatnonzero(c.valid[0])
    party = {int(k): c.party_ids[c.party[0, k]] for k in slots}
    wins = np.array(winners)
    out: dict[str, Any] = {"runs": runs, "parties": {}}
    for k in slots:
        lo, hi = np.percentile(votes[:, k], [5, 95])
        out["parties"][party[int(k)]] = {
            "p_win": float((wins == k).mean()),
            "p_win_se": float(np.sqrt((wins == k).mean() * (1 - (wins == k).mean()) / runs)),
            "mean": float(votes[:, k].mean()),
            "lo": float(lo),
            "hi": float(hi),
            "actual": float(c.actual_votes[0, k]),
        }
    t = np.array(turnout)
    lo, hi = np.percentile(t, [5, 95])
    # The declared turnout is the scenario's own: the result it was built to be scored on, not
    # the first by-election of the seat in the shipped files (a seat may have had several).
    declared = c.actual_votes[0, slots].sum()
    out["turnout"] = {
        "mean": float(t.mean()),
        "lo": float(lo),
        "hi": float(hi),
        "actual": float(declared / c.registered[0]) if declared > 0 else float("nan"),
    }
    return out

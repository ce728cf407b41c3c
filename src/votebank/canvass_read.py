"""Canvass plans read back from table ``canvass_plan``: the list of them, and one as it was made."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd

from votebank.canvass_check import PlanCheck
from votebank.errors import InputError, Problem
from votebank.results.queries import has_table
from votebank.results.store import ResultsStore

ROW_COLUMNS = (
    "rank",
    "constituency_id",
    "name",
    "region",
    "hours",
    "p_win_before",
    "p_win_after",
    "gain",
    "gain_per_100h",
)
"""A plan's own columns, as :func:`votebank.canvass_plan.plan_canvass` returns them."""


def stored_plans(store_path: Path) -> pd.DataFrame:
    """One row per stored plan, oldest first: its id, scenario, party, hours and gain.

    ``gain`` is the plan's own (on the runs it was chosen on); ``check_gain`` and
    ``check_gain_se`` what it wins on fresh runs, NULL where it was not checked.
    """
    with ResultsStore(store_path, read_only=True) as store:
        con = store.connection
        if not has_table(con, "canvass_plan"):
            return pd.DataFrame(columns=["plan_id", "scenario", "party", "created"])
        return con.execute(
            """
            SELECT plan_id, any_value(scenario) AS scenario, any_value(party) AS party,
                   min(created) AS created, any_value(budget_hours) AS budget_hours,
                   sum(hours) AS hours, count(*) AS seats, sum(gain) AS gain,
                   any_value(check_gain) AS check_gain, any_value(check_gain_se) AS check_gain_se
            FROM canvass_plan GROUP BY plan_id ORDER BY min(created), plan_id
            """
        ).df()


def read_plan(store_path: Path, plan_id: str) -> pd.DataFrame:
    """The plan ``plan_id`` as it was made: its rows, ``attrs`` as it had them.

    ``plan_id``: the plan's id, ``latest`` (any case), or its number in :func:`stored_plans`
    (from 1); spaces around it are ignored.

    A plan stored before its totals were kept reads its expected seats over its own seats
    (attrs ``totals_of_plan_seats``): the other seats' P(win) was not stored.

    Raises:
        InputError: No plan of that id is stored (the error names the stored ones).
    """
    with ResultsStore(store_path, read_only=True) as store:
        con = store.connection
        ids = _ids(con) if has_table(con, "canvass_plan") else []
        given = plan_id.strip()  # " 1" and "Latest", pasted or typed, are what they say
        if given.casefold() == "latest" and ids:
            plan_id = ids[-1]
        elif given.isascii() and given.isdigit() and 1 <= int(given) <= len(ids):
            plan_id = ids[int(given) - 1]
        elif given in ids:
            plan_id = given
        if plan_id not in ids:
            raise InputError([Problem("--plan", "", plan_id, _unknown_why(ids, store_path))])
        rows = con.execute(
            "SELECT * FROM canvass_plan WHERE plan_id = ? ORDER BY rank", [plan_id]
        ).df()
    plan = rows[list(ROW_COLUMNS)].reset_index(drop=True)
    plan.attrs.update(_attrs(rows.iloc[0], plan))
    plan.attrs["plan_id"] = plan_id
    return plan


def _attrs(first: pd.Series, plan: pd.DataFrame) -> dict:
    """A plan's ``attrs`` from the inputs and totals every one of its rows holds."""

    def value(key: str, default=None):
        got = first.get(key)
        return default if got is None or pd.isna(got) else got  # NULL reads NaN or NA

    def loaded(key: str):
        text = value(key)
        return None if text is None else json.loads(text)

    attrs = {
        "scenario": value("scenario"),
        "scenario_hash": value("scenario_hash"),
        "party": value("party"),
        "runs": int(value("runs", 0)),
        "seed": int(value("seed", 0)),
        "budget_hours": float(value("budget_hours", math.nan)),
        "step_hours": float(value("step_hours", math.nan)),
        "per_round": int(value("per_round", 0)),
        "home_seats": loaded("home_seats"),
        "regions": loaded("regions"),
        "hours_spent": float(plan["hours"].sum()),
        "hours_unproductive": float(value("hours_unproductive", 0.0)),
        "linked": loaded("linked") or [],
        "left_out": loaded("left_out") or [],
        "created": value("created"),
        "version": value("version"),
    }
    if value("expected_seats_before") is None:  # stored before the totals were kept
        attrs.update(
            expected_seats_before=float(plan["p_win_before"].sum()),
            expected_seats_after=float(plan["p_win_after"].sum()),
            candidate_seats=len(plan),
            totals_of_plan_seats=True,
        )
    else:
        attrs.update(
            expected_seats_before=float(value("expected_seats_before")),
            expected_seats_after=float(value("expected_seats_after")),
            candidate_seats=int(value("candidate_seats", len(plan))),
        )
    if value("check_runs") is not None:
        attrs["check"] = PlanCheck(
            runs=int(value("check_runs")),
            first_run=int(value("check_first_run")),
            gain=float(value("check_gain")),
            gain_se=float(value("check_gain_se")),
        )
    return attrs


def _ids(con) -> list[str]:
    """The stored plans' ids, oldest first."""
    query = "SELECT plan_id FROM canvass_plan GROUP BY plan_id ORDER BY min(created), plan_id"
    return [r[0] for r in con.execute(query).fetchall()]


def _unknown_why(ids: list[str], store_path: Path) -> str:
    if not ids:
        return f"{store_path} holds no canvass plan (`votebank plan-canvass` stores one)"
    shown = ", ".join(ids[-3:])
    more = f" ({len(ids) - 3:,} older)" if len(ids) > 3 else ""
    return (
        f"no such plan in {store_path}; give the number `votebank plans` lists ({len(ids):,} "
        f"stored), latest, or an id: {shown}{more}"
    )

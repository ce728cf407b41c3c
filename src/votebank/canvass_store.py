"""Where a canvass plan is kept: appended to table ``canvass_plan`` of a results store."""

from __future__ import annotations

import json
import math
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from votebank.errors import Problem, StoreError
from votebank.outputs import output_problems
from votebank.results.store import STORE_NAME, ResultsStore
from votebank.results.store_errors import warn_unmerged
from votebank.version import version

PLAN_COLUMNS = {
    "plan_id": "VARCHAR",
    "scenario": "VARCHAR",
    "scenario_hash": "VARCHAR",
    "version": "VARCHAR",
    "party": "VARCHAR",
    "rank": "BIGINT",
    "constituency_id": "VARCHAR",
    "name": "VARCHAR",
    "region": "VARCHAR",
    "hours": "DOUBLE",
    "p_win_before": "DOUBLE",
    "p_win_after": "DOUBLE",
    "gain": "DOUBLE",
    "gain_per_100h": "DOUBLE",
    "created": "TIMESTAMP",
    "runs": "BIGINT",
    "budget_hours": "DOUBLE",
    "step_hours": "DOUBLE",
    "per_round": "BIGINT",
    "seed": "BIGINT",
    "home_seats": "VARCHAR",
    "regions": "VARCHAR",
    "check_runs": "BIGINT",
    "check_first_run": "BIGINT",
    "check_gain": "DOUBLE",
    "check_gain_se": "DOUBLE",
    "expected_seats_before": "DOUBLE",
    "expected_seats_after": "DOUBLE",
    "candidate_seats": "BIGINT",
    "hours_unproductive": "DOUBLE",
    "linked": "VARCHAR",
    "left_out": "VARCHAR",
}
"""Table ``canvass_plan``: one row per seat of a plan, with the plan's inputs on every row."""


def store_plan(plan: pd.DataFrame, store_path: Path) -> str:
    """Append the plan to table ``canvass_plan`` of the results store (created if missing).

    Every row holds the plan's inputs (budget, step, per round, seed, home seats and regions
    as JSON), its totals (expected seats before and after, hours that won nothing, the seats
    linked and the mechanisms left out: what ``votebank plans`` shows), the scenario's hash
    (as table ``ensembles`` holds it: an edited copy keeps the scenario's name) and
    votebank's version, so a plan can be made again, and its check on fresh runs where it
    has one (``check_*``); a table stored before they were recorded is given the columns,
    its rows reading NULL (as the store's own tables are migrated).

    Returns:
        The plan's id: the scenario, party and UTC time, and a random suffix (two plans in the
        same second had one id, and their rows mixed).
    """
    a = plan.attrs
    now = datetime.now(UTC).replace(tzinfo=None)
    stamp = now.isoformat(timespec="seconds")
    plan_id = f"{a.get('scenario')}:{a.get('party')}:{stamp}:{uuid.uuid4().hex[:8]}"
    frame = plan.copy()
    frame.insert(0, "plan_id", plan_id)
    frame.insert(1, "scenario", str(a.get("scenario")))
    frame.insert(2, "scenario_hash", a.get("scenario_hash"))
    frame.insert(3, "version", version())
    frame.insert(4, "party", str(a.get("party")))
    frame["created"] = now
    frame["runs"] = int(a.get("runs", 0))
    frame["budget_hours"] = float(a.get("budget_hours", math.nan))
    frame["step_hours"] = float(a.get("step_hours", math.nan))
    frame["per_round"] = int(a.get("per_round", 0))
    frame["seed"] = int(a.get("seed", 0))
    for key in ("expected_seats_before", "expected_seats_after", "hours_unproductive"):
        frame[key] = float(a.get(key, math.nan))
    frame["candidate_seats"] = int(a.get("candidate_seats", len(plan)))
    for key in ("home_seats", "regions", "linked", "left_out"):
        frame[key] = None if a.get(key) is None else json.dumps(a[key])
    check = a.get("check")  # canvass_check.PlanCheck; NULL where the plan was not checked
    for key in ("runs", "first_run", "gain", "gain_se"):
        frame[f"check_{key}"] = None if check is None else getattr(check, key)
    with ResultsStore(store_path) as store:
        con = store.connection
        con.register("plan_frame", frame)
        try:
            columns = ",\n".join(f'"{c}" {kind}' for c, kind in PLAN_COLUMNS.items())
            con.execute(f"CREATE TABLE IF NOT EXISTS canvass_plan ({columns})")
            have = {r[0] for r in con.execute("DESCRIBE canvass_plan").fetchall()}
            for name, kind in PLAN_COLUMNS.items():
                if name not in have:  # a plan stored before its inputs were recorded
                    con.execute(f'ALTER TABLE canvass_plan ADD COLUMN "{name}" {kind}')
            names = ", ".join(f'"{c}"' for c in PLAN_COLUMNS)
            insert = f"INSERT INTO canvass_plan ({names}) SELECT {names} FROM plan_frame"  # noqa: S608 - fixed names
            con.execute(insert)
        finally:
            con.unregister("plan_frame")
    # Running the command again stores the plan again, and merges both.
    warn_unmerged(store_path, "canvass plan rows", "run the same command again")
    return plan_id


def store_problems(out: Path) -> list[Problem]:
    """Problems with ``--out`` as the folder of a results store the plan is appended to.

    The store may exist (a run's ensembles, earlier plans): it is added to, never replaced,
    so it must be a store that opens, not a file to be overwritten.
    """
    problems = output_problems(folders={"--out": out})
    path = out / STORE_NAME
    if problems or not path.exists():
        return problems
    if path.is_dir():
        return [Problem("--out", "", str(path), "is a folder; it should be a results store")]
    try:
        with ResultsStore(path, read_only=True):
            pass
    except StoreError as exc:
        return [Problem("--out", "", str(path), f"cannot be added to: {exc}")]
    return []

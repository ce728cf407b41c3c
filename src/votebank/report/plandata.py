"""The canvass plans made on the reported ensemble's scenario, for the report's "Canvass plans".

A plan is stored beside the runs (``votebank plan-canvass``); it belongs to the report of an
ensemble of the same scenario (the same digest), whichever runs it was priced on.
"""

from __future__ import annotations

from pathlib import Path

from votebank.canvass_read import read_plan, stored_plans
from votebank.canvass_render import plan_notes, reach_text


def plans_data(store_path: Path, scenario_hash: str) -> dict | None:
    """Every plan of the scenario ``scenario_hash``, oldest first (None: the store holds none).

    ``other_scenarios`` counts the plans of other scenarios, which the report leaves out.
    """
    plans, others = [], 0
    for plan_id in stored_plans(store_path)["plan_id"]:
        plan = read_plan(store_path, plan_id)
        if plan.attrs["scenario_hash"] == scenario_hash:
            plans.append(_plan(plan))
        else:
            others += 1
    if not plans and not others:
        return None
    return {"plans": plans, "other_scenarios": others}


def _plan(plan) -> dict:
    """One plan: its inputs and totals, the notes the terminal prints with it, every seat."""
    a = plan.attrs
    check = a.get("check")
    return {
        "plan_id": a["plan_id"],
        "party": a["party"],
        "scenario": a["scenario"],
        "created": f"{a['created']:%Y-%m-%d %H:%M} UTC",
        "version": a["version"],
        "runs": a["runs"],
        "seed": a["seed"],
        "reach": reach_text(a),
        "budget_hours": a["budget_hours"],
        "hours_spent": a["hours_spent"],
        "candidate_seats": a["candidate_seats"],
        "expected_seats_before": a["expected_seats_before"],
        "expected_seats_after": a["expected_seats_after"],
        "check": None
        if check is None
        else {"runs": check.runs, "gain": check.gain, "gain_se": check.gain_se},
        "notes": plan_notes(plan, top=len(plan)),
        "seats": [
            {
                "rank": int(r.rank),
                "id": str(r.constituency_id),
                "name": str(r.name),
                "region": str(r.region),
                "hours": float(r.hours),
                "p_before": float(r.p_win_before),
                "p_after": float(r.p_win_after),
                "gain_per_100h": float(r.gain_per_100h),
            }
            for r in plan.itertuples()
        ],
    }

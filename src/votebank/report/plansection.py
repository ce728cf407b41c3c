"""The report's "Canvass plans": each plan made on the scenario, as `votebank plans` shows it."""

from __future__ import annotations

from votebank.canvass_render import gain_text, hours_text
from votebank.display import plural
from votebank.report import blocks
from votebank.report.formats import esc, prob
from votebank.report.parties import Parties


def plans_section(data: dict, parties: Parties) -> str:
    """The "Canvass plans" section ('' when no plan of this scenario is stored)."""
    stored = data.get("plans")
    if not stored or not stored["plans"]:
        return ""
    lead = (
        "Where a party's volunteer-hours win the most seats, as <code>votebank plan-canvass"
        "</code> placed them on runs of this scenario: each seat's P(win) for the party without "
        "and with its hours, and the expected seats they gain per 100 hours."
    )
    if others := stored["other_scenarios"]:
        lead += (
            f" The store also holds {plural(others, 'plan')} of other scenarios, left out here"
            " (<code>votebank plans</code> lists every one)."
        )
    body = "".join(_plan_html(plan, parties) for plan in stored["plans"])
    return blocks.section("plans", "Canvass plans", body, lead)


def _plan_html(plan: dict, parties: Parties) -> str:
    """One plan: its heading, its totals, the notes the terminal prints with it, its seats."""
    spent = hours_text(plan["hours_spent"])
    heading = (
        f"<h3>Canvass plan for {parties.tag(plan['party'])}: "
        f"{esc(spent)} {'hour' if spent == '1' else 'hours'}</h3>"
    )
    before, after = plan["expected_seats_before"], plan["expected_seats_after"]
    items = [
        (
            f"Expected seats in {plural(plan['candidate_seats'], 'candidate seat')}",
            esc(f"{before:.2f} → {after:.2f} ({after - before:+.2f})"),
        ),
        ("Hours placed", esc(f"{spent} of {hours_text(plan['budget_hours'])}")),
        ("Volunteers", esc(plan["reach"])),
        ("Priced on", esc(f"{plan['runs']:,} runs, seed {plan['seed']}")),
    ]
    if check := plan["check"]:
        items.append(
            (
                f"On {check['runs']:,} other runs",
                esc(f"{check['gain']:+.2f} ± {check['gain_se']:.2f} seats (s.e.)"),
            )
        )
    notes = "".join(f'<p class="note">{esc(n)}.</p>' for n in plan["notes"])
    rows = [
        [
            esc(s["rank"]),
            f'{esc(s["name"])} <span class="muted">{esc(s["id"])}</span>',
            esc(s["region"]),
            esc(hours_text(s["hours"])),
            esc(prob(s["p_before"])),
            esc(prob(s["p_after"])),
            esc(gain_text(s["gain_per_100h"])),
        ]
        for s in plan["seats"]
    ]
    head = ["#", "Seat", "Region", "Hours", "P(win) before", "After", "Seats gained / 100 h"]
    made = f"Plan {plan['plan_id']}, made {plan['created']} by votebank {plan['version']}."
    return (
        heading
        + blocks.stats(items)
        + notes
        + blocks.table(head, rows, "num-table")
        + f'<p class="note">{esc(made)}</p>'
    )

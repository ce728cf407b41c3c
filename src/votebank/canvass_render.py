"""The canvass plan as a table: hours as given, what could not be placed, which seats count."""

from __future__ import annotations

import pandas as pd

from votebank.display import joined, listed


def render_plan(plan: pd.DataFrame, top: int = 30, width: int | None = None):
    """A table of the plan's first ``top`` seats, narrowed to ``width`` (default: the terminal's).

    Where the terminal is narrow the region goes first, then the gain: numbers are never cut
    (an absurd budget's hours read "1,000,000,…").
    """
    from votebank.display import plural, probability
    from votebank.results.render import seat_text
    from votebank.terminal import Column, fitted_table

    a = plan.attrs
    spent = hours_text(a.get("hours_spent", 0))
    rows = plan.head(top)
    columns = [
        Column("#", [str(r) for r in rows["rank"]]),
        Column(
            "seat",
            [seat_text(n, c) for n, c in zip(rows["name"], rows["constituency_id"], strict=True)],
            right=False,
        ),
        Column("region", [str(r) for r in rows["region"]], right=False, priority=2),
        Column("hours", [hours_text(h) for h in rows["hours"]]),
        # 0.996 read 1.00, as if the seat were safe
        Column("P(win) before", [probability(p) for p in rows["p_win_before"]]),
        Column("after", [probability(p) for p in rows["p_win_after"]]),
        # Expected seats, not a share: +0.004 is four thousandths of a seat per 100 hours.
        Column("seats gained / 100 h", [gain_text(g) for g in rows["gain_per_100h"]], priority=1),
    ]
    title = (
        f"Canvass plan for {a.get('party')} ({a.get('scenario')}): "
        f"{spent} {'hour' if spent == '1' else 'hours'}; expected seats in the "
        f"{plural(a.get('candidate_seats', len(plan)), 'candidate seat')} "
        f"{a.get('expected_seats_before', 0):.2f} -> {a.get('expected_seats_after', 0):.2f}"
    )
    caption = "; ".join(plan_notes(plan, top)) or None
    return fitted_table(title, columns, caption=caption, width=width)


def plan_notes(plan: pd.DataFrame, top: int) -> list[str]:
    """What the plan's table needs said beside it (the terminal's caption, the report's notes)."""
    notes = (
        _old_totals_note(plan),
        _check_note(plan),
        unplaced_note(plan),
        _linked_note(plan),
        _left_out_note(plan),
        _unshown_note(plan, top),
    )
    return [note for note in notes if note]


def gain_text(gain: float) -> str:
    """Seats gained per 100 hours: ``+0.004``, or ``+4.0e-06`` where three places read none.

    A seat given ten million hours rose from 40% to 80% and read "+0.000" a hundred hours.
    """
    if gain != 0 and abs(gain) < 0.0005:
        return f"{gain:+.1e}"
    return f"{gain:+.3f}"


def hours_text(hours: float) -> str:
    """Hours as typed: ``0.4``, ``12.5``, ``1,500`` (a budget below 1 showed as 0)."""
    return f"{hours:.2g}" if hours < 1 else f"{hours:,.1f}".removesuffix(".0")


def reach_text(attrs: dict) -> str:
    """Where the plan's volunteers could go.

    Two plans of one party, one of the North West and one of Wales, read alike without it.
    """
    if attrs.get("home_seats") is not None:
        home = [f"{seat} {hours:g} h" for seat, hours in attrs["home_seats"].items()]
        return f"volunteers' home seats: {listed(home)}"
    if attrs.get("regions"):
        return f"within {joined(attrs['regions'], 'and')}"
    return "any seat the party contests"


def unplaced_note(plan: pd.DataFrame) -> str | None:
    """What of the budget the plan does not spend, and why, if any."""
    if not (why := unplaced_why(plan)):
        return None
    a = plan.attrs
    left = hours_text(a["budget_hours"] - a.get("hours_spent", 0.0))
    return f"{left} of the {hours_text(a['budget_hours'])} hours are not placed: {why}"


def unplaced_why(plan: pd.DataFrame) -> str:
    """Why hours are not placed ("" where every hour is): they won nothing, or had no room."""
    a = plan.attrs
    left = a.get("budget_hours", 0.0) - a.get("hours_spent", 0.0)
    idle = min(a.get("hours_unproductive", 0.0), left)
    why = []
    if idle > 1e-9:
        why.append(
            f"{hours_text(idle)} hours won no more of the {a.get('runs')} runs priced wherever the "
            "plan put them (more --runs price smaller gains)"
        )
    if left - idle > 1e-9:
        why.append(f"{hours_text(left - idle)} hours the seats within reach (--home) take no more")
    return "; ".join(why)


def _old_totals_note(plan: pd.DataFrame) -> str | None:
    """Why a plan read back from an earlier votebank's store counts only its own seats."""
    if not plan.attrs.get("totals_of_plan_seats"):
        return None
    return (
        "expected seats over the plan's own seats: the store was written by an earlier "
        "votebank, which kept no total of the others"
    )


def _check_note(plan: pd.DataFrame) -> str | None:
    """What the plan wins on runs it was not chosen on (``canvass_check``), if checked."""
    check = plan.attrs.get("check")
    if check is None:
        return None
    a = plan.attrs
    own = a.get("expected_seats_after", 0.0) - a.get("expected_seats_before", 0.0)
    last = check.first_run + check.runs - 1
    note = (
        f"On {check.runs:,} runs it was not chosen on (runs {check.first_run:,}-{last:,} of "
        f"seed {a.get('seed')}), the plan wins {check.gain:+.2f} ± {check.gain_se:.2f} seats "
        f"(s.e.; {own:+.2f} on its own runs)"
    )
    if check.gain <= 2 * check.gain_se:  # one-sided, about 2.3 %: no gain shown
        note += (
            ", no more than chance would give: these hours win nothing measurable here "
            "(more hours, a larger --step or more --runs may find what does)"
        )
    return note


def _linked_note(plan: pd.DataFrame) -> str | None:
    """Which seats' P(win) is the seat held after by-elections, if any.

    Their winner at the poll may resign them: ``votebank run`` shows the candidates' P(win) at
    the poll, another figure.
    """
    linked = plan.attrs.get("linked")
    if not linked:
        return None
    shown = ", ".join(map(str, linked[:5])) + (
        f" and {len(linked) - 5:,} more" if len(linked) > 5 else ""
    )
    return (
        f"P(win) in {shown}: the seat held after by-elections (a candidate who wins several "
        "seats keeps one), not the candidate's P(win) at the poll"
    )


def _left_out_note(plan: pd.DataFrame) -> str | None:
    """Which of the scenario's mechanisms the plan's seats leave out (they are not won)."""
    off = plan.attrs.get("left_out")
    if not off:
        return None
    return (
        f"P(win): of {plan.attrs.get('party')}'s own candidates; left out, as no canvass wins "
        f"what they hand out after the count: {', '.join(f'[mechanisms.{o}]' for o in off)}"
    )


def _unshown_note(plan: pd.DataFrame, top: int) -> str | None:
    """How many seats of the plan the table leaves out (they are stored all the same)."""
    if len(plan) <= top:
        return None
    return f"the first {top} of the {len(plan)} seats shown (table canvass_plan holds them all)"


def off_note(sc, party: str, what: str = "hours planned here") -> str | None:
    """Why a scenario whose canvass is switched off is canvassed all the same (None: on)."""
    canvass = sc.spec.mechanisms.canvass
    if canvass.enabled or not canvass.campaigns:  # nothing of its own stays off: no word
        return None
    return (
        f"{sc.name}'s canvass is switched off ([mechanisms.canvass] enabled = false): its own "
        f"campaigns stay off, and only the {party} {what} canvass."
    )

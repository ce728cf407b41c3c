"""What a validation checks before it scores: the results share a seat, a share is a share."""

from __future__ import annotations

import math

from votebank.calibrate.align import Aligned
from votebank.calibrate.target import Target
from votebank.display import plural
from votebank.errors import InputError, Problem, is_real_number


def over_roll_problems(over_roll) -> list[Problem]:
    """An observed share of stations over the roll must be a share (a bool is no share)."""
    if over_roll is None or (
        is_real_number(over_roll) and math.isfinite(over_roll) and 0 <= over_roll <= 1
    ):
        return []
    return [Problem("over_roll", "", repr(over_roll), "must be a share, 0 to 1")]


def require_common_seats(aligned: Aligned, target: Target, scenario: str) -> None:
    """No seat of the results in the scenario, or none it can score: nothing to score."""
    if not (aligned.seats | aligned.unmatched_winner).any():
        there = not target.candidates.empty
        who = scenario or "the scenario"
        # The results' seats are listed once, by the note on those not in the scenario.
        none = f"no seat in common with {who}" + ("" if there else " (the results hold none)")
        if aligned.shared:  # the seats are there, but none can be scored (the notes say why)
            seats = plural(aligned.shared, "seat")
            none = f"no seat in common with {who} can be scored (the results hold {seats} of it)"
        # The notes: why its seats are not compared (how the file was read says nothing of it).
        why = "; ".join([none, *(n for n in aligned.notes if n not in target.notes)])
        raise InputError([Problem(target.name, "constituency_id", "", why)])

"""Which own-choice inputs a scenario's runs never read: the seats whose shares the swing sets.

With ``[mechanisms.swing]`` on, a seat with a baseline result (its candidates'
``baseline_votes``) has every voter type's utility replaced by the log of its projected share,
right after the baseline choice model sets it: the candidates' appeals, the moods, the shocks
and the party-id bonus of ``[choice]`` are then never read there, unless another mechanism
reads them itself (the village blocs, the electables and the multiple-seat by-elections read
appeals; the electables, and the party identification the electorate draws, read moods).
"""

from __future__ import annotations

import numpy as np

from votebank.core.contests import Contests
from votebank.mechanisms.swing import baseline_shares
from votebank.run.contests import build_contests
from votebank.scenario.load import Scenario

APPEAL_READERS = ("biradari", "electables", "multiple_seats")
SWING_SETS = "[mechanisms.swing] sets the own-choice shares from baseline_votes"


def swing_seats(scenario: Scenario, contests: Contests | None = None) -> np.ndarray:
    """Seats whose own-choice utilities the swing sets (bool per seat, scenario order)."""
    c = contests if contests is not None else build_contests(scenario)
    if not scenario.spec.mechanisms.swing.enabled:
        return np.zeros(c.seats, dtype=bool)
    return baseline_shares(c)[1]


def appeals_unread(scenario: Scenario, contests: Contests | None = None) -> np.ndarray:
    """Seats whose candidates' appeals no step of a run reads (bool per seat)."""
    c = contests if contests is not None else build_contests(scenario)
    mechanisms = scenario.spec.mechanisms
    if any(getattr(mechanisms, m).enabled for m in APPEAL_READERS):
        return np.zeros(c.seats, dtype=bool)
    return swing_seats(scenario, c)


def choice_input_unread(keys: tuple[str, ...], scenario: Scenario) -> bool:
    """Whether a ``mood.*`` or ``[choice]`` number is read in no seat of the scenario."""
    if keys[0] not in ("mood", "choice"):
        return False
    mechanisms = scenario.spec.mechanisms
    if keys[0] == "mood":
        # Moods also weigh the party identification the electorate draws, and the electables.
        if mechanisms.electables.enabled or scenario.spec.electorate.party_id_share > 0:
            return False
    elif keys[-1].startswith("candidate_weight") and mechanisms.multiple_seats.enabled:
        return False
    return bool(swing_seats(scenario).all())

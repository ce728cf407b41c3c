"""Which fields of a scenario its runs never read, and why (a change of one reads as no effect).

``calibrate``, ``compare --set`` and the notes of ``sweep`` and ``compare`` ask here.

A mechanism's parameters while it is off; a national default every seat's table cell overrides
(``mechanisms.fear.threat``, ``turnout.base``); the mood of a party that stands nowhere; and the
own-choice inputs of the seats whose shares the swing sets.

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
from votebank.errors import Problem
from votebank.mechanisms.swing import baseline_shares
from votebank.run.contests import build_contests
from votebank.scenario.load import Scenario
from votebank.scenario.overrides import join_path, split_path

APPEAL_READERS = ("biradari", "electables", "multiple_seats")
SWING_SETS = "[mechanisms.swing] sets the own-choice shares from baseline_votes"
# National values the runs read only for the seats whose table cell is blank.
TABLE_COLUMNS = {"turnout.base": "turnout", "mechanisms.fear.threat": "threat"}


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


def unread_reason(keys: tuple[str, ...], scenario: Scenario) -> str | None:
    """Why no run of the scenario reads the field at ``keys`` (None: some run may read it).

    A mechanism's parameters while it is off (not its ``enabled``); a ``[choice]`` number or
    mood the swing replaces in every seat; the mood of a party that stands nowhere in its
    region; a national default (``mechanisms.fear.threat``) every seat's table cell overrides.
    """
    mechanisms = scenario.spec.mechanisms
    if len(keys) > 2 and keys[0] == "mechanisms" and keys[2] != "enabled":
        mechanism = getattr(mechanisms, keys[1], None)
        if mechanism is not None and not mechanism.enabled:
            return f"[mechanisms.{keys[1]}] is off"
    if choice_input_unread(keys, scenario):
        return f"{SWING_SETS} in every seat"
    if len(keys) == 3 and keys[0] == "mood" and not mechanisms.electables.enabled:
        # A party's mood is read only where it stands (the electables may make it stand).
        _, region, party = keys
        cons, cands = scenario.constituencies, scenario.candidates
        seats = cons["id"] if region == "national" else cons["id"][cons["region"] == region]
        if not (cands["party"].eq(party) & cands["constituency"].isin(seats)).any():
            return f"no candidate of {party} stands in " + (
                "any seat" if region == "national" else f"any seat of {region}"
            )
    column = TABLE_COLUMNS.get(join_path(keys))
    cons = scenario.constituencies
    if column is not None and column in cons and cons[column].notna().all():
        return f"every seat gives its own {column} in the constituency table"
    return None


def same_runs_hint(paths: list[str], scenarios: list[Scenario]) -> str:
    """Why varying ``paths`` over ``scenarios`` (a sweep's points) drew the same runs, or a guess.

    (mechanisms.fear.threat in na184-2008 asked "is the mechanism off?": fear is on, the seat's
    row gives its threat.)
    """
    for path in paths:
        reasons = {unread_reason(split_path(path), sc) for sc in scenarios}
        if len(reasons) == 1 and (why := reasons.pop()) is not None:
            return f"{path}: {why}, so no run reads it"
    if all(p.startswith("mechanisms.") for p in paths):
        # Not "is the mechanism off?": a mechanism off is named above; this one is on and acted
        # in no run (compilation favouring a party that stands nowhere, or too rare a seat_share).
        return "the mechanism acted in no run: nothing here for it to act on, or too few runs"
    return "does a run read it, or its tables set it?"


def changed_paths(a: Scenario, b: Scenario) -> list[str]:
    """The dotted paths of the fields B sets otherwise than A (not ``scenario.*``: names)."""

    def walk(x: object, y: object, keys: tuple[str, ...]) -> list[str]:
        if isinstance(x, dict) and isinstance(y, dict):
            return [
                p for k in sorted(set(x) | set(y)) for p in walk(x.get(k), y.get(k), (*keys, k))
            ]
        return [join_path(keys)] if x != y else []

    return walk(*(s.spec.model_dump(exclude={"scenario"}) for s in (a, b)), ())


def unread_set_problems(variant: Scenario, items: list[str]) -> list[Problem]:
    """The ``--set PATH=VALUE`` items no run of B (``variant``) reads: zeros read as no effect.

    (mechanisms.fear.threat in na184-2008, whose seat gives its own threat, moved no vote.)
    """
    found = []
    for item in items:
        path = item.partition("=")[0].strip()
        if (why := unread_reason(split_path(path), variant)) is not None:
            found.append(Problem("--set", path, item, f"{why}, so no run of B reads it"))
    return found

"""Mechanisms switched on without what they act on: refused, since they would do nothing.

``votebank validate`` and ``votebank steps`` list such a mechanism as on, while every run goes
as if it were off (a user comparing it against its absence saw no difference and no warning).
Only a scenario as written is held to this: a variant that switches the prerequisite off (a
counterfactual, ``compare --set``) asks what it contributes, dependants included.
"""

from __future__ import annotations

import pandas as pd

from votebank.errors import Problem

NEEDS_MECHANISM = {
    "flows": (("swing",), "it replaces the swing's projection of each seat"),
    "factions": (("biradari",), "it splits the vote blocs that mechanism forms"),
    # Without landlords no village has a patron, so no armed men (not even a standing
    # patron's militia from the candidate table): nothing to capture a station or press a voter.
    "stuffing": (("landlords",), "a station is captured by its landlord's armed men"),
    "coercion": (("landlords",), "voters are pressed by their landlord's armed men"),
    # Agents only change how well a station is protected against capture, which only
    # stuffing reads.
    "agents": (("stuffing",), "an unwatched station is easier for stuffing to capture"),
    "transport": (
        ("landlords", "biradari"),
        "rides carry the voters a landlord or a bloc leader has told how to vote",
    ),
}
"""Mechanism -> (the mechanisms it acts on, any one of them; why)."""
NEEDS_BASELINE = {
    "swing": "it projects each seat from its candidates' baseline_votes",
    "incumbency": "the defending candidate is the one whose party had the most baseline_votes",
}
"""Mechanisms that act on the candidate table's ``baseline_votes``, and why."""
NEEDS_ENTRIES = {
    "canvass": ("campaigns",),
    "alliances": ("stand_downs", "boycotts"),
}
"""Mechanisms that act only through the entries of their own lists (any one of them)."""


def requirement_problems(spec, candidates: pd.DataFrame | None, shown: str) -> list[Problem]:
    """A problem for each mechanism on without the mechanism or the baseline it needs."""
    return list(idle_mechanisms(spec, candidates, shown).values())


def idle_mechanisms(spec, candidates: pd.DataFrame | None, shown: str) -> dict[str, Problem]:
    """Each mechanism on without what it needs, by name, with its problem."""
    m = spec.mechanisms
    problems = {
        name: Problem(
            shown,
            f"mechanisms.{name}.enabled",
            "true",
            f"needs {' or '.join(f'[mechanisms.{x}]' for x in others)} on: {why}; with "
            f"{'them' if len(others) > 1 else 'it'} off this would do nothing",
        )
        for name, (others, why) in NEEDS_MECHANISM.items()
        if getattr(m, name).enabled and not any(getattr(m, x).enabled for x in others)
    }
    problems |= {
        name: Problem(
            shown,
            f"mechanisms.{name}.enabled",
            "true",
            f"acts only through its {' or '.join(lists)} and has none: this would do nothing "
            "(add one, or switch it off)",
        )
        for name, lists in NEEDS_ENTRIES.items()
        if getattr(m, name).enabled and not any(getattr(getattr(m, name), x) for x in lists)
    }
    if candidates is not None and not (candidates["baseline_votes"] >= 0).any():
        problems |= {
            name: Problem(
                shown,
                f"mechanisms.{name}.enabled",
                "true",
                f"needs baseline_votes in {spec.tables.candidates}: {why}; every candidate's is "
                "empty, so this would do nothing",
            )
            for name, why in NEEDS_BASELINE.items()
            if getattr(m, name).enabled
        }
    return problems


def switched_on_idle(base, variant, candidates: pd.DataFrame | None, shown: str) -> list[Problem]:
    """Mechanisms a variant switches on (off in ``base``) without what they need.

    A variant may switch off a prerequisite (the question "without landlords" asks); one it
    switches on with nothing to act through would show 0 everywhere, read as no effect.
    """
    idle = idle_mechanisms(variant, candidates, shown)
    return [p for name, p in idle.items() if not getattr(base.mechanisms, name).enabled]

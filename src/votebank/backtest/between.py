"""General elections polled between a backtest's base and target, said (the rules applied).

A pair that skips an election (UK 1983 -> 1992, over 1987) forecasts two elections' change
at once, while the pairs the forecast is fitted on are consecutive elections
(:mod:`votebank.backtest.history`): its spread is that of one. The files say which elections
lie between; nothing is assumed of any country's calendar.
"""

from __future__ import annotations

from votebank.elections.read import Election


def between(base: Election, target: Election) -> list[str]:
    """The general elections of the base's and the target's files polled between the two."""
    days = set(base.generals) | set(target.generals)  # each file's, as it was read
    return sorted(d for d in days if base.date < d < target.date)


def between_text(days: list[str]) -> str:
    """The rules-applied line: the elections, and what a pair over them means."""
    n = len(days) + 1
    return f"{', '.join(days)} (a change over {n} elections; votebank fits consecutive pairs)"

"""General elections polled between a backtest's base and target, said (the rules applied).

A pair that skips an election (UK 1983 -> 1992, over 1987) forecasts two elections' change
at once, while the pairs the forecast is fitted on are consecutive elections
(:mod:`votebank.backtest.history`): its spread is that of one. The files say which elections
lie between; nothing is assumed of any country's calendar.
"""

from __future__ import annotations

from pathlib import Path

from votebank.elections.read import Election
from votebank.elections.results_file import general_dates, national_rows, read_results


def between(base: Election, target: Election) -> list[str]:
    """The general elections of the base's and the target's files polled between the two."""
    days: set[str] = set()
    for name in dict.fromkeys((base.file, target.file)):
        path = Path(name)
        raw = national_rows(read_results(path), path)
        days |= {d for d in general_dates(raw) if base.date < d < target.date}
    return sorted(days)


def between_text(days: list[str]) -> str:
    """The rules-applied line: the elections, and what a pair over them means."""
    n = len(days) + 1
    return f"{', '.join(days)} (a change over {n} elections; votebank fits consecutive pairs)"

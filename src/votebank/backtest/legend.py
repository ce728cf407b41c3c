"""What each measure of a backtest means, in words: backtest.html and the report show it.

A reader of the table alone saw "Brier 0.085", "seats in 90% 100%" and rows of "-", with
nothing to say what they measure or which way is better.
"""

from __future__ import annotations

MEASURES = (
    (
        "winners wrong",
        "seats whose real winner was not the method's favourite (votebank's: the party that "
        "wins the seat in most runs). Lower is better",
    ),
    (
        "seats wrong",
        "half the sum, over parties, of the gap between forecast seats (votebank: the mean "
        "over runs) and real seats: about how many seats went to the wrong party. Lower is better",
    ),
    (
        "Brier",
        "the error of the win probabilities (a party's share of runs won), averaged over "
        "seats: 0 is perfect, 2 the worst. A point forecast counts as certain of its favourite",
    ),
    (
        "expected Brier",
        "the Brier score votebank would get if its own probabilities were right. A real "
        "score well above it means the forecast was too sure of itself",
    ),
    (
        "log score",
        "the average over seats of the log of (wins + 0.5) / (runs + 0.5 k), wins the runs "
        "the real winner won and k the parties that can win the seat (half a run each, so "
        "that a miss costs a finite amount); near 0 is best, more negative is worse",
    ),
    (
        "seats in 50% / 90%",
        "share of parties whose real seat total fell inside the middle 50% / 90% of "
        "votebank's runs. Top 3 in 90%: whether the three largest parties' totals all did",
    ),
    (
        "shares in 50% / 90%",
        "share of candidates whose real vote share fell inside the middle 50% / 90% of "
        "votebank's runs (each candidate's range: share_intervals in backtest.json)",
    ),
)

NOTE = (
    "These ranges are the spread of the simulation's runs, not margins of error. A dash: the "
    "method is a point forecast (one result, no runs), so it has no expected Brier, log score "
    "or ranges."
)
LEGEND = (
    "How to read the table. "
    + " ".join(f"{term[0].upper()}{term[1:]}: {meaning}." for term, meaning in MEASURES)
    + f" {NOTE}"
)

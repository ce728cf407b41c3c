"""``votebank backtest``: forecast one real election from another, beside simple swing models.

sources (read an election) < pair (same seats, parties, people) < baselines (information and
simple methods) < forecast (votebank's) < fit (its parameters, on earlier pairs) < measures <
study (one backtest) < cli.
"""

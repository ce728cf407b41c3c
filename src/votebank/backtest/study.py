"""One backtest: read BASE and TARGET, give every method the same information, score all.

The result is plain data (:func:`backtest` returns a dict ready for JSON; its ``headline`` and
``rows`` are what ``votebank report`` shows when ``backtest.json`` sits in its folder): the
pair's notes
(seats in one election only, renamed, new and folded parties, with their rules), the
forecast's parameters and where they were fitted, and per method the measures of
:mod:`votebank.backtest.measures`.
"""

from __future__ import annotations

import os

import numpy as np

from votebank.backtest.baselines import (
    GIVEN,
    blind_seats,
    information,
    labels_of,
    polls_note,
    simple_forecasts,
    standing,
)
from votebank.backtest.between import between
from votebank.backtest.fitted import fit
from votebank.backtest.forecast import ensemble, mean_shares, winners
from votebank.backtest.history import unsearched_warning, with_gains
from votebank.backtest.legend import LEGEND
from votebank.backtest.measures import score
from votebank.backtest.pair import make_pair
from votebank.backtest.party_names import named_otherwise
from votebank.backtest.places import left_out_warning, polled_later
from votebank.backtest.unnamed import named_seats
from votebank.display import plural
from votebank.elections.read import OTHERS, POLLS, read_election
from votebank.elections.rows import parse_spec
from votebank.errors import InputError, Problem, flag_problem, integer_problem
from votebank.results.store import MAX_RUNS

# Where a party new to the target starts, by what every method is given (the pair's notes).
_STARTS = "no base votes: start from their {} where they stand; the transition model gives them "
_STARTS += "their part of the votes the losers shed"
NEW_START = {
    "none": "no base votes: nothing is given: start from 0",
    "national": _STARTS.format("given national share"),
    "regional": _STARTS.format("given regional share"),
    "polls": _STARTS.format("share in the polls"),
}
MAX_DRAWS = 10**8  # runs x candidates: about 10 GB at the peak (3,000 UK runs peak at 1.3 GB)
ROW_KEYS = (
    "winners_wrong",
    "seats_wrong",
    "brier",
    "brier_expected",
    "log_score",
    "seat_cover50",
    "seat_cover90",
    "top3_inside90",
    "share_cover50",
    "share_cover90",
)


def backtest(
    base: str | os.PathLike,
    target: str | os.PathLike,
    *,
    given: str = "regional",
    runs: int = 1000,
    seed: int = 16,
    date: str | None = None,
    by_elections: bool = False,
) -> dict:
    """Forecast TARGET from BASE by every method and score them (module docstring).

    ``base`` and ``target``: ``pakistan:YEAR``, ``uk:YEAR``, a file or ``FILE:DATE``;
    ``given``: what every method is given (none, national, regional, polls); ``date``: the
    election of a file named without its date; ``runs`` (at least 2) and ``seed`` as
    ``votebank backtest --runs --seed``.

    Raises:
        InputError: Every problem of the arguments together, before any file is read.
    """
    if isinstance(given, str):  # "Regional" as typed, as uk:2010 is read in any case
        given = given.strip().lower()
    _check_arguments(base, target, given, runs, seed, date, by_elections)
    runs, seed = int(runs), int(seed)  # NumPy's as Python's: bt["runs"] held np.int64(200)
    base, target = os.fspath(base), os.fspath(target)
    b = read_election(base, date, by_elections)
    t = named_seats(read_election(target, date, by_elections))
    if t.date <= b.date:
        # The forecast is fitted on the pairs that end by BASE: an earlier TARGET would be
        # among them, its own results in the fit.
        why = (
            "BASE and TARGET are the same election"
            if t.date == b.date
            else (f"TARGET is not after BASE ({b.date}): a forecast is made forward in time")
        )
        raise InputError([Problem(t.file, "election_date", t.date, why)])
    pair = with_gains(make_pair(b, t), b)  # seats that changed hands at BASE: the surge
    pair.notes["named_otherwise"] = named_otherwise(b, t)  # LD: the Alliance, then the LDs
    pair.notes["elections_between"] = between(b, t)  # uk:1983 uk:1992 skips 1987
    if runs * len(pair.slate) > MAX_DRAWS:
        # Each run holds every candidate's share several times over (about 100 bytes each).
        most = MAX_DRAWS // len(pair.slate)
        why = f"{runs:,} runs x {len(pair.slate):,} candidates needs about "
        why += f"{runs * len(pair.slate) * 1e-7:,.0f} GB of memory; at most {most:,} runs here"
        raise InputError([Problem("runs", "", runs, why)])
    new = [{**p, "rule": NEW_START[given]} for p in pair.notes["new_parties"]]
    if given == "polls" and not t.polls_file:  # said here, where the results file is known
        why = f"no polls file ({POLLS}) lies beside the target's results file: put one there"
        raise InputError([Problem("--given polls", "", t.file, why)])
    block_of, B, T = information(pair, given, t.polls_file, t.date)
    polls = polls_note(t.polls_file, t.date, labels_of(pair)) if given == "polls" else []
    methods = {}
    for name, won in simple_forecasts(pair, block_of, B, T).items():
        methods[name] = score(pair.actual_winner, won[None, :])
    params = fit(given, b.date, t.date, frozenset(t.seats["seat"].astype(str)), t.file)
    mean = mean_shares(pair, block_of, B, T, params, given)
    shares = ensemble(pair, mean, params, given, runs, seed, (block_of, B, T))
    labels = labels_of(pair)
    can = standing(pair, labels) & np.array([p != OTHERS for p in labels])
    central_winners = winners(pair, mean)[0]
    methods["votebank"] = score(
        pair.actual_winner,
        winners(pair, shares),
        shares,
        pair.slate["share"].to_numpy(),
        can.sum(axis=1),
        central_winners,
    )
    # Each seat's runs won, named by its seat: the report shows a table of them.
    won = zip(pair.seats, methods["votebank"]["wins"], strict=True)
    methods["votebank"]["wins"] = [{"seat": str(s), "wins": w} for s, w in won]
    # Each candidate's share interval, named: the shares' coverage can be counted again.
    q = methods["votebank"]["share_intervals"]
    methods["votebank"]["share_intervals"] = named_intervals(pair, q)
    # votebank's central path (the mean shares' winners): a diagnostic, not a method.
    central = score(pair.actual_winner, central_winners[None, :])
    vb = methods["votebank"]
    others = [m for m in methods if m != "votebank"]
    fewest = min(methods[m]["winners_wrong"] for m in others)
    # Every method tied for fewest is named: the first alone would read as having beaten them.
    best = [m for m in others if methods[m]["winners_wrong"] == fewest]
    named = f"{', '.join(best[:-1])} and {best[-1]}" if len(best) > 1 else best[0]
    which = "the best other methods" if len(best) > 1 else "the best other method"
    return {
        "headline": (
            f"{b.label} -> {t.label}, given {given}: votebank "
            f"{plural(vb['winners_wrong'], 'winner')} wrong, {named} {fewest} ({which}); Brier "
            f"{vb['brier']:.3f}, expected {vb['brier_expected']:.3f}"
        ),
        "rows": [
            {"method": m, **{k: v[k] for k in ROW_KEYS if k in v}} for m, v in methods.items()
        ],
        "legend": LEGEND,  # what each column of rows means (backtest.html, the report)
        "base": b.label,
        "target": t.label,
        "base_date": b.date,
        "target_date": t.date,
        "given": given,
        "polls_file": t.polls_file if given == "polls" else None,
        "runs": runs,
        "seed": seed,
        "pair": {
            **pair.notes,
            **polled_later(pair.notes, b, t),
            "new_parties": new,
            "simple_methods_blind": blind_seats(pair, block_of, B, T),
            "polls": polls,
            "warnings": left_out_warning(pair.notes, b.label, t.label)
            + unsearched_warning(b.file, t.file, b.date, params.fitted_on),
        },
        # The seats compared, in the order of every method's favourites, and who won them.
        "seats": [str(s) for s in pair.seats],
        "actual_winners": [str(w) for w in pair.actual_winner],
        "votebank_parameters": params.as_dict(),
        "methods": methods,
        "central": {k: central[k] for k in ("winners_wrong", "seats_wrong")},
    }


def named_intervals(pair, q: np.ndarray) -> list[dict]:
    """Each slate candidate's real share and its 5-95 % share percentiles (``q``), named."""
    sl = pair.slate
    rows = zip(sl["i"], sl["label"], sl["name"], sl["share"], q, strict=True)
    return [
        {
            "seat": str(pair.seats[i]),
            "label": str(label),
            "name": str(name),
            "actual": float(real),
            **{k: float(v) for k, v in zip(("p05", "p25", "p75", "p95"), x, strict=True)},
        }
        for i, label, name, real, x in rows
    ]


def _check_arguments(
    base: object,
    target: object,
    given: object,
    runs: object,
    seed: object,
    date: object,
    by_elections: object,
) -> None:
    """The arguments' types and bounds, checked before the elections are read (seconds)."""
    paths = {"base": base, "target": target}
    problems = [
        Problem(name, "", repr(value)[:80], "give pakistan:YEAR, uk:YEAR, a file or FILE:DATE")
        for name, value in paths.items()
        if not isinstance(value, str | os.PathLike)
    ]
    if given not in GIVEN:
        problems.append(Problem("given", "", repr(given)[:80], f"use one of {', '.join(GIVEN)}"))
    problems += [integer_problem("runs", runs, 2, MAX_RUNS), integer_problem("seed", seed, 0)]
    if date is not None and not isinstance(date, str):
        problems.append(Problem("date", "", repr(date), "give the date as text (or None)"))
    elif date is not None and not date.strip():  # was told to write it "after the colon"
        problems.append(Problem("date", "", "blank", "an empty date: give a year or day"))
    elif date is not None and all(map(_names_its_election, paths.values())):
        why = "BASE and TARGET both name their election; a date would pick neither"
        problems.append(Problem("date", "", date, why))
    problems.append(flag_problem("by_elections", by_elections))  # np.False_ was refused
    if problems := [p for p in problems if p]:
        raise InputError(problems)


def _names_its_election(spec: object) -> bool:
    """Whether BASE or TARGET says its election (``FILE:DATE``, ``uk:YEAR``)."""
    if not isinstance(spec, str | os.PathLike):
        return False
    try:
        return bool(parse_spec(os.fspath(spec))[1])
    except InputError:  # no such file: reported when it is read
        return False

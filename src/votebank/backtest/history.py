"""Which earlier pairs a forecast is fitted on: the same country's history, never the target.

The earlier pairs are found, not listed: every two consecutive general elections of a
results file that are on the same boundaries (:func:`file_pairs`), of which those whose
*target* was polled on or before the *base* election of the pair being forecast (what a
forecaster at the base election could have measured). They come from the forecast's own
results file if it is not a shipped one and holds such pairs; else from the shipped files of
the *same country*: the one whose shipped elections hold over half of the forecast's seats
(:func:`country_of`: a user's file of a shipped country names its seats as the shipped file
does). With none, the prior is used (:mod:`fit`). An election of the forecast's own file
that it would be fitted on and that cannot be read is an error, not a pair left out.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from itertools import pairwise
from pathlib import Path

import numpy as np

from votebank.backtest.pair import Pair, make_pair
from votebank.backtest.unnamed import named_seats
from votebank.elections.read import Election, read_election
from votebank.elections.results_file import general_dates, national_rows, read_results
from votebank.elections.seat_ids import match_seats, seat_key
from votebank.elections.shipped import countries, shipped_files
from votebank.errors import InputError


@cache
def election(spec: str):
    """A shipped election, read once."""
    return read_election(spec)


@cache
def shipped_pairs() -> tuple[tuple[str, str, str, str], ...]:
    """``(base spec, target spec, base date, target date)`` of every shipped pair.

    The pairs of every shipped results file of every country (a country may ship several:
    :func:`votebank.elections.shipped.shipped_files`), named ``<country>:<date>``.
    """
    return tuple(p for kind in countries() for p in country_pairs(kind))


def country_pairs(country: str, until: str = "") -> tuple[tuple[str, str, str, str], ...]:
    """The pairs of a country's shipped files (``until``: of elections polled by then)."""
    return tuple(p for path in shipped_files(country) for p in file_pairs(path, country, until))


@cache
def file_pairs(
    source: str | Path, name: str = "", until: str = ""
) -> tuple[tuple[str, str, str, str], ...]:
    """Consecutive general elections of one file on the same boundaries, as pairs.

    ``source`` is a results file's path; the elections are named ``<name>:<date>`` (``name``
    a country whose shipped file it is), else ``<path>:<date>``. ``until``: only the
    elections polled by that date. An election that cannot be read is an InputError naming
    its row and value (left out, it would leave the fit to the prior without a word).
    """
    path = Path(source)
    raw = read_results(path)
    raw = national_rows(raw, path)  # as the reader takes them
    prefix = name or str(source)
    out = []
    dates = [d for d in general_dates(raw) if not until or d <= until]
    for a, b in pairwise(dates):
        # Read first: a broken row is an error; only new boundaries make no pair.
        election(f"{prefix}:{a}")
        election(f"{prefix}:{b}")
        try:
            pair(f"{prefix}:{a}", f"{prefix}:{b}")
        except InputError:
            continue  # new boundaries: not a pair
        out.append((f"{prefix}:{a}", f"{prefix}:{b}", a, b))
    return tuple(out)


@cache
def pair(base: str, target: str) -> Pair:
    """A shipped pair, built once."""
    b = election(base)
    return with_gains(make_pair(b, named_seats(election(target))), b)


def with_gains(p: Pair, base: Election) -> Pair:
    """``p`` with ``gained``: the seats whose base winner's party took them at the base.

    Read from the general election before the base in the base's own results file, where it
    is on the same seats; else unknown (None). A seat in only one of the two is not gained.
    BASE's seat ids are read as the pair's where only spelling differs (TARGET's NA-001).
    Noted in ``p.notes["gained_at_base"]`` (the election compared and how many seats).
    """
    file_version(str(base.file))  # an edited file is read again
    found = gains_at(str(base.file), base.date)
    if found is None:
        p.notes["gained_at_base"] = None
        return p
    before, took, ties = found
    # BASE's ids, as the pair reads them where TARGET spells them otherwise (make_pair).
    as_seat = dict(match_seats(took, p.seats).loose)
    took = {as_seat.get(s, s): t for s, t in took.items()}
    gained = np.array([took.get(str(s), False) for s in p.seats], dtype=bool)
    p.notes["gained_at_base"] = {"compared_with": before, "seats": int(gained.sum())}
    if ties:  # a seat's winner there, and so whether it was taken, decided by a tie rule
        p.notes["gained_at_base"]["tied_first_place"] = ties
    return replace(p, gained=gained)


@cache
def gains_at(file: str, date: str) -> tuple[str, dict[str, bool], list[dict]] | None:
    """``(date before, seat -> whether its winner's party took it at ``date``, its ties)``.

    The ties are those for first place at the date before (:func:`ties.base_winners`).

    None where ``file`` holds no general election before ``date`` on the same seats.
    """
    path = Path(file)
    if not path.is_file():
        return None
    before = [d for d in general_dates(national_rows(read_results(path), path)) if d < date]
    if not before:
        return None
    # Read first: a broken row is an error, as in every pair of the file (file_pairs).
    a, b = election(f"{file}:{before[-1]}"), named_seats(election(f"{file}:{date}"))
    try:
        prev = make_pair(a, b)
    except InputError:
        return None  # other boundaries: unknown
    changed = prev.base_winner != prev.actual_winner
    took = {str(s): bool(c) for s, c in zip(prev.seats, changed, strict=True)}
    return before[-1], took, prev.notes["base_tied_first_place"]


def earlier_pairs(
    base_date: str, target_date: str, seats: frozenset[str] = frozenset(), file: str = ""
) -> list[tuple[str, str, str, str]]:
    """Earlier pairs whose target was polled by ``base_date`` (never the forecast's target).

    First those of the forecast's own results ``file`` (the same country's history), if it is
    not a shipped one and holds such pairs; else the shipped pairs of the country whose
    elections hold the forecast's ``seats`` (:func:`country_of`): how much a seat moves, and
    how much of it follows the person, does not transfer between countries (measured: fitted
    on Pakistani pairs the UK forecast's Brier was half what it expected of itself; fitted on
    the UK's, Canada 2015 -> 2019's was twice). With none, the prior is used.
    """

    def usable(pairs):
        return [p for p in pairs if p[3] <= base_date and p[3] != target_date]

    shipped = {str(p) for k in countries() for p in shipped_files(k)}
    if file and file not in shipped and Path(file).is_file():
        file_version(file)  # an edited file is read again
        own = usable(file_pairs(file, until=base_date))
        if own:
            return own
    country = country_of(seats)
    return usable(country_pairs(country, until=base_date)) if country else []


def unsearched_warning(base_file: str, target_file: str, base_date: str, fitted_on) -> list[str]:
    """A warning where BASE's own file holds earlier pairs that the fit did not search.

    Only TARGET's file is searched (:func:`earlier_pairs`): with each election in its own file
    the fit fell to the prior, said as "no earlier pair of this country" beside a base file
    holding one. ``fitted_on``: the pairs the fit used.
    """
    shipped = {str(p) for k in countries() for p in shipped_files(k)}
    if base_file in ("", target_file, *shipped) or not Path(base_file).is_file():
        return []
    try:
        pairs = [f"{b} -> {t}" for b, t, _, _ in file_pairs(base_file, until=base_date)]
    except InputError:  # an election of that file no fit would read
        return []
    if not (unused := [p for p in pairs if p not in fitted_on]):
        return []
    return [
        f"votebank is fitted on earlier pairs of TARGET's file only ({target_file}); BASE's "
        f"file holds {', '.join(unused)}, not searched: give the elections in one file to fit "
        "on them"
    ]


_VERSIONS: dict[str, tuple[int, int]] = {}


def file_version(file: str) -> tuple[int, ...]:
    """A results file's ``(mtime, size)``, ``()`` if none; a change forgets what was read.

    The elections, pairs and fits read from a file are kept for the process (the Python API
    may run many backtests); a file edited between two of them must be read again.
    """
    if not file or not Path(file).is_file():
        return ()
    stat = Path(file).stat()
    now = (stat.st_mtime_ns, stat.st_size)
    if _VERSIONS.setdefault(file, now) != now:
        _VERSIONS[file] = now
        for cached in (election, pair, file_pairs, gains_at):
            cached.cache_clear()
    return now


def country_of(seats: frozenset[str]) -> str:
    """The shipped country whose elections hold over half of ``seats`` ('' if none does).

    A file of a shipped country names its seats as the shipped files do (``NA-57``,
    ``E14000530``); another country's seats are not among them.
    """
    ids = {seat_key(s) for s in seats}
    for country, known in shipped_seats().items():
        if ids and len(ids & known) > len(ids) / 2:
            return country
    return ""


@cache
def shipped_seats() -> dict[str, frozenset[str]]:
    """Every seat id of each country's shipped general elections.

    Read from the elections alone: the pairs of every country (the UK's for a Pakistani
    forecast) took longer to build than the forecast's own fit.
    """
    out: dict[str, set[str]] = {}
    for kind in countries():
        ids = out.setdefault(kind, set())
        for path in shipped_files(kind):
            for day in general_dates(national_rows(read_results(path), path)):
                ids.update(map(seat_key, election(f"{kind}:{day}").seats["seat"].astype(str)))
    return {k: frozenset(v) for k, v in out.items()}

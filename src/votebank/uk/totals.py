"""Great Britain's national totals and the shares taken from them (``uk_national_totals.csv``).

A totals row's ``scope`` says what it counts: ``GB`` England, Scotland and Wales; ``UK``
those and Northern Ireland. GB rows are used as they are; a date with UK rows only has its
GB totals derived from them and the candidate file (:func:`gb_totals`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from votebank.display import plural
from votebank.errors import InputError, Problem
from votebank.uk import results_files
from votebank.uk.results_files import GB_NATIONS, OTHERS, main_parties, swing_parties


@dataclass(frozen=True)
class GbTotals:
    """Great Britain's votes by party and valid votes on one date (:func:`gb_totals`).

    Attributes:
        votes: Votes by party.
        total: Valid votes.
        note: Says the totals were derived from the date's UK rows; ``""`` for GB rows.
    """

    votes: pd.Series
    total: float
    note: str


def gb_shares_from_totals(
    election_date: str,
    *,
    exclude_regions: Iterable[str] = (),
    parties: Iterable[str] | None = None,
    others: str = "minor",
    totals: GbTotals | None = None,
) -> dict[str, float]:
    """GB shares from ``uk_national_totals.csv``, less the seats of ``exclude_regions``.

    The national file gives Great Britain's totals; the votes of excluded regions (e.g.
    Scotland, which swings apart) are taken off using the candidate file.

    Args:
        election_date: A general election.
        exclude_regions: Regions whose votes are taken off (they swing apart).
        parties: Parties to report (default: :func:`swing_parties`).
        others: ``minor``: ``OTH`` is the parties outside main_parties(); ``rest``: everything
            not in ``parties`` (as polls' "others", which include the SNP and Plaid).
        totals: The date's :func:`gb_totals`, if the caller has them already.

    Returns:
        Party -> share of the remaining valid votes, plus ``OTH``.
    """
    totals = totals or gb_totals(election_date)
    votes, total = totals.votes, totals.total
    c = results_files.table("candidates")
    # Only seats inside the GB totals can be taken off them: Northern Ireland's votes are not
    # in the GB scope (SOURCES.md), so excluding it changes nothing.
    c = c[(c["election_date"] == election_date) & (c["election_type"] == "general")]
    c = c[c["nation"].isin(GB_NATIONS)]
    parties = list(parties or swing_parties())
    _check_totals_cover(votes, c, parties, election_date, "UK" if totals.note else "GB")
    off = c[c["region"].isin(list(exclude_regions))]
    off_votes = off.groupby("party")["votes"].sum()
    votes = votes.sub(off_votes, fill_value=0.0)
    total -= float(off["votes"].sum())
    if total <= 0:  # every GB vote lies in the regions apart (a file of Scotland's seats alone)
        return {}  # no seat swings on these shares: NaN shares refused the scenario built
    minor = votes[~votes.index.isin(main_parties())].sum()
    out = {p: float(votes.get(p, 0.0) / total) for p in parties}
    out = {p: v for p, v in out.items() if v > 0}
    out[OTHERS] = float(minor / total) if others == "minor" else 1.0 - sum(out.values())
    return out


def gb_totals(election_date: str) -> GbTotals:
    """Great Britain's votes by party and its valid votes, from ``uk_national_totals.csv``.

    A row's ``scope`` says what it counts: ``GB`` England, Scotland and Wales; ``UK`` those
    and Northern Ireland. The GB rows are used as they are. A date with UK rows only has its
    GB totals derived, and a note saying so: the UK rows less the votes of the
    candidate file's seats outside GB that day, party by party for the main parties and as
    one ``OTH`` pool for the rest (minor parties' codes may differ between the two files).

    Raises:
        InputError: Neither scope on the date (naming the rows to add), or a party with fewer
            UK votes than its candidates won outside GB.
    """
    t = results_files.table("totals")
    t = t[t["election_date"] == election_date]
    gb = t[t["scope"] == "GB"]
    if not gb.empty:
        votes = gb.set_index("party")["votes"].astype(float)
        return GbTotals(votes, float(gb["total_valid_votes"].iloc[0]), "")
    where = results_files.source_name("totals")
    uk = t[t["scope"] == "UK"]
    if uk.empty:
        why = (
            "no GB or UK rows on this date: add one row per party with scope GB (England, "
            "Scotland and Wales) or UK (and Northern Ireland), its votes and total_valid_votes"
        )
        raise InputError([Problem(where, "column election_date", election_date, why)])
    outside = _outside_gb(election_date)
    main = set(main_parties())
    uk_votes = uk.groupby(uk["party"].where(uk["party"].isin(main), OTHERS))["votes"].sum()
    off = outside.groupby(outside["party"].where(outside["party"].isin(main), OTHERS))["votes"]
    off = off.sum().reindex(uk_votes.index.union(off.sum().index), fill_value=0)
    votes = uk_votes.reindex(off.index, fill_value=0).astype(float) - off
    problems = [
        Problem(
            where,
            f"election_date {election_date}, scope UK, column party",
            str(p),
            f"UK votes {uk_votes.get(p, 0):,.0f} fewer than its candidates outside Great "
            f"Britain won ({off[p]:,.0f}, {results_files.source_name('candidates')})",
        )
        for p in votes.index[votes < 0]
    ]
    if problems:
        raise InputError(problems)
    note = (
        f"{where} has no GB rows for {election_date}: Great Britain's totals are its UK rows "
        f"less the votes of the {plural(outside['constituency_id'].nunique(), 'seat')} outside "
        f"Great Britain in {results_files.source_name('candidates')}"
    )
    total = float(uk["total_valid_votes"].iloc[0]) - float(outside["votes"].sum())
    return GbTotals(votes, total, note)


def gb_totals_of(dates: Iterable[str]) -> dict[str, GbTotals]:
    """Each date's :func:`gb_totals`; InputError with every date's problems together."""
    for kind in ("totals", "candidates"):  # a file's own problems once, not once a date
        results_files.table(kind)
    found, problems = {}, []
    for day in dict.fromkeys(dates):
        try:
            found[day] = gb_totals(day)
        except InputError as e:
            problems += e.problems
    if problems:
        raise InputError(problems)
    return found


def _outside_gb(election_date: str) -> pd.DataFrame:
    """The candidates of the general election's seats outside GB (Northern Ireland's)."""
    c = results_files.table("candidates")
    c = c[(c["election_date"] == election_date) & (c["election_type"] == "general")]
    return c[~c["nation"].isin(GB_NATIONS)]


def _check_totals_cover(
    votes: pd.Series, gb: pd.DataFrame, parties: list[str], election_date: str, scope: str
) -> None:
    """InputError unless each of ``parties`` that stood in GB has a row of at least its votes.

    ``gb`` holds the candidates there; a missing row would silently give the party no share.
    ``scope`` is the rows' (``UK`` where GB's totals were derived from them), named in the
    message so the user knows which row to mend.
    """
    stood = gb.groupby("party")["votes"].agg(["size", "sum"])
    problems = []
    for p in parties:
        if p not in stood.index:
            continue
        seats, won = int(stood.loc[p, "size"]), int(stood.loc[p, "sum"])
        if p not in votes.index:
            why = f"no {scope} row for this party, though {seats} of its candidates stood in GB"
        elif votes[p] < won:
            counted = "GB votes" if scope == "GB" else f"{scope} votes less those outside GB"
            why = f"{counted} {votes[p]:,.0f} fewer than its {plural(seats, 'candidate')} won "
            why += f"({won:,})"
        else:
            continue
        problems.append(
            Problem(
                results_files.source_name("totals"),
                f"election_date {election_date}, column party",
                p,
                f"{why} ({results_files.source_name('candidates')})",
            )
        )
    if problems:
        raise InputError(problems)

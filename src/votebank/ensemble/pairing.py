"""Whether two scenarios' runs can be paired: common random numbers need the same layout.

Each run lays its random numbers out by constituency row, region, party and, within a seat,
candidate row, as many a seat as the fullest seat has candidates. A B laid out otherwise than
A would draw other numbers for seats it does not touch, and the paired differences would be
noise: such a pair is refused, every reason together.
"""

from __future__ import annotations

from votebank.errors import Problem
from votebank.scenario.catalogue import shown_file
from votebank.scenario.load import Scenario


def pairing_problems(a: Scenario, b: Scenario) -> list[Problem]:
    """Every reason B's runs cannot be paired with A's (none: they can)."""
    return [
        *_other_seats(a, b),
        *_other_regions(a, b),
        *_other_parties(a, b),
        *_another_most_candidates(a, b),
        *_candidates_in_another_order(a, b),
    ]


def _table(sc: Scenario, kind: str) -> str:
    """The file of a scenario's ``kind`` table (constituencies, candidates), else its name."""
    if sc.source is None:
        return sc.name
    return str(sc.source.parent / getattr(sc.spec.tables, kind))


def _other_seats(a: Scenario, b: Scenario) -> list[Problem]:
    """B must hold A's constituencies in A's row order: the pairs' random numbers follow rows."""
    ids_a, ids_b = list(a.constituencies["id"]), list(b.constituencies["id"])
    if ids_a == ids_b:
        return []
    if sorted(ids_a) == sorted(ids_b):
        row = next(i for i, (x, y) in enumerate(zip(ids_a, ids_b, strict=True)) if x != y)
        where, value = f"row {row + 2}", f"{ids_b[row]} where A has {ids_a[row]}"
        why = "B's constituencies are in another order than A's; put its rows in A's order"
    else:
        only = sorted(set(ids_a) ^ set(ids_b))
        where, value = "", ", ".join(map(str, only[:10])) + (", ..." if len(only) > 10 else "")
        why = "A and B must have the same constituencies; these are in only one of them"
    return [Problem(_table(b, "constituencies"), where, value, why)]


def _other_regions(a: Scenario, b: Scenario) -> list[Problem]:
    """B's seats must lie in A's regions: the regional shocks are laid out by region."""
    regions = [set(sc.constituencies["region"]) for sc in (a, b)]
    if regions[0] == regions[1]:
        return []
    why = (
        "A and B must have the same regions (the runs' numbers are laid out by region); these "
        "are in only one of them"
    )
    value = ", ".join(sorted(regions[0] ^ regions[1]))
    return [Problem(_table(b, "constituencies"), "column region", value, why)]


def _other_parties(a: Scenario, b: Scenario) -> list[Problem]:
    """B must declare A's parties in A's order: the choice's draws are laid out by party."""
    ids_a, ids_b = [p.id for p in a.spec.parties], [p.id for p in b.spec.parties]
    if ids_a == ids_b:
        return []
    if sorted(ids_a) == sorted(ids_b):
        value = ", ".join(ids_b)
        why = f"B declares A's parties in another order; declare them in A's ({', '.join(ids_a)})"
    else:
        only = sorted(set(ids_a) ^ set(ids_b))
        value = ", ".join(only)
        why = (
            "A and B must declare the same parties (the runs' numbers are laid out by party); "
            "these are in only one of them: declare them in both (a party may stand nowhere)"
        )
    return [Problem(shown_file(b.source or b.name), "parties", value, why)]


def _another_most_candidates(a: Scenario, b: Scenario) -> list[Problem]:
    """A and B must have the same most candidates in a seat: every seat's draws follow it.

    Each run lays its candidates' random numbers out seat by seat, as many per seat as the
    fullest seat has candidates: with another most, no seat's runs would be paired.
    """
    most = [sc.candidates.groupby("constituency", sort=False).size() for sc in (a, b)]
    if most[0].max() == most[1].max():
        return []
    wide = 0 if most[0].max() > most[1].max() else 1
    seat, count, other = most[wide].idxmax(), most[wide].max(), most[1 - wide].max()
    side, other_side = ("A", "B") if wide == 0 else ("B", "A")
    return [
        Problem(
            _table((a, b)[wide], "candidates"),
            f"constituency {seat}",
            f"{count} candidates",
            f"{side} has {count} here, {other_side} at most {other} in a seat: a run draws "
            "every seat's numbers as if it had as many candidates as the fullest seat, so "
            "with another most no seat's runs would be paired (the differences would be "
            f"noise); give {side} and {other_side} the same most candidates in a seat",
        )
    ]


def _candidates_in_another_order(a: Scenario, b: Scenario) -> list[Problem]:
    """A seat's candidates in both A and B must keep A's order: their draws follow the rows."""
    in_a, in_b = (sc.candidates[["constituency", "candidate"]] for sc in (a, b))
    both = set(in_a["candidate"]) & set(in_b["candidate"])
    order = [
        {
            seat: list(ids)
            for seat, ids in t[t["candidate"].isin(both)].groupby("constituency")["candidate"]
        }
        for t in (in_a, in_b)
    ]
    why = (
        "B's candidates here are in another order than A's; put its rows in A's order (each "
        "candidate's random numbers follow its row in the seat)"
    )
    found = []
    for seat, ids in order[0].items():
        theirs = order[1].get(seat, [])
        if len(theirs) == len(ids) and theirs != ids:
            k = next(i for i, (x, y) in enumerate(zip(ids, theirs, strict=True)) if x != y)
            value = f"{theirs[k]} where A has {ids[k]}"
            found.append(Problem(_table(b, "candidates"), f"constituency {seat}", value, why))
    return found

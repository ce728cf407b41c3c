"""The ``[organisations]`` section's rules across its entries, on whatever fields are valid.

Names refer to entries that exist, dates come in the order the simulation needs, internal
elections can be counted, and members shared between organisations fit. Each rule reads a
*view* of the section (``strict_table._view``: the valid fields, None elsewhere),
so it reports what it can see even while other fields are wrong.
"""

from __future__ import annotations

from typing import Any

from votebank.display import joined, plural

Found = list[tuple[tuple[str | int, ...], object, str]]
"""Problems a check found: each its place in the table, the bad value and what is wrong."""

MAX_PERSONS = 20_000_000
"""Most persons the membership model may simulate (the largest ``members`` of one organisation):
each is a row of every membership matrix, and a section within every field's bounds asked for
tens of millions, which ended in a MemoryError."""


def _readable(entries: list | None) -> bool:
    """Whether a list of tables is a list of tables throughout."""
    return entries is not None and None not in entries


def _items(view: Any, name: str) -> list[tuple[int, Any]]:
    """The entries of a list of tables that are tables at all, with their positions."""
    return [(i, item) for i, item in enumerate(getattr(view, name) or []) if item is not None]


def name_problems(view: Any) -> Found:
    """The ids the section names, checked against each other.

    A name is called unknown only when every id it could be is readable: an id that is itself
    wrong (reported as such) would make every reference to it look wrong too.
    """
    orgs, facs = _items(view, "organisation"), _items(view, "faction")
    ids = [o.id for _, o in orgs]
    factions = [f.id for _, f in facs]
    org_ok = _readable(view.organisation) and None not in ids
    fac_ok = _readable(view.faction) and None not in factions
    known = list(dict.fromkeys(factions))  # shown in messages, each once
    found: Found = []
    for name, items in (("organisation", orgs), ("faction", facs)):
        first: dict[str, int] = {}
        for i, item in items:
            if item.id in first:
                why = f"duplicate id: also {name}.{first[item.id]}.id"
                found.append(((name, i, "id"), item.id, why))
            elif item.id is not None:
                first[item.id] = i
    for n, (i, org) in enumerate(orgs):
        later = set(ids[n + 1 :])
        found += [
            (
                ("organisation", i, "also_members", k),
                k,
                f"not an organisation listed after {org.id!r}"
                + (" (no such organisation)" if k not in ids else ""),
            )
            for k in org.also_members or {}
            if org_ok and k not in later
        ]
        found += [
            (("organisation", i, "factions", k), k, f"unknown faction; factions: {joined(known)}")
            for k in org.factions or {}
            if fac_ok and k not in factions
        ]
    for name in ("rule", "internal"):
        for i, item in _items(view, name):
            for key in ("org", "other"):
                value = getattr(item, key, None)
                if org_ok and value is not None and value not in ids:
                    found.append(
                        (
                            (name, i, key),
                            value,
                            f"unknown organisation; organisations: {joined(ids)}",
                        )
                    )
    for i, election in _items(view, "internal"):
        found += [
            (("internal", i, "factions", j), k, f"unknown faction; factions: {joined(known)}")
            for j, k in enumerate(election.factions or [])
            if fac_ok and k not in factions
        ]
    sel = view.selection
    if sel is None:
        return found
    if sel.enabled and org_ok and sel.org is not None:
        if sel.org not in ids:
            why = f"unknown organisation; organisations: {joined(ids)}"
            found.append((("selection", "org"), sel.org, why))
        elif orgs[ids.index(sel.org)][1].kind == "movement":
            why = "must be a party (kind = 'party'), not a movement"
            found.append((("selection", "org"), sel.org, why))
    if sel.enabled and sel.sitting_sides == {}:
        why = "give the shares of the sitting candidates' sides"
        found.append((("selection", "sitting_sides"), None, why))
    if not fac_ok or None in [f.side for _, f in facs]:
        return found
    sides = list(dict.fromkeys(f.side or f.id for _, f in facs))
    named = [("sitting_sides", s) for s in sel.sitting_sides or {}]
    named += [("appeal_shift", s) for s in sel.appeal_shift or {}]
    for side, row in (sel.enthusiasm or {}).items():
        named += [("enthusiasm", side)] + [(f"enthusiasm.{side}", s) for s in row]
    found += [
        (("selection", *where.split(".", 1), s), s, f"unknown side; sides: {sides}")
        for where, s in named
        if s not in sides
    ]
    return found


def date_problems(view: Any) -> Found:
    """Dates in the order the membership model needs.

    Members are drawn as of ``start`` (the start's members joined between ``founded`` and
    ``start``) and their spells are simulated from ``start`` on: before it nobody lapses or
    joins, so every date the section counts members on must come on or after it.
    """
    start = view.start
    if start is None:
        return []
    after = f"after the section's start, {start}: the start's members joined before it"
    before = f"before the section's start, {start}: membership is simulated from start on"
    found: Found = []
    if view.election is not None and view.election < start:
        found.append((("election",), view.election.isoformat(), before))
    found += [
        (("organisation", i, "founded"), org.founded.isoformat(), after)
        for i, org in _items(view, "organisation")
        if org.founded is not None and org.founded > start
    ]
    found += [
        ((name, i, "date"), item.date.isoformat(), before)
        for name in ("rule", "internal")
        for i, item in _items(view, name)
        if item.date is not None and item.date < start
    ]
    sel = view.selection
    if sel is not None and sel.date is not None and sel.date < start:
        found.append((("selection", "date"), sel.date.isoformat(), before))
    return found


def candidate_problems(view: Any) -> Found:
    """Each internal election has candidates, enough for its places, each named once."""
    facs = _items(view, "faction")
    if not _readable(view.faction) or any(f.id is None or f.slate is None for _, f in facs):
        return []
    found: Found = []
    seen: set[tuple] = set()  # a name on two slates is reported once, not per election
    held: dict[tuple, int] = {}
    for i, election in _items(view, "internal"):
        key = (election.org, election.office, election.date)
        if None not in key and key in held:
            # One election, its draws keyed by these (internal.election_key): list it once;
            # `votebank organisations` counts it under every rule.
            why = f"internal.{held[key]} is the same organisation's {key[1]} on the same day"
            found.append((("internal", i, "office"), key[1], why))
        held.setdefault(key, i)
        if election.factions is None:
            continue
        standing = election.factions or [f.id for _, f in facs if f.slate]
        first: dict[str, tuple] = {}
        for j, f in facs:
            if f.id not in standing:
                continue
            for k, name in enumerate(f.slate):
                place = ("faction", j, "slate", k)
                if name in first and place not in seen:
                    seen.add(place)
                    also = ".".join(map(str, first[name]))
                    # votekit needs every candidate once: two of one name cannot be told apart.
                    found.append((place, name, f"a candidate on two slates: also {also}"))
                first.setdefault(name, place)
        n = len(first)
        if n == 0:
            why = "no candidates: no faction standing has a slate"
            found.append((("internal", i, "factions"), list(election.factions), why))
            continue
        if election.seats is not None and election.seats > n:
            why = f"more places than the {plural(n, 'candidate')} standing"
            found.append((("internal", i, "seats"), election.seats, why))
        if election.ranks is not None and election.ranks > n:
            why = f"more preferences than the {plural(n, 'candidate')} standing (0: all of them)"
            found.append((("internal", i, "ranks"), election.ranks, why))
    return found


def shared_problems(view: Any) -> Found:
    """An organisation cannot have fewer members than it shares with earlier-listed ones.

    Its ``members`` at the start are its own recruits plus the members of earlier-listed
    organisations who are also its members (their ``also_members``): in expectation, each
    earlier organisation shares its share of its own recruits.
    """
    orgs = _items(view, "organisation")
    ids = [o.id for _, o in orgs]
    shared = dict.fromkeys(ids, 0.0)
    found: Found = []
    for i, org in orgs:
        if org.members is None:
            continue
        if shared[org.id] > org.members + 1e-9:
            why = (
                f"fewer than the {shared[org.id]:,.0f} members expected to be shared with "
                "earlier organisations (their also_members)"
            )
            found.append((("organisation", i, "members"), org.members, why))
        own = max(org.members - shared[org.id], 0.0)
        for other, frac in (org.also_members or {}).items():
            if other in shared:
                shared[other] += frac * own
    return found


def size_problems(view: Any) -> Found:
    """The persons simulated, the start's members and their recruits, fit in memory.

    Recruits join at ``join_rate`` a year of ``members`` from ``start`` to the section's last
    date, so a high rate over many years asks for many times the members.
    """
    dates = [view.start, view.election]
    dates += [
        getattr(item, "date", None)
        for name in ("rule", "internal")
        for _, item in _items(view, name)
    ]
    dates.append(getattr(view.selection, "date", None))
    dates = [d for d in dates if d is not None]
    if view.start is None or view.election is None:
        return []
    years = max((max(dates) - view.start).days, 0) / 365.25
    orgs = [(i, o) for i, o in _items(view, "organisation") if o.members is not None]
    recruits = {i: o.members * (o.join_rate or 0.0) * years for i, o in orgs}
    total = sum(o.members for _, o in orgs) + sum(recruits.values())
    if total <= MAX_PERSONS or not any(recruits.values()):
        return []
    i = max(recruits, key=recruits.__getitem__)
    org = dict(orgs)[i]
    why = (
        f"with {org.members:,} members recruiting at this rate for the {years:.1f} years from "
        f"start to {max(dates)}, about {total:,.0f} persons would be simulated, more than "
        f"{MAX_PERSONS:,}: give a smaller join_rate or fewer members, or nearer dates"
    )
    return [(("organisation", i, "join_rate"), org.join_rate, why)]

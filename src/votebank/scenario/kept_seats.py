"""Seats by id: the seats a scenario is cut to, an id refused, and each id's name.

A cut is :meth:`~votebank.scenario.load.Scenario.with_seats`'s; a refused id is told the id a
name given in its place means; tables show each seat's name beside its id.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from votebank.errors import InputError, Problem


def kept_seats(constituencies: pd.DataFrame, seats: object, name: str) -> set:
    """The ids of ``seats``, each one of ``constituencies``.

    Raises:
        InputError: ``seats`` is text or no collection ("T-1" kept the seats "T", "-" and
            "1": none), or names seats the scenario lacks (left out in silence).
    """
    if isinstance(seats, str | bytes) or not isinstance(seats, Iterable):
        why = "give a list of constituency ids, e.g. ['T-1']"
        raise InputError([Problem("seats", "", repr(seats)[:80], why)])
    keep = set(seats)
    if missing := sorted(map(str, keep - set(constituencies["id"]))):
        why = f"no such constituency in {name}"
        raise InputError([Problem("seats", "", ", ".join(missing), why)])
    return keep


def ids_named(names: pd.Series, ids: pd.Series, given: object) -> list[str]:
    """The ids of the seats named ``given`` (any case, spaces around it ignored)."""
    wanted = str(given).strip().casefold()
    if not wanted:
        return []
    same = names.fillna("").astype(str).str.strip().str.casefold().to_numpy() == wanted
    return ids.astype(str)[same].tolist()


def no_such_seat(constituencies: pd.DataFrame, seat: str, name: str) -> str:
    """Why ``seat`` is refused: no constituency has that id, and which ids a name given means.

    A seat is given by its id (``E14001024``); its name (``Weaver Vale``, any case) was refused
    as if it were no seat at all, with nothing to say which id to give, and so was its id in
    another case (``e14001024``).
    """
    why = f"no such constituency in {name}"
    if ids := ids_named(constituencies["name"], constituencies["id"], seat):
        return why + f"; that is the name of {', '.join(ids[:5])}: give its id"
    given = str(seat).strip().casefold()
    written = constituencies["id"].astype(str)
    same = written[written.str.strip().str.casefold() == given].tolist() if given else []
    if same:
        why += f"; the scenario writes it {', '.join(same[:5])}"
    return why


def seat_named(constituencies: pd.DataFrame, seat: str) -> str:
    """The seat's id and, where it has another, its name: ``E14000647, Copeland``."""
    name = seat_names(constituencies).get(seat, "").strip()
    return f"{seat}, {name}" if name and name != seat else seat


def seat_names(*constituencies: pd.DataFrame) -> dict[str, str]:
    """Each seat's name by its id, the first table's where several name it ('' for none).

    Tables show a seat's name beside its id: a UK id (E14000647) says nothing of Copeland.
    """
    return names_by(*constituencies, key="id")


def names_by(*tables: pd.DataFrame, key: str) -> dict[str, str]:
    """Each row's ``name`` by its ``key`` column, the first table's where several name it."""
    names: dict[str, str] = {}
    for table in reversed(tables):
        names.update(zip(table[key].astype(str), table["name"].fillna("").astype(str), strict=True))
    return names

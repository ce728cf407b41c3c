"""The StationResults container: one election's counts, a station each, and its row operations.

:func:`take` picks stations by mask or index; :func:`in_canonical_order` sorts them so that a
file's row order changes no figure.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace

import numpy as np

from votebank.display import plural
from votebank.errors import InputError, Problem


@dataclass(frozen=True, eq=False)
class StationResults:
    """Counts of one election, one entry per polling station.

    Attributes:
        registered: Registered voters (all > 0).
        ballots: Ballots cast; turnout is ``ballots / registered``.
        valid: Valid ballots (equal to ``ballots`` when the file has no such column).
        leader_votes: Votes for the leading party or candidate.
        other_votes: Votes for the other parties, shape ``(stations, parties)``, or ``None``.
        source: Where the numbers came from (a file name, or ``"synthetic"``).
        ids: One label per station (an ID column, or the spreadsheet row number).
        leader_name: Name of the leader's column.
        other_names: Names of the other parties' columns.
        regions: Region (or constituency) label of each station, or ``None``.
        empty: Labels of the file's stations left out because they had no registered voter
            and nothing counted (closed or cancelled stations, as real files hold).
        unregistered: ``(label, ballots)`` of each station left out for having ballots but no
            registered voter (``leave_out_unregistered`` of the reader; refused otherwise).
        region_name: Header of the region column (``--region 0`` names it by position).
        repeated: ``(row, earlier row)`` for each row of a file without station labels that
            repeats an earlier row cell for cell; kept, as two stations may report alike.
        columns: The file's columns read for each role (``registered``, ``ballots``,
            ``valid``, ``leader``, ``others``, ``region``, ``id``), by header, and how the
            leader was chosen; empty for results not read from a file.
    """

    registered: np.ndarray
    ballots: np.ndarray
    valid: np.ndarray
    leader_votes: np.ndarray
    other_votes: np.ndarray | None = None
    source: str = ""
    ids: np.ndarray | None = None
    leader_name: str = "leader"
    other_names: tuple[str, ...] = field(default_factory=tuple)
    regions: np.ndarray | None = None
    empty: tuple[str, ...] = ()
    unregistered: tuple[tuple[str, int], ...] = ()
    region_name: str = "region"
    repeated: tuple[tuple[int, int], ...] = ()
    columns: dict[str, object] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for name in ("registered", "ballots", "valid", "leader_votes", "other_votes", "regions"):
            if getattr(self, name) is not None:  # lists work as arrays do
                object.__setattr__(self, name, np.asarray(getattr(self, name)))
        if problems := _length_problems(self):
            raise InputError(problems)
        if self.ids is None:
            object.__setattr__(self, "ids", np.arange(2, len(self.registered) + 2))

    def __repr__(self) -> str:
        # Sizes and names, not the counts: the repr printed every array in full (27,000
        # characters for 280 stations).
        others = 0 if self.other_votes is None else self.other_votes.shape[-1]
        parts = [f"{self.n_stations:,} stations", f"leader {self.leader_name!r}"]
        parts.append(f"{others} other parties")
        if self.regions is not None:
            parts.append(f"{len(set(self.regions.tolist())):,} regions")
        return f"StationResults({self.source!r}: {', '.join(parts)})"

    @property
    def n_stations(self) -> int:
        """Number of polling stations."""
        return len(self.registered)

    @property
    def turnout(self) -> np.ndarray:
        """Ballots cast over registered voters (may exceed 1 in real data)."""
        return self.ballots / self.registered

    @property
    def share(self) -> np.ndarray:
        """Leader's votes over valid ballots; NaN where no valid ballot was cast."""
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(self.valid > 0, self.leader_votes / np.maximum(self.valid, 1), np.nan)


def _length_problems(results: StationResults) -> list[Problem]:
    """Arrays that do not hold one entry per station (a ValueError with a traceback before)."""
    if np.ndim(results.registered) != 1:
        shape = f"shape {np.shape(results.registered)}"
        return [Problem("StationResults", "registered", shape, "give one count per station")]
    n = len(results.registered)
    problems = []
    for name in ("ballots", "valid", "leader_votes", "other_votes", "regions", "ids"):
        value = getattr(results, name)
        if value is None:
            continue
        size = np.shape(value)[0] if np.ndim(value) else 0
        if size != n:
            why = f"must have one entry per station: {plural(n, 'station')}, as registered has"
            problems.append(Problem("StationResults", name, f"shape {np.shape(value)}", why))
    return problems


def take(results: StationResults, rows: np.ndarray) -> StationResults:
    """The stations at ``rows`` (a mask or indices), in that order."""
    return replace(
        results,
        registered=results.registered[rows],
        ballots=results.ballots[rows],
        valid=results.valid[rows],
        leader_votes=results.leader_votes[rows],
        other_votes=None if results.other_votes is None else results.other_votes[rows],
        ids=np.asarray(results.ids)[rows],
        regions=None if results.regions is None else np.asarray(results.regions)[rows],
    )


def in_canonical_order(results: StationResults) -> StationResults:
    """The same stations sorted by region, counts and label: a file's row order changes no figure.

    Stations with the same region and counts are interchangeable to every test, so only their
    labels' order may differ between two orderings of one file.
    """
    keys = [np.asarray(results.ids).astype(str), results.leader_votes, results.valid]
    if results.other_votes is not None:
        keys[1:1] = list(results.other_votes.T[::-1])
    keys += [results.ballots, results.registered]
    if results.regions is not None:
        keys.append(np.asarray(results.regions).astype(str))
    return take(results, np.lexsort(keys))


def over_roll(results: StationResults) -> tuple[tuple[str, int, int], ...]:
    """``(label, registered, ballots)`` of each station with more ballots than voters, in order.

    They stay in every test (mobile boxes, voters added on the day); an observer checks them
    one by one, so they are named rather than only counted.
    """
    rows = np.flatnonzero(results.ballots > results.registered)
    labels = np.asarray(results.ids)[rows].astype(str).tolist()
    reg = results.registered[rows].astype(np.int64).tolist()
    bal = results.ballots[rows].astype(np.int64).tolist()
    return tuple(zip(labels, reg, bal, strict=True))


def labels_twice(results: StationResults) -> tuple[tuple[str, str | None, int], ...]:
    """``(label, region, rows)`` of each station label given to more than one row, sorted.

    Rows that repeat another cell for cell are refused with an id column; these differ in
    their counts, so each is analysed, but the flagged-stations CSV cannot tell them apart.
    With regions the CSV names each station's region too, so a number that restarts in each
    constituency (station 1 of every seat) names one station: ``region`` is then given.
    """
    labels = np.asarray(results.ids).astype(str).tolist()
    if results.regions is None:
        counted = Counter((None, k) for k in labels)
    else:
        regions = np.asarray(results.regions).astype(str).tolist()
        counted = Counter(zip(regions, labels, strict=True))
    twice = [(k, r, n) for (r, k), n in counted.items() if n > 1]
    return tuple(sorted(twice, key=lambda t: (t[1] or "", t[0])))


def no_ballots(results: StationResults) -> tuple[tuple[str, int], ...]:
    """``(label, registered)`` of each station with voters on its roll and no ballot, in order.

    Such a station stays in (turnout 0) but is in no fit; a station that did not open or
    whose result was not entered reads so, and an observer checks which.
    """
    rows = np.flatnonzero((results.ballots == 0) & (results.registered > 0))
    labels = np.asarray(results.ids)[rows].astype(str).tolist()
    return tuple(zip(labels, results.registered[rows].astype(np.int64).tolist(), strict=True))


def station_notes(results: StationResults) -> dict:
    """Single stations the report names: over the roll, without ballots, labels repeated."""
    return {
        "over_roll": over_roll(results),
        "no_ballots": no_ballots(results),
        "labels_twice": labels_twice(results),
    }

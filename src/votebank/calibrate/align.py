"""Real results laid on a scenario's seat x candidate-slot grid (:class:`Aligned`).

A seat id of the results is the scenario's seat it equals, else the one seat it is but for
case, spaces, separators and leading zeros (:mod:`votebank.elections.seat_ids`: never two
ids of the results onto one seat).

A real party label is read as the scenario's party id it equals, else trimmed, else ignoring
case where only one id fits. Within a seat the real rows are placed in two passes, so that a
loose match never takes a slot an exact one needs: first every row by candidate id, an "all
others" row to the seat's aggregate ("others") row, or party and name; then, for the rows
left, the party's one candidate in the seat. Each candidate slot is taken once (the others row
sums all it gets); a row left over goes to the seat's others row where it has one, else counts
as unmatched. Every such row, label and seat is reported in ``notes``.

The real winner is the seat's top candidate row in the file (not an "all others" row). A seat
whose real winner took no candidate slot (a party that does not stand in the scenario, a label
that is none of its parties, a name its party's candidates do not have) cannot be compared
share by share, or its winner would silently become the runner-up: it is left out of
``seats`` and marked in ``unmatched_winner``, with its real winner in ``winner_party``.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from votebank.core.contests import Contests
from votebank.display import listed, plural
from votebank.elections.seat_ids import match_seats

NO_PARTY = "no party of the scenario"


def norm_name(name: object) -> str:
    """A person's name reduced for matching: its letters and digits, in any script.

    Accents are dropped (``Dvořák`` is ``dvorak``); digits stay (``Candidate 1`` is not
    ``Candidate 2``), and so do letters outside a-z (a Cyrillic or Urdu name is not empty).
    """
    text = unicodedata.normalize("NFKD", str(name)).casefold()
    return "".join(ch for ch in text if ch.isalnum())


@dataclass(frozen=True)
class Aligned:
    """Real results on a scenario's grid.

    Attributes:
        seats: Seats whose real shares lie on the grid (bool, per seat): in the results, their
            real winner matched to a candidate.
        votes: Real votes per seat and candidate slot (0 where none).
        turnout: Real turnout per seat in the results (NaN unknown or not in them).
        winner_party: The real winner's party per seat in the results (the scenario's id, or
            the file's label where it is none of them; "" where the seat is not in them).
        unmatched_share: Share of the real votes of ``seats`` that no slot could take.
        unmatched_winner: Seats in the results whose real winner matched no candidate.
        notes: What the alignment could not place, or read loosely (for the user).
        shared: Seats of the scenario that the results hold, scored or not (a tie, no votes).
    """

    seats: np.ndarray
    votes: np.ndarray
    turnout: np.ndarray
    winner_party: np.ndarray
    unmatched_share: float
    unmatched_winner: np.ndarray = field(repr=False)
    notes: tuple[str, ...] = ()
    shared: int = 0

    @property
    def shares(self) -> np.ndarray:
        """Real vote shares per seat and slot (NaN for seats not covered)."""
        total = self.votes.sum(axis=1, keepdims=True)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(self.seats[:, None], self.votes / total, np.nan)


def likely_party(label: str, party_ids: Iterable[str]) -> str:
    """The one party id that ``label`` spells out, if one: Lab for Labour, LD for Liberal Democrats.

    Only a hint for a note: an id that begins the label's first word, or the label's initials
    (punctuation ignored, PML-N for Pakistan Muslim League N). '' where none or several fit.
    """
    words = re.findall(r"[^\W_]+", label.casefold())
    if not words:
        return ""
    initials = "".join(w[0] for w in words) if len(words) > 1 else None
    keys = {p: re.sub(r"[\W_]", "", p.casefold()) for p in party_ids}
    fits = [p for p, k in keys.items() if k == initials or (len(k) > 1 and words[0].startswith(k))]
    return fits[0] if len(fits) == 1 else ""


def party_map(labels: Iterable[str], party_ids: Iterable[str]) -> dict[str, str]:
    """Each real label's party id: equal, else trimmed, else case-blind if one fits ('' none)."""
    ids = list(party_ids)
    folded: dict[str, list[str]] = defaultdict(list)
    for p in ids:
        folded[p.strip().casefold()].append(p)
    out = {}
    for label in labels:
        trimmed = label.strip()
        fits = folded.get(trimmed.casefold(), [])
        out[label] = (
            label
            if label in ids
            else trimmed
            if trimmed in ids
            else fits[0]
            if len(fits) == 1
            else ""
        )
    return out


def align(
    candidates: pd.DataFrame, seat_table: pd.DataFrame, c: Contests, scenario: str = ""
) -> Aligned:
    """Lay real results on a scenario's seat x slot grid (see the module docstring).

    Args:
        candidates: ``constituency_id``, ``candidate_id``, ``name``, ``party``, ``votes``,
            ``aggregate`` (as :class:`votebank.calibrate.target.Target` holds them).
        seat_table: ``constituency_id``, ``registered``, ``ballots`` (one row per seat).
        c: The scenario's contests.
        scenario: The scenario's name, for the notes.
    """
    who = scenario or "the scenario"
    seat_ids = [str(s) for s in c.seat_ids]
    seat_index = {s: i for i, s in enumerate(seat_ids)}
    # Seats as written, else loosely where one seat fits: from here on, the scenario's ids.
    written = candidates["constituency_id"].astype(str)
    seating = match_seats(pd.unique(written), seat_ids)
    candidates = candidates.assign(constituency_id=seating.renamed(written))
    seat_table = seat_table.assign(
        constituency_id=seating.renamed(seat_table["constituency_id"].astype(str))
    )
    in_file = pd.unique(candidates["constituency_id"].astype(str))
    t = candidates[candidates["constituency_id"].astype(str).isin(seat_index)]
    t = t.sort_values(["constituency_id", "votes"], ascending=[True, False], kind="stable")
    labels = party_map(pd.unique(t["party"].astype(str)), c.party_ids)
    # A row of the scenario's aggregate party is an "all others" row whether or not the
    # results say so (a candidates CSV cannot): it is never the seat's real winner.
    pooled = {p for p, a in zip(c.party_ids, c.party_aggregate, strict=True) if a}
    t = t.assign(
        aggregate=t["aggregate"].astype(bool) | t["party"].astype(str).map(labels).isin(pooled)
    )
    votes = np.zeros(c.valid.shape)
    unmatched = 0.0  # votes of compared seats that no slot took
    covered = np.zeros(c.seats, dtype=bool)
    lost = np.zeros(c.seats, dtype=bool)
    winner = np.full(c.seats, "", dtype=object)
    strays: list[tuple[str, str, str, float, str]] = []  # seat, label, name, votes, why
    lost_text, no_candidate, relabelled, ties, absent = [], [], [], [], []
    for seat_id, rows in t.groupby("constituency_id", sort=False):
        s = seat_index[str(seat_id)]
        recs = list(rows.itertuples(index=False))
        where, why = _place(recs, s, c, labels)
        top = next((i for i, r in enumerate(recs) if not r.aggregate), None)
        if top is None or not recs[top].votes > 0:  # no winner: every candidate has 0 votes
            no_candidate.append(str(seat_id))
            continue
        first = [r for r in recs if not r.aggregate and r.votes == recs[top].votes]
        if len(first) > 1:  # which of them won (by lot) is not in the votes; not the row order
            parties = ", ".join(sorted(str(r.party) for r in first))
            ties.append(f"{seat_id} ({parties}, {first[0].votes:,.0f})")
            continue
        k = where[top]
        # Matched by candidate id under another label: counted as the scenario's party, said so.
        relabelled += [
            f"{seat_id} {r.candidate_id} {r.party!r} as {c.party_ids[c.party[s, j]]}"
            for r, j in zip(recs, where, strict=True)
            if j is not None
            and c.can_win[s, j]
            and labels[str(r.party)] != c.party_ids[c.party[s, j]]
        ]
        # No candidate of the scenario is the real winner: the grid's best would be the
        # runner-up, and its shares would chase a wrong result.
        lost[s] = k is None or not c.can_win[s, k]
        strays += [
            (str(seat_id), str(r.party), str(r.name), r.votes, why[i])
            for i, r in enumerate(recs)
            if why[i]
        ]
        if lost[s]:
            r = recs[top]
            winner[s] = labels[str(r.party)] or str(r.party).strip()
            lost_text.append(f"{seat_id} ({winner[s]} {r.name!r}, {r.votes:,.0f} votes)")
            continue
        covered[s] = True
        winner[s] = c.party_ids[c.party[s, k]]
        for i, r in enumerate(recs):
            if where[i] is None:
                unmatched += r.votes
            else:
                votes[s, where[i]] += r.votes
        absent += [
            f"{c.candidate_ids[s, j]} ({c.party_ids[c.party[s, j]]} {c.candidate_names[s, j]!r})"
            for j in np.flatnonzero(c.valid[s])
            if j not in where
        ]
    in_results = covered | lost
    seats = seat_table.set_index("constituency_id").reindex(seat_ids)
    turnout = (seats["ballots"] / seats["registered"]).to_numpy(float)
    turnout = np.where(in_results, turnout, np.nan)
    compared = float(votes.sum()) + unmatched  # votes fill only the compared seats
    notes = seating.notes(who)
    notes += _notes(
        who, labels, strays, lost_text, no_candidate, list(in_file), seat_ids, c.party_ids
    )
    if absent:  # a file that lists only the leading candidates would read as landslides
        notes.append(
            f"{plural(len(absent), 'candidate')} of {who} with no row in the results, counted "
            f"as 0 votes: {listed(absent)}"
        )
    if ties:
        notes.append(
            f"seats tied for first (the winner is not in the votes), not compared: {listed(ties)}"
        )
    if relabelled:
        notes.insert(
            0,
            f"real candidates matched by candidate id to a candidate of {who} of another party "
            f"(their votes and wins count as the scenario's party): {listed(relabelled)}",
        )
    return Aligned(
        covered,
        votes,
        turnout,
        winner,
        unmatched / max(compared, 1.0),
        lost,
        tuple(notes),
        int(t["constituency_id"].astype(str).nunique()),
    )


def _place(recs: list, s: int, c: Contests, labels: dict[str, str]):
    """Each real row's slot in seat ``s`` (None: none) and why a row found none ('' if it did)."""
    slots = np.flatnonzero(c.valid[s])
    ids = {str(c.candidate_ids[s, k]): k for k in slots}
    party = {k: c.party_ids[c.party[s, k]] for k in slots}
    names = {k: norm_name(c.candidate_names[s, k]) for k in slots}
    others = [k for k in slots if not c.can_win[s, k]]
    taken: set[int] = set()
    where: list[int | None] = [None] * len(recs)

    def free(k) -> bool:
        return k is not None and (k in others or int(k) not in taken)

    # Exact matches first, over all the seat's rows, so none loses its slot to a looser one.
    for i, r in enumerate(recs):
        p, name = labels[str(r.party)], norm_name(r.name)
        k = ids.get(r.candidate_id) if r.candidate_id else None
        if k is None and r.aggregate and others:
            k = others[0]
        if k is None and p and name:
            k = next((j for j in slots if party[j] == p and names[j] == name and free(j)), None)
        if free(k):
            where[i] = int(k)
            taken.add(int(k))
    why = [""] * len(recs)
    for i, r in enumerate(recs):
        if where[i] is not None:
            continue
        p = labels[str(r.party)]
        same = [j for j in slots if party[j] == p and c.can_win[s, j]]
        if r.aggregate:
            why[i] = "an all-others row; the scenario has no others row here"
        elif not p:
            why[i] = NO_PARTY
        elif not same:
            why[i] = f"{p} has no candidate here"
        elif len(same) > 1:
            why[i] = f"{p} has {len(same)} candidates here, none of this name free"
        elif same[0] in taken:
            why[i] = f"{p}'s one candidate here already matched"
        else:  # the party's one candidate in the seat, not yet taken
            where[i] = int(same[0])
            taken.add(int(same[0]))
        if why[i] and others and not r.aggregate:  # a stray candidate: the seat's others row
            where[i] = int(others[0])
    return where, why


def _notes(who, labels, strays, lost_text, no_candidate, in_file, seat_ids, party_ids):
    """The notes of an alignment, in the order a reader checks them."""
    notes = []
    loose = sorted(f"{label!r} as {p}" for label, p in labels.items() if p and p != label)
    if loose:
        notes.append(f"party labels read as {who}'s (case and spaces ignored): {listed(loose)}")
    rule = (
        "their votes count in the seat's others row where it has one, else as unmatched; "
        "a seat one of them won is not compared share by share"
    )
    strays = sorted(strays, key=lambda x: -x[3])
    unknown: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for seat, label, _, n, why in strays:
        if why == NO_PARTY:
            unknown[label].append((seat, n))
    if unknown:
        hint = {label: likely_party(label, party_ids) for label in unknown}
        items = [
            f"{label!r} {sum(n for _, n in got):,.0f} votes in {plural(len(got), 'seat')} "
            f"({listed([s for s, _ in got], 4)})"
            + (f" (is it {hint[label]}? write that label)" if hint[label] else "")
            for label, got in sorted(unknown.items(), key=lambda kv: -sum(x[1] for x in kv[1]))
        ]
        notes.append(f"party labels that are no party of {who} ({rule}): {listed(items)}")
    rest = [
        f"{seat} {label} {name!r} {n:,.0f} votes ({why})"
        for seat, label, name, n, why in strays
        if why != NO_PARTY
    ]
    if rest:
        notes.append(f"real candidates matched to no candidate of {who} ({rule}): {listed(rest)}")
    if lost_text:
        notes.append(
            f"{plural(len(lost_text), 'seat')} whose real winner is no candidate of {who} (the "
            f"real shares cannot be laid on its candidates there): {listed(lost_text)}"
        )
    if no_candidate:
        notes.append(f"seats with no candidate's votes, not compared: {listed(no_candidate)}")
    known, there = set(seat_ids), set(in_file)
    extra = [s for s in in_file if s not in known]
    if extra:
        notes.append(f"{plural(len(extra), 'seat')} of the results not in {who}: {listed(extra)}")
    missing = [s for s in seat_ids if s not in there]
    if missing:
        notes.append(
            f"{len(missing):,} of {who}'s {plural(len(seat_ids), 'seat')} not in the results, "
            f"not compared: {listed(missing)}"
        )
    return notes


def lost_note(aligned: Aligned, scenario: str, treatment: str, why: str = "") -> tuple[str, ...]:
    """What a command does with the seats whose real winner is no candidate of the scenario."""
    n = int(aligned.unmatched_winner.sum())
    if not n:
        return ()
    who = scenario or "the scenario"
    return (f"{treatment} the {plural(n, 'seat')} whose real winner is no candidate of {who}{why}",)

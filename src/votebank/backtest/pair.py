"""Lay two elections side by side: same seats, one party space, the target's slate.

Rules, each reported in the result (``Pair.notes``):

* **Seat ids**: a base seat id is the target's it equals, else the one target seat it is but
  for case, spaces, separators and leading zeros (:mod:`votebank.elections.seat_ids`: never
  two base ids onto one seat); those read so, and those left out as ambiguous, are listed.
* **Boundaries**: where both files give a boundary (``delimit``) for a seat they must agree;
  two elections sharing fewer than half of either's seat ids are on different boundaries, and
  so are two whose shared seat ids mostly name other places (no word of the
  ``constituency_name`` in common in over half of them).
  Either is an error. Seats in only one election are left out and listed.
* **Independents**: a label "Ind", "Independent(s)", or one that stands twice in a seat in over
  half the seats where it stands (in either election), is not a party: its candidates carry
  no party vote from one election to the next. A label that stands twice in fewer of its
  seats is a party (a stray row or a split ticket says nothing of its other seats): its
  candidates in such a seat share its vote, and the seats are listed.
* **Minor labels**: a label under 0.5 % of the votes in both elections that won no seat is
  folded into the aggregate ``OTH`` (which cannot win).
* **Renamed parties**: a base party absent from the target whose re-standing candidates (the
  same people in the same seats) mostly (at least 2, over half) stand for one party new in the
  target is renamed to it in the base; failing that, a new party standing in mostly the same
  seats (at least 3, 60 % of either's seats) is taken as its successor.
* **New parties**: a target party with no base votes has no base share anywhere; uniform and
  proportional swing and votebank start it from its given share in the block where it
  stands, the transition model gives it its part of the votes the losers shed (0 with
  ``--given none``).
* **Unnamed candidates**: where either file gives no name (party-level rows), the person is
  unknown: not matched, and a party's base winner is not taken to have stood down.
* **Slate**: who stands in the target (the shipped Pakistan file names the top three of each
  seat; the rest are one aggregate row), the same for every method.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from votebank.backtest.names import match
from votebank.backtest.places import (
    namesakes,
    on_target_seats,
    renamed_places,
    shared_text,
    unmatched_why,
)
from votebank.backtest.switchers import switched_party
from votebank.backtest.ties import base_winners, first_places
from votebank.elections.parties import INDEPENDENT
from votebank.elections.read import OTHERS, Election
from votebank.elections.seat_ids import seat_key
from votebank.errors import InputError, Problem

MINOR = 0.005


@dataclass(frozen=True)
class Pair:
    """Two elections on the same seats.

    Attributes:
        seats: Seat ids (target order), and ``region`` (the target's) per seat.
        base: Base shares, seats x labels (0 where a label did not stand).
        slate: One row per target candidate: ``i`` (seat index), ``label``, ``name``,
            ``aggregate``, ``indep``, ``share`` (actual), ``person`` (the same person's base
            share in the seat, 0 if none), ``person_label``.
        actual_winner: The real winning label per seat.
        base_stood: Seats x labels, who stood in the base (a candidate with no votes too).
        base_best: Seats x independents' labels, the best-placed such candidate's base share.
        notes: Every rule applied, as plain data.
        gained: Per seat, its base winner took it at the base election (None: unknown).
    """

    base_label: str
    target_label: str
    seats: np.ndarray
    region: np.ndarray
    base: pd.DataFrame = field(repr=False)
    slate: pd.DataFrame = field(repr=False)
    actual_winner: np.ndarray = field(repr=False)
    target_votes: pd.DataFrame = field(repr=False)
    base_total: np.ndarray = field(default_factory=lambda: np.zeros(0), repr=False)
    target_total: np.ndarray = field(default_factory=lambda: np.zeros(0), repr=False)
    indep: frozenset[str] = frozenset()
    notes: dict = field(default_factory=dict)
    base_registered: np.ndarray = field(default_factory=lambda: np.zeros(0), repr=False)
    target_registered: np.ndarray = field(default_factory=lambda: np.zeros(0), repr=False)
    base_stood: pd.DataFrame | None = field(default=None, repr=False)
    base_best: pd.DataFrame | None = field(default=None, repr=False)
    base_winner: np.ndarray | None = field(default=None, repr=False)  # a tie as declared
    gained: np.ndarray | None = field(default=None, repr=False)

    def stood(self, labels: list[str]) -> np.ndarray:
        """Seats x ``labels``: who stood in the base seat, with votes or none."""
        if self.base_stood is None:
            return self.base.reindex(columns=labels, fill_value=0.0).to_numpy() > 0
        return self.base_stood.reindex(columns=labels, fill_value=False).to_numpy(bool)

    def single_shares(self, labels: list[str]) -> np.ndarray:
        """Seats x ``labels`` base shares, an independents' label at its best-placed candidate.

        Independents share no vote: their label's sum is no one's poll, and it took a seat won
        by a party over five independents who each polled less to be held by independents.
        """
        shares = self.base.reindex(columns=labels, fill_value=0.0)
        best = self.base_best if self.base_best is not None else pd.DataFrame()
        for label in best.columns.intersection(shares.columns):
            shares[label] = best[label].to_numpy()
        return shares.to_numpy()

    def sizes(self) -> np.ndarray:
        """Each seat's expected votes in the target: its roll times the base turnout.

        The target's electoral roll is published before polling day; where either file gives
        no roll for a seat (0 or missing), its base votes. Used to weigh seats when shares
        are raked to the given block totals (the simple methods have no use for sizes).
        """
        rb, rt = self.base_registered, self.target_registered
        if len(rb) != len(self.base_total) or len(rt) != len(self.base_total):
            return self.base_total
        ok = (rb > 0) & (rt > 0) & np.isfinite(rb) & np.isfinite(rt)
        turnout = np.divide(self.base_total, rb, out=np.zeros_like(rb), where=ok)
        return np.where(ok, rt * turnout, self.base_total)


def make_pair(base: Election, target: Election) -> Pair:
    """Check boundaries, match seats, parties and people (module docstring)."""
    base, seat_notes = on_target_seats(base, target)
    bs, ts = base.seats.set_index("seat"), target.seats.set_index("seat")
    # Seats and candidates in a canonical order (seat id as loosely read, then as written;
    # share, label, name): the same election with its rows in another order, or its ids
    # spelt otherwise (NA-001 for NA-1), draws the same numbers.
    common = sorted((s for s in ts.index if s in bs.index), key=lambda s: (seat_key(s), str(s)))
    _check_boundaries(base, target, bs, ts, common)
    notes: dict = {
        "seats_compared": len(common),
        "seats_by_region": dict(sorted(Counter(map(str, ts.loc[common, "region"])).items())),
        "only_in_base": sorted(set(bs.index) - set(common)),
        "only_in_target": sorted(set(ts.index) - set(common)),
        "seat_ids": seat_notes + namesakes(bs, ts, common),
        "reading": [f"{e.date}: {n}" for e in (base, target) for n in e.notes],  # by polling day
    }
    bc = base.candidates[base.candidates["seat"].isin(common)].copy()
    tc = target.candidates[target.candidates["seat"].isin(common)].copy()
    indep, twice = _independents(bc, tc)
    renames = _renames(bc, tc, indep)
    bc["party"] = bc["party"].replace({a: b for a, (b, _) in renames.items()})
    notes["renamed"] = [{"base": a, "target": b, "rule": r} for a, (b, r) in renames.items()]
    minor = _minor(bc, tc, indep)
    notes["new_parties_folded"] = sorted(minor & (set(tc["party"]) - set(bc["party"])))
    for c in (bc, tc):
        folded = c["party"].isin(minor)
        c.loc[folded, "party"] = OTHERS
        c.loc[folded | c["aggregate"], "aggregate"] = True
    notes["independents"] = sorted(indep)
    # A folded label's candidates are the others' row: no vote of its own to share.
    notes["party_twice_in_seat"] = [t for t in twice if t["party"] not in minor]
    notes["folded_into_OTH"] = sorted(minor)
    new = sorted(set(tc["party"]) - set(bc["party"]) - indep - {OTHERS})
    notes["new_parties"] = [{"party": p} for p in new]  # their rule by what is given: study
    notes["gone_parties"] = sorted(set(bc["party"]) - set(tc["party"]) - indep - {OTHERS})

    seat_i = {s: i for i, s in enumerate(common)}
    btot = bc.groupby("seat")["votes"].transform("sum")
    bc["share"] = bc["votes"] / btot.where(btot > 0, 1)
    base_win, notes["base_tied_first_place"] = base_winners(bc, common)
    base_tab = bc.pivot_table(index="seat", columns="party", values="share", aggfunc="sum")
    base_tab = base_tab.reindex(common)
    stood = base_tab.notna()  # a party with no votes in a seat still stood there
    base_tab = base_tab.fillna(0.0)
    alone = bc[bc["party"].isin(indep) & ~bc["aggregate"].astype(bool)]
    best = alone.groupby(["seat", "party"])["share"].max().unstack("party")
    best = best.reindex(index=common, columns=sorted(indep & set(base_tab.columns))).fillna(0.0)
    # Aggregate rows: one per seat and label; named candidates keep their own row.
    agg = tc[tc["aggregate"]].groupby("seat", as_index=False)["votes"].sum()
    agg = agg.assign(party=OTHERS, aggregate=True, name="Other candidates")
    tc = pd.concat([tc[~tc["aggregate"]], agg]).reset_index(drop=True)
    ttot = tc.groupby("seat")["votes"].transform("sum")
    tc["share"] = tc["votes"] / ttot.where(ttot > 0, 1)
    tc["i"] = tc["seat"].map(seat_i)
    person, person_label = _people(bc, tc)
    # A file without names (party-level rows): who stands is unknown, not a new person.
    named = bc["name"].astype(str).str.strip().ne("") & ~bc["aggregate"]
    unknown = tc["name"].astype(str).str.strip().eq("") | ~tc["seat"].isin(
        set(bc.loc[named, "seat"])
    )
    slate = pd.DataFrame(
        {
            "i": tc["i"].to_numpy(),
            "label": tc["party"].to_numpy(),
            "name": tc["name"].to_numpy(),
            "aggregate": tc["aggregate"].to_numpy(bool),
            "indep": tc["party"].isin(indep).to_numpy(),
            "share": tc["share"].to_numpy(),
            "person": person,
            "person_label": person_label,
            "unknown": (unknown & ~tc["aggregate"]).to_numpy(bool),
        }
    ).sort_values(
        ["i", "share", "label", "name"], ascending=[True, False, True, True], kind="stable"
    )
    slate = slate.reset_index(drop=True)
    notes["people_matched"] = int((slate["person"] > 0).sum())
    notes["people_unknown"] = int(slate["unknown"].sum())
    notes["switched_party"] = switched_party(slate, common, indep)
    notes["people_switched_party"] = len(notes["switched_party"])
    win, notes["tied_first_place"] = _winners(slate, tc, common)
    tvotes = tc.pivot_table(index="seat", columns="party", values="share", aggfunc="sum")
    return Pair(
        base.label,
        target.label,
        np.array(common, dtype=object),
        ts.loc[common, "region"].to_numpy(dtype=object),
        base_tab,
        slate,
        win.fillna("").to_numpy(dtype=object),
        tvotes.reindex(common).fillna(0.0),
        bc.groupby("seat")["votes"].sum().reindex(common).fillna(0).to_numpy(float),
        tc.groupby("seat")["votes"].sum().reindex(common).fillna(0).to_numpy(float),
        frozenset(indep),
        notes,
        _roll(bs, common),
        _roll(ts, common),
        stood,
        best,
        base_win,
    )


def _winners(slate: pd.DataFrame, tc: pd.DataFrame, common: list) -> tuple[pd.Series, list]:
    """Each seat's real winner: the most votes, a tie decided by who the file declares elected.

    Returns the winners and, for each seat whose first place is tied, the rule that decided it.
    """
    flag = tc.get("elected", pd.Series(False, index=tc.index)).fillna(False).astype(bool)
    elected = set(zip(tc.loc[flag, "i"], tc.loc[flag, "party"], strict=True))
    named = slate[~slate["aggregate"]]
    keys = zip(named["i"], named["label"], strict=True)
    named = named.assign(elected=[key in elected for key in keys])
    return first_places(named, "i", "label", range(len(common)), common)


def _roll(seats: pd.DataFrame, common: list) -> np.ndarray:
    """Registered electors per compared seat (0 where the file gives none)."""
    if "registered" not in seats.columns:
        return np.zeros(len(common))
    reg = pd.to_numeric(seats["registered"], errors="coerce").reindex(common)
    return reg.fillna(0.0).to_numpy(float)


def _check_boundaries(base, target, bs, ts, common) -> None:
    problems = []
    if "boundary" in bs and "boundary" in ts:
        b, t = bs.loc[common, "boundary"], ts.loc[common, "boundary"]
        both = (b != "") & (t != "") & b.notna() & t.notna()
        column = "delimit" if target.layout == "rows" else "boundary"  # as the file spells it
        moved = [s for s, bad in ((b != t) & both).items() if bad]
        # A few seats redrawn, the rest kept: new ids would compare the rest (and list these).
        few = "; if only these were redrawn, give them new ids here" * (len(moved) < len(b) / 2)
        for seat in moved[:3]:
            problems.append(
                Problem(
                    target.file,
                    f"row {ts.at[seat, 'row']}, column {column}",
                    t[seat],
                    f"seat {seat} is on boundaries {t[seat]!r} here but {b[seat]!r} in "
                    f"{base.label}: different boundaries"
                    + (f" ({len(moved)} seats in all)" if len(moved) > 3 else "")
                    + few,
                )
            )
    if not problems:
        problems += renamed_places(base, target, bs, ts, common)
    if not problems and len(common) < 0.5 * max(len(bs), len(ts)):
        # Name the election most of whose seats are not in the other (a target of a few seats
        # of the base's: "only 2 of 2 seats are also in the base" would say nothing).
        one, other, these, those = target, base, ts, bs
        if len(common) >= 0.5 * len(ts):
            one, other, these, those = base, target, bs, ts
        first = next((s for s in these.index if s not in those.index), "")
        written = {str(s).strip().upper() for s in those.index}  # na-1 here, NA-1 there?
        alike = sum(str(s).strip().upper() in written for s in these.index)
        of = f" of {base.label}" if one is base else ""
        why = f"{shared_text(len(common), len(these), of, other.label)}: the seats do "
        why += unmatched_why(alike, len(common), base, target, bs, ts)
        where = f"row {these.at[first, 'row']}" if first else ""
        problems.append(Problem(one.file, where, str(first), why))
    if problems:
        raise InputError(problems)


def _independents(bc: pd.DataFrame, tc: pd.DataFrame) -> tuple[set[str], list[dict]]:
    """Independent labels, and the parties that stand twice in some seats (module docstring).

    Standing twice is evidence about the seats where it happens: it makes a label
    independents only where it is the rule (over half its seats), not for one stray row.
    """
    out, twice = set(), {}
    for c in (bc, tc):
        named = c[~c["aggregate"] & (c["party"] != OTHERS)]
        stands = named.groupby("party")["seat"].nunique()
        dup = named[named.duplicated(["seat", "party"])].groupby("party")["seat"].unique()
        for p, seats in dup.items():
            if len(seats) > stands[p] / 2:
                out.add(p)
            else:
                twice.setdefault(p, set()).update(seats)
        out |= {p for p in named["party"].unique() if p.lower() in INDEPENDENT}
    notes = [
        {
            "party": p,
            "seats": sorted(seats, key=str),
            "rule": "a party: its candidates in these seats share its vote",
        }
        for p, seats in sorted(twice.items())
        if p not in out
    ]
    return out, notes


def _minor(bc: pd.DataFrame, tc: pd.DataFrame, indep: set[str]) -> set[str]:
    """Labels under MINOR of the votes in both elections (absent counts as 0), no seat won."""
    small, won = set(bc["party"]) | set(tc["party"]), set()
    for c in (bc, tc):
        share = c.groupby("party")["votes"].sum() / max(c["votes"].sum(), 1)
        small -= set(share[share >= MINOR].index)
        named = c[~c["aggregate"]]  # the others' row may out-poll the seat's winner
        won |= set(named.loc[named.groupby("seat")["votes"].idxmax(), "party"])
    return small - won - indep - {OTHERS}


def _renames(bc: pd.DataFrame, tc: pd.DataFrame, indep: set[str]) -> dict[str, tuple]:
    """Base parties renamed to a new label (module docstring), the strongest evidence first.

    Each rule lists every candidate rename with its strength and takes them strongest first,
    one to one, so a weak claim tried earlier cannot take the label a stronger one needs.
    """
    gone = set(bc["party"]) - set(tc["party"]) - indep - {OTHERS}
    new = set(tc["party"]) - set(bc["party"]) - indep - {OTHERS}
    if not gone or not new:
        return {}
    out: dict[str, tuple] = {}
    for claims in (_people_claims(bc, tc, indep, gone, new), _seat_claims(bc, tc, gone, new)):
        for _, p, q, rule in sorted(claims, key=lambda c: (c[0], c[1], c[2])):
            if p not in out and q in new:
                out[p] = (q, rule)
                new.discard(q)
    return dict(sorted(out.items()))


def _people_claims(bc, tc, indep, gone, new) -> list[tuple]:
    """``(sort key, base, target, rule)``: most of a gone party's re-standing people moved."""
    moves: dict[tuple[str, str], int] = {}
    for seat, after in tc[~tc["aggregate"]].groupby("seat"):
        before = bc[(bc["seat"] == seat) & ~bc["aggregate"]]
        for j, i in match(list(before["name"]), list(after["name"])).items():
            key = (before["party"].iloc[i], after["party"].iloc[j])
            moves[key] = moves.get(key, 0) + 1
    claims = []
    for p in gone:
        went = {q: n for (a, q), n in moves.items() if a == p and q not in indep}
        total = sum(went.values())
        for q, n in went.items():
            if q in new and n >= 2 and n > total / 2:
                rule = f"{n} of its {total} re-standing people stand for it"
                claims.append(((-n, -n / total), p, q, rule))
    return claims


def _seat_claims(bc, tc, gone, new) -> list[tuple]:
    """``(sort key, base, target, rule)``: a new party standing in mostly the same seats."""
    claims = []
    for p in gone:
        mine = set(bc.loc[bc["party"] == p, "seat"])
        for q in new:
            theirs = set(tc.loc[tc["party"] == q, "seat"])
            both, either = len(mine & theirs), len(mine | theirs)
            if both >= 3 and both >= 0.6 * either:
                rule = f"stands in {both} of the {either} seats of either"
                claims.append(((-both / either, -both), p, q, rule))
    return claims


def _people(bc: pd.DataFrame, tc: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Each target candidate's own base share in the seat and its base label (0, '')."""
    share = np.zeros(len(tc))
    label = np.array([""] * len(tc), dtype=object)
    pos = {k: n for n, k in enumerate(tc.index)}
    by_seat = dict(tuple(bc[~bc["aggregate"]].groupby("seat")))
    for seat, after in tc[~tc["aggregate"]].groupby("seat"):
        before = by_seat.get(seat)
        if before is None:
            continue
        for j, i in match(list(before["name"]), list(after["name"])).items():
            n = pos[after.index[j]]
            share[n], label[n] = before["share"].iloc[i], before["party"].iloc[i]
    return share, label

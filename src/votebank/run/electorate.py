"""Draw a synthetic electorate for a scenario: seat by seat, each seat with its own stream.

Steps per seat (all vectorised over the seat's stations, villages and clans):
stations and their sizes -> villages/wards of 1-3 stations -> clans with Zipf-like sizes, each
in a vote bloc or free -> resident landlords, and the estates of candidates who are patrons ->
real voters and ghost entries per station -> cohorts split by bloc, class, dependence, sex and
party identification.
"""

from __future__ import annotations

import numpy as np

from votebank.core.contests import Contests
from votebank.core.electorate import Electorate
from votebank.core.labels import CLASSES, PATRONS
from votebank.core.state import slot_dtype
from votebank.errors import VotebankError
from votebank.rng import Streams, bounds_of, conditionals
from votebank.run.memory import release_free_memory
from votebank.scenario.schema import ScenarioSpec


def build_electorate(spec: ScenarioSpec, contests: Contests, streams: Streams) -> Electorate:
    """Build the electorate of every seat and join them into one struct of arrays."""
    parts = [
        _build_seat(seat, spec, contests, streams.generator("electorate", seat))
        for seat in range(contests.seats)
    ]
    release_free_memory()  # the seats' scratch arrays, freed between the parts kept
    el = _join(parts, contests.seats, slot_dtype(contests.slots))
    release_free_memory()
    return el


def _build_seat(seat: int, spec: ScenarioSpec, contests: Contests, gen: np.random.Generator):
    el = spec.electorate
    lords = spec.mechanisms.landlords
    registered = int(contests.registered[seat])

    # Stations: sizes drawn around the ECP mean, then scaled to the seat's real roll.
    n_st = int(contests.stations[seat]) or max(1, round(registered / el.voters_per_station))
    n_st = min(n_st, registered)
    size = np.clip(
        gen.normal(el.voters_per_station, el.station_size_sd, n_st),
        el.station_size_min,
        el.station_size_max,
    )
    st_reg = _apportion(registered, size)

    # Villages (rural) and wards (urban): runs of consecutive stations.
    lo, hi = el.stations_per_locality
    runs = gen.integers(lo, hi + 1, size=n_st)
    st_loc = np.searchsorted(np.cumsum(runs), np.arange(n_st), side="right")
    n_loc = int(st_loc[-1]) + 1
    loc_urban = gen.random(n_loc) < contests.urban_share[seat]

    # Clans: the largest holds 25-40% of its village, the rest share the remainder.
    clo, chi = el.clans_per_locality
    n_clans = gen.integers(clo, chi + 1, size=n_loc)
    largest = gen.uniform(*el.largest_clan_share, size=n_loc)
    rest = gen.gamma(1.0, size=(n_loc, chi))
    rest[:, 0] = 0.0
    rest[np.arange(chi)[None, :] >= n_clans[:, None]] = 0.0
    rest_sum = rest.sum(axis=1, keepdims=True)
    shares = np.where(rest_sum > 0, rest / np.where(rest_sum > 0, rest_sum, 1.0), 0.0)
    shares *= (1.0 - largest)[:, None]
    shares[:, 0] = np.where(n_clans > 1, largest, 1.0)
    clan_of = np.arange(chi)[None, :] < n_clans[:, None]
    clan_loc = np.nonzero(clan_of)[0]
    n_clan = len(clan_loc)

    # Each clan is in one of its village's blocs or stands apart.
    blo, bhi = el.blocs_per_locality
    blocs_here = gen.integers(blo, bhi + 1, size=n_loc)
    bloc_first = np.concatenate(([0], np.cumsum(blocs_here)[:-1]))
    member_rate = np.where(loc_urban, el.bloc_membership_urban, el.bloc_membership_rural)
    in_bloc = gen.random(n_clan) < member_rate[clan_loc]
    pick = (gen.random(n_clan) * blocs_here[clan_loc]).astype(np.int64)
    clan_bloc = np.where(in_bloc, bloc_first[clan_loc] + pick, -1)
    class_p = np.array(
        [
            [getattr(el, f"class_shares_{k}").get(c, 0.0) for c in CLASSES]
            for k in ("rural", "urban")
        ]
    )
    clan_class = _categorical(gen, class_p[loc_urban[clan_loc].astype(int)])

    # Landlords: resident families in some villages; standing patrons own an estate.
    ll_loc, ll_slot, ll_kind, ll_militia = _landlords(gen, seat, loc_urban, contests, spec)
    loc_lord = np.full(n_loc, -1)
    loc_lord[ll_loc] = np.arange(len(ll_loc))

    # Real voters and ghost entries per station, then split over the village's clans.
    ghost_rate = (
        gen.beta(2.0, 2.0 * (1 - el.ghost_share) / el.ghost_share, n_st)
        if el.ghost_share > 0
        else np.zeros(n_st)
    )
    ghosts = gen.binomial(st_reg, ghost_rate)
    real = st_reg - ghosts
    per_clan = _multinomial_rows(gen, real, shares[st_loc])
    st_idx, clan_slot = np.nonzero(per_clan)
    clan_first = np.concatenate(([0], np.cumsum(n_clans)[:-1]))
    clan = clan_first[st_loc[st_idx]] + clan_slot
    # Voters of clans in the same bloc (or in none) and of the same class at a station are
    # interchangeable from here on: one group, and later one cohort, holds them all.
    key = np.stack([st_idx, clan_bloc[clan] + 1, clan_class[clan]], axis=1)
    groups, inverse = np.unique(key, axis=0, return_inverse=True)
    counts = np.bincount(inverse.ravel(), per_clan[st_idx, clan_slot]).astype(np.int64)
    st_idx, bloc, klass = groups[:, 0], groups[:, 1] - 1, groups[:, 2]

    # Dependants of the village's landlord (or followers of its pir).
    lord = loc_lord[st_loc[st_idx]]
    dep_rate = np.zeros(len(counts))
    if lords.enabled and len(ll_loc):
        is_pir = ll_kind[np.maximum(lord, 0)] == PATRONS.index("pir")
        landlord_rate = min(0.9, el.dependent_share / max(el.landlord_locality_share, 1e-9))
        dep_rate = np.where(
            lord < 0, 0.0, np.where(is_pir, lords.pir_follower_share, landlord_rate)
        )
    dep = gen.binomial(counts, dep_rate)
    rows = _Rows(np.stack([counts - dep, dep], axis=1))
    lord = np.where(rows.cat == 1, lord[rows.src], -1)
    st_idx, bloc, klass, counts = st_idx[rows.src], bloc[rows.src], klass[rows.src], rows.count

    female = gen.binomial(counts, el.female_share)
    rows = _Rows(np.stack([counts - female, female], axis=1))
    st_idx, bloc, klass, lord = st_idx[rows.src], bloc[rows.src], klass[rows.src], lord[rows.src]
    counts, is_female = rows.count, rows.cat == 1

    pid_p = _pid_probs(seat, spec, contests)
    split = _multinomial_rows(gen, counts, np.broadcast_to(pid_p, (len(counts), len(pid_p))))
    rows = _Rows(split)
    pid = rows.cat - 1  # category 0 is "no party identification"
    src = rows.src
    return {
        "station_locality": st_loc,
        "station_registered": st_reg,
        "station_ghosts": ghosts,
        "station_urban": loc_urban[st_loc],
        "locality_urban": loc_urban,
        "locality_landlord": loc_lord,
        "clan_locality": clan_loc,
        "clan_bloc": clan_bloc,
        "clan_class": clan_class,
        "n_bloc": int(blocs_here.sum()),
        "landlord_slot": ll_slot,
        "landlord_kind": ll_kind,
        "landlord_militia": ll_militia,
        "cohort_count": rows.count,
        "cohort_station": st_idx[src],
        "cohort_bloc": bloc[src],
        "cohort_class": klass[src],
        "cohort_landlord": lord[src],
        "cohort_female": is_female[src],
        "cohort_pid": pid,
    }


def _landlords(gen, seat, loc_urban, contests: Contests, spec: ScenarioSpec):
    """Place resident landlords and standing patrons' estates in a seat's rural villages."""
    lords = spec.mechanisms.landlords
    n_loc = len(loc_urban)
    if not lords.enabled:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty, np.zeros(0)
    rural = np.flatnonzero(~loc_urban)
    resident = rural[gen.random(len(rural)) < spec.electorate.landlord_locality_share]
    owner = np.full(n_loc, -1)
    owner[resident] = -2  # -2: a resident landlord who does not stand
    standing = np.flatnonzero(contests.valid[seat] & (contests.patron[seat] > 0))
    for slot in standing:
        estate = rural[gen.random(len(rural)) < lords.estate_share]
        owner[estate] = slot
    loc = np.flatnonzero(owner != -1)
    slot = np.where(owner[loc] >= 0, owner[loc], -1)
    kind = np.where(
        slot >= 0, contests.patron[seat][np.maximum(slot, 0)], PATRONS.index("landlord")
    )
    strength = gen.uniform(*lords.militia_strength, size=len(loc))
    armed = gen.random(len(loc)) < lords.militia_prob
    militia = np.where(
        slot >= 0, contests.militia[seat][np.maximum(slot, 0)], np.where(armed, strength, 0.0)
    )
    return loc, slot, kind, militia


def _pid_probs(seat: int, spec: ScenarioSpec, contests: Contests) -> np.ndarray:
    """Party identification: none, or one of the seat's party candidates, weighted by mood."""
    slots = contests.slots
    party = contests.party[seat]
    ok = contests.valid[seat] & contests.can_win[seat]
    ok &= ~contests.party_independent[np.maximum(party, 0)]
    region = contests.region_names[contests.region[seat]]
    mood = np.array([_mood(spec, region, contests.party_ids[p]) if p >= 0 else 0.0 for p in party])
    # Relative to the largest mood: a mood past 709 would overflow exp to inf, and inf / inf.
    top = mood[ok].max() if ok.any() else 0.0
    weight = np.exp(np.where(ok, mood - top, -np.inf))
    probs = np.zeros(slots + 1)
    probs[0] = 1.0
    if weight.sum() > 0:
        probs[0] = 1.0 - spec.electorate.party_id_share
        probs[1:] = spec.electorate.party_id_share * weight / weight.sum()
    return probs


def _mood(spec: ScenarioSpec, region: str, party: str) -> float:
    return spec.mood.get("national", {}).get(party, 0.0) + spec.mood.get(region, {}).get(party, 0.0)


def _apportion(total: int, weights: np.ndarray) -> np.ndarray:
    """Split ``total`` into integers proportional to ``weights`` (largest remainder)."""
    exact = total * weights / weights.sum()
    base = np.floor(exact).astype(np.int64)
    short = total - int(base.sum())
    base[np.argsort(base - exact, kind="stable")[:short]] += 1
    return base


def _categorical(gen: np.random.Generator, probs: np.ndarray) -> np.ndarray:
    """One categorical draw per row of ``probs``."""
    cum = np.cumsum(probs, axis=1)
    u = gen.random(len(probs))[:, None] * cum[:, -1:]
    return (u > cum).sum(axis=1)


def _multinomial_rows(gen: np.random.Generator, n: np.ndarray, probs: np.ndarray) -> np.ndarray:
    """Multinomial per row by conditional binomials (exact, vectorised over rows)."""
    out = np.zeros(probs.shape, dtype=np.int64)
    remaining = n.astype(np.int64).copy()
    cond = conditionals(probs)
    for j in range(probs.shape[1] - 1):
        out[:, j] = gen.binomial(remaining, cond[:, j])
        remaining -= out[:, j]
    out[:, -1] = remaining
    return out


class _Rows:
    """Non-zero cells of a (rows, categories) count matrix: source row, category, count."""

    def __init__(self, counts: np.ndarray):
        self.src, self.cat = np.nonzero(counts)
        self.count = counts[self.src, self.cat]


def _join(parts: list[dict], seats: int, pid_dtype: type) -> Electorate:
    """Concatenate per-seat parts, shifting each part's local indices to global ones."""
    total = sum(len(p["cohort_count"]) for p in parts)
    stations = sum(len(p["station_registered"]) for p in parts)
    if max(total, stations) >= np.iinfo(np.int32).max:
        raise VotebankError(
            f"the electorate has {total:,} voter cohorts and {stations:,} polling stations: "
            f"more than one run can index ({np.iinfo(np.int32).max:,}); split the country "
            "into smaller scenarios"
        )
    offsets = dict.fromkeys(("station", "locality", "clan", "bloc", "landlord"), 0)
    cols: dict[str, list] = {}
    seat_cols: dict[str, list] = {
        k: [] for k in ("station", "locality", "bloc", "landlord", "cohort")
    }

    def add(name, values):
        cols.setdefault(name, []).append(values)

    for seat in range(len(parts)):
        # Each part is dropped once its columns are taken, and each column's pieces once
        # joined: the peak is the electorate plus one column, not three copies of it.
        p, parts[seat] = parts[seat], None
        o = dict(offsets)
        n_station = len(p["station_registered"])
        n_loc = len(p["locality_urban"])
        n_lord = len(p["landlord_slot"])
        add("station_locality", p["station_locality"] + o["locality"])
        add("station_registered", p["station_registered"])
        add("station_ghosts", p["station_ghosts"])
        add("station_urban", p["station_urban"])
        add("locality_urban", p["locality_urban"])
        add(
            "locality_landlord",
            np.where(p["locality_landlord"] >= 0, p["locality_landlord"] + o["landlord"], -1),
        )
        add("clan_locality", p["clan_locality"] + o["locality"])
        add("clan_bloc", np.where(p["clan_bloc"] >= 0, p["clan_bloc"] + o["bloc"], -1))
        add("clan_class", p["clan_class"])
        add("landlord_slot", p["landlord_slot"])
        add("landlord_kind", p["landlord_kind"])
        add("landlord_militia", p["landlord_militia"])
        # Cohort columns take their final (narrow) types seat by seat: the joined copy is
        # the only full-length one.
        add("cohort_count", p["cohort_count"])
        add("cohort_station", (p["cohort_station"] + o["station"]).astype(INDEX))
        bloc = np.where(p["cohort_bloc"] >= 0, p["cohort_bloc"] + o["bloc"], -1)
        add("cohort_bloc", bloc.astype(INDEX))
        lord = np.where(p["cohort_landlord"] >= 0, p["cohort_landlord"] + o["landlord"], -1)
        add("cohort_landlord", lord.astype(INDEX))
        add("cohort_class", p["cohort_class"].astype(np.int8))
        add("cohort_female", p["cohort_female"].astype(bool))
        add("cohort_pid", p["cohort_pid"].astype(pid_dtype))  # a slot, or -1
        for key, n in (
            ("station", n_station),
            ("locality", n_loc),
            ("bloc", p["n_bloc"]),
            ("landlord", n_lord),
            ("cohort", len(p["cohort_count"])),
        ):
            seat_cols[key].append(np.full(n, seat, dtype=np.int32))
        offsets["station"] += n_station
        offsets["locality"] += n_loc
        offsets["clan"] += len(p["clan_locality"])
        offsets["bloc"] += p["n_bloc"]
        offsets["landlord"] += n_lord

    a = {k: np.concatenate(cols.pop(k)) for k in list(cols)}
    seat_of = {k: np.concatenate(seat_cols.pop(k)) for k in list(seat_cols)}
    cohort_station = a["cohort_station"]

    return Electorate(
        station_seat=seat_of["station"],
        station_locality=a["station_locality"],
        station_registered=a["station_registered"].astype(np.int64),
        station_ghosts=a["station_ghosts"].astype(np.int64),
        station_urban=a["station_urban"].astype(bool),
        station_bounds=bounds_of(seat_of["station"], seats),
        locality_seat=seat_of["locality"],
        locality_urban=a["locality_urban"].astype(bool),
        locality_landlord=a["locality_landlord"],
        clan_locality=a["clan_locality"],
        clan_bloc=a["clan_bloc"],
        clan_class=a["clan_class"].astype(np.int8),
        bloc_seat=seat_of["bloc"],
        landlord_seat=seat_of["landlord"],
        landlord_slot=a["landlord_slot"].astype(np.int64),
        landlord_kind=a["landlord_kind"].astype(np.int8),
        landlord_militia=a["landlord_militia"].astype(float),
        cohort_count=a["cohort_count"].astype(np.int64, copy=False),
        cohort_station=cohort_station,
        cohort_seat=seat_of["cohort"],
        cohort_bloc=a["cohort_bloc"],
        cohort_landlord=a["cohort_landlord"],
        cohort_female=a["cohort_female"],
        cohort_class=a["cohort_class"],
        cohort_urban=a["station_urban"].astype(bool)[cohort_station],
        cohort_pid=a["cohort_pid"],
        cohort_bounds=bounds_of(seat_of["cohort"], seats),
    )


# The type of the cohorts' indices into stations, blocs and landlords (half of int64's memory).
INDEX = np.int32

# What the builder reads of a scenario, and no more: the electorate cache is keyed by these.
SPEC_READS = (
    "electorate",
    "mood",
    "mechanisms.landlords.enabled",
    "mechanisms.landlords.estate_share",
    "mechanisms.landlords.militia_prob",
    "mechanisms.landlords.militia_strength",
    "mechanisms.landlords.pir_follower_share",
)
CONTEST_READS = (
    "seat_ids",
    "registered",
    "stations",
    "urban_share",
    "region",
    "region_names",
    "valid",
    "can_win",
    "party",
    "party_ids",
    "party_independent",
    "patron",
    "militia",
)

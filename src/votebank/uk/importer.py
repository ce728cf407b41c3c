"""Build votebank scenarios from the shipped UK results (``votebank/data/uk``, see SOURCES.md).

A UK scenario is three files: ``scenario.toml``, ``constituencies.csv`` and ``candidates.csv``.

* **Seats**: every seat of a general election (GSS code, House of Commons Library name, ONS
  region, or Scotland, Wales, Northern Ireland), or the seat of a by-election.
* **Candidates** (the *slate*): the candidates who stood at ``slate_date`` (default: the
  election itself). Each main party keeps its code from the data (``main_parties()``); every
  other candidate, and any second independent in a seat, is folded into one ``OTH`` row per
  seat, an aggregate that cannot win. No minor party won a seat in 2010 or 2015, so seat
  totals are unchanged by the folding.
* **Baseline** (``baseline_votes``): each slate party's votes at the baseline election (the
  election itself, or for a by-election the general election before it). The 2010 joint
  Ulster Unionist-Conservative ticket (UCUNF) counts as UUP when the slate is from another
  election. The votes of a party with no candidate in the seat now (it stands down, the
  Speaker moves seat, no minor candidate stands) go to those who stand, as uniform swing's
  renormalising gives them: in proportion to their own base votes there, a party that did
  not stand there then counting with its share of the region's vote at the baseline; the
  Speaker standing in a new seat takes them all (the main parties stand aside). No row
  without a candidate holds votes (:func:`votebank.uk.departed.share_departed`). ``appeal`` is
  ``log(baseline share)`` and mood is zero, so with equal candidate and party weights the
  baseline utilities reproduce the baseline shares.
* **Electorate**: registered as in the data at the slate election (for Copeland 2017 the
  by-election's register, 60,602 [S]), turnout (ballots counted / electorate) of the baseline
  election [S]; rejected ballots' share from the baseline election [S]. UK voters have no
  clans, blocs, landlords or party identification in this model: those shares are zero, one
  class, and polling districts of about 2,000 voters [E] (so a 46-million run stays fast).
* **Incumbents** (``government = true``): the parties in government on the slate's polling
  day, from ``governments.csv`` beside the results (:mod:`votebank.uk.governments`); without
  one, the largest party of the general election before, and a comment in the TOML says so.
* **Swing** (``[mechanisms.swing]``) is always on: with no ``target`` the target is the
  baseline (no change) and the runs differ only by seat noise (3 points [E]).
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from votebank.errors import InputError, Problem
from votebank.scenario.toml_writer import to_toml
from votebank.uk import results_files
from votebank.uk.departed import region_shares, share_departed
from votebank.uk.governments import incumbents
from votebank.uk.results_files import (
    INDEPENDENTS,
    OTHERS,
    main_parties,
    swing_parties,
)
from votebank.uk.totals import gb_shares_from_totals

ALIASES = {"UCUNF": "UUP"}
PARTY_INFO = {
    "Con": ("Conservative Party", "#0087DC"),
    "Lab": ("Labour Party (incl. Labour Co-operative)", "#E4003B"),
    "LD": ("Liberal Democrats", "#FAA61A"),
    "UKIP": ("UK Independence Party", "#6D3177"),
    "Green": ("Green parties", "#6AB023"),
    "SNP": ("Scottish National Party", "#FDF38E"),
    "PC": ("Plaid Cymru", "#005B54"),
    "DUP": ("Democratic Unionist Party", "#D46A4C"),
    "SF": ("Sinn Féin", "#326760"),
    "SDLP": ("Social Democratic and Labour Party", "#2AA82C"),
    "UUP": ("Ulster Unionist Party", "#48A5EE"),
    "Alliance": ("Alliance Party", "#F6CB2F"),
    "Speaker": ("The Speaker", "#CCCCCC"),
    "Ind": ("Independent (the best-placed one in each seat)", "#999999"),
    "UCUNF": ("Ulster Conservatives and Unionists - New Force", "#48A5EE"),
    OTHERS: ("All other candidates", "#DDDDDD"),
}
VOTERS_PER_STATION = 2000.0  # [E] a polling district's electorate, roughly
_MIN_APPEAL = -15.0  # appeal of a candidate with no baseline votes (exp(-15) ~ 3e-7)


def candidates_table() -> pd.DataFrame:
    """The candidate results (``uk_results_candidates.csv`` or the file in use), read once."""
    return results_files.table("candidates")


def contests_table() -> pd.DataFrame:
    """The contest results (``uk_results_contests.csv`` or the file in use), read once."""
    return results_files.table("contests")


def national_totals() -> pd.DataFrame:
    """National votes by party (``uk_national_totals.csv`` or the file in use), read once."""
    return results_files.table("totals")


def polls_table() -> pd.DataFrame:
    """Published voting-intention polls (``uk_polls_2010_2017.csv`` or beside the file in use)."""
    return results_files.table("polls")


def general_elections() -> list[str]:
    """Dates of the general elections in the data."""
    c = contests_table()
    return sorted(c.loc[c["election_type"] == "general", "election_date"].unique())


def general_date(day: str) -> str:
    """``day`` as given, or a bare year as the one general election the data holds that year."""
    if len(day) == 4 and day.isdigit():
        hits = [d for d in general_elections() if d.startswith(f"{day}-")]
        if len(hits) == 1:
            return hits[0]
    return day


def previous_general(date: str) -> str:
    """The last general election before ``date``."""
    before = [d for d in general_elections() if d < date]
    if not before:
        held = ", ".join(general_elections())
        why = f"no general election before it to project from; the file holds {held}"
        raise InputError([Problem(results_files.source_name("contests"), "", date, why)])
    return before[-1]


def is_byelection(date: str) -> bool:
    """Whether the data's contests on ``date`` are by-elections."""
    c = contests_table()
    return set(c.loc[c["election_date"] == date, "election_type"]) == {"by-election"}


def baseline_date_of(date: str) -> str:
    """The baseline of an election: itself, or for a by-election the general one before."""
    return previous_general(date) if is_byelection(date) else date


def fold_parties(cands: pd.DataFrame, alias: bool) -> pd.DataFrame:
    """Label each candidate's party for a scenario: main code, or OTH (second Ind too)."""
    out = cands.copy()
    party = out["party"].where(out["party"].isin(main_parties()), OTHERS)
    if alias:
        party = party.replace(ALIASES)
    out["code"] = party
    # One candidate per main party and seat (only independents ever repeat): the best placed.
    out = out.sort_values(["constituency_id", "votes"], ascending=[True, False], kind="stable")
    repeat = out.duplicated(["constituency_id", "code"]) & out["code"].ne(OTHERS)
    out.loc[repeat, "code"] = OTHERS
    return out


def shares_by(
    election_date: str,
    *,
    regions: Iterable[str] | None = None,
    exclude_regions: Iterable[str] = (),
    parties: Iterable[str] | None = None,
) -> dict[str, float]:
    """Vote shares of ``parties`` (plus OTH: every minor party) over a set of seats.

    Args:
        election_date: A general election in the data.
        regions: Only seats in these regions (default: all of the UK).
        exclude_regions: Leave out seats in these regions.
        parties: Parties to report (default: :func:`swing_parties`); ``OTH`` holds the votes
            of parties outside :func:`main_parties`.

    Returns:
        Party -> share of all valid votes in those seats.
    """
    c = candidates_table()
    c = c[(c["election_date"] == election_date) & (c["election_type"] == "general")]
    if regions is not None:
        c = c[c["region"].isin(list(regions))]
    c = c[~c["region"].isin(list(exclude_regions))]
    total = c["votes"].sum()
    out = {
        p: float(c.loc[c["party"] == p, "votes"].sum() / total) for p in parties or swing_parties()
    }
    out = {p: v for p, v in out.items() if v > 0}
    out[OTHERS] = float(c.loc[~c["party"].isin(main_parties()), "votes"].sum() / total)
    return out


def poll_average(start: str, end: str) -> dict[str, float]:
    """Mean GB voting intention of the polls with fieldwork starting in ``[start, end]``.

    Returns:
        Con, Lab, LD, UKIP, Green as fractions, and OTH for the rest (SNP, Plaid and others:
        the polls give no figures for them).
    """
    polls = polls_table()
    p = polls[(polls["fieldwork_start"] >= start) & (polls["fieldwork_start"] <= end)]
    if p.empty:
        days = polls["fieldwork_start"].dropna()
        held = f"its polls start {days.min()} to {days.max()}" if len(days) else "it has none"
        why = f"no poll with fieldwork starting in this range; {held}"
        where = results_files.source_name("polls")
        raise InputError([Problem(where, "column fieldwork_start", f"{start}:{end}", why)])
    cols = {"con": "Con", "lab": "Lab", "ld": "LD", "ukip": "UKIP", "green": "Green"}
    out = {party: float(p[col].mean()) / 100 for col, party in cols.items()}
    out[OTHERS] = 1.0 - sum(out.values())
    return out


def _contest(date: str, seat: str | None = None) -> pd.DataFrame:
    c = contests_table()
    c = c[c["election_date"] == date]
    if seat is not None:
        c = c[c["constituency_id"] == seat]
    return c


def scenario_tables(
    election_date: str,
    *,
    slate_date: str | None = None,
    seats: Iterable[str] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """The constituency and candidate tables of a UK scenario, and facts for its TOML.

    Args:
        election_date: The baseline election, or a by-election date (its baseline is then
            the general election before it, and its slate the by-election's candidates).
        slate_date: Whose candidates stand (default: the election itself; a by-election's own).
        seats: Only these GSS codes (default: every seat of the slate election).

    Returns:
        ``(constituencies, candidates, facts)``; facts holds ``baseline_date``,
        ``slate_date``, ``byelection`` (bool), ``rejected_share`` and ``turnout``.

    Raises:
        VotebankError: If a date or seat is not in the data.
    """
    contests = contests_table()
    kinds = set(contests.loc[contests["election_date"] == election_date, "election_type"])
    if not kinds:
        known = sorted(contests["election_date"].dropna().unique())
        raise results_files.unknown_date(election_date, known)
    byelection = kinds == {"by-election"}
    baseline_date = previous_general(election_date) if byelection else election_date
    slate_date = slate_date or election_date
    slate_contests = _contest(slate_date)
    if seats is not None:
        wanted = list(seats)
        missing = sorted(set(wanted) - set(slate_contests["constituency_id"]))
        if missing:
            raise results_files.unknown_date(slate_date, None, f"contest in {', '.join(missing)}")
        slate_contests = slate_contests[slate_contests["constituency_id"].isin(wanted)]
    ids = list(slate_contests["constituency_id"])
    _check_seats_held(slate_contests, slate_date, baseline_date)
    base_contests = _contest(baseline_date).set_index("constituency_id").loc[ids]

    cands = candidates_table()
    slate = cands[(cands["election_date"] == slate_date) & cands["constituency_id"].isin(ids)]
    base = cands[(cands["election_date"] == baseline_date) & cands["constituency_id"].isin(ids)]
    differ = slate_date != baseline_date
    slate = fold_parties(slate, alias=False)
    base = fold_parties(base, alias=differ)

    base_votes = base.groupby(["constituency_id", "code"])["votes"].sum()
    baseline_all = cands[cands["election_date"] == baseline_date]
    region_share = region_shares(fold_parties(baseline_all, alias=differ))
    rows = []
    for seat, group in slate.groupby("constituency_id", sort=False):
        main = group[group["code"] != OTHERS]
        n_oth = int((group["code"] == OTHERS).sum())
        codes = list(main["code"]) + ([OTHERS] if n_oth else [])
        names = list(main["candidate"])
        if n_oth:
            names.append(f"Others ({n_oth} candidate{'s' if n_oth != 1 else ''})")
        seat_base = base_votes.loc[seat] if seat in base_votes.index.get_level_values(0) else None
        region = group["region"].iloc[0]
        votes = share_departed(codes, seat_base, region_share.get(region, {}))
        rows += [(seat, c, n, v) for c, n, v in zip(codes, names, votes, strict=True)]
    table = pd.DataFrame(rows, columns=["constituency", "party", "name", "baseline_votes"])
    total = table.groupby("constituency")["baseline_votes"].transform("sum")
    share = table["baseline_votes"] / total.where(total > 0, 1)
    table["appeal"] = np.maximum(np.log(np.maximum(share, 1e-300)), _MIN_APPEAL).round(6)
    table["candidate"] = table["constituency"] + "-" + table["party"]
    candidates = table[["constituency", "candidate", "name", "party", "appeal", "baseline_votes"]]

    turnout = (base_contests["ballots_counted"] / base_contests["electorate"]).round(6)
    constituencies = pd.DataFrame(
        {
            "id": ids,
            "name": slate_contests["constituency_name"].to_numpy(),
            "region": slate_contests["region"].to_numpy(),
            "registered": slate_contests["electorate"].to_numpy(dtype=np.int64),
            "urban_share": 0.8,  # [E] unused: UK candidate and party weights are equal
            "turnout": turnout.to_numpy(),
        }
    )
    base_all = _contest(baseline_date)
    facts = {
        "baseline_date": baseline_date,
        "slate_date": slate_date,
        "byelection": byelection,
        "rejected_share": float(
            base_all["rejected_ballots"].sum() / base_all["ballots_counted"].sum()
        ),
        "turnout": float(base_all["ballots_counted"].sum() / base_all["electorate"].sum()),
    }
    return constituencies, candidates, facts


def _check_seats_held(seats: pd.DataFrame, slate_date: str, baseline_date: str) -> None:
    """InputError unless each seat has a baseline contest and candidates at both elections.

    Named in the user's files: the scenario files built from them would name a temporary file.
    """
    cands = candidates_table()
    checks = [("contests", _contest(baseline_date), f"no contest on {baseline_date}")]
    for day in dict.fromkeys((slate_date, baseline_date)):  # one day if they are the same
        checks.append(
            ("candidates", cands[cands["election_date"] == day], f"no candidate on {day}")
        )
    problems = []
    for kind, rows, why in checks:
        lacking = seats[~seats["constituency_id"].isin(rows["constituency_id"])]
        named = [
            f"{i} ({n})" for i, n in lacking[["constituency_id", "constituency_name"]].to_numpy()
        ]
        if named:
            more = f" and {len(named) - 5} more" if len(named) > 5 else ""
            where = results_files.source_name(kind)
            value = ", ".join(named[:5]) + more
            problems.append(Problem(where, "column constituency_id", value, f"seat(s) with {why}"))
    if problems:
        raise InputError(problems)


def seats_won(election_date: str, seats: Iterable[str] | None = None) -> dict[str, int]:
    """Real seats won at an election (by party code as in a scenario; minor parties: OTH)."""
    c = _contest(election_date)
    if seats is not None:
        c = c[c["constituency_id"].isin(list(seats))]
    party = c["winner_party"].where(c["winner_party"].isin(main_parties()), OTHERS)
    counts = party.value_counts()
    return {str(k): int(v) for k, v in counts.items()}


def real_votes(candidates: pd.DataFrame, election_date: str) -> pd.Series:
    """Each scenario candidate's real votes at ``election_date``, matched by seat and party.

    The others entry of a seat gets every vote not matched to a main-party candidate there; a
    party that did not stand then gets 0. These are the results runs are compared with; the
    swing's starting point is ``baseline_votes``.
    """
    cands = candidates_table()
    held = cands[
        (cands["election_date"] == election_date)
        & cands["constituency_id"].isin(set(candidates["constituency"]))
    ]
    by_party = fold_parties(held, alias=False).groupby(["constituency_id", "code"])["votes"].sum()
    key = list(zip(candidates["constituency"], candidates["party"], strict=True))
    votes = pd.Series([int(by_party.get(k, 0)) for k in key], index=candidates.index)
    seat_total = held.groupby("constituency_id")["votes"].sum()
    others = candidates["party"].eq(OTHERS)
    matched = votes[~others].groupby(candidates.loc[~others, "constituency"]).sum()
    rest = candidates["constituency"].map(seat_total).fillna(0) - candidates["constituency"].map(
        matched
    ).fillna(0)
    return votes.where(~others, rest.clip(lower=0).astype(int)).astype(np.int64)


def build_uk_scenario(
    election_date: str,
    out_dir: str | Path,
    *,
    target: Mapping[str, float] | None = None,
    swing_model: str | None = None,
    baseline: Mapping[str, float] | None = None,
    regions_apart: Iterable[str] = (),
    regional_baseline: Mapping[str, Mapping[str, float]] | None = None,
    regional_target: Mapping[str, Mapping[str, float]] | None = None,
    seat_sd: float = 3.0,
    national_sd: float = 0.0,
    slate_date: str | None = None,
    seats: Iterable[str] | None = None,
    actual_from: str | None = None,
    name: str | None = None,
    title: str = "",
    description: str = "",
    header: str = "",
    seed: int | None = None,
    runs: int = 20,
    mechanisms: Mapping[str, Any] | None = None,
    counterfactuals: list[Mapping[str, Any]] | None = None,
) -> Path:
    """Write a UK scenario folder (scenario.toml, constituencies.csv, candidates.csv).

    Args:
        election_date: A general election (``2010-05-06``, ``2015-05-07``) or a by-election
            date (``2017-02-23``, with ``seats`` naming the seat).
        out_dir: The folder to write (created).
        target: National shares now, party -> fraction (polls, or a later election's). Default:
            the baseline itself (no swing).
        swing_model: ``uniform`` (default), ``proportional`` or ``hybrid``.
        baseline: National baseline shares (default: GB shares of the baseline election from
            ``uk_national_totals.csv``, less the regions apart).
        regions_apart: Regions that swing on their own figures (e.g. Scotland).
        regional_baseline: Their baselines (default: their shares at the baseline election).
        regional_target: Their targets (default: no change).
        seat_sd: Seat-level noise of the swing, points [E].
        national_sd: National error of the targets, points (0: none; written only if set).
        slate_date: Whose candidates stand (default: the election's).
        seats: Only these constituencies (GSS codes).
        actual_from: Election whose winners fill ``actual_seats`` (default: the by-election
            itself, or the baseline election).
        name: Scenario name (default ``uk-<date>``).
        title: One-line title.
        description: What the scenario is.
        header: Comment lines written at the top of the TOML file.
        seed: Ensemble seed.
        runs: Default number of runs.
        mechanisms: Extra ``[mechanisms.*]`` tables (e.g. ``byelection``, ``canvass``),
            merged over the defaults.
        counterfactuals: ``[[scenario.counterfactuals]]`` entries (name, set, description).

    Returns:
        The path of the written ``scenario.toml``.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    constituencies, candidates, facts = scenario_tables(
        election_date, slate_date=slate_date, seats=seats
    )
    base_date = facts["baseline_date"]
    apart = list(regions_apart)
    if baseline is None:
        baseline = gb_shares_from_totals(base_date, exclude_regions=apart)
    target = dict(target) if target is not None else dict(baseline)
    regional_baseline = {
        r: dict(v)
        for r, v in (
            regional_baseline or {r: shares_by(base_date, regions=[r]) for r in apart}
        ).items()
    }
    regional_target = {r: dict(v) for r, v in (regional_target or {}).items()}
    # The GB figures leave a region apart out whichever seats are chosen; it is swung apart
    # only if one of the chosen seats lies in it (a scenario's region needs a seat).
    held = set(constituencies["region"])
    apart = [r for r in apart if r in held]
    regional_baseline = {r: v for r, v in regional_baseline.items() if r in held}
    regional_target = {r: v for r, v in regional_target.items() if r in held}
    ids = list(constituencies["id"])
    actual_date = actual_from or election_date
    parties = sorted(set(candidates["party"]), key=_party_order)
    # Who governed on the slate's polling day (governments.csv, or the rule with a note).
    incumbent = incumbents(facts["slate_date"])
    government = incumbent.parties

    swing: dict[str, Any] = {
        "enabled": True,
        "model": swing_model or "uniform",
        "seat_sd": seat_sd,
        "baseline": _rounded(baseline),
        "target": _rounded(target),
    }
    if national_sd:
        swing["national_sd"] = national_sd
    if apart:
        swing["regions_apart"] = apart
        swing["regional_baseline"] = {r: _rounded(v) for r, v in regional_baseline.items()}
        if regional_target:
            swing["regional_target"] = {r: _rounded(v) for r, v in regional_target.items()}
    mech: dict[str, Any] = {"swing": swing}
    if facts["byelection"]:
        mech["byelection"] = {"enabled": True}
    for key, table in (mechanisms or {}).items():
        mech[key] = {**mech.get(key, {}), **dict(table)}

    actual = seats_won(actual_date, ids)
    candidates = candidates.assign(actual_votes=real_votes(candidates, actual_date))
    doc: dict[str, Any] = {
        "scenario": {
            "name": name or f"uk-{election_date}",
            "title": title or f"UK, baseline {base_date}",
            "description": description,
            **({"seed": seed} if seed is not None else {}),
            "runs": runs,
            "actual_source": f"{results_files.describe()}, {actual_date}",
            "actual_seats": {p: actual[p] for p in sorted(actual, key=_party_order)},
            **({"counterfactuals": list(counterfactuals)} if counterfactuals else {}),
        },
        "tables": {"constituencies": "constituencies.csv", "candidates": "candidates.csv"},
        "parties": [
            {
                "id": p,
                "name": PARTY_INFO.get(p, (p, ""))[0],
                "colour": PARTY_INFO.get(p, ("", "#888888"))[1],
                **({"government": True} if p in government else {}),
                **({"aggregate": True} if p == OTHERS else {}),
                **({"independent": True} if p in INDEPENDENTS else {}),
            }
            for p in parties
        ],
        "electorate": {
            "voters_per_station": VOTERS_PER_STATION,
            "station_size_sd": 400.0,
            "station_size_min": 200,
            "station_size_max": 5000,
            "stations_per_locality": [1, 1],
            "clans_per_locality": [1, 1],
            "largest_clan_share": [1.0, 1.0],
            "blocs_per_locality": [1, 1],
            "bloc_membership_rural": 0.0,
            "bloc_membership_urban": 0.0,
            "dependent_share": 0.0,
            "landlord_locality_share": 0.0,
            "female_share": 0.51,
            "party_id_share": 0.0,
            "ghost_share": 0.0,
            "class_shares_rural": {"rural_poor": 0.0, "middle": 1.0, "urban": 0.0},
            "class_shares_urban": {"rural_poor": 0.0, "middle": 1.0, "urban": 0.0},
        },
        "choice": {
            "party_id_bonus": 0.0,
            "candidate_weight_rural": 0.5,
            "candidate_weight_urban": 0.5,
            "class_affinity": {},
            "candidate_shock_sd": 0.0,
            "region_shock_sd": 0.0,
        },
        "turnout": {
            "base": round(facts["turnout"], 6),
            "female_ratio": 1.0,
            "seat_sd": 0.05,
            "rejected_share": round(facts["rejected_share"], 6),
            "instructed_boost": 0.0,
        },
        "mechanisms": mech,
    }
    lines = [f"# {line}".rstrip() for line in header.strip().splitlines()] if header else []
    if incumbent.note:
        lines += [f"# {line}" for line in textwrap.wrap(f"Incumbents: {incumbent.note}.", 94)]
    comments = {
        "electorate": "UK voters: no clans, blocs, landlords or party identification; polling "
        "districts of ~2,000 [E].",
        "choice": "Equal candidate and party weights, no party id: utility = appeal = log share.",
        "turnout": "base, rejected_share: the baseline election [S]; female_ratio, seat_sd [E].",
    }
    text = "\n".join(lines) + ("\n\n" if lines else "") + to_toml(doc, comments)
    path = out / "scenario.toml"
    path.write_text(text, encoding="utf-8")
    constituencies.to_csv(out / "constituencies.csv", index=False)
    candidates.to_csv(out / "candidates.csv", index=False)
    return path


def _party_order(code: str) -> tuple[int, str]:
    order = (*main_parties(), OTHERS)
    return (order.index(code) if code in order else len(order), code)


def _rounded(shares: Mapping[str, float]) -> dict[str, float]:
    return {
        k: round(float(v), 6) for k, v in sorted(shares.items(), key=lambda i: _party_order(i[0]))
    }

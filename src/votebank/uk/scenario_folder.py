"""Write a UK scenario folder: ``scenario.toml``, ``constituencies.csv`` and ``candidates.csv``.

The tables come from :func:`votebank.uk.scenario_tables.scenario_tables`; this module adds the
TOML: the parties, the real result (:mod:`votebank.uk.real_results`) and these settings.

* **Electorate**: UK voters have no clans, blocs, landlords or party identification in this
  model: those shares are zero, one class, and polling districts of about 2,000 voters [E]
  (so a 46-million run stays fast).
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

from votebank.display import plural
from votebank.errors import InputError, Problem
from votebank.scenario.toml_writer import to_toml
from votebank.uk import results_files
from votebank.uk.governments import incumbents
from votebank.uk.parties import PARTY_INFO, party_name, party_order
from votebank.uk.real_results import real_votes, seats_won
from votebank.uk.results_files import INDEPENDENTS, OTHERS
from votebank.uk.scenario_tables import scenario_tables
from votebank.uk.shares import shares_by
from votebank.uk.totals import gb_shares_from_totals

VOTERS_PER_STATION = 2000.0  # [E] a polling district's electorate, roughly


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
    # A party new at the target starts from 0: a party the swing's tables do not both list
    # keeps its seat shares, and a new party's are 0 everywhere.
    baseline = {**dict.fromkeys(target, 0.0), **baseline}
    for r, row in regional_target.items():
        regional_baseline[r] = {**dict.fromkeys(row, 0.0), **regional_baseline.get(r, {})}
    # The GB figures leave a region apart out whichever seats are chosen; it is swung apart
    # only if one of the chosen seats lies in it (a scenario's region needs a seat).
    held = set(constituencies["region"])
    apart = [r for r in apart if r in held]
    regional_baseline = {r: v for r, v in regional_baseline.items() if r in held}
    regional_target = {r: v for r, v in regional_target.items() if r in held}
    ids = list(constituencies["id"])
    actual_date = actual_from or election_date
    parties = sorted(set(candidates["party"]), key=party_order)
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
    # Seats won by a party that stands nowhere in the slate could never be won in a run.
    problems = [
        Problem(
            "--slate",
            p,
            facts["slate_date"],
            f"won {plural(n, 'seat')} on {actual_date}, the election scored, but has no candidate "
            f"on this slate: take the candidates of {actual_date}",
        )
        for p, n in actual.items()
        if p not in parties
    ]
    if problems:
        raise InputError(problems)
    candidates = candidates.assign(actual_votes=real_votes(candidates, actual_date))
    doc: dict[str, Any] = {
        "scenario": {
            "name": name or f"uk-{election_date}",
            "title": title or f"UK, baseline {base_date}",
            "description": description,
            **({"seed": seed} if seed is not None else {}),
            "runs": runs,
            "actual_source": f"{results_files.describe()}, {actual_date}",
            "actual_seats": {p: actual[p] for p in sorted(actual, key=party_order)},
            **({"counterfactuals": list(counterfactuals)} if counterfactuals else {}),
        },
        "tables": {"constituencies": "constituencies.csv", "candidates": "candidates.csv"},
        "parties": [
            {
                "id": p,
                "name": party_name(p),
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
    out.mkdir(parents=True, exist_ok=True)
    path = out / "scenario.toml"
    path.write_text(text, encoding="utf-8")
    constituencies.to_csv(out / "constituencies.csv", index=False)
    candidates.to_csv(out / "candidates.csv", index=False)
    return path


def _rounded(shares: Mapping[str, float]) -> dict[str, float]:
    return {
        k: round(float(v), 6) for k, v in sorted(shares.items(), key=lambda i: party_order(i[0]))
    }

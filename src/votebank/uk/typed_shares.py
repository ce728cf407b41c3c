"""The seat calculator's typed shares: ``--shares`` and ``--region-shares``, checked together.

The rule: a party not given keeps the scenario's target share, and the total with those
parties may not pass 100 (give them too, e.g. ``LD=0``). A party is given where it is swung:
nationally if it stands outside the regions swung apart, else in ``--region-shares``.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Collection
from pathlib import Path

from votebank.csvfiles import read_csv
from votebank.display import joined, meant
from votebank.errors import InputError, Problem
from votebank.scenario.catalogue import SCENARIO_FILE, builtin_dir, builtin_names
from votebank.scenario.load import Scenario

Row = tuple[str, str, str, float]
"""One typed share: where it was given (``row 3``), region, party, share (a fraction)."""


def percent(value: str) -> float | None:
    """A share written in percent, as a fraction; ``None`` unless a finite number in 0-100.

    A ``%`` sign may follow the number (``37%``, as a poll table prints it).
    """
    if "_" in value:  # Python reads "3_7" as 37: a slip, not a number anyone writes
        return None
    value = value.strip().removesuffix("%")
    try:
        share = float(value)
    except ValueError:
        return None
    return share / 100 if math.isfinite(share) and 0 <= share <= 100 else None


def _pct(share: float) -> str:
    return f"{100 * share:.3g}"


def _total(share: float) -> str:
    """A total past 100 as typed: 100.5 stays 100.5, where 3 figures would show 100."""
    return f"{100 * share:.6g}"


def _items(text: str, parties: Collection[str]) -> list[str]:
    """The ``PARTY=PERCENT`` items of ``text``, split at its commas but those of a party id.

    A declared id may hold a comma (``Union, Démocratique=45``): split there, neither half
    was a party.
    """
    pieces = text.split(",")
    items, k = [], 0
    while k < len(pieces):
        j = k
        while "=" not in pieces[j] and j + 1 < len(pieces):
            j += 1
        joined = ",".join(pieces[k : j + 1])
        if j > k and joined.partition("=")[0].strip() in parties:
            items.append(joined)
            k = j + 1
        else:
            items.append(pieces[k])
            k += 1
    return [item.strip() for item in items if item.strip()]


def shares_and_problems(
    text: str, where: str, parties: Collection[str] = ()
) -> tuple[dict[str, float], list[Problem]]:
    """``Con=43,Lab=41`` in percent, as fractions, and every problem with the text.

    ``parties``, the scenario's ids, lets an id with a comma be typed.
    """
    out: dict[str, float] = {}
    problems = []
    for item in _items(text, parties):
        party, eq, value = item.partition("=")
        # No party before "=" is a slip of the typing, not a party the scenario lacks.
        share = percent(value) if eq and party.strip() else None
        if share is None:
            why = "write PARTY=PERCENT, 0 to 100"
            if ";" in item:  # "Con=45;Lab=30": a list separated as a spreadsheet would
                why += ", the parties separated by commas (Con=45,Lab=30), not semicolons"
            problems.append(Problem(where, party.strip(), item, why))
        elif party.strip() in out:
            problems.append(Problem(where, party.strip(), item, "party given twice"))
        else:
            out[party.strip()] = share
    total = sum(out.values())
    if not out and not problems:
        problems.append(Problem(where, "", text, "no party given: write e.g. Con=37,Lab=30"))
    elif total > 1 + 1e-9:
        why = f"the shares add up to {_total(total)}, more than 100"
        problems.append(Problem(where, "", text, why))
    elif len(out) > 1 and total == 0:  # not a fraction typed for a percentage: nothing at all
        why = "the shares add up to nothing: give at least one party a share"
        problems.append(Problem(where, "", text, why))
    elif len(out) > 1 and max(out.values()) < 0.01 and total < 0.015:
        why = "every share is below 1: shares are percentages (write Con=37, not Con=0.37)"
        problems.append(Problem(where, "", text, why))
    return out, problems


def parse_shares(text: str, where: str, parties: Collection[str] = ()) -> dict[str, float]:
    """``Con=43,Lab=41`` in percent, as fractions; every problem named."""
    out, problems = shares_and_problems(text, where, parties)
    if problems:
        raise InputError(problems)
    return out


def region_rows(path: Path) -> tuple[list[Row], list[Problem]]:
    """A CSV of region, party, share (percent): its good rows and every problem, by row."""
    try:
        frame = read_csv(
            path, required=("region", "party", "share"), what="region shares", dtype=str,
            keep_default_na=False,
        )  # fmt: skip
    except InputError as exc:
        return [], list(exc.problems)
    if frame.empty:  # a file given for its rows that has none is a mistake, not "no change"
        return [], [Problem(str(path), "rows", "0", "no data rows under the header")]
    rows: list[Row] = []
    problems: list[Problem] = []
    seen: set[tuple[str, str]] = set()
    columns = (frame[c].str.strip() for c in ("region", "party", "share"))
    for line, (region, party, value) in enumerate(zip(*columns, strict=True), start=2):
        where, share = f"row {line}", percent(value)
        if not region or not party:
            why = "name a region and a party"
            problems.append(Problem(str(path), where, f"{region},{party}", why))
        elif (region, party) in seen:
            problems.append(Problem(str(path), where, f"{region},{party}", "given twice"))
        elif share is None:  # in the file's words (its column), not --shares' PARTY=PERCENT
            why = "column share: a percentage of the region's vote, 0 to 100"
            problems.append(Problem(str(path), where, value, why))
        else:
            seen.add((region, party))
            rows.append((where, region, party, share))
    return rows, problems


def by_region(rows: list[Row]) -> dict[str, dict[str, float]]:
    """Region -> party -> share."""
    out: dict[str, dict[str, float]] = {}
    for _, region, party, share in rows:
        out.setdefault(region, {})[party] = share
    return out


def read_region_shares(path: Path) -> dict[str, dict[str, float]]:
    """A CSV of region, party, share (percent): each region's own shares; every problem named."""
    rows, problems = region_rows(path)
    problems += _totals(str(path), by_region(rows), {})
    if problems:
        raise InputError(problems)
    return by_region(rows)


def _totals(file: str, regional: dict[str, dict[str, float]], kept: dict) -> list[Problem]:
    """Regions whose shares, with the parties kept at the scenario's shares, pass 100."""
    problems = []
    for region, row in regional.items():
        others = {q: s for q, s in kept.get(region, {}).items() if q not in row}
        problems += _over_100(file, f"region {region}", row, others)
    return problems


def _over_100(where: str, place: str, given: dict, others: dict) -> list[Problem]:
    """A problem if the shares given, with the others kept, add up to more than 100."""
    typed = sum(given.values())
    total = typed + sum(others.values())
    if total <= 1 + 1e-9:
        return []
    if typed > 1 + 1e-9 or not others:  # the typed total: the message names no others
        return [Problem(where, place, _total(typed), "the shares add up to more than 100")]
    kept = ", ".join(f"{q} {_pct(s)}" for q, s in others.items() if s > 0)
    why = f"with the parties not given at the scenario's shares ({kept}) the total passes 100; "
    why += f"give them too (e.g. {next(iter(others))}=0)"
    return [Problem(where, place, _total(total), why)]


def swing_builtins() -> list[str]:
    """The built-in scenarios whose swing is on: those ``votebank seats`` runs on."""
    on = []
    for name in builtin_names():
        with (builtin_dir() / name / SCENARIO_FILE).open("rb") as f:
            swing = tomllib.load(f).get("mechanisms", {}).get("swing", {})
        if swing.get("enabled") is True:
            on.append(name)
    return on


# A party with no baseline share keeps its seat shares: a share typed for it would do nothing.
_NOT_SWUNG = "not swung here (it keeps its seat shares): no share in [mechanisms.swing."


def share_problems(
    scenario: Scenario,
    shares: dict[str, float],
    rows: list[Row],
    *,
    option: str = "--shares",
    file: str = "--region-shares",
    mistyped: Collection[str] = (),
) -> list[Problem]:
    """Every problem with typed shares on this swing scenario, each by its option or file row.

    Unknown parties; national shares for a party that stands only in regions swung apart, or
    a share for a party with no baseline share there (they had no effect: independents, the
    Speaker, Northern Ireland's parties on the importer's scenarios); rows for a region not
    swung apart, or a party not standing there; totals above 100 with the parties not given
    kept at the scenario's shares (a party in ``mistyped``, typed with no readable share, was
    given: it is not counted at the scenario's share).
    """
    p = scenario.spec.mechanisms.swing
    if not p.enabled:
        why = "has no swing ([mechanisms.swing] is off), which seats needs; the built-in "
        why += f"scenarios with one: {', '.join(swing_builtins())}"
        return [Problem("SCENARIO", "", scenario.name, why)]
    parties = [q.id for q in scenario.spec.parties]
    cons = scenario.constituencies.set_index("id")["region"]
    cands = scenario.candidates
    stands: dict[str, set[str]] = {}
    for party, seat in zip(cands["party"], cands["constituency"], strict=True):
        stands.setdefault(party, set()).add(cons.get(seat))
    apart = set(p.regions_apart)
    problems = []
    unknown = f"no such party here; the parties: {', '.join(parties)}"
    for party in shares:
        if party not in parties:
            problems.append(Problem(option, party, party, _unknown(party, parties, unknown)))
        elif not stands.get(party, set()) - apart:
            where = ", ".join(sorted(stands.get(party, set())))
            why = f"stands only in regions swung apart ({where}): give its share there, in "
            why += "--region-shares (a CSV of region,party,share)"
            if where and not any(party in p.regional_baseline.get(r, {}) for r in stands[party]):
                why = f"{_NOT_SWUNG}regional_baseline] of {where}"  # held there: no use either
            problems.append(Problem(option, party, party, why if where else "stands in no seat"))
        elif party not in p.baseline:
            problems.append(Problem(option, party, party, _NOT_SWUNG + "baseline]"))
    for where, region, party, _ in rows:
        if region not in apart:
            why = f"not a region swung apart: {joined(p.regions_apart)}"
            if not p.regions_apart:  # "not a region swung apart:  (got Scotland)"
                why = f"{scenario.name} swings no region apart: every seat takes --shares"
            problems.append(Problem(file, where, region, why))
        elif party not in parties:
            problems.append(Problem(file, where, party, _unknown(party, parties, unknown)))
        elif region not in stands.get(party, set()):
            problems.append(Problem(file, where, party, f"stands in no seat of {region}"))
        elif party not in p.regional_baseline.get(region, {}):
            why = f"{_NOT_SWUNG}regional_baseline.{region}]"
            problems.append(Problem(file, where, party, why))
    refused = {pr.location for pr in problems}  # national parties, then file rows
    given = {q: s for q, s in shares.items() if q not in refused}
    if sum(shares.values()) <= 1 + 1e-9:  # above 100 alone: the text's own problem
        # A party standing in no seat these shares swing moves nothing and cannot be given.
        kept = {q: s for q, s in p.target.items() if q not in shares and q not in mistyped}
        others = {q: s for q, s in kept.items() if stands.get(q, set()) - apart}
        problems += _over_100(option, "", given, others)
    regional = by_region([r for r in rows if r[0] not in refused])
    kept = {
        r: {q: s for q, s in row.items() if r in stands.get(q, set())}
        for r, row in p.regional_target.items()
    }
    return problems + _totals(file, regional, kept)


def _unknown(party: str, parties: list[str], unknown: str) -> str:
    """Why a typed party is refused, naming the one it is but for case (con: Con)."""
    same = meant(party, parties)
    return f"no such party here; did you mean {same}?" if same else unknown

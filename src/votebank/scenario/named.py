"""The parties, regions and seats a scenario's TOML file names, checked against its tables.

A name that matches nothing would be ignored in silence: a typo left unused.
"""

from __future__ import annotations

import json

import pandas as pd

from votebank.display import listed
from votebank.errors import Problem
from votebank.scenario.kept_seats import no_such_seat
from votebank.scenario.schema import ScenarioSpec


def name_checks(
    spec: ScenarioSpec, shown: str, constituencies: pd.DataFrame | None
) -> list[Problem]:
    """Check the parties, regions and seats the TOML file names (a typo would be ignored)."""
    declared = {p.id for p in spec.parties}
    named = [(f"scenario.actual_seats.{k}", k) for k in spec.scenario.actual_seats]
    named += [
        (f"mechanisms.switching.punished_parties.{i}", k)
        for i, k in enumerate(spec.mechanisms.switching.punished_parties)
    ]
    campaigns = spec.mechanisms.canvass.campaigns
    named += [(f"mechanisms.canvass.campaigns.{i}.party", c.party) for i, c in enumerate(campaigns)]
    # The swing's national tables may name parties that stand in none of the scenario's seats
    # (national figures), so only the by-election's party multipliers are checked here.
    swing, by = spec.mechanisms.swing, spec.mechanisms.byelection
    named += [(f"mechanisms.byelection.party_turnout.{k}", k) for k in by.party_turnout]
    alliances = spec.mechanisms.alliances
    named += [(f"mechanisms.alliances.boycotts.{i}", k) for i, k in enumerate(alliances.boycotts)]
    m = spec.mechanisms
    named += [(f"mechanisms.compilation.favoured_parties.{i}", k)
              for i, k in enumerate(m.compilation.favoured_parties)]  # fmt: skip
    named += [(f"mechanisms.agents.party_coverage.{k}", k) for k in m.agents.party_coverage]
    named += [(f"mechanisms.incumbency.bonus.{k}", k) for k in m.incumbency.bonus]
    for i, deal in enumerate(alliances.stand_downs):
        named += [(f"mechanisms.alliances.stand_downs.{i}.{key}", getattr(deal, key))
                  for key in ("party", "ally")]  # fmt: skip
    problems = [
        Problem(shown, where, json.dumps(party), "party not declared in [[parties]]")
        for where, party in named
        if party not in declared
    ]
    # The flows' parties may be the swing's national ones; any other is a typo left unused.
    known = declared | set(swing.baseline) | set(swing.target)
    flows = [(f"mechanisms.flows.second.{a}", a) for a in m.flows.second]
    flows += [
        (f"mechanisms.flows.second.{a}.{b}", b) for a in m.flows.second for b in m.flows.second[a]
    ]
    problems += [
        Problem(
            shown, where, json.dumps(party), "party in neither [[parties]] nor the swing's tables"
        )
        for where, party in flows
        if party not in known
    ]
    if constituencies is None:  # the table could not be read: its problems are reported
        return problems
    regions, ids = set(constituencies["region"]), set(constituencies["id"])
    table = spec.tables.constituencies
    some = listed(sorted(map(str, regions)), 10)
    for where, keys in (
        ("mood", [r for r in spec.mood if r != "national"]),
        ("mechanisms.reserved_seats.women_seats", list(spec.mechanisms.reserved_seats.women_seats)),
        ("mechanisms.swing.regions_apart", list(swing.regions_apart)),
        ("mechanisms.women_barred.region_share", list(m.women_barred.region_share)),
    ):
        problems += [
            Problem(
                shown,
                f"{where}.{r}",
                json.dumps(r),
                f"no constituency in {table} has this region; regions: {some}",
            )
            for r in keys
            if r not in regions
        ]
    seats = [
        (f"mechanisms.canvass.campaigns.{i}.seats.{j}", s)
        for i, c in enumerate(campaigns)
        for j, s in enumerate(c.seats)
    ]
    seats += [(f"mechanisms.byelection.seats.{j}", s) for j, s in enumerate(by.seats)]
    for key in ("seats", "gained"):
        seats += [(f"mechanisms.incumbency.{key}.{j}", s)
                  for j, s in enumerate(getattr(m.incumbency, key))]  # fmt: skip
    seats += [
        (f"mechanisms.alliances.stand_downs.{i}.seats.{j}", s)
        for i, deal in enumerate(alliances.stand_downs)
        for j, s in enumerate(deal.seats)
    ]
    problems += [
        Problem(shown, where, json.dumps(s), no_such_seat(constituencies, s, table))
        for where, s in seats
        if s not in ids
    ]
    return problems

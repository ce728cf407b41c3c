"""Hypothesis strategies: random valid scenarios written to a folder."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from hypothesis import strategies as st

PARTIES = ("A", "B", "C", "IND", "OTH")
REGIONS = ("North", "South")
MECHANISMS = (
    "biradari",
    "landlords",
    "coercion",
    "stuffing",
    "fear",
    "switching",
    "multiple_seats",
    "reserved_seats",
    "canvass",
)


@st.composite
def scenarios(draw) -> dict:
    """A scenario as {toml text, constituencies frame, candidates frame}."""
    n_seats = draw(st.integers(1, 5))
    seats = [f"S{i}" for i in range(n_seats)]
    ghost_share = draw(st.sampled_from([0.0, 0.1, 0.3]))
    # A seat's turnout within the real voters' reach (more is refused: ghosts never vote).
    most = min(0.95, 1 - ghost_share)
    cons = pd.DataFrame(
        {
            "id": seats,
            "name": [f"Seat {i}" for i in range(n_seats)],
            "region": [draw(st.sampled_from(REGIONS)) for _ in seats],
            "registered": [draw(st.integers(200, 15_000)) for _ in seats],
            "urban_share": [draw(st.floats(0, 1)) for _ in seats],
            "turnout": [draw(st.floats(0.05, most)) for _ in seats],
        }
    )
    rows = []
    party_of = {}  # a person stands for one party in every seat
    for seat in seats:
        k = draw(st.integers(1, 5))
        people = set()  # a person stands once in a seat, in several seats at most
        for j in range(k):
            person = draw(st.sampled_from(["", "p1", "p2"]))
            party = draw(st.sampled_from(PARTIES if j else PARTIES[:4]))
            # An "others" row is no person; a person stands for one party in every seat.
            person = "" if person in people or party == "OTH" else person
            people.add(person)
            if person:
                party = party_of.setdefault(person, party)
            patron = draw(st.sampled_from(["none", "landlord", "pir"]))
            # Only a standing patron has armed men (the loader refuses a militia of anyone else).
            militia = draw(st.sampled_from([0.0, 0.5, 1.5])) if patron != "none" else 0.0
            rows.append(
                {
                    "constituency": seat,
                    "candidate": f"{seat}-{j}",
                    "name": f"Cand {seat} {j}",
                    "party": party,
                    "appeal": draw(st.floats(-2, 2)),
                    "background": draw(
                        st.sampled_from(["none", "feudal", "middle_class", "religious", "dynastic"])
                    ),
                    "patron": patron,
                    "militia": militia,
                    "budget": draw(st.sampled_from([0.0, 1e5, 1e7])),
                    "switched_from": draw(st.sampled_from(["", *sorted({"A", "B"} - {party})])),
                    "person": person,
                }
            )
    cands = pd.DataFrame(rows)
    on = {m: draw(st.booleans()) for m in MECHANISMS}
    # Coercion and stuffing act through landlords' armed men: on without them, refused.
    on["coercion"] &= on["landlords"]
    on["stuffing"] &= on["landlords"]
    seed = draw(st.integers(0, 2**32))
    lines = [
        "[scenario]",
        'name = "generated"',
        f"seed = {seed}",
        "",
        "[tables]",
        'constituencies = "constituencies.csv"',
        'candidates = "candidates.csv"',
        "",
    ]
    for p in PARTIES:
        lines += [
            "[[parties]]",
            f'id = "{p}"',
            f"government = {str(p == 'A').lower()}",
            f"independent = {str(p == 'IND').lower()}",
            f"aggregate = {str(p == 'OTH').lower()}",
            "",
        ]
    lines += [
        "[electorate]",
        f"voters_per_station = {draw(st.integers(100, 1500))}",
        f"ghost_share = {ghost_share}",
        "",
    ]
    for m, enabled in on.items():
        lines += [f"[mechanisms.{m}]", f"enabled = {str(enabled).lower()}"]
        if m == "biradari":
            lines.append(f"cohesion = {draw(st.floats(0, 1))}")
        if m == "stuffing":
            lines += [
                f"protection_max = {draw(st.floats(0.01, 3))}",
                f"extreme_share = {draw(st.floats(0, 1))}",
                f"overfill_prob = {draw(st.floats(0, 1))}",
                f"fabricate_prob = {draw(st.floats(0, 1))}",
            ]
        if m == "fear":
            lines.append(f"attack_rate = {draw(st.floats(0, 0.5))}")
        if m == "switching":
            lines.append('punished_parties = ["B"]')
        if m == "reserved_seats":
            women = ", ".join(
                f"{r} = {draw(st.integers(0, 8))}" for r in sorted(set(cons["region"]))
            )
            lines += [
                f"non_muslim_seats = {draw(st.integers(0, 10))}",
                f"women_seats = {{ {women} }}",
            ]
        if m == "canvass":
            lines += [
                "[[mechanisms.canvass.campaigns]]",
                # The party of the seat's first candidate: a campaign works where it stands.
                f'party = "{cands.loc[cands["constituency"] == seats[0], "party"].iloc[0]}"',
                f'seats = ["{seats[0]}"]',
                f"hours = {draw(st.integers(0, 5000))}",
            ]
        lines.append("")
    return {"toml": "\n".join(lines), "constituencies": cons, "candidates": cands, "on": on}


def write(scenario: dict, folder: Path) -> Path:
    """Write a generated scenario into ``folder``; return the TOML path."""
    folder.mkdir(parents=True, exist_ok=True)
    scenario["constituencies"].to_csv(folder / "constituencies.csv", index=False)
    scenario["candidates"].to_csv(folder / "candidates.csv", index=False)
    path = folder / "scenario.toml"
    path.write_text(scenario["toml"], encoding="utf-8")
    return path

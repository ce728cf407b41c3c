"""A small UK-like scenario with an organisations.toml, and hand-made members.

``small_scenario(tmp_path)`` writes six seats in two regions (Lab, Con and the others), 6,000
voters each, with a movement (M) affiliated to a party organisation (L), and returns the folder.
``hand_members`` builds a :class:`Members` from explicit spells, for exact rule tests.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from votebank.organisations.members import NEVER, Members

SCENARIO = """
[scenario]
name = "small-uk"
seed = 7
runs = 2

[tables]
constituencies = "constituencies.csv"
candidates = "candidates.csv"

[[parties]]
id = "Lab"
name = "Labour"

[[parties]]
id = "Con"
name = "Conservative"
government = true

[[parties]]
id = "OTH"
aggregate = true

[electorate]
voters_per_station = 2000.0
stations_per_locality = [1, 1]
clans_per_locality = [1, 1]
largest_clan_share = [1.0, 1.0]
blocs_per_locality = [1, 1]
bloc_membership_rural = 0.0
bloc_membership_urban = 0.0
dependent_share = 0.0
landlord_locality_share = 0.0
party_id_share = 0.0
class_shares_rural = { rural_poor = 0.0, middle = 1.0, urban = 0.0 }
class_shares_urban = { rural_poor = 0.0, middle = 1.0, urban = 0.0 }

[choice]
party_id_bonus = 0.0
candidate_weight_rural = 0.5
candidate_weight_urban = 0.5
class_affinity = {}
candidate_shock_sd = 0.1
region_shock_sd = 0.0

[turnout]
base = 0.65
female_ratio = 1.0
seat_sd = 0.05
rejected_share = 0.0
instructed_boost = 0.0
"""

CONSTITUENCIES = """id,name,region,registered,urban_share,turnout
S-1,One,North,6000,0.8,0.65
S-2,Two,North,6000,0.8,0.65
S-3,Three,North,6000,0.8,0.65
S-4,Four,South,6000,0.8,0.65
S-5,Five,South,6000,0.8,0.65
S-6,Six,South,6000,0.8,0.65
"""

# Appeals are log shares: Lab leads in 1-2, close in 3-4, trails in 5-6.
SHARES = {
    "S-1": (0.60, 0.30),
    "S-2": (0.55, 0.35),
    "S-3": (0.46, 0.44),
    "S-4": (0.44, 0.46),
    "S-5": (0.30, 0.60),
    "S-6": (0.25, 0.65),
}

ORGANISATIONS = """
[organisations]
start = 2017-01-01
election = 2017-10-01
seed = 11
campaign_weeks = 4.0
canvass_share = 0.5

[[organisations.organisation]]
id = "M"
kind = "movement"
party = "Lab"
members = 2000
groups = 3
join_rate = 0.2
lapse_rate = 0.1
active_share = 0.5
hours_per_week = 5.0
travel_share = 0.5
target_marginals = 2
also_members = { L = 0.7 }
factions = { office = 0.6, grassroots = 0.4 }

[[organisations.organisation]]
id = "L"
kind = "party"
party = "Lab"
members = 10000
join_rate = 0.05
lapse_rate = 0.2
expel_rate = 0.05
active_share = 0.1
hours_per_week = 3.0
factions = { left = 0.5, right = 0.5 }

[[organisations.faction]]
id = "office"
side = "left"
turnout = 0.5
loyalty = 0.8
slate = ["O1", "O2", "O3"]

[[organisations.faction]]
id = "grassroots"
side = "left"
turnout = 0.6
loyalty = 0.85
slate = ["G1", "G2", "G3"]

[[organisations.faction]]
id = "left"
turnout = 0.3
loyalty = 0.7

[[organisations.faction]]
id = "right"
turnout = 0.35
loyalty = 0.85

[[organisations.rule]]
kind = "must_belong"
org = "M"
other = "L"
date = 2017-07-01
comply_prob = 0.5

[[organisations.rule]]
kind = "expelled_resigned"
org = "M"
other = "L"
date = 2017-07-01
hearing_prob = 0.3
hearing_delay_days = 60

[[organisations.internal]]
org = "M"
office = "committee"
seats = 3
rule = "stv"
date = 2017-06-01

[organisations.selection]
enabled = true
org = "L"
date = 2017-09-01
sitting_sides = { left = 0.3, right = 0.7 }
challenge_prob = 0.5
appeal_shift = { left = -0.05, right = 0.0 }
deselection_penalty = 0.05
enthusiasm = { left = { left = 1.2, right = 0.8 } }
"""


def write_small(folder: Path, organisations: str = ORGANISATIONS) -> Path:
    """Write the small scenario (and its organisations.toml) into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "scenario.toml").write_text(SCENARIO, encoding="utf-8")
    (folder / "constituencies.csv").write_text(CONSTITUENCIES, encoding="utf-8")
    rows = ["constituency,candidate,name,party,appeal"]
    for seat, (lab, con) in SHARES.items():
        rows.append(f"{seat},{seat}-Lab,Labour {seat},Lab,{np.log(lab):.6f}")
        rows.append(f"{seat},{seat}-Con,Conservative {seat},Con,{np.log(con):.6f}")
        rows.append(f"{seat},{seat}-OTH,Others,OTH,{np.log(1 - lab - con):.6f}")
    (folder / "candidates.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (folder / "organisations.toml").write_text(organisations, encoding="utf-8")
    return folder


@pytest.fixture
def small(tmp_path) -> Path:
    """Folder of the small scenario."""
    return write_small(tmp_path / "small")


def hand_members(
    joined: list[list[int | None]],
    left: list[list[int | None]] | None = None,
    reason: list[list[int]] | None = None,
    *,
    orgs: tuple[str, ...] = ("M", "L"),
    hours: list[float] | None = None,
    home: list[int] | None = None,
    faction: list[int] | None = None,
    seats: tuple[str, ...] = ("S-1",),
    factions: tuple[str, ...] = (),
) -> Members:
    """Members from explicit day numbers (None: never / not ended)."""

    def days(rows):
        return np.array([[NEVER if v is None else v for v in r] for r in rows], dtype=np.int32)

    n, k = len(joined), len(orgs)
    return Members(
        orgs=orgs,
        factions=factions,
        seat_ids=seats,
        member_id=np.arange(n, dtype=np.int64),
        home=np.array(home or [0] * n, dtype=np.int32),
        faction=np.array(faction or [-1] * n, dtype=np.int16),
        origin=np.zeros(n, dtype=np.int16),
        hours=np.array(hours or [1.0] * n, dtype=float),
        group=np.full((n, k), -1, dtype=np.int32),
        joined=days(joined),
        left=days(left or [[None] * k] * n),
        reason=np.array(reason or [[0] * k] * n, dtype=np.int8),
        rejoined=np.full((n, k), NEVER, dtype=np.int32),
        left_again=np.full((n, k), NEVER, dtype=np.int32),
    )

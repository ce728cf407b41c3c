"""docs/pakistan-2008.md gives the estimates the built-in scenario sets apart from defaults."""

from __future__ import annotations

from pathlib import Path

import votebank as vb

DOC = Path(__file__).resolve().parents[2] / "docs" / "pakistan-2008.md"


def test_the_ghosts_on_the_roll_are_given_with_their_share():
    # 15% of the roll is ghosts in pakistan-2008 (the default is none), which sets how many
    # real voters a seat's turnout needs and what stuffing can use; the page never said so.
    share = vb.load_scenario("pakistan-2008").spec.electorate.ghost_share
    assert share != 0
    synthetic = DOC.read_text(encoding="utf-8").split("## What is synthetic", 1)[1]
    synthetic = " ".join(synthetic.split("\n## ", 1)[0].split())
    assert f"ghost_share = {share:g}" in synthetic


def test_the_threat_levels_name_every_region_with_its_value():
    # "NWFP and FATA 0.8" left out Islamabad's two seats, which share FATA's region and 0.8
    # (with urban share 0.9 the deepest cut fear makes): a reader took them for Punjab's 0.5.
    cons = vb.load_scenario("pakistan-2008").constituencies
    line = DOC.read_text(encoding="utf-8").split("- Threat level", 1)[1].split("\n- ", 1)[0]
    line = " ".join(line.split())
    for region, threat in cons.groupby("region")["threat"].first().items():
        names = region.replace("Khyber Paktunkhwa (NWFP)", "NWFP").split(" and ")
        for name in names:
            assert f"{name} {threat:g}" in line, name

"""Build the case-study scenarios ``na184-2008`` and ``na184-2008-no-switch``.

NA-184 Bahawalpur 2, 18 February 2008: Mian Najeeb-ud-Din Owaisi, landlord and sajjada
nasheen of Khanqah Sharif, left the PML-N for the PML-Q and lost to a middle-class
independent, Malik Aamir Yar Waran (59,277 votes to 38,407). Real, from the shipped ECP data:
the registered voters, the turnout, the candidates, their parties and their votes (kept as
``actual_votes`` for comparison only). Everything else is set by hand in HAND below; the
counterfactual is the same scenario with Owaisi still in the PML-N.

Run from the repository root: ``python scripts/build_na184_2008.py``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src/votebank/data/pakistan/na_pa_results_1993_2008.csv"
OUT = ROOT / "src/votebank/scenarios"

# Set by hand, before looking at any simulated result, from the case's description.
HAND = {
    "urban_share": 0.15,  # the rural half of Bahawalpur district (NA-185 is the city)
    "appeal": {"IND": 0.4, "PML-Q": 0.3, "PPPP": 0.0, "OTH": -0.8},
    "background": {"IND": "middle_class", "PML-Q": "feudal", "PPPP": "none", "OTH": "none"},
    "budget": {"IND": 3e6, "PML-Q": 8e6, "PPPP": 2e6, "OTH": 0.0},  # rupees
    "owaisi_militia": 0.5,
    "pir_follower_share": 0.35,  # "his followers say they vote for him whatever his party"
    "estate_share": 0.35,
}

TOML = """# NA-184 Bahawalpur 2, 18 February 2008: a case study of a pir who switched party.
# Built by scripts/build_na184_2008.py: real roll, turnout, candidates and votes (ECP, via
# Colin Cookman's data); the social structure and candidate parameters are set by hand there.
{variant_note}
[scenario]
name = "{name}"
title = "{title}"
description = "NA-184 Bahawalpur 2: Mian Najeeb-ud-Din Owaisi (pir of Khanqah Sharif) {story}."
# Set by hand (scripts/build_na184_2008.py): urban share 0.15; candidate appeals (IND 0.4,
# Owaisi 0.3, PPPP 0, others -0.8); budgets; Owaisi's militia 0.5; pir follower share 0.35;
# estate share 0.35. Punjab party moods from pakistan-2008. Real: roll, turnout, candidates.
seed = 184
runs = 200
actual_source = "ECP results via Colin Cookman's Pakistan Elections Data"

[scenario.actual_seats]
IND = 1

[tables]
constituencies = "constituencies.csv"
candidates = "candidates.csv"

# Who governed, as in pakistan-2008: the PML-Q until the poll, the PPPP and the PML-N after.
[[parties]]
id = "PPPP"
name = "Pakistan Peoples Party Parliamentarians"
colour = "#009E73"
forms_government = true

[[parties]]
id = "PML-N"
name = "Pakistan Muslim League (Nawaz)"
colour = "#0072B2"
forms_government = true

[[parties]]
id = "PML-Q"
name = "Pakistan Muslim League (Qaid-e-Azam)"
colour = "#E69F00"
government = true

[[parties]]
id = "IND"
name = "Independents"
colour = "#999999"
independent = true

[[parties]]
id = "OTH"
name = "All other candidates"
colour = "#DDDDDD"
aggregate = true

# Punjab's party strength as in pakistan-2008 (log of mean 2008 province vote share).
[mood.Punjab]
PPPP = -1.14
"PML-N" = -1.0045
"PML-Q" = -1.1897
IND = -1.2565
OTH = -3.3001

[electorate]
ghost_share = 0.15

[mechanisms.biradari]
enabled = true

[mechanisms.landlords]
enabled = true
pir_follower_share = {pir_follower_share}
estate_share = {estate_share}

[mechanisms.coercion]
enabled = true

[mechanisms.stuffing]
enabled = true

[mechanisms.fear]
enabled = true

[mechanisms.switching]
enabled = true
punished_parties = ["PML-Q"]
"""


def main() -> None:
    d = pd.read_csv(DATA)
    row = d[
        (d.election_date == "2008-02-18")
        & (d.assembly == "National")
        & (d.constituency_number == "NA-184")
    ].iloc[0]
    cons = pd.DataFrame(
        [
            {
                "id": "NA-184",
                "name": row.constituency_name,
                "region": row.province,
                "registered": int(row.voter_reg),
                "urban_share": HAND["urban_share"],
                "turnout": round(float(row.turnout), 4),
                "threat": 0.5,
            }
        ]
    )
    people = [(row.win_name, "IND"), (row.second_name, "PML-Q"), (row.third_name, "PPPP")]
    votes = [int(row.win_votes), int(row.second_votes), int(row.third_votes)]
    for name, switched, story, title, owaisi_party in (
        (
            "na184-2008",
            "PML-N",
            "left the PML-N for the PML-Q and lost",
            "NA-184 Bahawalpur 2, 2008: the pir who switched",
            "PML-Q",
        ),
        (
            "na184-2008-no-switch",
            "",
            "stays in the PML-N (counterfactual)",
            "NA-184 Bahawalpur 2, 2008: had the pir not switched",
            "PML-N",
        ),
    ):
        rows = []
        for i, ((person, party), v) in enumerate(zip(people, votes, strict=True), 1):
            owaisi = party == "PML-Q"
            rows.append(
                {
                    "constituency": "NA-184",
                    "candidate": f"NA-184-{i}",
                    "name": person,
                    "party": owaisi_party if owaisi else party,
                    "appeal": HAND["appeal"][party],
                    "background": HAND["background"][party],
                    "patron": "pir" if owaisi else "none",
                    "militia": HAND["owaisi_militia"] if owaisi else 0.0,
                    "budget": HAND["budget"][party],
                    "switched_from": switched if owaisi else "",
                    "actual_votes": v,
                }
            )
        rows.append(
            {
                "constituency": "NA-184",
                "candidate": "NA-184-4",
                "name": "Other candidates",
                "party": "OTH",
                "appeal": HAND["appeal"]["OTH"],
                "background": "none",
                "patron": "none",
                "militia": 0.0,
                "budget": 0.0,
                "switched_from": "",
                "actual_votes": int(row.remainder_votes),
            }
        )
        folder = OUT / name
        folder.mkdir(parents=True, exist_ok=True)
        cons.to_csv(folder / "constituencies.csv", index=False)
        pd.DataFrame(rows).to_csv(folder / "candidates.csv", index=False)
        note = (
            ""
            if switched
            else (
                "# The counterfactual: Owaisi stands for the PML-N as before; all else is equal.\n"
            )
        )
        (folder / "scenario.toml").write_text(
            TOML.format(
                name=name,
                title=title,
                story=story,
                variant_note=note,
                pir_follower_share=HAND["pir_follower_share"],
                estate_share=HAND["estate_share"],
            ),
            encoding="utf-8",
        )
        print(f"wrote {folder}")


if __name__ == "__main__":
    # No options: --help prints this docstring rather than building (and writing).
    argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    ).parse_args()
    main()

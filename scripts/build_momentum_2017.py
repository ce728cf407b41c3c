"""Build the general-election part of the built-in ``momentum-2017`` scenario.

Run from the repository root: ``python scripts/build_momentum_2017.py``. It reads the built-in
``uk-2015-from-2010`` scenario (GE2010 seat results, GE2015 candidates, uniform national swing
to GE2015 shares, Scotland and Northern Ireland apart) and writes into
``src/votebank/scenarios/momentum-2017/``:

* ``constituencies.csv``: copied unchanged;
* ``candidates.csv``: the same candidates with ``appeal`` set to the log of their projected
  share (the swing of the GE2010 ``baseline_votes`` without its noise,
  ``votebank.mechanisms.swing.project_shares``), and no vote columns (this is a counterfactual);
* ``scenario.toml``: the same parties, electorate and turnout, with the swing switched off
  (the projection is frozen into the appeals, so that candidate selection, which moves a
  candidate's appeal, reaches the voters) and its 3-point seat noise replaced by per-run
  candidate and regional shocks on the logit scale.

``scripts/momentum_2017_organisations.toml`` (Momentum, Labour, the 2017 rules) is written by
hand and appended to the scenario's ``scenario.toml`` as its ``[organisations]`` section.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

from votebank.mechanisms.swing import project_shares
from votebank.scenario.load import load_scenario
from votebank.scenario.toml_writer import toml_value

ROOT = Path(__file__).resolve().parents[1]
SOURCE = "uk-2015-from-2010"
OUT = ROOT / "src/votebank/scenarios/momentum-2017"
FLOOR = 1e-6  # share standing in for zero in log appeals (the table allows -20..20)
CANDIDATE_SD = 0.1  # [E] logit shock per candidate and run: about the swing's 3 points
REGION_SD = 0.05  # [E] logit shock per party, region and run

HEADER = """\
# Written by scripts/build_momentum_2017.py from the built-in {source} scenario.
# The general election of the momentum-2017 scenario: GE2010 seat results swung to GE2015
# national shares (Scotland and Northern Ireland apart), frozen into the candidates' appeals
# (appeal = log projected share), with per-run candidate and regional shocks in place of the
# swing's seat noise. The organisations (Momentum, Labour, the 2017 membership rules) are the
# [organisations] section at the end; `votebank organisations momentum-2017` runs them.

[scenario]
name = "momentum-2017"
title = "Momentum's 2017 membership rules and Labour's canvass, on the 2015 map"
description = "{description}"
seed = 20170701
runs = 20
actual_source = "none: a counterfactual (the seats of {source} are its baseline)"

[tables]
constituencies = "constituencies.csv"
candidates = "candidates.csv"
"""


def projected_appeals(scenario) -> np.ndarray:
    """Log of each candidate's projected share under the source scenario's swing, no noise."""
    cands = scenario.candidates
    cons = scenario.constituencies
    swing = scenario.spec.mechanisms.swing
    # The baseline election's votes (GE2010): `baseline_votes`, or `actual_votes` in tables
    # written before the two were separated.
    column = "baseline_votes" if "baseline_votes" in cands.columns else "actual_votes"
    votes = cands[column].to_numpy(float)
    votes = np.where(votes < 0, 0.0, votes)
    total = cands.assign(v=votes).groupby("constituency")["v"].transform("sum").to_numpy()
    shares = cands.assign(share=np.divide(votes, total, out=np.zeros_like(votes), where=total > 0))
    wide = shares.pivot(index="constituency", columns="party", values="share")
    region = cons.set_index("id").loc[wide.index, "region"].to_numpy()
    projected = project_shares(
        wide,
        region,
        swing.model,
        baseline=swing.baseline,
        target=swing.target,
        regions_apart=swing.regions_apart,
        regional_baseline=swing.regional_baseline,
        regional_target=swing.regional_target,
        floor=swing.floor,
    )
    long = projected.stack().rename("projected")
    share = long.reindex(list(zip(cands["constituency"], cands["party"], strict=True))).to_numpy()
    return np.log(np.maximum(np.nan_to_num(share, nan=0.0), FLOOR))


def main() -> int:
    source = load_scenario(SOURCE)
    spec = source.spec
    OUT.mkdir(parents=True, exist_ok=True)
    source.constituencies.to_csv(OUT / "constituencies.csv", index=False)
    cands = source.candidates.copy()
    cands["appeal"] = np.round(projected_appeals(source), 6)
    keep = ["constituency", "candidate", "name", "party", "appeal"]
    cands[keep].to_csv(OUT / "candidates.csv", index=False)

    description = (
        f"The seats of {SOURCE} (GE2010 swung to GE2015 by uniform national swing) as the "
        "general election; Momentum (about 20,000 members in 150 local groups) and Labour "
        "(about 600,000 falling to 528,000) as organisations; Momentum's 2017 rules (members "
        "must join Labour by 1 July; members expelled from Labour deemed to have resigned, "
        "with a hearing). See docs/organisations.md."
    )
    lines = [HEADER.format(source=SOURCE, description=description)]
    for party in spec.parties:
        lines.append("[[parties]]")
        for key, value in party.model_dump().items():
            default = type(party).model_fields[key].default
            if value != default or key in ("id", "name"):
                lines.append(f"{key} = {toml_value(value)}")
        lines.append("")
    lines.append("# UK voters: no clans, blocs, landlords or party identification.")
    lines.append("[electorate]")
    for key, value in spec.electorate.model_dump().items():
        lines.append(f"{key} = {toml_value(value)}")
    lines += [
        "",
        "# Utility = appeal (= log projected share) + shocks: choice probabilities equal the",
        "# projection on average. The shocks stand in for the swing's seat noise [E].",
        "[choice]",
        "party_id_bonus = 0.0",
        "candidate_weight_rural = 0.5",
        "candidate_weight_urban = 0.5",
        "class_affinity = {}",
        f"candidate_shock_sd = {CANDIDATE_SD}",
        f"region_shock_sd = {REGION_SD}",
        "",
        "[turnout]",
    ]
    for key, value in spec.turnout.model_dump().items():
        lines.append(f"{key} = {toml_value(value)}")
    lines += ["", "# Canvass campaigns come from the members: `votebank organisations`.", ""]
    # The organisations are written by hand, next to this script, and appended as they are.
    organisations = (Path(__file__).with_name("momentum_2017_organisations.toml")).read_text(
        encoding="utf-8"
    )
    text = "\n".join(lines) + "\n" + organisations
    (OUT / "scenario.toml").write_text(text, encoding="utf-8")
    built = load_scenario(OUT)
    print(f"{OUT}: {len(built.constituencies)} seats, {len(built.candidates)} candidates")
    return 0


if __name__ == "__main__":
    # No options: --help prints this docstring rather than building (and writing).
    argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    ).parse_args()
    sys.exit(main())

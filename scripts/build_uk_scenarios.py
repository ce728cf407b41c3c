"""Build the built-in UK scenarios from the shipped results (``src/votebank/data/uk``).

Run from the repository root: ``python scripts/build_uk_scenarios.py``. It writes three folders
under ``src/votebank/scenarios/`` with :func:`votebank.uk.scenario_folder.build_uk_scenario`:

* ``uk-2015-from-2010``: the GE2010 result in every seat, projected to GE2015's national shares
  by uniform swing (Scotland apart, on its own 2015 shares; Northern Ireland apart, unchanged:
  the GB figures say nothing about it), with GE2015's candidates standing; actual seats are the
  real 2015 seats.
* ``copeland-2017``: the prior. GE2015 in Copeland, swung by the mean of the GB polls with
  fieldwork starting 1 January to 28 February 2017 against GB 2015 shares; the by-election
  regularities at their defaults (turnout 0.75 of the general election's, 3 points against the
  government, sd 5); both parties canvassing (Labour 85 carloads [A], the Conservatives 1,500
  local volunteer-hours, about as many [E]). No parameter is fitted to the by-election result.
* ``copeland-2017-prior`` and ``stoke-2017-prior``: the general by-election prior
  (:func:`votebank.uk.byelection_prior.build_prior`): GE2015 in the seat, the GB polls finished
  in the 28 days before polling day, the by-election regularities and the UK levers of issue 18
  (incumbency, flows, postal) at their documented defaults; nothing fitted, no canvass.
* ``copeland-2017-fitted``: the same, with ``party_turnout`` for Con, Lab, LD, UKIP and Green
  set by hand so that each party's mean votes over 400 runs match the declared result (a few
  rounds of ``m <- m * real / simulated``, starting from the domain brief's Lab 0.72, Con 0.82,
  UKIP 0.60). Those five numbers are the only parameters fitted; they are reduced-form: they
  absorb switching (UKIP to Conservative) as well as abstention.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import numpy as np

from votebank.run.model import Model
from votebank.scenario.load import load_scenario
from votebank.uk.byelection_prior import build_prior
from votebank.uk.import_cli import projection_scenario
from votebank.uk.scenario_folder import build_uk_scenario
from votebank.uk.shares import poll_average
from votebank.uk.totals import gb_shares_from_totals

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src/votebank/scenarios"
COPELAND = "E14000647"
STOKE = "E14000972"
BYELECTION = "2017-02-23"
# [S] the declared result (SOURCES.md): the fit's target and the comparison.
REAL = {"Con": 13748, "Lab": 11601, "LD": 2252, "UKIP": 2025, "Green": 515}
POLL_WINDOW = ("2017-01-01", "2017-02-28")
FIT_RUNS = 400
FIT_SEED = 170223


def build_uk_2015_from_2010() -> Path:
    # The projection rule that `votebank uk-projection --base --target` applies to any pair.
    return projection_scenario(
        "2010-05-06",
        "2015-05-07",
        OUT / "uk-2015-from-2010",
        swing_model="uniform",
        name="uk-2015-from-2010",
        title="UK general election 2015, projected from 2010 by uniform national swing",
        description="GE2010 seat results swung to GE2015 GB shares (England and Wales on GB "
        "less Scotland; Scotland on its own 2015 shares; Northern Ireland unchanged), GE2015 "
        "candidates, seat noise sd 3 points. Actual seats: the real 2015 result.",
        header=(
            "Written by scripts/build_uk_scenarios.py from votebank/data/uk (SOURCES.md).\n"
            "Baseline: GE2010 votes per seat (baseline_votes). Target: GE2015 shares from\n"
            "uk_national_totals.csv (GB) less Scotland; Scotland and Northern Ireland apart."
        ),
        seed=20150507,
        runs=50,
    )


def _copeland(folder: str, title: str, description: str, header: str, byelection: dict) -> Path:
    parties = ("Con", "Lab", "LD", "UKIP", "Green")
    return build_uk_scenario(
        BYELECTION,
        OUT / folder if not folder.startswith("/") else Path(folder),
        seats=[COPELAND],
        baseline=gb_shares_from_totals("2015-05-07", parties=parties, others="rest"),
        target=poll_average(*POLL_WINDOW),
        swing_model="uniform",
        name=Path(folder).name,
        title=title,
        description=description,
        header=header,
        seed=20170223,
        runs=400,
        mechanisms={
            "byelection": byelection,
            "canvass": {
                "enabled": True,
                "campaigns": [
                    {"party": "Lab", "seats": [COPELAND], "cars": 85},  # [A] Momentum
                    {"party": "Con", "seats": [COPELAND], "hours": 1500.0},  # [E]
                ],
            },
        },
        # How many Labour votes did the canvass buy? The same runs with 0 and 850 carloads.
        counterfactuals=[
            {
                "name": f"{cars} carloads",
                "set": {"mechanisms.canvass.campaigns.0.cars": cars},
                "description": f"Labour's canvass with {cars} carloads instead of 85.",
            }
            for cars in (0, 850)
        ],
    )


PRIOR_HEADER = (
    "Written by scripts/build_uk_scenarios.py. The prior: nothing here is fitted to the\n"
    "by-election result. Baseline: Copeland at GE2015 (baseline_votes) [S]; register: the\n"
    "by-election's, 60,602 [S]; swing: GB 2015 shares -> mean of GB polls fieldwork 1 Jan-\n"
    "28 Feb 2017 [S, PollBase]; by-election regularities at their defaults [E]; canvass:\n"
    "Labour 85 carloads [A], Conservatives 1,500 volunteer-hours [E]."
)


def build_copeland_prior() -> Path:
    return _copeland(
        "copeland-2017",
        "Copeland by-election, 23 February 2017: the prior",
        "Copeland 2015 swung by the Jan-Feb 2017 polls, by-election regularities at their "
        "defaults, Labour and Conservative canvasses; no parameter fitted to the result "
        "(Con 13,748, Lab 11,601).",
        PRIOR_HEADER,
        {"enabled": True},
    )


def _mean_votes(folder: Path) -> dict[str, float]:
    sc = load_scenario(folder)
    model = Model.of(sc, FIT_SEED)
    c = model.contests
    votes = np.array([model.state(i).seat_votes.sum(axis=2)[0] for i in range(FIT_RUNS)])
    party = np.array(c.party_ids, dtype=object)[c.party[0]]
    return {str(p): float(votes[:, k].mean()) for k, p in enumerate(party) if c.valid[0, k]}


def build_copeland_fitted() -> Path:
    mult = {"Con": 0.82, "Lab": 0.72, "LD": 0.75, "UKIP": 0.60, "Green": 0.75}
    with tempfile.TemporaryDirectory() as tmp:
        for round_ in range(4):
            _copeland(f"{tmp}/fit", "fit", "", "", {"enabled": True, "party_turnout": mult})
            got = _mean_votes(Path(tmp) / "fit")
            print(f"fit round {round_}: " + ", ".join(f"{p} {got[p]:,.0f}" for p in REAL))
            mult = {p: round(mult[p] * REAL[p] / got[p], 3) for p in mult}
    listing = ", ".join(f"{p} {v}" for p, v in mult.items())
    header = (
        "Written by scripts/build_uk_scenarios.py. FITTED BY HAND to the by-election result:\n"
        f"mechanisms.byelection.party_turnout ({listing}) was set so that each party's mean\n"
        f"votes over {FIT_RUNS} runs (seed {FIT_SEED}) match the declared result. Nothing else\n"
        "differs from copeland-2017 (the prior). The multipliers are reduced-form: they absorb\n"
        "UKIP-to-Conservative switching as well as differential abstention."
    )
    return _copeland(
        "copeland-2017-fitted",
        "Copeland by-election, 23 February 2017: party turnout hand-fitted to the result",
        f"As copeland-2017, with party_turnout hand-fitted to the result: {listing}.",
        header,
        {"enabled": True, "party_turnout": mult},
    )


def build_byelection_priors() -> list[Path]:
    """The general by-election prior (votebank.uk.byelection_prior) for Copeland and Stoke."""
    return [
        build_prior(BYELECTION, COPELAND, OUT / "copeland-2017-prior", seed=20170223),
        build_prior(BYELECTION, STOKE, OUT / "stoke-2017-prior", seed=20170223),
    ]


def main() -> int:
    for path in build_byelection_priors():
        print(f"{path.parent.name}: written")
    for build in (build_uk_2015_from_2010, build_copeland_prior, build_copeland_fitted):
        path = build()
        sc = load_scenario(path)
        print(f"{path.parent.name}: {len(sc.constituencies)} seats, {len(sc.candidates)} rows")
    return 0


if __name__ == "__main__":
    # No options: --help prints this docstring rather than building (and writing).
    argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    ).parse_args()
    sys.exit(main())

"""GE2015 from GE2010 by flows (``[mechanisms.flows]``) against uniform swing, no noise.

Usage: ``python scripts/flows_2015.py``. For each churn, the winners each projection gets wrong
against the real 2015 winners (seats outside the regions apart: Scotland and Northern Ireland
swing on their own figures and are left to the swing), and seats by party. Deterministic: the
projections themselves, no ensemble.
"""

from __future__ import annotations

import argparse
from types import SimpleNamespace

import numpy as np

import votebank as vb
from votebank.mechanisms.flows import seat_flows
from votebank.mechanisms.swing import seat_projection
from votebank.run.model import Model
from votebank.scenario.overrides import with_overrides


def winners_wrong(sc: vb.Scenario, churn: float | str | None) -> tuple[int, int, dict[str, int]]:
    over = {"mechanisms.flows.enabled": True}
    if isinstance(churn, float):
        over["mechanisms.flows.churn"] = churn
    sc = sc.with_spec(with_overrides(sc.spec, over))
    c = Model.of(sc, 1).contests
    # The projections read only the scenario and the contests: no electorate is built.
    state = SimpleNamespace(spec=sc.spec, contests=c)
    uns, _ = seat_projection(state, noise=False)
    flows, on = seat_flows(state)
    shares = {"actual": c.actual_votes, None: uns}.get(churn, flows)
    winner = np.argmax(np.where(c.valid, shares, -1), axis=1)
    real = np.argmax(np.where(c.valid, c.actual_votes, -1), axis=1)
    party = np.array(c.party_ids)[c.party[np.arange(c.seats), winner]]
    seats = {p: int((party[on] == p).sum()) for p in ("Con", "Lab", "LD", "UKIP", "Green")}
    return int((winner != real)[on].sum()), int(on.sum()), seats


def main() -> None:
    sc = vb.load_scenario("uk-2015-from-2010")
    for label, churn in (
        ("actual 2015", "actual"),
        ("uniform swing", None),
        *((f"flows, churn {x}", x) for x in (0.1, 0.2, 0.3)),
    ):
        wrong, n, seats = winners_wrong(sc, churn)
        print(
            f"| {label} | {wrong} of {n} | "
            + ", ".join(f"{p} {v}" for p, v in seats.items())
            + " |"
        )


if __name__ == "__main__":
    # No options: --help prints this docstring rather than building (and writing).
    argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    ).parse_args()
    main()

"""Would a lean towards the party that held each seat get fewer winners wrong? (issue 16's
twenty-first pass; a probe, not a rule.)

    PYTHONPATH=src python3 scripts/probe_held_lean.py --given national

For every shipped pair, the prior's mean (uniform swing raked to the given totals) with each
base winner's party multiplied by ``exp(eta)`` in the seat it held, raked again, for each
``eta`` of ``--etas``: the winners wrong of that central path. A lean worth fitting would help
the later pair of a country at the value its earlier pair picks.
"""

from __future__ import annotations

import argparse

import numpy as np

from votebank.backtest.baselines import information, labels_of
from votebank.backtest.central import raw_shares
from votebank.backtest.forecast import winners
from votebank.backtest.history import pair, shipped_pairs
from votebank.backtest.raking import rake


def held(pr) -> np.ndarray:
    """Per slate candidate: whether its label won the seat in the base election."""
    labels = labels_of(pr)
    col = {p: k for k, p in enumerate(labels)}
    sl = pr.slate
    base = pr.base.reindex(columns=labels, fill_value=0.0).to_numpy()
    k = sl["label"].map(col).to_numpy()
    return (k == base.argmax(axis=1)[sl["i"].to_numpy()]) & ~sl["aggregate"].to_numpy(bool)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--given", choices=("national", "regional"), default="national")
    parser.add_argument("--etas", default="-0.3,-0.2,-0.1,-0.05,0,0.05,0.1,0.2,0.3")
    args = parser.parse_args()
    etas = [float(e) for e in args.etas.split(",")]
    print("pair | " + " | ".join(f"{e:+g}" for e in etas))
    for base, target, _, _ in shipped_pairs():
        pr = pair(base, target)
        block_of, b, t = information(pr, args.given)
        raw = raw_shares(pr, block_of, b, t, 0.0, 0.0, 1.0)
        lean = held(pr)
        wrong = []
        for eta in etas:
            mean = rake(pr, raw * np.exp(eta * lean), block_of, t, args.given)
            wrong.append(int((winners(pr, mean)[0] != pr.actual_winner).sum()))
        print(f"{base} -> {target} | " + " | ".join(map(str, wrong)))


if __name__ == "__main__":
    main()

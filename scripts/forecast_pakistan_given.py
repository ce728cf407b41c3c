"""The 1993 -> 1997 forecast with the regional swing given, pakistan-2008's values (issue 17).

    python scripts/forecast_pakistan_given.py 1993 1997 20 --seed 17

The forecast scenario of ``calibrate_pakistan_2008.py --forecast`` (the target's seats, roll
and candidates, each candidate's share from the base election, threat 0, pakistan-2008's
values), with one piece of information more, the one ``votebank backtest ... --given regional``
gives every method: each province's real vote share of each party in the target election. It
enters as a proportional regional swing: every candidate's appeal moves by
``log(target share / base share)`` of its party in its province (parties that stood in the
province in both elections; the others keep their base share). With every delivery mechanism
off, own choice is then exactly the proportional regional swing model: that is the baseline
beside it. Both are validated against the target election (``validate_against``, ``RUNS`` runs
on ``--seed``) and written to ``forecast-BASE-TARGET-regional.json`` in ``--out``.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

from votebank.calibrate.params import Param, apply_to_scenario
from votebank.calibrate.target import Target
from votebank.calibrate.validate import validate_against
from votebank.elections.rows import election_date
from votebank.scenario.load import load_scenario
from votebank.scenario.overrides import split_path, with_overrides

HERE = Path(__file__).resolve().parent
DELIVERY = ("biradari", "landlords", "coercion", "stuffing")


def regional_shares(year: int, regions: pd.Series) -> pd.Series:
    """Each (province, party)'s share of the valid votes of its province's seats."""
    c = Target.pakistan(year).candidates
    c = c.assign(region=c["constituency_id"].map(regions)).dropna(subset=["region"])
    votes = c[~c["aggregate"]].groupby(["region", "party"])["votes"].sum()
    total = c.groupby("region")["votes"].sum()
    return votes / total.reindex(votes.index.get_level_values(0)).to_numpy()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("base", type=int)
    ap.add_argument("target", type=int)
    ap.add_argument("runs", type=int)
    ap.add_argument("--seed", type=int, default=17)
    ap.add_argument("--out", type=Path, default=Path("votebank-out"))
    args = ap.parse_args()
    sys.path.insert(0, str(HERE))
    import build_pakistan_2008_from_2002 as fb

    shipped = load_scenario("pakistan-2008").spec
    keys = [*shipped.scenario.parameter_uncertainty, "mechanisms.biradari.cash_weight"]
    values = {k: Param(k, split_path(k), 0.0, 1.0).get(shipped) for k in keys}
    with tempfile.TemporaryDirectory() as tmp:
        fb.build(
            Path(tmp),
            election_date(f"pakistan:{args.base}"),
            election_date(f"pakistan:{args.target}"),
            False,
        )
        sc = load_scenario(Path(tmp))
    sc = apply_to_scenario(sc, values)
    cons = sc.constituencies.assign(threat=0.0)
    regions = cons.set_index("id")["region"]
    # The base shares by the target's seats (the forecast's seats are the target's), so that
    # the two elections' provinces hold the same seats.
    before = regional_shares(args.base, regions)
    after = regional_shares(args.target, regions)
    both = before.index.intersection(after.index)
    swing = np.log(after[both] / before[both])
    cands = sc.candidates.copy()
    key = pd.MultiIndex.from_arrays([cands["constituency"].map(regions), cands["party"]])
    shift = swing.reindex(key).fillna(0.0).to_numpy()
    cands["appeal"] = cands["appeal"] + shift
    sc = sc.with_tables(cons, cands)
    off = {f"mechanisms.{m}.enabled": False for m in DELIVERY}
    baseline = sc.with_spec(with_overrides(sc.spec, off))
    record: dict = {
        "base": args.base,
        "target": args.target,
        "runs": args.runs,
        "seed": args.seed,
        "given": "regional: each province's party shares of the target (proportional swing)",
        "swing_log": {f"{r}/{p}": round(float(v), 4) for (r, p), v in swing.items()},
        "candidates_shifted": int((shift != 0).sum()),
    }
    for name, scenario in (("votebank", sc), ("delivery_off", baseline)):
        v = validate_against(scenario, Target.pakistan(args.target), runs=args.runs, seed=args.seed)
        record[name] = v.headline()
        print(name, json.dumps(record[name]), flush=True)
    args.out.mkdir(parents=True, exist_ok=True)
    out = args.out / f"forecast-{args.base}-{args.target}-regional.json"
    out.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

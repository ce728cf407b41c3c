"""Paired comparisons (common random numbers) of the UK levers of issue 18, on and off.

Usage: ``python scripts/uk_lever_comparisons.py [--runs 400] [--national-runs 20]``; writes the
section between ``<!-- uk-levers:start -->`` and ``<!-- uk-levers:end -->`` of
``docs/levers-figures.md`` and prints it. Each row is what ``votebank compare A A --runs N
--set ...`` prints for the same A and settings (B = A with the settings; the same ``with_set``).

* Postal votes in copeland-2017 (Labour's 85 carloads and 1,500 Conservative hours canvass),
  and with 850 carloads, where the canvass matters more.
* Incumbency (the departed MP's personal vote) and flows (UKIP's leavers mostly to the
  Conservatives) in copeland-2017, the three together, and the flows in uk-2015-from-2010
  (650 seats, 2010 to 2015 national change, no second preferences).
* The same levers switched off one at a time in stoke-2017-prior (A = the prior without the
  lever, B = the prior).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import votebank as vb
from votebank.commands.compare_set import with_set
from votebank.ensemble.compare import compare

DOC = Path(__file__).resolve().parents[1] / "docs" / "levers-figures.md"
START, END = "<!-- uk-levers:start -->", "<!-- uk-levers:end -->"
BONUS = "mechanisms.incumbency.bonus={Lab=2.0,Con=1.5,LD=6.0}"
SECOND = "mechanisms.flows.second={UKIP={Con=0.6}}"
PARTIES = ("Con", "Lab", "LD", "UKIP")


def cases() -> list[tuple[str, str, list[str], bool]]:
    """(label, scenario, --set items, whether the items switch the lever off in A)."""
    big = "mechanisms.canvass.campaigns.0.cars=850"
    return [
        ("postal", "copeland-2017", ["mechanisms.postal.enabled=true"], False),
        ("postal, 850 carloads in both", "copeland-2017", [big], False),
        (
            "incumbency (MP gone)",
            "copeland-2017",
            ["mechanisms.incumbency.enabled=true", BONUS],
            False,
        ),
        (
            "flows (UKIP->Con 0.6)",
            "copeland-2017",
            ["mechanisms.flows.enabled=true", SECOND],
            False,
        ),
        (
            "incumbency + flows + postal",
            "copeland-2017",
            [
                "mechanisms.incumbency.enabled=true",
                BONUS,
                "mechanisms.flows.enabled=true",
                SECOND,
                "mechanisms.postal.enabled=true",
                "mechanisms.postal.turnout=0.7",
            ],
            False,
        ),
        ("incumbency", "stoke-2017-prior", ["mechanisms.incumbency.enabled=false"], True),
        ("flows", "stoke-2017-prior", ["mechanisms.flows.enabled=false"], True),
        (
            "flows (no second preferences)",
            "uk-2015-from-2010",
            ["mechanisms.flows.enabled=true"],
            False,
        ),
    ]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=400)
    ap.add_argument("--national-runs", type=int, default=20)
    ap.add_argument("--seed", type=int, default=20170223)
    args = ap.parse_args()
    lines = [
        "| lever | scenario | runs | party | votes off | votes on - off | seats on - off "
        "| winners changed |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for label, name, items, reverse in cases():
        base = vb.load_scenario(name)
        if label.startswith("postal, 850"):
            base = with_set(base, items)
            items = ["mechanisms.postal.enabled=true"]
        other = with_set(base, items)
        a, b = (other, base) if reverse else (base, other)
        runs = args.national_runs if len(base.constituencies) > 10 else args.runs
        r = compare(a, b, runs=runs, seed=args.seed)
        parties = r.parties.set_index("party")
        for party in PARTIES:
            if party not in parties.index:
                continue
            row = parties.loc[party]
            lines.append(
                f"| {label} | {name} | {runs} | {party} | {row['votes_a']:,.0f} | "
                f"{row['difference_votes']:+,.0f} ± {row['difference_se_votes']:,.0f} | "
                f"{row['difference']:+.2f} ± {row['difference_se']:.2f} | "
                f"{r.winners_changed:.3f} ± {r.winners_changed_se:.3f} of {len(r.seats)} |"
            )
        print(lines[-1], flush=True)
    text = (
        f"{START}\n\n## UK levers (issue 18)\n\n"
        f"Written by `python scripts/uk_lever_comparisons.py --runs {args.runs} --national-runs "
        f"{args.national_runs} --seed {args.seed}`: common random numbers, ± one standard error "
        'over paired runs; "on - off" is B - A where B has the lever on. For copeland-2017 and '
        "uk-2015-from-2010 each row is `votebank compare SCEN SCEN --runs N --seed S --set ...` "
        "with the settings below; for stoke-2017-prior (levers on) A is the prior with the lever "
        "switched off. In one seat, winners changed is the share of paired runs whose winner "
        "differs.\n\n"
        'Settings: postal `mechanisms.postal.enabled=true` (the row "850 carloads in both" sets '
        "`mechanisms.canvass.campaigns.0.cars=850` on both sides first); incumbency "
        f"`mechanisms.incumbency.enabled=true` `{BONUS}`; flows `mechanisms.flows.enabled=true` "
        f"`{SECOND}`.\n\n" + "\n".join(lines) + f"\n\n{END}\n"
    )
    old = DOC.read_text(encoding="utf-8") if DOC.exists() else ""
    if START in old and END in old:
        head, rest = old.split(START, 1)
        new = head + text.rstrip("\n") + rest.split(END, 1)[1]
    else:
        new = old.rstrip("\n") + "\n\n" + text
    DOC.write_text(new, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()

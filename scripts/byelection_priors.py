"""Every shipped by-election forecast from what was known before the vote, beside a baseline.

Usage: ``python scripts/byelection_priors.py [--runs 400] [--seed 20170223] [--results FILE]``;
writes the section between ``<!-- byelection-priors:start -->`` and
``<!-- byelection-priors:end -->`` of ``docs/uk.md`` and prints it. With ``--results`` (a
candidates CSV in the shipped layout, contests, national totals and polls beside it) it runs
every by-election of that file and only prints (docs/uk.md describes the shipped data).

For each by-election (votebank.uk.byelection_prior): the prior with the UK levers; the same
without them (by-election regularities only); uniform national swing alone (the baseline, the
same information); and the prior with one assumption changed at a time (sensitivity).
Nothing is fitted to any result; the declared result is read only to score.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import numpy as np

from votebank.scenario.load import load_scenario
from votebank.scenario.overrides import with_overrides
from votebank.uk import results_files
from votebank.uk.byelection_prior import build_prior, byelections, summarise, uns_baseline

DOC = Path(__file__).resolve().parents[1] / "docs" / "uk.md"
START, END = "<!-- byelection-priors:start -->", "<!-- byelection-priors:end -->"
SHOW = ("Con", "Lab", "UKIP", "LD")
SENSITIVITY = {
    "churn 0.1": {"mechanisms.flows.churn": 0.1},
    "churn 0.3": {"mechanisms.flows.churn": 0.3},
    "UKIP leavers to Con 0.3": {"mechanisms.flows.second": {"UKIP": {"Con": 0.3}}},
    "UKIP leavers to Con 0.9": {"mechanisms.flows.second": {"UKIP": {"Con": 0.9}}},
    "no government penalty": {"mechanisms.byelection.government_swing": 0.0},
}


def scores(s: dict) -> dict:
    """Winner, P(real winner), Brier score and mean absolute error of shares (points)."""
    parties = s["parties"]
    real_total = sum(v["actual"] for v in parties.values())
    sim_total = sum(v["mean"] for v in parties.values())
    winner = max(parties, key=lambda p: parties[p]["actual"])
    brier = sum((v["p_win"] - (p == winner)) ** 2 for p, v in parties.items())
    mae = np.mean(
        [abs(v["mean"] / sim_total - v["actual"] / real_total) * 100 for v in parties.values()]
    )
    return {
        "winner": winner,
        "p": parties[winner]["p_win"],
        "se": parties[winner]["p_win_se"],
        "brier": brier,
        "mae": mae,
    }


def row(label: str, s: dict) -> str:
    sc = scores(s)
    cells = [label, f"{sc['p']:.2f} ± {sc['se']:.2f}", f"{s['parties']['Con']['p_win']:.2f}"]
    for party in SHOW:
        v = s["parties"].get(party)
        if v is None:
            cells.append("—")
            continue
        inside = "" if v["lo"] <= v["actual"] <= v["hi"] else " ✗"
        cells.append(f"{v['mean']:,.0f} ({v['lo']:,.0f}–{v['hi']:,.0f}){inside}")
    t = s["turnout"]
    inside = "" if t["lo"] <= t["actual"] <= t["hi"] else " ✗"
    cells.append(f"{t['mean']:.1%} ({t['lo']:.1%}–{t['hi']:.1%}){inside}")
    cells += [f"{sc['brier']:.3f}", f"{sc['mae']:.1f}"]
    return "| " + " | ".join(cells) + " |"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=400)
    ap.add_argument("--seed", type=int, default=20170223)
    ap.add_argument("--results", type=Path, default=None)
    args = ap.parse_args()
    files = results_files.beside(args.results) if args.results else None
    with results_files.using(files):
        text = section(args)
    if files is None:
        write_section(text)


def section(args: argparse.Namespace) -> str:
    head = (
        "| model | P(real winner) | P(Con) | "
        + " | ".join(f"{p} mean (5–95 %)" for p in SHOW)
        + " | turnout (5–95 %) | Brier | share MAE, pts |"
    )
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        for _, r in byelections().iterrows():
            day, seat, label = r.election_date, r.constituency_id, r.constituency_name
            with_levers = load_scenario(build_prior(day, seat, Path(tmp) / f"{seat}-on").parent)
            without = load_scenario(
                build_prior(day, seat, Path(tmp) / f"{seat}-off", levers=False).parent
            )
            first = summarise(with_levers, args.runs, args.seed)
            real = ", ".join(
                f"{p} {v['actual']:,.0f}" for p, v in first["parties"].items() if v["actual"] > 0
            )
            out += [
                f"### {label}, {day}",
                "",
                f"Declared: {real}; turnout {first['turnout']['actual']:.1%} (valid votes / "
                "register). ✗: the declared figure is outside the 5–95 % interval.",
                "",
                head,
                "|" + "---|" * (len(SHOW) + 6),
                row("prior with the UK levers", first),
                row(
                    "prior, by-election regularities only", summarise(without, args.runs, args.seed)
                ),
                row(
                    "baseline: uniform national swing",
                    summarise(uns_baseline(with_levers), args.runs, args.seed),
                ),
            ]
            for name, over in SENSITIVITY.items():
                variant = with_levers.with_spec(with_overrides(with_levers.spec, over))
                out.append(row(f"prior, {name}", summarise(variant, args.runs, args.seed)))
            out.append("")
            print("\n".join(out[-12:]), flush=True)
    text = (
        f"{START}\n\n"
        f"Written by `python scripts/byelection_priors.py --runs {args.runs} --seed {args.seed}` "
        f"({args.runs} runs each, the same seed; P(real winner) ± its Monte Carlo s.e.; Brier: "
        "sum over candidates of (P(win) - won)²; share MAE: mean absolute error of the mean "
        "vote shares, in points, over the candidates standing).\n\n" + "\n".join(out) + f"\n{END}\n"
    )
    return text


def write_section(text: str) -> None:
    old = DOC.read_text(encoding="utf-8")
    if START in old and END in old:
        before, rest = old.split(START, 1)
        new = before + text.rstrip("\n") + rest.split(END, 1)[1]
    else:
        new = (
            old.rstrip("\n") + "\n\n## By-elections from what was known before the vote\n\n" + text
        )
    DOC.write_text(new, encoding="utf-8")


if __name__ == "__main__":
    main()

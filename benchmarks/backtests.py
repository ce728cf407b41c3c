"""Backtest every shipped pair with ``--given national`` and ``--given regional``.

Run from the repository root (about three minutes on one core)::

    PYTHONPATH=src python3 benchmarks/backtests.py [--runs 1000] [--seed 16] [--no-write]

The pairs are found in the shipped data (:func:`votebank.backtest.history.shipped_pairs`), not
listed here. Each row is what ``votebank backtest BASE TARGET --given G --runs R --seed S``
prints; the table goes to the ``backtests`` section of ``benchmarks/RESULTS.md`` (with
``--no-write``, to the screen only: for trying a change without moving the reviewed figures).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from peers import machine, write_section
from votebank.backtest.history import shipped_pairs
from votebank.backtest.study import backtest
from votebank.errors import InputError

GIVENS = ("national", "regional")
OTHER_GIVENS = ("none", "polls")


def fmt(v, pattern: str) -> str:
    """A measure as Markdown text ('-' where the method has none)."""
    if v is None:
        return "-"
    if isinstance(v, bool):
        return "yes" if v else "no"
    return pattern.format(v)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    lines = [
        "## backtests.py: votebank backtest on every shipped pair",
        "",
        machine(),
        "",
        f"votebank's ensemble: {args.runs} runs, seed {args.seed}. Point forecasts (the simple "
        "methods) have no log score or intervals. Seats wrong: sum |mean - actual| / 2. "
        "Shares in 50%/90%: coverage of each candidate's vote-share interval. Top 3 in 90%: "
        "the three largest parties' real seat totals all inside their 90% intervals.",
        "",
        "| pair | given | method | winners wrong | seats wrong | Brier | expected Brier | "
        "log score | top 3 in 90% | seats in 90% | shares in 50% | shares in 90% |",
        "|---|---|---|---:|---:|---:|---:|---:|---|---:|---:|---:|",
    ]
    summary, central = [], []
    for base, target, _, _ in shipped_pairs():
        for given in GIVENS:
            r = backtest(base, target, given=given, runs=args.runs, seed=args.seed)
            name = f"{base} -> {target}"
            for method, m in r["methods"].items():
                lines.append(
                    f"| {name} | {given} | {method} | {m['winners_wrong']} | "
                    f"{m['seats_wrong']:.1f} | {m['brier']:.3f} | "
                    f"{fmt(m['brier_expected'], '{:.3f}')} | "
                    f"{fmt(m.get('log_score'), '{:.3f}')} | {fmt(m.get('top3_inside90'), '')} | "
                    f"{fmt(m.get('seat_cover90'), '{:.0%}')} | "
                    f"{fmt(m.get('share_cover50'), '{:.0%}')} | "
                    f"{fmt(m.get('share_cover90'), '{:.0%}')} |"
                )
            vb = r["methods"]["votebank"]
            others = {k: v for k, v in r["methods"].items() if k != "votebank"}
            best_w = min(v["winners_wrong"] for v in others.values())
            best_s = min(v["seats_wrong"] for v in others.values())
            central.append(
                f"| {name} | {given} | {r['central']['winners_wrong']} | "
                f"{r['central']['seats_wrong']:.1f} | {vb['winners_wrong']} | "
                f"{vb['seats_wrong']:.1f} | {best_w} | {best_s:.1f} |"
            )
            summary.append(
                f"| {name} | {given} | {vb['winners_wrong']} vs {best_w} | "
                f"{vb['seats_wrong']:.1f} vs {best_s:.1f} | "
                f"{vb['brier'] / vb['brier_expected']:.2f} | "
                f"{fmt(vb['top3_inside90'], '')} | {vb['share_cover50']:.0%} / "
                f"{vb['share_cover90']:.0%} | {r['votebank_parameters']['source']} |"
            )
            print(summary[-1], flush=True)
    other = []
    for base, target, _, _ in shipped_pairs():
        for given in OTHER_GIVENS:
            name = f"{base} -> {target}"
            try:
                r = backtest(base, target, given=given, runs=args.runs, seed=args.seed)
            except InputError as e:
                other.append(f"| {name} | {given} | refused: {e.problems[0].message} | | | |")
                continue
            vb = r["methods"]["votebank"]
            others = {k: v for k, v in r["methods"].items() if k != "votebank"}
            best = min(others, key=lambda k: others[k]["winners_wrong"])
            other.append(
                f"| {name} | {given} | {vb['winners_wrong']} vs {others[best]['winners_wrong']}"
                f" ({best}) | {vb['seats_wrong']:.1f} vs "
                f"{min(v['seats_wrong'] for v in others.values()):.1f} | "
                f"{vb['brier']:.3f} / {vb['brier_expected']:.3f} | "
                f"{vb['share_cover50']:.0%} / {vb['share_cover90']:.0%} |"
            )
            print(other[-1], flush=True)
    lines += [
        "",
        "### Against the targets",
        "",
        "| pair | given | winners wrong: votebank vs best other | seats wrong: votebank vs best"
        " other | Brier / expected (target <= 1.15) | top 3 in 90% | shares in 50% / 90% "
        "(target 45-55 / 85-95) | parameters |",
        "|---|---|---|---|---:|---|---|---|",
        *summary,
        "",
        "### votebank's central path (diagnostic)",
        "",
        "The winners of votebank's mean shares, beside its ensemble's favourites and mean "
        "seats: the gap in seats wrong is what honest seat errors cost the expected totals.",
        "",
        "| pair | given | central: winners wrong | central: seats wrong | ensemble: winners "
        "wrong | ensemble: seats wrong | best other: winners wrong | best other: seats wrong |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
        *central,
        "",
        "### Other information (not among the targets)",
        "",
        "| pair | given | winners wrong: votebank vs best other | seats wrong: votebank vs best"
        " other | Brier / expected | shares in 50% / 90% |",
        "|---|---|---|---|---|---|",
        *other,
    ]
    if args.no_write:
        print("\n".join(lines))
    else:
        write_section("backtests", "\n".join(lines))


if __name__ == "__main__":
    main()

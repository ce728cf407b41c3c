"""Recovery of known Klimek parameters: generate from the published model, fit back.

Run: ``PYTHONPATH=src python benchmarks/forensics_recovery.py [--sizes 10000,100000]``.
Grid: f_i in {0, 0.2, 0.4, 0.6, 0.8}, f_e in {0, 0.025, 0.05}, alpha 1, theta 0.15; fair
turnout 0.55 +- 0.08, leader component 0.45 +- 0.07; homogeneous, and four regions whose fair
turnout and share differ by up to +-0.08 (fitted with the region column, i.e. standardised
within region). Target: |f_i - true| <= 0.05 and |f_e - true| <= 0.01 in every cell. Writes
the table and the worst cell to RESULTS.md.
"""

from __future__ import annotations

import argparse
import itertools
import time

import numpy as np

from peers import machine, write_section
from votebank.forensics.fingerprint import fit_klimek
from votebank.forensics.klimek_model import model_election

F_I = (0.0, 0.2, 0.4, 0.6, 0.8)
F_E = (0.0, 0.025, 0.05)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--bootstrap", type=int, default=20)
    parser.add_argument("--seed", type=int, default=2012)
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--f-i", default=",".join(map(str, F_I)), help="true f_i values")
    parser.add_argument("--f-e", default=",".join(map(str, F_E)), help="true f_e values")
    parser.add_argument("--kinds", default="homogeneous,4 regions")
    parser.add_argument(
        "--seeds", type=int, default=1, help="datasets per cell (seed s > 0: a fresh draw)"
    )
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    grid_i = [float(x) for x in args.f_i.split(",")]
    grid_e = [float(x) for x in args.f_e.split(",")]
    rows = []
    cells = list(itertools.product(sizes, args.kinds.split(","), grid_i, grid_e, range(args.seeds)))
    for n, kind, f_i, f_e, rep in cells:
        regions = 4 if kind == "4 regions" else 1
        # The dataset's seed depends on the cell itself, not its place in the list, so a
        # subset run (--f-i 0.8) redraws the same data as the full grid.
        key = [args.seed, n, regions, round(1000 * f_i), round(1000 * f_e), rep]
        res, _ = model_election(
            n, rng=np.random.default_rng(key), f_i=f_i, f_e=f_e, regions=regions
        )
        t0 = time.perf_counter()
        fit = fit_klimek(res, rng=np.random.default_rng([*key, 1]), bootstrap=args.bootstrap)
        sec = time.perf_counter() - t0
        row = {"n": n, "kind": kind, "f_i": f_i, "f_e": f_e, "fit": fit, "seconds": sec}
        rows.append(row)
        print(
            f"{n:>7,} {kind:<11} f_i {f_i:.2f} -> {fit.f_i:.2f} [{fit.f_i_interval[0]:.2f}, "
            f"{fit.f_i_interval[1]:.2f}]  f_e {f_e:.3f} -> {fit.f_e:.3f} "
            f"[{fit.f_e_interval[0]:.3f}, {fit.f_e_interval[1]:.3f}]  alpha {fit.alpha}  "
            f"1-D loss {fit.f_i_share_loss:.2f}/{fit.f_e_share_loss:.3f}  {sec:.1f} s",
            flush=True,
        )
    err_i = [abs(r["fit"].f_i - r["f_i"]) for r in rows]
    err_e = [abs(r["fit"].f_e - r["f_e"]) for r in rows]
    wi, we = int(np.argmax(err_i)), int(np.argmax(err_e))
    ok_i = sum(e <= 0.05 + 1e-9 for e in err_i)
    ok_e = sum(e <= 0.01 + 1e-9 for e in err_e)
    lines = [
        "## forensics_recovery.py: Klimek fit against known parameters",
        "",
        machine(),
        "",
        f"Command: `PYTHONPATH=src python benchmarks/forensics_recovery.py --sizes {args.sizes} "
        f"--bootstrap {args.bootstrap} --seed {args.seed}`. Data from the published model "
        "(alpha 1, theta 0.15, fair turnout 0.55 +- 0.08, leader 0.45 +- 0.07); '4 regions': "
        "fair turnout and share shifted by -0.08..+0.08 by region, fitted with the region "
        "column. Headline loss: 2-D histogram. Intervals: bootstrap (95%).",
        "",
        f"**Worst f_i cell**: n {rows[wi]['n']:,}, {rows[wi]['kind']}, true ({rows[wi]['f_i']}, "
        f"{rows[wi]['f_e']}): fitted f_i {rows[wi]['fit'].f_i:.2f}, error {err_i[wi]:.2f} "
        f"(target 0.05). **Worst f_e cell**: n {rows[we]['n']:,}, {rows[we]['kind']}, true "
        f"({rows[we]['f_i']}, {rows[we]['f_e']}): fitted f_e {rows[we]['fit'].f_e:.3f}, error "
        f"{err_e[we]:.3f} (target 0.01). Within target: f_i {ok_i}/{len(rows)} cells, f_e "
        f"{ok_e}/{len(rows)} cells.",
        "",
        "| stations | data | true f_i | fit f_i | f_i interval | true f_e | fit f_e | f_e interval "
        "| alpha | 1-D loss f_i / f_e | s |",
        "|---:|---|---:|---:|---|---:|---:|---|---:|---|---:|",
    ]
    for r in rows:
        f = r["fit"]
        lines.append(
            f"| {r['n']:,} | {r['kind']} | {r['f_i']:.2f} | {f.f_i:.2f} | "
            f"[{f.f_i_interval[0]:.2f}, {f.f_i_interval[1]:.2f}] | {r['f_e']:.3f} | {f.f_e:.3f} "
            f"| [{f.f_e_interval[0]:.3f}, {f.f_e_interval[1]:.3f}] | {f.alpha:g} | "
            f"{f.f_i_share_loss:.2f} / {f.f_e_share_loss:.3f} | {r['seconds']:.1f} |"
        )
    print("\n".join(lines[6:9]))
    if args.seeds > 1:
        print("Error by cell over seeds (mean |error| and worst):")
        for cell in itertools.product(sizes, args.kinds.split(","), grid_i, grid_e):
            sub = [r for r in rows if (r["n"], r["kind"], r["f_i"], r["f_e"]) == cell]
            ei = [abs(r["fit"].f_i - r["f_i"]) for r in sub]
            ee = [abs(r["fit"].f_e - r["f_e"]) for r in sub]
            print(
                f"  {cell}: f_i mean {np.mean(ei):.3f} worst {max(ei):.2f} "
                f"(within 0.05: {sum(e <= 0.05 + 1e-9 for e in ei)}/{len(ei)}); "
                f"f_e mean {np.mean(ee):.4f} worst {max(ee):.3f}"
            )
    if not args.no_write:
        write_section("forensics_recovery", "\n".join(lines))


if __name__ == "__main__":
    main()

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
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    rows = []
    cells = list(itertools.product(sizes, ("homogeneous", "4 regions"), F_I, F_E))
    for k, (n, kind, f_i, f_e) in enumerate(cells):
        regions = 4 if kind == "4 regions" else 1
        res, _ = model_election(
            n, rng=np.random.default_rng([args.seed, k]), f_i=f_i, f_e=f_e, regions=regions
        )
        t0 = time.perf_counter()
        fit = fit_klimek(
            res, rng=np.random.default_rng([args.seed, k, 1]), bootstrap=args.bootstrap
        )
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
    if not args.no_write:
        write_section("forensics_recovery", "\n".join(lines))


if __name__ == "__main__":
    main()

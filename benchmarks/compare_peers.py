"""The same reference election in votebank, Mesa and ElectoralSim: agreement, then speed.

Usage (ElectoralSim needs Python >= 3.12; without it the script runs votebank and Mesa only)::

    python benchmarks/compare_peers.py [--sizes 10000,100000,1000000]
        [--runs 10000:300,100000:100,1000000:20] [--extra 1000000:40] [--builds 3] [--no-write]

Each size runs in a fresh process (one thread: OMP/OpenBLAS/Numba threads = 1). In it the
reference election of N voters is generated once (``peers.reference``), then:

* construction, ``--builds`` times, the implementations alternating: votebank loads and
  validates the scenario and builds its electorate (drawing the clans and blocs); Mesa creates
  one Agent per voter, bloc leader and seat; ElectoralSim builds its Polars frame and model;
* one untimed warm-up election each (ElectoralSim compiles its Numba kernels here);
* ``runs`` elections each, alternating run by run (the order rotates every run), each timed
  and its seat winners kept; ``--extra`` adds elections of votebank and ElectoralSim only
  (where Mesa is slow) for the agreement test.

Agreement, checked before any ratio is quoted: for each pair of implementations three
permutation tests (2,000 relabellings of the pooled runs; runs are independent and identically
distributed under the null hypothesis that both implement the same model): T1 = sum over seats
and parties of the squared difference of win frequencies; T2 = sum over parties of the squared
difference of mean seats over its pooled variance; T3 = the same over every (seat, party) cell
of mean votes. Level: 5% family-wise, Bonferroni over every test made (sizes x pairs x 3), so
each p-value must be at least 0.05 / tests. Also printed: the largest |z| of a party's
mean-seat difference and the largest difference of a party's national vote share.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

import numpy as np

from peers import machine, write_section

IMPLS = ("votebank", "Mesa", "ElectoralSim")
PERMUTATIONS = 2000
ALPHA = 0.05


def child(n_voters: int, runs: int, extra: int, builds: int, seed: int) -> dict:
    """Build and run every implementation at one size; return times and seat winners."""
    from peers import mesa_model
    from peers.reference import ReferenceParams, reference_election
    from peers.votebank_model import VotebankReference

    try:
        from peers import electoralsim_model
    except ImportError as exc:  # Python < 3.12, or electoral-sim not installed
        electoralsim_model = None
        skipped = str(exc)
    else:
        skipped = ""
    params = ReferenceParams()
    start = time.perf_counter()
    election = reference_election(n_voters, params)
    generate = time.perf_counter() - start

    def build(name: str):
        if name == "votebank":
            return VotebankReference(n_voters, params)
        if name == "Mesa":
            return mesa_model.MesaReference(election, seed)
        return electoralsim_model.ElectoralSimReference(election, seed)

    counter = {"votebank": 0}

    def run(name: str, model) -> tuple[np.ndarray, np.ndarray]:
        if name == "votebank":
            counter["votebank"] += 1
            return model.run(counter["votebank"])
        if name == "Mesa":
            return mesa_model.run(model)
        return electoralsim_model.run(model)

    names = [n for n in IMPLS if n != "ElectoralSim" or electoralsim_model is not None]
    models: dict = {}
    build_s: dict[str, list[float]] = {n: [] for n in names}
    for _ in range(builds):
        for name in names:
            models.pop(name, None)  # free the previous one before timing the next build
            start = time.perf_counter()
            models[name] = build(name)
            build_s[name].append(time.perf_counter() - start)
    for name in names:
        run(name, models[name])  # warm-up, untimed (Numba compilation, first-use caches)
    run_s: dict[str, list[float]] = {n: [] for n in names}
    winners: dict[str, list[list[int]]] = {n: [] for n in names}
    votes: dict[str, list[list[list[int]]]] = {n: [] for n in names}
    for r in range(runs + extra):
        order = names[r % len(names) :] + names[: r % len(names)]
        for name in order:
            if r >= runs and name == "Mesa":
                continue
            start = time.perf_counter()
            w, v = run(name, models[name])
            elapsed = time.perf_counter() - start
            if r < runs:
                run_s[name].append(elapsed)
            winners[name].append(w.tolist())
            votes[name].append(v.tolist())
    import resource

    return {
        "voters": election.voters,
        "structure": election.counts,
        "cohorts": models["votebank"].cohorts,
        "generate_s": generate,
        "build_s": build_s,
        "run_s": run_s,
        "winners": winners,
        "votes": votes,
        "skipped": skipped,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def _seats(w: np.ndarray, parties: int) -> np.ndarray:
    return np.stack([(w == k).sum(axis=1) for k in range(parties)], axis=1)


def _freq(w: np.ndarray, parties: int) -> np.ndarray:
    return np.stack([(w == k).mean(axis=0) for k in range(parties)], axis=1)


def agreement(a, b, parties: int, rng: np.random.Generator) -> dict:
    """Permutation tests: per-seat win frequencies (T1), mean seats (T2), mean votes (T3).

    ``a`` and ``b`` are ``(winners, votes)`` of two implementations: winners (runs x seats),
    votes (runs x seats x parties).
    """
    pooled = np.concatenate([a[0], b[0]])
    seats = _seats(pooled, parties)
    votes = np.concatenate([a[1], b[1]]).reshape(len(pooled), -1).astype(float)
    var_s = np.maximum(seats.var(axis=0, ddof=1), 1e-9)
    var_v = votes.var(axis=0, ddof=1)
    live = var_v > 0
    n_a = len(a[0])

    def stats(idx: np.ndarray) -> np.ndarray:
        x, y = idx[:n_a], idx[n_a:]
        t1 = ((_freq(pooled[x], parties) - _freq(pooled[y], parties)) ** 2).sum()
        t2 = ((seats[x].mean(axis=0) - seats[y].mean(axis=0)) ** 2 / var_s).sum()
        dv = votes[x][:, live].mean(axis=0) - votes[y][:, live].mean(axis=0)
        return np.array([t1, t2, (dv**2 / var_v[live]).sum()])

    observed = stats(np.arange(len(pooled)))
    exceed = np.zeros(3)
    for _ in range(PERMUTATIONS):
        exceed += stats(rng.permutation(len(pooled))) >= observed
    p = (1 + exceed) / (1 + PERMUTATIONS)
    sa, sb = seats[:n_a], seats[n_a:]
    se = np.sqrt(sa.var(axis=0, ddof=1) / len(sa) + sb.var(axis=0, ddof=1) / len(sb))
    z = np.abs(sa.mean(axis=0) - sb.mean(axis=0)) / np.maximum(se, 1e-9)
    na = votes[:n_a].reshape(n_a, -1, parties).sum(axis=(0, 1))
    nb = votes[n_a:].reshape(len(pooled) - n_a, -1, parties).sum(axis=(0, 1))
    return {
        "runs": (len(sa), len(sb)),
        "p": p.tolist(),
        "max_z": float(z.max()),
        "max_abs_diff": float(np.abs(sa.mean(axis=0) - sb.mean(axis=0)).max()),
        "max_share_diff": float(np.abs(na / na.sum() - nb / nb.sum()).max()),
    }


def parse_map(text: str) -> dict[int, int]:
    """'10000:200,100000:40' -> {10000: 200, 100000: 40}."""
    return {int(k): int(v) for k, v in (item.split(":") for item in text.split(",") if item)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--runs", default="10000:300,100000:100,1000000:20")
    parser.add_argument("--extra", default="1000000:40")
    parser.add_argument("--builds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--child", nargs=5, type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(*args.child)))
        return

    sizes = [int(s) for s in args.sizes.split(",")]
    runs, extra = parse_map(args.runs), parse_map(args.extra)
    env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}
    env["NUMBA_NUM_THREADS"] = "1"
    rows = []
    for n in sizes:
        r, x = runs.get(n, 20), extra.get(n, 0)
        builds = args.builds if n < 1_000_000 else min(args.builds, 2)
        cmd = [sys.executable, __file__, "--child", str(n), str(r), str(x), str(builds)]
        out = subprocess.run(
            [*cmd, str(args.seed)], capture_output=True, text=True, check=False, env=env
        )
        if out.returncode:
            sys.exit(f"size {n} failed:\n{out.stderr[-3000:]}")
        rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
        print(f"size {n:,} done", file=sys.stderr)
    report(rows, args)


def report(rows: list[dict], args) -> None:
    """Agreement tests, then medians and ratios; print them and write RESULTS.md."""
    names = [n for n in IMPLS if n in rows[0]["run_s"]]
    pairs = [(a, b) for i, a in enumerate(names) for b in names[i + 1 :]]
    tests = len(rows) * len(pairs) * 3
    level = ALPHA / tests
    rng = np.random.default_rng(20240601)
    parties = 4
    lines = []
    out = lines.append
    out("### Agreement (seat winners)\n")
    out(
        f"Permutation tests ({PERMUTATIONS:,} relabellings of the pooled runs) of equal "
        "per-seat win frequencies (T1), equal mean seats per party (T2) and equal mean votes "
        "per seat and party (T3, each cell scaled by its pooled variance); family-wise level "
        f"{ALPHA:.0%}, Bonferroni over {tests} tests: each p must be >= {level:.4f}. Runs: "
        "elections per implementation. max z: largest |difference of mean seats| / its "
        "standard error over the parties.\n"
    )
    out(
        "| voters | pair | runs | p T1 win freq | p T2 mean seats | p T3 mean votes "
        "| max diff mean seats | max z | max diff vote share (pts) | ok |"
    )
    out("|---:|---|---:|---:|---:|---:|---:|---:|---:|---|")
    all_ok = True
    for row in rows:
        got = {k: (np.array(row["winners"][k]), np.array(row["votes"][k])) for k in names}
        for a, b in pairs:
            t = agreement(got[a], got[b], parties, rng)
            ok = min(t["p"]) >= level
            all_ok &= ok
            out(
                f"| {row['voters']:,} | {a} vs {b} | {t['runs'][0]} / {t['runs'][1]} | "
                f"{t['p'][0]:.3f} | {t['p'][1]:.3f} | {t['p'][2]:.3f} | "
                f"{t['max_abs_diff']:.2f} | {t['max_z']:.2f} | {100 * t['max_share_diff']:.2f} | "
                f"{'yes' if ok else 'NO'} |"
            )
    out(f"\nAll agree: {'yes' if all_ok else 'NO: do not quote the ratios below'}.\n")
    out("### Time (medians, seconds)\n")
    out(
        "Construction: votebank = load + validate the scenario + build the electorate (it draws "
        "the clans and blocs; the peers get them ready-made); Mesa = create the agents; "
        "ElectoralSim = Polars frame + model. Run: one election on the built model "
        "(votebank `Model.state(i)`, Mesa `model.step()`, ElectoralSim bloc draws + "
        "`run_election()`), after one untimed warm-up each.\n"
    )
    head = (
        "| voters | cohorts | "
        + " | ".join(f"{n} build | {n} run" for n in names)
        + " | "
        + " | ".join(f"{n}/votebank run" for n in names[1:])
        + " | peak MB |"
    )
    out(head)
    out("|" + "---:|" * (head.count("|") - 1))
    for row in rows:
        med_b = {n: statistics.median(row["build_s"][n]) for n in names}
        med_r = {n: statistics.median(row["run_s"][n]) for n in names}
        cells = " | ".join(f"{med_b[n]:.4f} | {med_r[n]:.4f}" for n in names)
        ratios = " | ".join(f"{med_r[n] / med_r['votebank']:.1f}x" for n in names[1:])
        out(
            f"| {row['voters']:,} | {row['cohorts']:,} | {cells} | {ratios} | "
            f"{row['peak_mb']:.0f} |"
        )
    out("")
    for row in rows:
        counts = ", ".join(
            f"{n} {len(row['run_s'][n])} timed runs / {len(row['build_s'][n])} builds"
            for n in names
        )
        s = row["structure"]
        used = ", ".join(f"{n} {len(row['winners'][n])}" for n in names)
        out(
            f"- {row['voters']:,} voters: {s['seats']} seats, {s['stations']:,} stations, "
            f"{s['clans']:,} clans, {s['blocs']:,} blocs; {counts}; "
            f"agreement runs {used}."
        )
    if rows[0].get("skipped"):
        out(f"- ElectoralSim skipped: {rows[0]['skipped']}")
    text = "\n".join(lines)
    print(text)
    if not args.no_write:
        body = (
            "## compare_peers.py: votebank vs Mesa vs ElectoralSim\n\n"
            f"{machine(('numpy', 'mesa', 'electoral-sim', 'numba', 'polars'))} "
            "One thread each (OMP/OpenBLAS/NUMBA_NUM_THREADS=1).\n\n"
            "The reference election (`benchmarks/peers/reference.py`): 20 seats, 3-4 candidates "
            "a seat, village vote blocs whose leaders instruct members (cohesion 0.8, followers' "
            "turnout +0.5 logit), own choice by a logit on appeal, seat turnout 0.35-0.65, FPTP. "
            "The same voters, clans and blocs in all three.\n\n" + text
        )
        write_section("compare_peers", body)


if __name__ == "__main__":
    main()

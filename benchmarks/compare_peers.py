"""The same reference election in votebank, Mesa and ElectoralSim: agreement, then speed.

Usage (ElectoralSim needs Python >= 3.12; without it the script runs votebank and Mesa only)::

    python benchmarks/compare_peers.py [--sizes 10000,100000,1000000]
        [--runs 10000:300,100000:100,1000000:20] [--extra 1000000:40] [--builds 3] [--no-write]
        [--worst-sizes 10000,100000] [--worst-runs 10000:100,100000:30]
        [--worst-extra 100000:30] [--shock-sd 0.5]
    python benchmarks/compare_peers.py --power   # can the tests see a slightly wrong model?

The worst case (``--worst-sizes``; empty for none) is the same election with every voter its
own utility shock, ``N(0, --shock-sd)`` per party, drawn once and kept (one cohort a voter in
votebank); its rows are labelled and its tests join the same Bonferroni family.

Each size runs in a fresh process (one thread: OMP/OpenBLAS/Numba threads = 1). In it the
reference election of N voters is generated once (``peers.reference``), then:

* construction, ``--builds`` times, the implementations alternating: votebank loads and
  validates the scenario and builds its electorate (drawing the clans and blocs); Mesa creates
  one Agent per voter, bloc leader and seat; ElectoralSim builds its Polars frame and model;
* one untimed warm-up election each (ElectoralSim compiles its Numba kernels here);
* ``runs`` elections each, alternating run by run (the order rotates every run), each timed
  and its seat winners kept; ``--extra`` adds elections of votebank and ElectoralSim only
  (where Mesa is slow) for the agreement test.

Agreement, checked before any ratio is quoted: for each pair of implementations four
permutation tests (4,000 relabellings of the pooled runs; runs are independent and identically
distributed under the null hypothesis that both implement the same model): T1 = sum over seats
and parties of the squared difference of win frequencies; T2 = sum over parties of the squared
difference of mean seats over its pooled variance; T3 = the same over every (seat, party) cell
of mean votes; T4 = the same over seats of mean votes cast (bloc instructions do not move
turnout, so T4 is the sharpest check of cohesion and turnout). Level: 5% family-wise,
Bonferroni over every test made (sizes x pairs x 4), so each p-value must be at least
0.05 / tests. Also printed: the largest |z| of a party's mean-seat difference and the largest
difference of a party's national vote share.
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
from peers.reference import PARTIES

IMPLS = ("votebank", "Mesa", "ElectoralSim")
NOTES = """

What each timing includes:

- votebank run: `Model.state(i)`, every step of the schedule (utilities, turnout, forecast,
  biradari, vote, count), the per-seat random streams built afresh, no result tables (nor do the
  peers make any). Its build draws the clans and blocs; the peers' builds only read them.
- Mesa run: `model.step()`: tallies reset, bloc leaders (`shuffle_do`), one `Voter.step` per
  voter (`shuffle_do`), winners declared; the model (one Agent per voter) is built once per
  build and reused by every run, as a Mesa user would step it.
- ElectoralSim run: the bloc instructions, followers and turnout column drawn with the
  model's generator, then `run_election()` (utilities via the BehaviorEngine, Numba logit and
  turnout draws, Numba FPTP count, Gallagher/ENP/VSE), plus one `bincount` for each seat's
  winner and votes (ElectoralSim returns national totals only). Blocs and cohesion are not
  ElectoralSim primitives: they are written through its extension points (see
  `peers/electoralsim_model.py`), and an exact tie goes to the lowest party index.
- The peak memory is that of the whole process (all three models alive at once).
- ElectoralSim 0.2.1 needs Python >= 3.12 (and Mesa >= 3.4, which needs Python >= 3.12 too):
  these figures come from a Python 3.12 environment with the same votebank source tree; under
  the project's Python 3.11 the script runs votebank and Mesa (Mesa 3.3.1) only.
- The two cases: "best: cohorts" is the reference election as it is (voters of a seat share a
  choice model, so votebank pools the interchangeable ones into cohorts and samples each
  cohort exactly); "worst: 1 voter a type" gives every voter its own own-choice utility shock
  per party, N(0, 0.5), drawn once at build and kept for every election
  (`peers.reference.individual`), the same shocks in all three. No two voters then share a
  choice model: votebank runs one cohort and one voter type per voter (cohorts / voter 1.0).
  votebank has no scenario option for this, so `peers/votebank_model.py` builds it from public
  pieces (each cohort split into cohorts of one, `VoterTypes.with_pools` with one type per
  cohort, the `utilities` step followed by adding each voter's shock); the engine is
  unchanged. Mesa gives each `Voter` its own choice weights; ElectoralSim adds the
  shocks to its per-voter utility array.
"""
PERMUTATIONS = 4000
ALPHA = 0.05


def child(n_voters: int, runs: int, extra: int, builds: int, seed: int, shock_milli: int) -> dict:
    """Build and run every implementation at one size; return times and seat winners.

    ``shock_milli`` > 0: the worst case, every voter its own utility shock of standard
    deviation ``shock_milli / 1000`` (``peers.reference.individual``).
    """
    from peers import mesa_model
    from peers.reference import ReferenceParams, individual, reference_election
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
    if shock_milli > 0:
        election = individual(election, shock_milli / 1000)
    generate = time.perf_counter() - start

    def build(name: str):
        if name == "votebank":
            return VotebankReference(n_voters, params, election.voter_shock)
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
    build_cpu: dict[str, list[float]] = {n: [] for n in names}
    for _ in range(builds):
        for name in names:
            models.pop(name, None)  # free the previous one before timing the next build
            start, cpu = time.perf_counter(), time.process_time()
            models[name] = build(name)
            build_s[name].append(time.perf_counter() - start)
            build_cpu[name].append(time.process_time() - cpu)
    for name in names:
        run(name, models[name])  # warm-up, untimed (Numba compilation, first-use caches)
    run_s: dict[str, list[float]] = {n: [] for n in names}
    run_cpu: dict[str, list[float]] = {n: [] for n in names}
    adapter: dict[str, list[float]] = {"run_adapter": [], "run_total": []}
    if "ElectoralSim" in models:
        adapter["build_adapter"] = [models["ElectoralSim"].build_adapter_s]
        adapter["build_model"] = [models["ElectoralSim"].build_model_s]
    winners: dict[str, list[list[int]]] = {n: [] for n in names}
    votes: dict[str, list[list[list[int]]]] = {n: [] for n in names}
    for r in range(runs + extra):
        order = names[r % len(names) :] + names[: r % len(names)]
        for name in order:
            if r >= runs and name == "Mesa":
                continue
            start, cpu = time.perf_counter(), time.process_time()
            w, v = run(name, models[name])
            elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
            if r < runs:
                run_s[name].append(elapsed)
                run_cpu[name].append(cpu)
                if name == "ElectoralSim":
                    adapter["run_adapter"].append(models[name].run_adapter_s)
                    adapter["run_total"].append(elapsed)
            winners[name].append(w.tolist())
            votes[name].append(v.tolist())
    import resource

    return {
        "workload": "worst" if shock_milli > 0 else "best",
        "shock_sd": shock_milli / 1000,
        "adapter": adapter,
        "voters": election.voters,
        "structure": election.counts,
        "cohorts": models["votebank"].cohorts,
        "generate_s": generate,
        "build_s": build_s,
        "build_cpu": build_cpu,
        "run_s": run_s,
        "run_cpu": run_cpu,
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
    """Permutation tests: per-seat win frequencies (T1), mean seats (T2), mean votes (T3),
    mean votes cast per seat (T4).

    ``a`` and ``b`` are ``(winners, votes)`` of two implementations: winners (runs x seats),
    votes (runs x seats x parties).
    """
    pooled = np.concatenate([a[0], b[0]])
    seats = _seats(pooled, parties)
    cube = np.concatenate([a[1], b[1]]).astype(float)
    votes = cube.reshape(len(pooled), -1)
    turnout = cube.sum(axis=2)  # votes cast per seat (bloc instructions do not move it)
    var_s = np.maximum(seats.var(axis=0, ddof=1), 1e-9)
    var_v = votes.var(axis=0, ddof=1)
    var_t = np.maximum(turnout.var(axis=0, ddof=1), 1e-9)
    live = var_v > 0
    n_a = len(a[0])

    def stats(idx: np.ndarray) -> np.ndarray:
        x, y = idx[:n_a], idx[n_a:]
        t1 = ((_freq(pooled[x], parties) - _freq(pooled[y], parties)) ** 2).sum()
        t2 = ((seats[x].mean(axis=0) - seats[y].mean(axis=0)) ** 2 / var_s).sum()
        dv = votes[x][:, live].mean(axis=0) - votes[y][:, live].mean(axis=0)
        dt = turnout[x].mean(axis=0) - turnout[y].mean(axis=0)
        return np.array([t1, t2, (dv**2 / var_v[live]).sum(), (dt**2 / var_t).sum()])

    observed = stats(np.arange(len(pooled)))
    exceed = np.zeros(4)
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


def power_check(n_voters: int, runs: int, seed: int) -> str:
    """Can the tests see a slightly wrong model? votebank against Mesa models off by a little."""
    import dataclasses

    from peers import mesa_model
    from peers.reference import ReferenceParams, reference_election, sigmoid
    from peers.votebank_model import VotebankReference

    params = ReferenceParams()
    election = reference_election(n_voters, params)
    vb = VotebankReference(n_voters, params)
    logit = np.log(election.turnout / (1 - election.turnout))
    appeal = election.appeal.copy()
    appeal[:, params.government] += 0.05
    wrong = {
        "none (the same model)": election,
        "cohesion 0.75 (not 0.80)": dataclasses.replace(
            election, params=dataclasses.replace(params, cohesion=0.75)
        ),
        "followers' turnout boost 0.4 (not 0.5)": dataclasses.replace(
            election, follow_turnout=sigmoid(logit + 0.4)
        ),
        "government candidates' appeal +0.05": dataclasses.replace(election, appeal=appeal),
    }
    rng = np.random.default_rng(7)
    level = ALPHA / 36
    base = [vb.run(i + 1) for i in range(runs)]
    ref = (np.array([w for w, _ in base]), np.array([v for _, v in base]))
    lines = [
        f"Power check (`--power`): votebank against Mesa models that are slightly wrong, "
        f"{n_voters:,} voters, {runs} runs each; the smallest p-value possible is "
        f"{1 / (PERMUTATIONS + 1):.5f}. A model is rejected where some p < {level:.4f}, the "
        "level of the default main run (5% over 3 sizes x 3 pairs x 4 tests).\n",
        "| Mesa model | p T1 | p T2 | p T3 | p T4 | at the main run's level |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for label, el in wrong.items():
        model = mesa_model.MesaReference(el, seed)
        got = [mesa_model.run(model) for _ in range(runs)]
        other = (np.array([w for w, _ in got]), np.array([v for _, v in got]))
        p = agreement(ref, other, len(params.parties), rng)["p"]
        verdict = "rejected" if min(p) < level else "passes"
        lines.append(f"| {label} | " + " | ".join(f"{x:.4f}" for x in p) + f" | {verdict} |")
    return "\n".join(lines)


def parse_map(text: str) -> dict[int, int]:
    """'10000:200,100000:40' -> {10000: 200, 100000: 40}."""
    return {int(k): int(v) for k, v in (item.split(":") for item in text.split(",") if item)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--runs", default="10000:300,100000:100,1000000:20")
    parser.add_argument("--extra", default="1000000:40")
    parser.add_argument("--builds", type=int, default=3)
    parser.add_argument(
        "--worst-sizes",
        default="10000,100000",
        help="sizes of the worst case (every voter its own type); empty: none",
    )
    parser.add_argument("--worst-runs", default="10000:100,100000:30")
    parser.add_argument("--worst-extra", default="100000:30")
    parser.add_argument(
        "--shock-sd", type=float, default=0.5, help="worst case: sd of each voter's own shock"
    )
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--power", action="store_true", help="run only the power check")
    parser.add_argument("--child", nargs=6, type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(*args.child)))
        return

    if args.power:
        text = power_check(10_000, 300, args.seed)
        print(text)
        if not args.no_write:
            write_section("compare_peers_power", "### compare_peers.py --power\n\n" + text)
        return
    plan = [
        (int(n), 0, parse_map(args.runs), parse_map(args.extra)) for n in args.sizes.split(",") if n
    ]
    shock = round(1000 * args.shock_sd)
    worst_runs, worst_extra = parse_map(args.worst_runs), parse_map(args.worst_extra)
    plan += [(int(n), shock, worst_runs, worst_extra) for n in args.worst_sizes.split(",") if n]
    env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}
    env["NUMBA_NUM_THREADS"] = "1"
    env["VOTEBANK_CACHE"] = "off"  # votebank's build draws its electorate (no disk cache)
    rows = []
    for n, shock_milli, runs, extra in plan:
        r, x = runs.get(n, 20), extra.get(n, 0)
        builds = args.builds if n < 1_000_000 else min(args.builds, 2)
        cmd = [sys.executable, __file__, "--child", str(n), str(r), str(x), str(builds)]
        out = subprocess.run(
            [*cmd, str(args.seed), str(shock_milli)],
            capture_output=True,
            text=True,
            check=False,
            env=env,
        )
        if out.returncode:
            sys.exit(f"size {n} failed:\n{out.stderr[-3000:]}")
        rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
        print(f"size {n:,} ({rows[-1]['workload']} case) done", file=sys.stderr)
    report(rows, args)


CASE = {"best": "best: cohorts", "worst": "worst: 1 voter a type"}


def adapter_table(rows: list[dict]) -> str:
    """The ElectoralSim adapter's own time beside ElectoralSim's (medians, seconds)."""
    if not any(row["adapter"].get("run_adapter") for row in rows):
        return (
            "ElectoralSim adapter overhead: not measured (ElectoralSim is not installed in "
            "this environment; it needs Python >= 3.12)."
        )
    lines = [
        "### ElectoralSim adapter overhead (medians, seconds)\n",
        "Adapter = this benchmark's code around ElectoralSim (`peers/electoralsim_model.py`): at "
        "build, the per-voter utility array, the Polars frame and the bloc tables; per run, "
        "the bloc, follower and turnout draws, the frame update, `compute_utility` and the "
        "per-seat `bincount`. ElectoralSim = the rest (`ElectionModel.__init__`; "
        "`run_election()` less the adapter's hooks).\n",
        "| case | voters | build adapter | build ElectoralSim | run adapter "
        "| run ElectoralSim | adapter share of run |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        a = row["adapter"]
        if not a.get("run_adapter"):
            continue
        own = [t - x for t, x in zip(a["run_total"], a["run_adapter"], strict=True)]
        ad, es = statistics.median(a["run_adapter"]), statistics.median(own)
        share = statistics.median(
            [x / t for t, x in zip(a["run_total"], a["run_adapter"], strict=True)]
        )
        lines.append(
            f"| {CASE[row['workload']]} | {row['voters']:,} | {a['build_adapter'][0]:.4f} | "
            f"{a['build_model'][0]:.4f} | {ad:.4f} | {es:.4f} | {share:.0%} |"
        )
    return "\n".join(lines)


def report(rows: list[dict], args) -> None:
    """Agreement tests, then medians and ratios; print them and write RESULTS.md."""
    names = [n for n in IMPLS if n in rows[0]["run_s"]]
    pairs = [(a, b) for i, a in enumerate(names) for b in names[i + 1 :]]
    tests = len(rows) * len(pairs) * 4
    level = ALPHA / tests
    rng = np.random.default_rng(20240601)
    parties = len(PARTIES)
    lines = []
    out = lines.append
    out("### Agreement (seat winners)\n")
    out(
        f"Permutation tests ({PERMUTATIONS:,} relabellings of the pooled runs) of equal "
        "per-seat win frequencies (T1), equal mean seats per party (T2) and equal mean votes "
        "per seat and party (T3, each cell scaled by its pooled variance) and equal mean votes "
        "cast per seat (T4, the same; bloc instructions do not move it, so it is the "
        "sharpest check of turnout and cohesion); family-wise level "
        f"{ALPHA:.0%}, Bonferroni over {tests} tests: each p must be >= {level:.4f}. Runs: "
        "elections per implementation. max z: largest |difference of mean seats| / its "
        "standard error over the parties.\n"
    )
    out(
        "| case | voters | pair | runs | p T1 win freq | p T2 mean seats | p T3 mean votes "
        "| p T4 votes cast | max diff mean seats | max z | max diff vote share (pts) | ok |"
    )
    out("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    all_ok = True
    for row in rows:
        got = {k: (np.array(row["winners"][k]), np.array(row["votes"][k])) for k in names}
        for a, b in pairs:
            t = agreement(got[a], got[b], parties, rng)
            ok = min(t["p"]) >= level
            all_ok &= ok
            out(
                f"| {CASE[row['workload']]} | {row['voters']:,} | {a} vs {b} | "
                f"{t['runs'][0]} / {t['runs'][1]} | "
                f"{t['p'][0]:.3f} | {t['p'][1]:.3f} | {t['p'][2]:.3f} | {t['p'][3]:.3f} | "
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
    out(
        "| case | voters | cohorts / voter | impl | build wall | build CPU | run wall | run CPU "
        "| run wall / votebank | run CPU / votebank | build CPU / votebank | peak MB (process) |"
    )
    out("|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        med = {
            k: {n: statistics.median(row[k][n]) for n in names}
            for k in ("build_s", "build_cpu", "run_s", "run_cpu")
        }
        for n in names:
            out(
                f"| {CASE[row['workload']]} | {row['voters']:,} | "
                f"{row['cohorts'] / row['voters']:.4f} | {n} | {med['build_s'][n]:.4f} | "
                f"{med['build_cpu'][n]:.4f} | {med['run_s'][n]:.4f} | {med['run_cpu'][n]:.4f} | "
                f"{med['run_s'][n] / med['run_s']['votebank']:.1f}x | "
                f"{med['run_cpu'][n] / med['run_cpu']['votebank']:.1f}x | "
                f"{med['build_cpu'][n] / med['build_cpu']['votebank']:.1f}x | "
                f"{row['peak_mb']:.0f} |"
            )
    out("")
    for row in rows:
        counts = ", ".join(
            f"{n} {len(row['run_s'][n])} timed runs / {len(row['build_s'][n])} builds"
            for n in names
        )
        s = row["structure"]
        cohorts = f"{row['cohorts']:,} votebank cohorts"
        used = ", ".join(f"{n} {len(row['winners'][n])}" for n in names)
        out(
            f"- {CASE[row['workload']]}, {row['voters']:,} voters: {s['seats']} seats, "
            f"{s['stations']:,} stations, "
            f"{s['clans']:,} clans, {s['blocs']:,} blocs, {cohorts}; {counts}; "
            f"agreement runs {used}."
        )
    if rows[0].get("skipped"):
        out(f"- ElectoralSim skipped: {rows[0]['skipped']}")
    out("")
    out(adapter_table(rows))
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
            "The same voters, clans and blocs in all three. Two cases (see the notes at the end): "
            "the best case for votebank (voters of a few types, pooled into cohorts) and the "
            "worst (every voter its own utility shock, one cohort a voter).\n\n" + text + NOTES
        )
        write_section("compare_peers", body)


if __name__ == "__main__":
    main()

"""Do votes delivered in blocs look like fraud to the Klimek fit? Clean synthetic countries.

Run: ``PYTHONPATH=src python benchmarks/forensics_blocs.py [--seeds 3 --bootstrap 100]``.

For each set of delivery mechanisms (none; clan blocs; clan blocs with landlords, coercion,
fear and switching) and each seed: a synthetic country (``votebank synth``: 20 seats, 6,000
stations, 4 million voters) with neither ballot stuffing nor compilation fraud, one run, and
its stations analysed by constituency as an observer would (``votebank forensics --region``).
It counts the constituencies whose own fit flags incremental fraud (f_i, after Holm within
the constituency), the national verdict, and the misfit of the flagged fits. No station of
these runs was stuffed: every flag is a false alarm. Writes section ``forensics_blocs`` of
``benchmarks/RESULTS.md`` unless ``--no-write``.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import votebank as vb
from peers import machine, write_section
from votebank.forensics import StationResults, analyze
from votebank.scenario.synth import Synth, write_synth

MECHANISMS = {
    "none": (),
    "clan blocs": ("biradari",),
    "blocs, landlords, coercion, fear, switching": (
        "biradari",
        "landlords",
        "coercion",
        "fear",
        "switching",
    ),
}


def one_country(mechanisms: tuple[str, ...], seed: int, bootstrap: int) -> dict:
    """Flags of one clean synthetic election, analysed by constituency."""
    country = Synth(seats=20, stations=6000, registered=4_000_000, mechanisms=mechanisms, seed=seed)
    with tempfile.TemporaryDirectory() as folder:
        toml = write_synth(country, Path(folder) / "country")
        st = vb.simulate(str(toml), seed=seed)["polling_stations"]
    res = StationResults(
        registered=st.registered.to_numpy(),
        ballots=st.ballots.to_numpy(),
        valid=st.valid.to_numpy(),
        leader_votes=st.leader_votes.to_numpy(),
        regions=st.constituency_id.to_numpy(),
        ids=st.station_id.to_numpy(),
    )
    report = analyze(res, seed=0, bootstrap=bootstrap).to_dict()
    flagged = [
        r["klimek"]["misfit"]
        for r in report["regions"]
        if any(f["flagged"] and f["counted"] and "f_i" in f["test"] for f in r["flags"])
    ]
    other = sum(
        any(f["flagged"] and f["counted"] and "f_i" not in f["test"] for f in r["flags"])
        for r in report["regions"]
    )
    national = any(f["flagged"] and f["counted"] for f in report["flags"])
    return {
        "regions": len(report["regions"]),
        "misfits": flagged,
        "other": other,
        "national": national,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--bootstrap", type=int, default=100)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    rows = [
        "| mechanisms | constituencies flagging f_i | per seed | national verdict flags | "
        "misfit of the flagged fits | constituencies flagging another counted test |",
        "|---|---:|---|---:|---|---:|",
    ]
    for label, mechanisms in MECHANISMS.items():
        runs = [one_country(mechanisms, s, args.bootstrap) for s in range(1, args.seeds + 1)]
        flags = [len(r["misfits"]) for r in runs]
        total = sum(r["regions"] for r in runs)
        misfits = [m for r in runs for m in r["misfits"]]
        spread = f"{min(misfits):.2f}-{max(misfits):.2f}" if misfits else "-"
        rows.append(
            f"| {label} | {sum(flags)} of {total} ({sum(flags) / total:.0%}) | "
            f"{', '.join(map(str, flags))} | {sum(r['national'] for r in runs)} of {len(runs)} "
            f"| {spread} | {sum(r['other'] for r in runs)} of {total} |"
        )
        print(rows[-1], flush=True)
    body = "\n".join(
        [
            "Command: `PYTHONPATH=src python benchmarks/forensics_blocs.py "
            f"--seeds {args.seeds} --bootstrap {args.bootstrap}` (clean synthetic countries: "
            "20 seats, 6,000 stations, no stuffing; every flag is a false alarm).",
            "",
            *rows,
            "",
            machine(("numpy", "scipy")),
        ]
    )
    if not args.no_write:
        write_section("forensics_blocs", body)


if __name__ == "__main__":
    main()

"""Start-up of the command line: `votebank --help`, `--version` and `scenarios`.

Usage: ``python benchmarks/startup.py [--repeats 10] [--no-write]``. Each command runs
``repeats`` times as a fresh interpreter on this checkout's code (``PYTHONPATH=src``),
interleaved with a bare ``python -c pass`` so that both see the same load on the shared
machine; the table gives medians of wall and CPU seconds (the process's user + system time)
and the median minus the bare interpreter's. Target (issue 21): under 0.3 s (median of 10)
for ``--help`` and ``scenarios``.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

from peers import machine, write_section

ROOT = Path(__file__).resolve().parents[1]
TARGET_SECONDS = 0.3
COMMANDS = {
    "python -c pass (baseline)": ["-c", "pass"],
    "votebank --help": ["-m", "votebank", "--help"],
    "votebank --version": ["-m", "votebank", "--version"],
    "votebank scenarios": ["-m", "votebank", "scenarios"],
}


def once(args: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of one fresh interpreter running ``args``."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "COLUMNS": "100"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([sys.executable, *args], env=env, check=True, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def measure(repeats: int) -> dict[str, tuple[list[float], list[float]]]:
    """Each command ``repeats`` times, round-robin (one untimed warm-up round first)."""
    for args in COMMANDS.values():
        once(args)
    times: dict[str, tuple[list[float], list[float]]] = {k: ([], []) for k in COMMANDS}
    for _ in range(repeats):
        for name, args in COMMANDS.items():
            wall, cpu = once(args)
            times[name][0].append(wall)
            times[name][1].append(cpu)
    return times


def table(times: dict[str, tuple[list[float], list[float]]], repeats: int) -> str:
    """The Markdown table of medians."""
    base_wall = statistics.median(times["python -c pass (baseline)"][0])
    base_cpu = statistics.median(times["python -c pass (baseline)"][1])
    lines = [
        f"| command | median wall s (of {repeats}) | median CPU s | wall - baseline "
        f"| CPU - baseline | under {TARGET_SECONDS} s |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for name, (walls, cpus) in times.items():
        wall, cpu = statistics.median(walls), statistics.median(cpus)
        ok = "" if "baseline" in name else ("yes" if wall < TARGET_SECONDS else "no")
        lines.append(
            f"| `{name}` | {wall:.3f} | {cpu:.3f} | {wall - base_wall:+.3f} "
            f"| {cpu - base_cpu:+.3f} | {ok} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=10)
    parser.add_argument("--no-write", action="store_true", help="Do not update RESULTS.md.")
    opts = parser.parse_args()
    text = table(measure(opts.repeats), opts.repeats)
    print(text)
    if not opts.no_write:
        head = (
            "## startup.py: start-up of the command line\n\n"
            "Fresh interpreters on this checkout (`PYTHONPATH=src`), each command interleaved "
            "with a bare `python -c pass` so both see the same load; heavy modules (NumPy, "
            "pandas, Numba, DuckDB, Dask, the engine) are imported only by the commands that "
            "run something. "
        )
        write_section("startup", f"{head}{machine(('typer', 'rich'))}\n\n{text}")


if __name__ == "__main__":
    main()

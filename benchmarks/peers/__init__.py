"""One reference election run by votebank and by two peer frameworks (Mesa, ElectoralSim).

``reference`` holds the model's parameters and the generator of an election of N voters;
``votebank_model``, ``mesa_model`` and ``electoralsim_model`` run it, each as its own users
would write it. ``benchmarks/compare_peers.py`` times them and checks that they agree.

This module also holds what the benchmark scripts share: the machine's description and the
writing of one script's section of ``benchmarks/RESULTS.md``.
"""

from __future__ import annotations

import datetime
import os
import platform
import re
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

RESULTS = Path(__file__).resolve().parent.parent / "RESULTS.md"
HEADER = (
    "# Benchmark results\n\n"
    "Written by the scripts in `benchmarks/` (one section each, replaced when the script runs "
    "again). Timings are medians on a shared 2-core machine: read ratios, not absolutes.\n"
)


def _cpu_model() -> str:
    try:
        text = Path("/proc/cpuinfo").read_text()
    except OSError:
        return platform.processor() or "unknown"
    names = re.findall(r"^model name\s*:\s*(.+)$", text, re.M)
    family = re.findall(r"^cpu family\s*:\s*(\d+)$", text, re.M)
    model = re.findall(r"^model\s*:\s*(\d+)$", text, re.M)
    extra = f" (family {family[0]}, model {model[0]})" if family and model else ""
    return (names[0] if names else "unknown") + extra


def _ram_gib() -> float:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 2**20
    except OSError:
        pass
    return float("nan")


def package_versions(names: tuple[str, ...]) -> dict[str, str]:
    """Installed versions of ``names`` ('-' where absent)."""
    out = {}
    for name in names:
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = "-"
    return out


def machine(packages: tuple[str, ...] = ("numpy",)) -> str:
    """One Markdown paragraph describing the machine, the interpreter and ``packages``."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    pkgs = ", ".join(f"{k} {v}" for k, v in package_versions(packages).items())
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    return (
        f"Machine: {_cpu_model()}, {cores} cores, {_ram_gib():.1f} GiB RAM; "
        f"Python {platform.python_version()}; {pkgs}; "
        f"{datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC; load average when written "
        f"{load} (the machine is shared: CPU seconds are steadier than wall seconds)."
    )


def publish(name: str, body: str, *, write: bool) -> None:
    """Print ``body``, and put it as section ``name`` of RESULTS.md when ``write``."""
    print(body)
    if write:
        write_section(name, body)


def write_section(name: str, body: str, path: Path = RESULTS) -> None:
    """Put ``body`` as section ``name`` of RESULTS.md, replacing that section if it is there."""
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    block = f"{start}\n{body.rstrip()}\n{end}\n"
    text = path.read_text(encoding="utf-8") if path.exists() else HEADER
    if start in text and end in text:
        before, rest = text.split(start, 1)
        after = rest.split(end, 1)[1].lstrip("\n")
        text = f"{before}{block}\n{after}" if after else f"{before}{block}"
    else:
        text = f"{text.rstrip()}\n\n{block}"
    path.write_text(text, encoding="utf-8")

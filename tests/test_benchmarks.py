"""The statistical benchmarks still run, at toy sizes, without touching RESULTS.md.

Their figures are quoted in the docs, so a benchmark that no longer runs leaves those figures
unrepeatable. One did: after a forensic test that cannot reject began reporting no p-value,
the family-power study compared ``None`` with alpha and stopped. Ten refits (fewer than the
Klimek tests need) keep that path in every run here.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

TOY_RUNS = {
    "forensics_false_alarms.py": [
        "--elections",
        "2",
        "--bootstrap",
        "10",
        "--families",
        "regional 400",
    ],
    "forensics_family_power.py": ["--elections", "2", "--bootstrap", "10", "--stations", "300"],
    "forensics_integer_null.py": ["--elections", "2"],
    "forensics_integer_small.py": ["--elections", "2"],
}


@pytest.mark.parametrize("script", sorted(TOY_RUNS))
def test_the_benchmark_runs_at_toy_size(script):
    results = ROOT / "benchmarks" / "RESULTS.md"
    before = results.read_bytes()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / script), *TOY_RUNS[script], "--no-write"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "|" in done.stdout  # it printed its table
    assert results.read_bytes() == before

"""Rewrite the regression baseline: the ONLY way baseline.json changes.

Run ``python -m tests.regression.update_baseline`` from the repository root after a change
that is meant to move results, and review the diff of ``tests/regression/baseline.json`` in the
commit that explains why.
"""

import json
from pathlib import Path

from tests.regression.scenario import summary

BASELINE = Path(__file__).with_name("baseline.json")

if __name__ == "__main__":
    BASELINE.write_text(json.dumps(summary(), indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {BASELINE}")

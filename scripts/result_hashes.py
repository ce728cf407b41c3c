"""Print a hash of runs 0 and 1 of every built-in scenario (tallies and final parties).

Usage: ``PYTHONPATH=src python3 scripts/result_hashes.py [SCENARIO ...]``. Run it on two
checkouts to check that a change leaves results bit-identical (e.g. a new mechanism while off).
"""

from __future__ import annotations

import argparse
import hashlib

import numpy as np

import votebank as vb
from votebank.scenario.catalogue import builtin_names

if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("scenarios", nargs="*", help="built-in names (default: all)")
    for name in parser.parse_args().scenarios or builtin_names():
        model = vb.Model.of(vb.load_scenario(name), None)
        digest = hashlib.sha256()
        for run in range(2):
            state = model.state(run)
            digest.update(np.ascontiguousarray(state.tally).tobytes())
            digest.update(np.ascontiguousarray(state.final_party).tobytes())
        print(name, digest.hexdigest()[:16], flush=True)

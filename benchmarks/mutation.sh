#!/usr/bin/env bash
# Mutation testing with mutmut 3 over the run-critical modules (issue 20), in a scratch copy so
# the checkout gets no mutants/ folder. Usage: benchmarks/mutation.sh [SCRATCH_DIR]
# Needs mutmut (pip install mutmut==3.8.1, ideally in a venv with --system-site-packages).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
scratch=${1:-$(mktemp -d)}
git -C "$root" archive HEAD | tar -x -C "$scratch"
cat "$root/benchmarks/mutmut.toml" >> "$scratch/pyproject.toml"
cd "$scratch"
mutmut run --max-children 2 || true
mutmut results --all true | tee mutmut-results.txt
grep -c ": killed" mutmut-results.txt || true
grep -c ": survived" mutmut-results.txt || true

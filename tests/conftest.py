"""Suite-wide settings: Hypothesis runs the same examples every time (a fixed seed); the
electorate cache lives in a temporary folder."""

import os
import tempfile

from hypothesis import settings

# Electorates built by the suite are cached in a folder of its own, never the user's.
os.environ["VOTEBANK_CACHE"] = tempfile.mkdtemp(prefix="votebank-test-cache-")

# Derandomised: a failure in CI is the same failure on every machine and every rerun.
settings.register_profile("votebank", derandomize=True, database=None)
settings.load_profile("votebank")

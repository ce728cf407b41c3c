"""Suite-wide settings: Hypothesis runs the same examples every time (a fixed seed)."""

from hypothesis import settings

# Derandomised: a failure in CI is the same failure on every machine and every rerun.
settings.register_profile("votebank", derandomize=True, database=None)
settings.load_profile("votebank")

"""Ensembles: many runs of a scenario, locally or on a Dask cluster, streamed to the store."""

from votebank.ensemble.runner import EnsembleRequest, run_ensemble

__all__ = ["EnsembleRequest", "run_ensemble"]

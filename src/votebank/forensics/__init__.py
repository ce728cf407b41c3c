"""Election forensics: statistical fingerprints of fraud in polling-station results.

Read results with :func:`read_station_results`, run every test with :func:`analyze`, and write
``forensics.json`` and the fingerprint plots with :func:`write_outputs`. A stored votebank run
is read by :func:`~votebank.forensics.stored.station_results_from_store`, and
:func:`~votebank.forensics.power.forensics_power` measures each test's power on simulated
stuffing whose ground truth is known.
"""

from votebank.forensics.analyze import analyze
from votebank.forensics.fingerprint import KlimekFit, fingerprint, fit_klimek
from votebank.forensics.integers import integer_test
from votebank.forensics.plots import write_outputs
from votebank.forensics.reader import read_station_results
from votebank.forensics.report import ForensicsReport
from votebank.forensics.stations import StationResults
from votebank.forensics.synthetic import klimek_synthetic

__all__ = [
    "ForensicsReport",
    "KlimekFit",
    "StationResults",
    "analyze",
    "fingerprint",
    "fit_klimek",
    "integer_test",
    "klimek_synthetic",
    "read_station_results",
    "write_outputs",
]

"""What a stored run's scenario did to its station results that the station rows do not record.

The ``polling_stations`` table records each station's stuffing and fabrication, but not the
votes a returning officer moved on its form (``[mechanisms.compilation]``): those results read
as counted. ``forensics-run`` says so under the simulated truth, from the stored scenario.
"""

from __future__ import annotations

import os
from pathlib import Path

from votebank.results.store import ResultsStore
from votebank.results.store_errors import stored_spec


def unrecorded_fraud(store_path: str | os.PathLike[str], ensemble_id: str | None) -> str:
    """A sentence on the stored scenario's compilation fraud ("" when it was off).

    Args:
        store_path: The DuckDB file of the run (already read, so it exists).
        ensemble_id: The ensemble (default: the latest).
    """
    with ResultsStore(Path(store_path), read_only=True) as store:
        eid = store.chosen_ensemble(ensemble_id)
        spec = stored_spec(store.path, eid, store.ensemble(eid)["scenario_json"])
    compilation = (spec.get("mechanisms") or {}).get("compilation") or {}
    share = compilation.get("seat_share", 0)
    if not (compilation.get("enabled") and isinstance(share, int | float) and share > 0):
        return ""
    return (
        f"Returning officers also moved votes between candidates on station forms "
        f"(compilation fraud, in {100 * share:g}% of seats with a favoured candidate): those "
        "results read as counted, and the store does not record where."
    )

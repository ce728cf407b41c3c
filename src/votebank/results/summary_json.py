"""An ensemble's summary as one JSON object: the tables `votebank summary` prints, for scripts.

Each table is a list of records with the columns of its DataFrame (as
:func:`votebank.results.summary.summarize` computes them); a number that is not finite (no
interval from one run) is ``null``, so the text is strict JSON for ``jq`` and any parser.
"""

from __future__ import annotations

import dataclasses

import pandas as pd

from votebank.jsonable import json_safe
from votebank.results.summary import EnsembleSummary


def summary_json(summary: EnsembleSummary) -> dict:
    """The summary's fields, each table as records, in the order the terminal shows them."""
    out = {}
    for f in dataclasses.fields(summary):
        value = getattr(summary, f.name)
        out[f.name] = value.to_dict("records") if isinstance(value, pd.DataFrame) else value
    return json_safe(out)

"""Results of several tables as one JSON object: --json of summary, compare, seats, explain.

Each table (a DataFrame, as a field of the result's dataclass or given by name) becomes a list
of records with its columns; a number that is not finite (no interval from one run) is
``null``, so the text is strict JSON for ``jq`` and any parser, and ASCII whatever the
terminal's encoding.
"""

from __future__ import annotations

import dataclasses
import json

import pandas as pd

from votebank.jsonable import json_safe


def tables_json(result: object = None, **first: object) -> str:
    """``first``, then ``result``'s fields in order (a dataclass), each table as records."""
    out = dict(first)
    if result is not None:
        out |= {f.name: getattr(result, f.name) for f in dataclasses.fields(result)}
    out = {k: v.to_dict("records") if isinstance(v, pd.DataFrame) else v for k, v in out.items()}
    return json.dumps(json_safe(out), allow_nan=False, ensure_ascii=True)

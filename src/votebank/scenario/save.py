"""Write a loaded scenario as a folder: ``scenario.toml`` and its two tables.

What ``calibrate`` and ``match`` hand back: the scenario with its fitted values, readable by
every command as a hand-written one is.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd

from votebank.outputs import write_texts
from votebank.scenario.catalogue import SCENARIO_FILE
from votebank.scenario.load import Scenario
from votebank.scenario.tables import CANDIDATE_COLUMNS, CONSTITUENCY_COLUMNS, Column
from votebank.scenario.toml_writer import to_toml


def write_scenario(
    scenario: Scenario,
    folder: Path,
    header: Sequence[str] = (),
    extra: Mapping[str, str] = {},
) -> list[Path]:
    """Write a scenario as a folder: ``scenario.toml`` and its two tables.

    The TOML holds the keys its source set (plus any set since, e.g. fitted values); the
    tables are written from the scenario's frames, unknown values left empty as the format
    asks. ``extra`` files (name: text, e.g. a trial log) go with them: all are whole before
    any earlier one is replaced.

    Returns:
        The three files written (then the extra ones).
    """
    spec = scenario.spec
    data = spec.model_dump(exclude_unset=True)
    data["tables"] = {"constituencies": "constituencies.csv", "candidates": "candidates.csv"}
    # A subset of seats may leave regions out; their moods and women's seats would not load.
    regions = set(scenario.constituencies["region"]) | {"national"}
    dropped = [f"mood.{r}" for r in data.get("mood", {}) if r not in regions]
    women = data.get("mechanisms", {}).get("reserved_seats", {}).get("women_seats", {})
    dropped += [f"mechanisms.reserved_seats.women_seats.{r}" for r in women if r not in regions]
    for where in dropped:
        keys = where.split(".", 1) if where.startswith("mood.") else where.split(".", 3)
        node = data
        for key in keys[:-1]:
            node = node[key]
        del node[keys[-1]]
    if dropped:
        header = [*header, f"Left out (no seat of these regions here): {', '.join(dropped)}"]
    lines = [f"# {h}" for h in header]
    cons = _blank_defaults(scenario.constituencies, CONSTITUENCY_COLUMNS)
    cands = _blank_defaults(scenario.candidates, CANDIDATE_COLUMNS)
    cands["person"] = cands["person"].where(cands["person"] != cands["candidate"], "")
    texts = {
        SCENARIO_FILE: "\n".join([*lines, to_toml(data)]),
        "constituencies.csv": cons.to_csv(index=False),
        "candidates.csv": cands.to_csv(index=False),
        **extra,
    }
    return write_texts(texts, folder)


def _blank_defaults(frame: pd.DataFrame, columns: Sequence[Column]) -> pd.DataFrame:
    """Empty the cells that hold an optional column's "unknown" default (e.g. -1 votes)."""
    out = frame.copy()
    for col in columns:
        if col.required or col.name not in out or col.low is None:
            continue
        if isinstance(col.default, int | float) and col.default < col.low:
            out[col.name] = out[col.name].astype(object).where(out[col.name] != col.default, "")
    return out

"""docs/na184-2008.md names every value of the scenario that is not the package default."""

from __future__ import annotations

from pathlib import Path

import votebank as vb
from votebank.scenario.schema import ScenarioSpec

DOC = Path(__file__).resolve().parents[2] / "docs" / "na184-2008.md"


def _set_by_hand(spec: ScenarioSpec) -> list[str]:
    """Dotted keys of the electorate, choice, turnout and mechanisms that differ from default."""
    found = []
    for section in ("electorate", "choice", "turnout"):
        given, default = getattr(spec, section), type(getattr(spec, section))()
        found += [f"{section}.{k}" for k in type(given).model_fields
                  if getattr(given, k) != getattr(default, k)]  # fmt: skip
    for name, params in spec.mechanisms:
        default = type(params)()
        found += [f"mechanisms.{name}.{k}" for k in type(params).model_fields
                  if k != "enabled" and getattr(params, k) != getattr(default, k)]  # fmt: skip
    return found


def test_every_value_set_by_hand_is_in_the_table():
    # The page said "every other parameter is the package default" while the scenario put
    # 15% ghosts on the roll (the default is none).
    text = DOC.read_text(encoding="utf-8")
    table = text.split("## The scenario", 1)[1].split("Every other parameter", 1)[0].lower()
    for name in ("na184-2008", "na184-2008-no-switch"):
        for key in _set_by_hand(vb.load_scenario(name).spec):
            word = key.rsplit(".", 1)[1].split("_")[0]
            assert word in table, f"{name}: {key} is not the default and not in the table"
